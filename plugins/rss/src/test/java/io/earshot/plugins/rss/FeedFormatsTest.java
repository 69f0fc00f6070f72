package io.earshot.plugins.rss;

import static io.earshot.plugins.rss.Fixtures.bytes;
import static io.earshot.plugins.rss.Fixtures.titled;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real feeds of every format, served over HTTP, read into mentions: what a user finds in Earshot
 * after one poll.
 */
class FeedFormatsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private ReplayServer server;
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void startServer() {
        server = ReplayServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private List<Mention> pollOnce(String... paths) throws InterruptedException {
        List<String> feeds = java.util.Arrays.stream(paths).map(p -> server.uri(p).toString()).toList();
        try (TaskDriver driver = Fixtures.start(Fixtures.context(Map.of("feeds", feeds), clock))) {
            return driver.pollMentions();
        }
    }

    @Test
    void rss_2_items_have_plain_text_absolute_clean_links_authors_and_feed_details() throws InterruptedException {
        server.on("/city/feed/").respond(Reply.ok("application/rss+xml; charset=UTF-8", bytes("city-news.rss.xml")));

        List<Mention> mentions = pollOnce("/city/feed/");

        assertThat(mentions).hasSize(3);
        Mention ferry = titled(mentions, "Ferry timetable");
        assertThat(ferry.title()).isEqualTo("Ferry timetable changes & what they mean for commuters");
        assertThat(ferry.url()).isEqualTo("https://www.harbourview-daily.example/city/2026/11/16/ferry-timetable-changes/");
        assertThat(ferry.text()).isEqualTo("""
                From December the early crossing leaves at 06:10 instead of 06:25.

                The operator says the change “keeps connections with the 07:00 train”.
                Season tickets stay valid.

                The 06:10 crossing""");
        assertThat(ferry.author().name()).isEqualTo("Priya Raman");
        assertThat(ferry.lang()).isEqualTo("en");
        assertThat(ferry.publishedAt()).isEqualTo(Instant.parse("2026-11-16T07:45:00Z"));
        assertThat(ferry.platform()).isEqualTo("web");
        assertThat(ferry.id()).matches("web:[0-9a-f]{32}");
        assertThat(ferry.extras())
                .containsEntry("feedTitle", "Harbourview Daily – City")
                .containsEntry("feedUrl", server.uri("/city/feed/").toString())
                .containsEntry("categories", List.of("Transport", "Ferries"))
                .containsEntry("imageUrl", "https://www.harbourview-daily.example/wp-content/uploads/2026/11/ferry-150x150.jpg");

        Mention council = titled(mentions, "Council approves");
        assertThat(council.title()).isEqualTo("Council approves new cycle lanes on Quay Street");
        assertThat(council.text()).isEqualTo("Councillors voted 9–4 in favour.\n\nWork starts in March.");
        assertThat(council.author().name()).isEqualTo("Tomás O'Neill");

        Mention podcast = titled(mentions, "Podcast");
        assertThat(podcast.url()).isEqualTo("https://www.harbourview-daily.example/city/podcasts/harbour-at-night");
        assertThat(podcast.author().name()).isEqualTo("Sam Okafor");
        assertThat(podcast.extras()).containsEntry("enclosureUrl",
                "https://cdn.harbourview-daily.example/audio/harbour-at-night.mp3");
        assertThat(mentions).allSatisfy(m -> assertThat(m.text()).doesNotContain("<", "tracking pixel", "color: red"));
    }

    @Test
    void atom_links_resolve_against_xml_base_and_entries_inherit_the_feed_author_and_language()
            throws InterruptedException {
        server.on("/feed.atom").respond(Reply.ok("application/atom+xml", bytes("dev-journal.atom.xml")));

        List<Mention> mentions = pollOnce("/feed.atom");

        assertThat(mentions).hasSize(2);
        Mention cron = titled(mentions, "Warum wir");
        assertThat(cron.title()).isEqualTo("Warum wir cron abgeschafft haben");
        assertThat(cron.url()).isEqualTo("https://journal.example.net/beitraege/2026/cron-abgeschafft");
        assertThat(cron.text()).isEqualTo(
                "Nach drei verpassten Läufen im Oktober war Schluss.\n\nJetzt plant ein Dienst die Jobs & meldet Fehler.");
        assertThat(cron.author().name()).isEqualTo("Katrin Vogel");
        assertThat(cron.lang()).isEqualTo("de");
        assertThat(cron.publishedAt()).isEqualTo(Instant.parse("2026-11-12T19:00:00Z"));
        assertThat(cron.extras()).containsEntry("categories", List.of("Betrieb"))
                .containsEntry("feedTitle", "Entwicklertagebuch");

        Mention shell = titled(mentions, "Kleine Helfer");
        assertThat(shell.url()).isEqualTo("https://journal.example.net/archiv/shell-helfer.html");
        assertThat(shell.author().name()).isEqualTo("Jonas Berg");
        assertThat(shell.publishedAt()).as("only updated is given").isEqualTo(Instant.parse("2026-11-02T09:30:00Z"));
        assertThat(shell.text()).isEqualTo("Drei Skripte, die jeden Tag Zeit sparen.\n\nLogs filtern\nPorts finden");
    }

    @Test
    void rss_1_0_rdf_items_read_with_their_dublin_core_authors_and_dates() throws InterruptedException {
        server.on("/rss").respond(Reply.ok("application/rdf+xml", bytes("science-digest.rdf.xml")));

        List<Mention> mentions = pollOnce("/rss");

        assertThat(mentions).extracting(Mention::title).containsExactly(
                "Corals recover faster than expected after marine heatwaves", "Recycling lithium batteries with less heat");
        Mention coral = mentions.getFirst();
        assertThat(coral.url()).isEqualTo("https://digest.example.org/2026/coral-heat");
        assertThat(coral.author().name()).isEqualTo("Dr. Lena Hofmann");
        assertThat(coral.publishedAt()).isEqualTo(Instant.parse("2026-11-10T14:00:00Z"));
        assertThat(coral.lang()).isEqualTo("en");
        assertThat(coral.text()).isEqualTo("A ten-year survey of 40 reefs finds partial recovery within three seasons.");
        assertThat(mentions.get(1).publishedAt()).isEqualTo(Instant.parse("2026-11-09T03:45:00Z"));
    }

    @Test
    void rss_0_91_with_the_netscape_doctype_and_html_entities_is_read_and_undated_items_get_the_time_seen()
            throws InterruptedException {
        server.on("/rss091").respond(Reply.ok("text/xml", bytes("old-school.rss091.xml")));

        List<Mention> mentions = pollOnce("/rss091");

        assertThat(mentions).extracting(Mention::title).containsExactly("Nouveau menu d’hiver", "Fermeture le 24 décembre");
        Mention menu = mentions.getFirst();
        assertThat(menu.text()).isEqualTo("Soupe à l’oignon, crème brûlée & vin chaud.");
        assertThat(menu.url()).isEqualTo("http://cafe-lumiere.example.fr/menu-hiver.html");
        assertThat(menu.lang()).isEqualTo("fr");
        assertThat(menu.extras()).containsEntry("feedTitle", "Café Lumière");
        assertThat(mentions).allSatisfy(m -> assertThat(m.publishedAt()).isEqualTo(NOW));
    }

    @Test
    void a_feed_declaring_windows_1251_only_in_its_xml_declaration_reads_as_cyrillic() throws InterruptedException {
        server.on("/ru").respond(Reply.ok("application/rss+xml", bytes("zarechye.cp1251.xml")));

        Mention m = pollOnce("/ru").getFirst();

        assertThat(m.title()).isEqualTo("Мост через Оку закроют на ремонт");
        assertThat(m.author().name()).isEqualTo("Анна Смирнова");
        assertThat(m.text()).isEqualTo("Движение по мосту будет ограничено с 1 декабря. Объезд — через Южную улицу.");
        assertThat(m.extras()).containsEntry("feedTitle", "Новости Заречья");
    }

    @Test
    void a_wrong_charset_in_the_http_header_does_not_garble_the_feed() throws InterruptedException {
        server.on("/el").respond(Reply.ok("text/xml; charset=utf-8", bytes("patra.iso-8859-7.xml")));
        server.on("/pl").respond(Reply.ok("text/xml; charset=ISO-8859-1", bytes("wrzeszcz.utf8.xml")));

        List<Mention> mentions = pollOnce("/el", "/pl");

        Mention greek = titled(mentions, "Νέα γραμμή");
        assertThat(greek.title()).isEqualTo("Νέα γραμμή λεωφορείου προς το λιμάνι");
        assertThat(greek.text()).isEqualTo("Η γραμμή θα λειτουργεί κάθε είκοσι λεπτά από τη Δευτέρα.");
        assertThat(greek.lang()).isEqualTo("el");
        Mention polish = titled(mentions, "Żółta");
        assertThat(polish.title()).isEqualTo("Żółta linia tramwajowa wraca po remoncie");
        assertThat(polish.text()).isEqualTo("Tramwaje pojadą znów przez ulicę Grunwaldzką od poniedziałku.");
    }

    @Test
    void a_stray_byte_invalid_in_the_declared_utf_8_does_not_lose_the_feed() throws InterruptedException {
        server.on("/es").respond(Reply.ok("application/rss+xml; charset=utf-8", bytes("stray-latin1-byte.utf8.xml")));

        Mention m = pollOnce("/es").getFirst();

        assertThat(m.title()).isEqualTo("Café con leche en España");
        assertThat(m.text()).isEqualTo("Clásico.");
    }

    @Test
    void bare_ampersands_and_html_entities_do_not_break_a_feed() throws InterruptedException {
        server.on("/deals").respond(Reply.ok("application/rss+xml", bytes("bare-ampersands.rss.xml")));

        Mention m = pollOnce("/deals").getFirst();

        assertThat(m.title()).isEqualTo("Smith & Sons cut prices by 30%");
        assertThat(m.url()).isEqualTo("https://deals.example.com/item?id=7&ref=feed");
        assertThat(m.text()).isEqualTo("Ends Sunday — while stocks last.");
        assertThat(m.extras()).containsEntry("feedTitle", "Deals & Steals");
    }

    @Test
    void the_declared_language_is_not_claimed_for_text_in_another_script_and_the_configured_one_fills_in()
            throws InterruptedException {
        String feed = """
                <rss version="2.0"><channel><title>Mixed</title><link>https://mixed.example.com/</link>
                <language>en-us</language>
                <item><title>Acme opens an office in Moscow</title><link>https://mixed.example.com/1</link>
                <description>The new office will handle customer support for the region.</description></item>
                <item><title>Компания Acme открыла офис в Москве</title><link>https://mixed.example.com/2</link>
                <description>Новый офис будет заниматься поддержкой клиентов.</description></item>
                </channel></rss>""";
        String undeclared = """
                <rss version="2.0"><channel><title>Undeclared</title><link>https://pt.example.com/</link>
                <item><title>Nova linha de metrô abre em março</title><link>https://pt.example.com/1</link></item>
                </channel></rss>""";
        server.on("/mixed").respond(Reply.ok("application/rss+xml", feed));
        server.on("/pt").respond(Reply.ok("application/rss+xml", undeclared));
        List<String> feeds = List.of(server.uri("/mixed").toString(), server.uri("/pt").toString());

        try (TaskDriver driver = Fixtures.start(Fixtures.context(Map.of("feeds", feeds, "language", "pt-BR"), clock))) {
            List<Mention> mentions = driver.pollMentions();

            assertThat(titled(mentions, "Acme opens").lang()).isEqualTo("en");
            assertThat(titled(mentions, "Компания").lang()).as("left to language detection").isNull();
            assertThat(titled(mentions, "Nova linha").lang()).isEqualTo("pt");
        }
    }

    @Test
    void dates_are_read_in_the_forms_publishers_write_them() throws InterruptedException {
        String[][] cases = {
                {"Tue, 17 Nov 2026 10:00:00 +0000", "2026-11-17T10:00:00Z"},
                {"Tue, 17 Nov 2026 10:00:00 EST", "2026-11-17T15:00:00Z"},
                {"Tue, 17 Nov 2026 10:00:00 GMT", "2026-11-17T10:00:00Z"},
                {"17 Nov 2026 10:00 +0100", "2026-11-17T09:00:00Z"},
                {"Tue, 17 Nov 26 10:00:00 PDT", "2026-11-17T17:00:00Z"},
                {"2026-11-17T10:00:00.250+01:00", "2026-11-17T09:00:00.250Z"},
                {"2026-11-17T10:00:00Z", "2026-11-17T10:00:00Z"},
                {"2026-11-17 10:00:00", "2026-11-17T10:00:00Z"},
                {"2026-11-17", "2026-11-17T00:00:00Z"},
        };
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < cases.length; i++) {
            items.append("<item><title>Case ").append(i).append("</title><link>https://dates.example/").append(i)
                    .append("</link><pubDate>").append(cases[i][0]).append("</pubDate></item>");
        }
        server.on("/dates").respond(Reply.ok("application/rss+xml",
                "<rss version=\"2.0\"><channel><title>Dates</title>" + items + "</channel></rss>"));

        List<Mention> mentions = pollOnce("/dates");

        for (int i = 0; i < cases.length; i++) {
            assertThat(titled(mentions, "Case " + i).publishedAt()).as(cases[i][0])
                    .isEqualTo(Instant.parse(cases[i][1]));
        }
    }

    @Test
    void a_date_in_the_future_is_a_mistake_and_the_item_is_dated_when_seen() throws InterruptedException {
        server.on("/future").respond(Reply.ok("application/rss+xml", """
                <rss version="2.0"><channel><title>Typos</title>
                <item><title>Posted in 2062</title><link>https://typo.example/1</link>
                <pubDate>Mon, 20 Nov 2062 10:00:00 +0000</pubDate></item></channel></rss>"""));

        assertThat(pollOnce("/future").getFirst().publishedAt()).isEqualTo(NOW);
    }

    @Test
    void a_warning_printed_before_the_feed_does_not_lose_it() throws InterruptedException {
        server.on("/php").respond(Reply.ok("application/rss+xml",
                "Warning: Undefined variable $cache in /var/www/feed.php on line 12\n"
                        + Fixtures.text("science-digest.rdf.xml")));

        assertThat(pollOnce("/php")).hasSize(2);
    }
}
