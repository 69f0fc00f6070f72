package io.earshot.bench;

import io.earshot.api.config.Config;
import io.earshot.server.EarshotServer;
import io.earshot.server.EarshotVersion;
import io.earshot.server.config.SettingsLoader;
import io.earshot.server.embedded.EmbeddedElasticsearch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the analytics endpoints over N enriched mentions (default 1,000,000) spread over 30
 * days, with topics, sentiment, hashtags, authors, domains and languages: each endpoint is called
 * repeatedly through the HTTP API of a real server and p50/p95/max are reported.
 *
 * <pre>
 * bench/run-benchmark.sh io.earshot.bench.AnalyticsBenchmark [--mentions 1000000] [--calls 20]
 * </pre>
 */
public final class AnalyticsBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AnalyticsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].substring(2), args[i + 1]);
        }
        int n = Integer.parseInt(opts.getOrDefault("mentions", "1000000"));
        int calls = Integer.parseInt(opts.getOrDefault("calls", "20"));
        Path work = Path.of(opts.getOrDefault("work", "bench/target/bench-analytics")).toAbsolutePath();
        Path home = Path.of(opts.getOrDefault("home", "server/target/earshot")).toAbsolutePath();
        EmbeddedElasticsearch es = null;
        URI esUrl;
        if (opts.containsKey("es-url")) {
            esUrl = URI.create(opts.get("es-url"));
        } else {
            es = new EmbeddedElasticsearch(new EmbeddedElasticsearch.Settings(
                    home.resolve("elasticsearch-" + EarshotVersion.elasticsearch()), work.resolve("es"), 0,
                    opts.getOrDefault("es-heap", "2g"), "earshot-es", Path.of(System.getProperty("java.home"))));
            esUrl = es.start();
        }
        String prefix = "benchan";
        Map<String, String> env = new HashMap<>();
        env.put("EARSHOT_HTTP_PORT", "0");
        env.put("EARSHOT_DATA_DIR", work.resolve("data").toString());
        env.put("EARSHOT_ELASTICSEARCH_URL", esUrl.toString());
        env.put("EARSHOT_ELASTICSEARCH_INDEX_PREFIX", prefix);
        env.put("EARSHOT_PLUGINS_DIR", home.resolve("plugins").toString());
        Config settings = SettingsLoader.load(null, env);
        EarshotServer server = new EarshotServer(settings, home, Clock.systemUTC());
        server.start().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        try {
            Instant end = Instant.parse("2026-11-01T00:00:00Z");
            long stored = count(esUrl, prefix);
            if (stored != n) {
                long t = System.nanoTime();
                load(esUrl, prefix, n, end);
                System.out.printf(Locale.ROOT, "loaded %,d mentions in %.0f s%n", n, (System.nanoTime() - t) / 1e9);
            }
            System.out.printf(Locale.ROOT, "%,d mentions stored; %d calls per endpoint%n", count(esUrl, prefix), calls);
            URI api = URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/workspaces/default/analytics/");
            Map<String, String> endpoints = new LinkedHashMap<>();
            // {to} differs on every call (like a dashboard asking for "until now"), so no call is served by
            // Elasticsearch's request cache.
            String range = "from=2026-10-02T00:00:00Z&to={to}";
            endpoints.put("volume (30 days, hourly... auto)", "volume?" + range);
            endpoints.put("volume split by topic", "volume?" + range + "&split=topic");
            endpoints.put("volume split by sentiment, no duplicates", "volume?" + range + "&split=sentiment&duplicates=exclude");
            endpoints.put("sentiment", "sentiment?" + range);
            endpoints.put("sentiment of one topic", "sentiment?" + range + "&topic=topic-3");
            endpoints.put("share-of-voice (5 topics)", "share-of-voice?" + range
                    + "&topic=topic-1&topic=topic-2&topic=topic-3&topic=topic-4&topic=topic-5");
            endpoints.put("trending-terms (24h vs 7d)", "trending-terms?to={to}&window=24h&baseline=7d");
            endpoints.put("top-authors by mentions", "top-authors?" + range);
            endpoints.put("top-authors by engagement", "top-authors?" + range + "&by=engagement");
            endpoints.put("top-authors by influence", "top-authors?" + range + "&by=influence");
            endpoints.put("top-domains", "top-domains?" + range);
            endpoints.put("languages", "languages?" + range);
            endpoints.put("sources", "sources?" + range);
            endpoints.put("volume with text query", "volume?" + range + "&q=" + java.net.URLEncoder.encode("refund -shipping",
                    java.nio.charset.StandardCharsets.UTF_8));
            System.out.printf(Locale.ROOT, "%-45s %8s %8s %8s%n", "endpoint", "p50 ms", "p95 ms", "max ms");
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                get(api.resolve(e.getValue().replace("{to}", "2026-10-31T12:00:00Z"))); // warm-up
                double[] ms = new double[calls];
                for (int i = 0; i < calls; i++) {
                    URI uri = api.resolve(e.getValue().replace("{to}", end.minusSeconds(37L * (i + 1)).toString()));
                    long t = System.nanoTime();
                    HttpResponse<String> r = get(uri);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(e.getKey() + ": " + r.body());
                    }
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "%-45s %8.0f %8.0f %8.0f%n", e.getKey(), ms[calls / 2],
                        ms[(int) Math.ceil(calls * 0.95) - 1], ms[calls - 1]);
            }
        } finally {
            server.stop();
            if (es != null) {
                es.close();
            }
        }
        System.exit(0);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(URI es, String prefix) throws Exception {
        HTTP.send(HttpRequest.newBuilder(es.resolve("/" + prefix + "-mentions/_refresh")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        String body = HTTP.send(HttpRequest.newBuilder(es.resolve("/" + prefix + "-mentions/_count")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"count\":(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Bulk-loads n enriched mentions over the 30 days before {@code end}, two requests in flight. */
    private static void load(URI es, String prefix, int n, Instant end) throws Exception {
        Random random = new Random(7);
        String[] langs = {"en", "en", "en", "ru", "ru", "de", "pl", "el", "fa", "es", "fr", "pt", "tr"};
        String[] platforms = {"reddit", "x", "mastodon", "web", "telegram", "vk", "bluesky", "youtube", "hackernews"};
        String[] sentiments = {"positive", "neutral", "neutral", "negative"};
        String[] words = ("price refund shipping launch outage support update battery camera screen delivery quality "
                + "service discount review problem love hate great terrible fast slow broken works recommend")
                .split(" ");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Semaphore inFlight = new Semaphore(2);
        List<Future<?>> requests = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Instant at = end.minusSeconds(random.nextInt(30 * 86_400));
            String index = prefix + "-mentions-" + at.toString().substring(0, 7).replace('-', '.');
            int author = (int) Math.min(49_999, Math.abs(random.nextGaussian()) * 8000);
            long followers = (long) Math.pow(10, 1 + random.nextDouble() * 5);
            StringBuilder text = new StringBuilder("About acme ");
            for (int w = 0; w < 40; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            int topic = random.nextInt(12);
            String hashtag = "tag" + (int) Math.min(999, Math.abs(random.nextGaussian()) * 100);
            String platform = platforms[random.nextInt(platforms.length)];
            body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"default/bench:").append(i).append("\"}}\n")
                    .append("{\"id\":\"bench:").append(i).append("\",\"workspace\":\"default\",\"source\":\"file\",")
                    .append("\"sourceId\":\"src-").append(random.nextInt(20)).append("\",\"platform\":\"").append(platform)
                    .append("\",\"title\":\"Mention ").append(i).append("\",\"text\":\"").append(text)
                    .append("\",\"lang\":\"").append(langs[random.nextInt(langs.length)])
                    .append("\",\"publishedAt\":\"").append(at).append("\",\"collectedAt\":\"").append(at)
                    .append("\",\"author\":{\"handle\":\"user").append(author).append("\",\"followers\":").append(followers)
                    .append("},\"engagement\":{\"likes\":").append(random.nextInt(1000)).append(",\"shares\":")
                    .append(random.nextInt(100)).append(",\"comments\":").append(random.nextInt(50))
                    .append("},\"reach\":").append(followers).append(",\"influence\":")
                    .append(Math.round(Math.log10(followers) * 150) / 10.0)
                    .append(",\"hashtags\":[\"").append(hashtag).append("\"],\"domains\":[\"").append(platform)
                    .append(".example.com\"],\"sentiment\":{\"label\":\"").append(sentiments[random.nextInt(4)])
                    .append("\",\"score\":0.1},\"topics\":[\"topic-").append(topic).append("\"]")
                    .append(random.nextInt(10) == 0 ? ",\"duplicateOf\":\"bench:" + random.nextInt(i + 1) + "\"" : "")
                    .append("}\n");
            if ((i + 1) % 2000 == 0 || i == n - 1) {
                String payload = body.toString();
                body.setLength(0);
                inFlight.acquire();
                requests.add(pool.submit(() -> {
                    try {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(es.resolve("/_bulk"))
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
                        if (!r.body().startsWith("{\"errors\":false")) {
                            throw new IllegalStateException(r.body().substring(0, Math.min(400, r.body().length())));
                        }
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : requests) {
            f.get();
        }
        pool.shutdown();
    }
}
