package io.earshot.plugins.rss;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.api.Mention;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.FieldError;
import io.earshot.api.config.ValidationResult;
import io.earshot.plugins.testkit.ReplayServer;
import io.earshot.plugins.testkit.ReplayServer.Reply;
import io.earshot.plugins.testkit.TaskDriver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the dashboard shows of the source, and what it says about a configuration. */
class RssSourceTest {

    private final RssSource source = new RssSource();

    /** Every problem the server would report for this configuration, spec and cross-field checks. */
    private List<FieldError> problems(Map<String, ?> raw) {
        ValidationResult spec = source.configSpec().validate(raw);
        if (!spec.isValid()) {
            return spec.errors();
        }
        return source.validate(spec.config().orElseThrow()).errors();
    }

    @Test
    void describes_itself_for_the_source_type_list() {
        SourceDescriptor d = source.descriptor();

        assertThat(d.type()).isEqualTo("rss");
        assertThat(d.name()).isEqualTo("RSS and Atom feeds");
        assertThat(d.defaultPollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.minPollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(source.configSpec().keys()).extracting(ConfigKey::name)
                .containsExactly("feeds", "opml", "language", "maxFeedSize", "timeout", "maxItemsPerPoll");
        assertThat(source.configSpec().keys()).allSatisfy(k -> {
            assertThat(k.displayName()).isNotBlank().isNotEqualTo(k.name());
            assertThat(k.doc()).isNotBlank();
        });
        assertThat(source.configSpec().defaults().toRaw()).isEmpty();
        assertThat(source.configSpec().key("maxFeedSize").orElseThrow().defaultValue()).isEqualTo(10L * 1024 * 1024);
        assertThat(source.configSpec().key("timeout").orElseThrow().defaultValue()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void needs_feed_urls_or_an_opml_document() {
        assertThat(problems(Map.of())).containsExactly(
                new FieldError("feeds", "set at least one feed URL, or paste an OPML document in opml"));
        assertThat(problems(Map.of("feeds", List.of("https://example.com/feed.xml")))).isEmpty();
    }

    @Test
    void feed_urls_must_be_web_addresses() {
        assertThat(problems(Map.of("feeds", List.of("https://example.com/ok.xml", "file:///etc/passwd"))))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("feeds");
                    assertThat(e.message()).startsWith("item 2: must be an http or https URL");
                });
    }

    @Test
    void an_opml_document_supplies_feeds_and_its_problems_name_the_opml_field() {
        String opml = """
                <?xml version="1.0"?>
                <opml version="2.0"><head><title>My subscriptions</title></head><body>
                  <outline text="News"><outline text="City" type="rss" xmlUrl="https://city.example/feed"/></outline>
                </body></opml>""";
        assertThat(problems(Map.of("opml", opml))).isEmpty();

        assertThat(problems(Map.of("opml", "<opml><body><outline text=\"x\"")))
                .singleElement().extracting(FieldError::field).isEqualTo("opml");
        assertThat(problems(Map.of("opml", "<opml><body><outline text=\"folder only\"/></body></opml>")))
                .containsExactly(new FieldError("opml", "contains no outline with an xmlUrl attribute, so no feed to read"));
        assertThat(problems(Map.of("opml", "<opml><body><outline xmlUrl=\"ftp://files.example/feed\"/></body></opml>")))
                .containsExactly(new FieldError("opml", "xmlUrl 'ftp://files.example/feed' is not an http or https URL"));
        assertThat(problems(Map.of("opml", "<html><body>hello</body></html>")))
                .containsExactly(new FieldError("opml", "is not an OPML document (its root element is <html>, not <opml>)"));
    }

    @Test
    void an_opml_document_with_an_external_entity_is_refused() {
        String opml = """
                <?xml version="1.0"?>
                <!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/feed"/></body></opml>""";

        assertThat(problems(Map.of("opml", opml))).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("opml");
            assertThat(e.message()).contains("external entity");
        });
    }

    @Test
    void the_language_must_be_a_language_code() {
        assertThat(problems(Map.of("feeds", List.of("https://a.example/feed"), "language", "English please")))
                .extracting(FieldError::field).containsExactly("language");
        assertThat(problems(Map.of("feeds", List.of("https://a.example/feed"), "language", "pt-BR"))).isEmpty();
    }

    @Test
    void feeds_listed_and_feeds_of_the_opml_document_are_all_collected() throws InterruptedException {
        try (ReplayServer server = ReplayServer.start()) {
            server.on("/a").respond(Reply.ok("application/rss+xml", Fixtures.bytes("science-digest.rdf.xml")));
            server.on("/b").respond(Reply.ok("application/atom+xml", Fixtures.bytes("dev-journal.atom.xml")));
            String opml = """
                    <opml version="1.0"><body>
                      <outline title="Science"><outline xmlUrl="%s"/></outline>
                      <outline xmlURL="%s"/>
                    </body></opml>""".formatted(server.uri("/a"), server.uri("/b"));
            Map<String, Object> config = Map.of("feeds", List.of(server.uri("/a").toString()), "opml", opml);

            try (TaskDriver driver = Fixtures.start(Fixtures.context(config))) {
                List<Mention> mentions = driver.pollMentions();

                assertThat(mentions).hasSize(4);
                assertThat(server.requests("/a")).as("listed twice, fetched once").hasSize(1);
            }
        }
    }
}
