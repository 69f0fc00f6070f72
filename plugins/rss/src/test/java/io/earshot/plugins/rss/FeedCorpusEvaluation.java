package io.earshot.plugins.rss;

import io.earshot.api.Urls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: an evaluation of the parser over external feed corpora, run only when
 * {@code -Dearshot.feedCorpus=<dir>} points at them (they are not part of the project):
 * <pre>mvn -B -o -q -pl plugins/rss test -Dtest=FeedCorpusEvaluation -Dearshot.feedCorpus=/path/to/feeds -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Prints how many documents read as feeds, per folder, and for corpora with expected parses
 * (rss-parser's test/output/*.json) how many items, titles, links and dates agree.
 */
@EnabledIfSystemProperty(named = "earshot.feedCorpus", matches = ".+")
class FeedCorpusEvaluation {

    private static final Pattern HEADER = Pattern.compile("(?m)^Header:\\s*Content-type:\\s*(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final URI BASE = URI.create("http://127.0.0.1:8097/feed.xml");

    @Test
    void evaluate() throws IOException {
        Path root = Path.of(System.getProperty("earshot.feedCorpus"));
        Path rssParser = root.resolve("rss-parser/test");
        if (Files.isDirectory(rssParser)) {
            evaluateWithExpectations(rssParser);
        }
        Path feedparser = root.resolve("feedparser/tests");
        if (Files.isDirectory(feedparser)) {
            evaluateReadability(feedparser);
        }
    }

    private static void evaluateWithExpectations(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        int docs = 0;
        int read = 0;
        int countsAgree = 0;
        int items = 0;
        int titles = 0;
        int links = 0;
        int dated = 0;
        int dates = 0;
        List<String> notes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("input"))) {
            for (Path input : files.sorted().toList()) {
                String name = input.getFileName().toString();
                Path expectedFile = dir.resolve("output").resolve(name.replaceFirst("\\.[a-z]+$", "") + ".json");
                if (!Files.exists(expectedFile)) {
                    continue;
                }
                docs++;
                JsonNode expected = json.readTree(new String(Files.readAllBytes(expectedFile), StandardCharsets.UTF_8))
                        .path("feed").path("items");
                ParsedFeed feed;
                try {
                    feed = FeedParser.parse(Files.readAllBytes(input), "", null, BASE);
                } catch (FeedProblem e) {
                    notes.add(name + ": " + e.getMessage());
                    continue;
                }
                read++;
                if (feed.items().size() == expected.size()) {
                    countsAgree++;
                } else {
                    notes.add(name + ": " + feed.items().size() + " items, expected " + expected.size());
                }
                for (int i = 0; i < Math.min(expected.size(), feed.items().size()); i++) {
                    JsonNode want = expected.get(i);
                    FeedItem got = feed.items().get(i);
                    items++;
                    String wantTitle = want.path("title").asText(null);
                    if (wantTitle == null || wantTitle.isBlank()
                            ? got.title() == null
                            : HtmlText.oneLine(HtmlText.fromMaybeHtml(wantTitle, 1000)).equals(got.title())) {
                        titles++;
                    } else if (notes.size() < 60) {
                        notes.add(name + " #" + i + " title: " + got.title() + " | expected " + wantTitle);
                    }
                    String wantLink = want.path("link").asText(null);
                    String wantResolved = wantLink == null ? null : Urls.resolve(wantLink, BASE);
                    if (wantResolved == null ? got.link() == null : wantResolved.equals(got.link())) {
                        links++;
                    } else if (notes.size() < 60) {
                        notes.add(name + " #" + i + " link: " + got.link() + " | expected " + wantLink);
                    }
                    String iso = want.path("isoDate").asText(null);
                    if (iso != null) {
                        dated++;
                        Instant gotDate = got.published() != null ? got.published() : got.updated();
                        if (gotDate != null && gotDate.equals(Instant.parse(iso))) {
                            dates++;
                        } else if (notes.size() < 60) {
                            notes.add(name + " #" + i + " date: " + gotDate + " | expected " + iso);
                        }
                    }
                }
            }
        }
        System.out.printf("rss-parser corpus: %d of %d documents read; item counts agree for %d; of %d items compared: "
                + "titles %d, links %d; dates %d of %d dated%n", read, docs, countsAgree, items, titles, links, dates, dated);
        notes.forEach(n -> System.out.println("  " + n));
    }

    private static void evaluateReadability(Path dir) throws IOException {
        Map<String, int[]> byFolder = new TreeMap<>();
        Map<String, Integer> problems = new TreeMap<>();
        long totalItems = 0;
        long nanos = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                String folder = dir.relativize(file).getName(0).toString();
                int[] counts = byFolder.computeIfAbsent(folder, f -> new int[2]);
                counts[1]++;
                byte[] bytes = Files.readAllBytes(file);
                String head = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.ISO_8859_1);
                Matcher m = HEADER.matcher(head);
                String contentType = m.find() ? m.group(1).strip() : "application/xml";
                String mediaType = contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
                String charset = null;
                Matcher cs = Pattern.compile("charset\\s*=\\s*['\"]?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE)
                        .matcher(contentType);
                if (cs.find()) {
                    charset = cs.group(1);
                }
                long t0 = System.nanoTime();
                try {
                    ParsedFeed feed = FeedParser.parse(bytes, mediaType, charset, BASE);
                    counts[0]++;
                    totalItems += feed.items().size();
                } catch (FeedProblem e) {
                    String kind = e.getMessage().replaceAll("\\(.*", "").replaceAll("line \\d+.*", "").strip();
                    problems.merge(folder + ": " + kind, 1, Integer::sum);
                    if (System.getProperty("earshot.feedCorpus.verbose") != null) {
                        System.out.println("  " + dir.relativize(file) + ": " + e.getMessage());
                    }
                } catch (RuntimeException e) {
                    problems.merge(folder + ": CRASH " + e, 1, Integer::sum);
                    if (System.getProperty("earshot.feedCorpus.verbose") != null) {
                        System.out.println("  " + dir.relativize(file) + ": CRASH " + e);
                    }
                }
                nanos += System.nanoTime() - t0;
            }
        }
        int ok = byFolder.values().stream().mapToInt(c -> c[0]).sum();
        int all = byFolder.values().stream().mapToInt(c -> c[1]).sum();
        System.out.printf("feedparser corpus: %d of %d documents read as feeds (%d items) in %d ms%n", ok, all, totalItems,
                nanos / 1_000_000);
        byFolder.forEach((folder, c) -> System.out.printf("  %-12s %4d of %4d%n", folder, c[0], c[1]));
        problems.forEach((kind, n) -> System.out.printf("  refused %4d  %s%n", n, kind));
    }
}
