package io.earshot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.config.Config;
import io.earshot.server.EarshotServer;
import io.earshot.server.EarshotVersion;
import io.earshot.server.config.SettingsLoader;
import io.earshot.server.embedded.EmbeddedElasticsearch;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end ingest throughput: N mentions of about 1 KB go through the file source, the pipeline
 * and the bulk sink into Elasticsearch; the same documents are then indexed with plain
 * {@code _bulk} requests (one client, 1,000 documents per request) into the same node, with the
 * same mapping. Reports both rates and their ratio.
 *
 * <pre>
 * bench/run-ingest-benchmark.sh [--mentions 200000] [--rounds 2] [--es-url http://...]
 * </pre>
 */
public final class IngestBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int n = Integer.parseInt(opts.getOrDefault("mentions", "200000"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        Path work = Path.of(opts.getOrDefault("work", "bench/target/bench")).toAbsolutePath();
        Path home = Path.of(opts.getOrDefault("home", "server/target/earshot")).toAbsolutePath();
        Files.createDirectories(work);
        rawClients = Integer.parseInt(opts.getOrDefault("raw-clients", "1"));

        Path file = work.resolve("mentions-" + n + ".jsonl");
        if (!Files.isRegularFile(file)) {
            long t = System.nanoTime();
            generate(file, n);
            System.out.printf(Locale.ROOT, "generated %,d mentions (%,d bytes, %.0f bytes each) in %d ms%n", n,
                    Files.size(file), Files.size(file) / (double) n, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        }

        EmbeddedElasticsearch es = null;
        URI esUrl;
        if (opts.containsKey("es-url")) {
            esUrl = URI.create(opts.get("es-url"));
        } else {
            Path esDir = work.resolve("es");
            deleteTree(esDir);
            es = new EmbeddedElasticsearch(new EmbeddedElasticsearch.Settings(
                    home.resolve("elasticsearch-" + EarshotVersion.elasticsearch()), esDir, 0,
                    opts.getOrDefault("es-heap", "2g"), "earshot-es", Path.of(System.getProperty("java.home"))));
            esUrl = es.start();
        }
        String mappings = resource("/elasticsearch/mentions-mappings.json");
        List<double[]> results = new ArrayList<>();
        try {
            // Warm-up (not measured): JIT of Elasticsearch, of the server and of the raw client.
            int warmN = Math.min(n, 50_000);
            Path warmFile = work.resolve("warmup-" + warmN + ".jsonl");
            if (!Files.isRegularFile(warmFile)) {
                generate(warmFile, warmN);
            }
            System.out.printf(Locale.ROOT, "warm-up: raw _bulk %,.0f docs/s, Earshot %,.0f mentions/s (not counted)%n",
                    rawBulk(esUrl, warmFile, warmN, "bench-warm", mappings),
                    earshot(esUrl, warmFile, warmN, "benchwarm", home, work.resolve("data-warm")));
            for (int round = 1; round <= rounds; round++) {
                double raw = rawBulk(esUrl, file, n, "bench-raw-" + round, mappings);
                double earshot = earshot(esUrl, file, n, "bench" + round, home, work.resolve("data-" + round));
                results.add(new double[] {raw, earshot});
                System.out.printf(Locale.ROOT, "round %d: raw _bulk %,.0f docs/s, Earshot %,.0f mentions/s, ratio %.2f%n",
                        round, raw, earshot, earshot / raw);
            }
        } finally {
            if (es != null) {
                es.close();
            }
        }
        double rawMedian = median(results.stream().mapToDouble(r -> r[0]).toArray());
        double earMedian = median(results.stream().mapToDouble(r -> r[1]).toArray());
        double ratioMedian = median(results.stream().mapToDouble(r -> r[1] / r[0]).toArray());
        System.out.printf(Locale.ROOT, "%nmentions: %,d per round (%,.0f bytes each), %d rounds after a warm-up%n", n,
                Files.size(file) / (double) n, rounds);
        System.out.printf(Locale.ROOT, "median: raw _bulk %,.0f docs/s, Earshot %,.0f mentions/s; median ratio %.2f%n",
                rawMedian, earMedian, ratioMedian);
        System.exit(0);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Concurrent raw bulk requests (--raw-clients); 1 by default, as in the baseline. */
    static int rawClients = 1;

    /** Indexes the file's lines with _bulk requests of 1,000 ({@link #rawClients} in flight); returns docs/s. */
    static double rawBulk(URI es, Path file, int n, String index, String mappings) throws Exception {
        request(es, "DELETE", "/" + index + "?ignore_unavailable=true", null);
        String settings = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,"
                + "\"analysis\":{\"normalizer\":{\"lowercase\":{\"type\":\"custom\",\"filter\":[\"lowercase\"]}}}},"
                + "\"mappings\":" + mappings + "}";
        expectOk(request(es, "PUT", "/" + index, settings));
        long start = System.nanoTime();
        int sent = 0;
        StringBuilder body = new StringBuilder(1_200_000);
        int inBody = 0;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(rawClients);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(rawClients);
        List<java.util.concurrent.Future<?>> requests = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String id = JSON.readTree(line).path("id").asText();
                body.append("{\"index\":{\"_id\":\"").append(id).append("\"}}\n").append(line).append('\n');
                if (++inBody == 1000) {
                    requests.add(send(pool, inFlight, es, index, body.toString()));
                    sent += inBody;
                    inBody = 0;
                    body.setLength(0);
                }
            }
        }
        if (inBody > 0) {
            requests.add(send(pool, inFlight, es, index, body.toString()));
            sent += inBody;
        }
        for (java.util.concurrent.Future<?> f : requests) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        request(es, "POST", "/" + index + "/_refresh", null);
        long count = JSON.readTree(request(es, "GET", "/" + index + "/_count", null).body()).path("count").asLong();
        if (count != n || sent != n) {
            throw new IllegalStateException("raw bulk indexed " + count + " of " + n);
        }
        request(es, "DELETE", "/" + index, null);
        return n / seconds;
    }

    private static java.util.concurrent.Future<?> send(java.util.concurrent.ExecutorService pool,
                                                       java.util.concurrent.Semaphore inFlight, URI es, String index,
                                                       String body) throws InterruptedException {
        inFlight.acquire();
        return pool.submit(() -> {
            try {
                bulk(es, index, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.release();
            }
            return null;
        });
    }

    private static void bulk(URI es, String index, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(es.resolve("/" + index + "/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().startsWith("{\"errors\":true")) {
            throw new IllegalStateException("bulk failed: " + r.body().substring(0, Math.min(500, r.body().length())));
        }
    }

    /** Runs a whole server with a file source over the same file; returns mentions/s until all are acknowledged. */
    static double earshot(URI es, Path file, int n, String prefix, Path home, Path dataDir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("EARSHOT_HTTP_PORT", "0");
        env.put("EARSHOT_DATA_DIR", dataDir.toString());
        env.put("EARSHOT_ELASTICSEARCH_URL", es.toString());
        env.put("EARSHOT_ELASTICSEARCH_INDEX_PREFIX", prefix);
        env.put("EARSHOT_PLUGINS_DIR", home.resolve("plugins").toString());
        Config settings = SettingsLoader.load(null, env);
        EarshotServer server = new EarshotServer(settings, home, Clock.systemUTC());
        server.start().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        try {
            URI api = URI.create("http://127.0.0.1:" + server.httpPort());
            ObjectNode source = JSON.createObjectNode();
            source.put("type", "file");
            source.put("name", "benchmark import");
            source.putObject("config").put("path", file.toString());
            long start = System.nanoTime();
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(api.resolve("/api/v1/workspaces/default/sources"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(source.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("could not create the file source: " + created.body());
            }
            String id = JSON.readTree(created.body()).path("id").asText();
            URI status = api.resolve("/api/v1/workspaces/default/sources/" + id);
            long indexed = 0;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (indexed < n) {
                Thread.sleep(100);
                JsonNode s = JSON.readTree(HTTP.send(HttpRequest.newBuilder(status).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                indexed = s.at("/health/counters/mentionsIndexed").asLong();
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("only " + indexed + " of " + n + " indexed after 30 minutes: " + s);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            request(es, "POST", "/" + prefix + "-mentions/_refresh", null);
            long count = JSON.readTree(request(es, "GET", "/" + prefix + "-mentions/_count", null).body()).path("count").asLong();
            if (count != n) {
                throw new IllegalStateException("Earshot stored " + count + " of " + n);
            }
            return n / seconds;
        } finally {
            server.stop();
            request(es, "DELETE", "/" + prefix + "-*?expand_wildcards=all", null);
        }
    }

    /** Writes n realistic mentions of about 1 KB, in several languages and scripts. */
    static void generate(Path file, int n) throws IOException {
        Random random = new Random(42);
        String[][] words = {
            ("the new release of acme cloud is impressive but pricing changed again and support took days to answer "
                + "our team migrated yesterday performance looks great battery life could be better launch event "
                + "customers complain about the outage refund policy shipping delays love this product").split(" "),
            ("новый релиз сервиса впечатляет но цены снова выросли поддержка отвечала несколько дней команда "
                + "перешла вчера производительность отличная жалобы на сбой возврат денег доставка задерживается").split(" "),
            ("η νέα έκδοση είναι εντυπωσιακή αλλά οι τιμές άλλαξαν ξανά η υποστήριξη άργησε πολύ η ομάδα μας "
                + "μετακόμισε χθες απόδοση εξαιρετική παράπονα για τη διακοπή επιστροφή χρημάτων").split(" "),
            ("nowa wersja robi wrażenie ale ceny znowu wzrosły wsparcie odpowiadało kilka dni zespół przeszedł "
                + "wczoraj wydajność świetna skargi na awarię zwrot pieniędzy opóźnienia dostaw").split(" "),
            ("نسخه جدید چشمگیر است اما قیمت ها دوباره تغییر کرد پشتیبانی چند روز طول کشید تیم ما دیروز "
                + "مهاجرت کرد عملکرد عالی است شکایت از قطعی بازپرداخت تاخیر ارسال").split(" "),
        };
        String[] langs = {"en", "ru", "el", "pl", "fa"};
        String[] platforms = {"reddit", "x", "mastodon", "web", "telegram", "vk", "bluesky", "youtube"};
        Instant base = Instant.parse("2026-10-01T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                int l = random.nextInt(langs.length);
                String platform = platforms[random.nextInt(platforms.length)];
                ObjectNode m = JSON.createObjectNode();
                m.put("id", "bench-" + i);
                m.put("platform", platform);
                m.put("url", "https://" + platform + ".example.com/posts/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
                m.put("title", sentence(words[l], random, 8));
                StringBuilder text = new StringBuilder();
                while (text.length() < 400) {
                    text.append(sentence(words[l], random, 10 + random.nextInt(10))).append(". ");
                }
                text.append("#acme #launch @acme_support");
                m.put("text", text.toString());
                m.put("lang", langs[l]);
                m.put("publishedAt", base.plusSeconds(random.nextInt(30 * 24 * 3600)).toString());
                ObjectNode author = m.putObject("author");
                author.put("handle", "user" + random.nextInt(50_000));
                author.put("name", "User " + random.nextInt(50_000));
                author.put("followers", (long) Math.pow(10, random.nextDouble() * 6));
                ObjectNode engagement = m.putObject("engagement");
                engagement.put("likes", random.nextInt(5000));
                engagement.put("shares", random.nextInt(500));
                engagement.put("comments", random.nextInt(300));
                out.write(m.toString());
                out.write('\n');
            }
        }
    }

    private static String sentence(String[] words, Random random, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(words[random.nextInt(words.length)]);
        }
        return sb.toString();
    }

    private static HttpResponse<String> request(URI es, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(es.resolve(path)).timeout(Duration.ofMinutes(2));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expectOk(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Elasticsearch answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = IngestBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
