package io.earshot.server.config;

import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.Secret;
import io.earshot.api.config.Validators;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of {@code earshot.yaml}, with its type, default and documentation. The README's
 * configuration reference is checked against this list by a test, so the two cannot drift.
 *
 * <p>Each key can be overridden by an environment variable: {@code EARSHOT_} followed by the key in
 * upper case with dots and camel-case humps turned into underscores ({@code http.port} →
 * {@code EARSHOT_HTTP_PORT}, {@code elasticsearch.apiKey} → {@code EARSHOT_ELASTICSEARCH_API_KEY}).
 */
public final class ServerSettings {

    public static final ConfigKey<String> HTTP_HOST = ConfigKey.string("http.host")
            .doc("Address the HTTP server listens on. Use 0.0.0.0 to listen on every interface.")
            .defaultValue("127.0.0.1").group("HTTP").build();
    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.integer("http.port")
            .doc("Port of the HTTP API and dashboard.")
            .defaultValue(8080).validate(Validators.between(0, 65535)).group("HTTP").build();
    public static final ConfigKey<Long> HTTP_MAX_BODY_BYTES = ConfigKey.longKey("http.maxBodyBytes")
            .doc("Largest request body accepted, in bytes; larger requests get 413.")
            .defaultValue(1024L * 1024).validate(Validators.between(1024, 1024L * 1024 * 1024)).group("HTTP").build();

    public static final ConfigKey<String> DATA_DIR = ConfigKey.string("data.dir")
            .doc("Directory for local state: the embedded Elasticsearch's configuration, data and logs.")
            .defaultValue("data").group("Storage").build();
    public static final ConfigKey<String> PLUGINS_DIR = ConfigKey.string("plugins.dir")
            .doc("Directory of plugin zips to load. Default: the plugins built with the server.")
            .group("Plugins").build();

    public static final ConfigKey<URI> ES_URL = ConfigKey.url("elasticsearch.url")
            .doc("URL of an Elasticsearch 8.19 or 9.x cluster. Leave unset to run the embedded Elasticsearch.")
            .example("https://es.example.com:9200").group("Elasticsearch").build();
    public static final ConfigKey<Secret> ES_API_KEY = ConfigKey.secret("elasticsearch.apiKey")
            .doc("API key (the encoded form) for the external cluster.").group("Elasticsearch").build();
    public static final ConfigKey<String> ES_USERNAME = ConfigKey.string("elasticsearch.username")
            .doc("User name for basic authentication with the external cluster.").group("Elasticsearch").build();
    public static final ConfigKey<Secret> ES_PASSWORD = ConfigKey.secret("elasticsearch.password")
            .doc("Password for basic authentication with the external cluster.").group("Elasticsearch").build();
    public static final ConfigKey<String> ES_CA_CERT = ConfigKey.string("elasticsearch.caCertificate")
            .doc("Path of a PEM file with the CA certificate that signed the cluster's HTTPS certificate.")
            .group("Elasticsearch").build();
    public static final ConfigKey<String> ES_INDEX_PREFIX = ConfigKey.string("elasticsearch.indexPrefix")
            .doc("Prefix of every index and alias Earshot creates (several Earshot installations can share a cluster).")
            .defaultValue("earshot").validate(Validators.matches("[a-z][a-z0-9_-]{0,40}", "lower-case letters, digits, '-' or '_'"))
            .group("Elasticsearch").build();
    public static final ConfigKey<Integer> ES_RETENTION_MONTHS = ConfigKey.integer("elasticsearch.retentionMonths")
            .doc("Drop monthly mention indices older than this many months; 0 keeps everything.")
            .defaultValue(0).validate(Validators.between(0, 1200)).group("Elasticsearch").build();
    public static final ConfigKey<String> EMBEDDED_HEAP = ConfigKey.string("elasticsearch.embedded.heap")
            .doc("Heap of the embedded Elasticsearch, e.g. 512m or 2g.")
            .defaultValue("1g").validate(Validators.matches("\\d+[mMgG]", "a size such as 512m or 2g"))
            .group("Elasticsearch").build();
    public static final ConfigKey<Integer> EMBEDDED_PORT = ConfigKey.integer("elasticsearch.embedded.port")
            .doc("HTTP port of the embedded Elasticsearch (on 127.0.0.1); 0 picks a free one, starting at 9200.")
            .defaultValue(0).validate(Validators.between(0, 65535)).group("Elasticsearch").build();
    public static final ConfigKey<String> EMBEDDED_HOME = ConfigKey.string("elasticsearch.embedded.home")
            .doc("Directory of the Elasticsearch distribution to embed. Default: the one unpacked by the build.")
            .group("Elasticsearch").build();
    public static final ConfigKey<String> EMBEDDED_USER = ConfigKey.string("elasticsearch.embedded.user")
            .doc("When Earshot runs as root, the unprivileged system user that runs the embedded Elasticsearch (created if missing).")
            .defaultValue("earshot-es").group("Elasticsearch").build();

    public static final ConfigKey<Integer> BULK_MAX_ACTIONS = ConfigKey.integer("ingest.bulk.maxActions")
            .doc("Mentions per bulk request.").defaultValue(1000).validate(Validators.between(1, 100_000))
            .group("Ingestion").build();
    public static final ConfigKey<Long> BULK_MAX_BYTES = ConfigKey.longKey("ingest.bulk.maxBytes")
            .doc("Largest bulk request, in bytes.").defaultValue(5L * 1024 * 1024)
            .validate(Validators.between(64 * 1024, 100L * 1024 * 1024)).group("Ingestion").build();
    public static final ConfigKey<Duration> BULK_FLUSH_INTERVAL = ConfigKey.duration("ingest.bulk.flushInterval")
            .doc("Longest time a mention waits for its bulk request to fill before it is sent.")
            .defaultValue(Duration.ofMillis(500)).group("Ingestion").build();
    public static final ConfigKey<Integer> BULK_CONCURRENCY = ConfigKey.integer("ingest.bulk.concurrentRequests")
            .doc("Bulk requests in flight at once.").defaultValue(2).validate(Validators.between(1, 32))
            .group("Ingestion").build();
    public static final ConfigKey<Integer> QUEUE_CAPACITY = ConfigKey.integer("ingest.queueCapacity")
            .doc("Mentions collected but not yet acknowledged by Elasticsearch, across all sources; when full, sources wait (backpressure).")
            .defaultValue(20_000).validate(Validators.between(100, 10_000_000)).group("Ingestion").build();
    public static final ConfigKey<Duration> POLL_TIMEOUT = ConfigKey.duration("ingest.pollTimeout")
            .doc("A poll that runs longer than this is considered hung: the task is stopped and restarted.")
            .defaultValue(Duration.ofMinutes(10)).group("Ingestion").build();
    public static final ConfigKey<Double> POLL_JITTER = ConfigKey.decimal("ingest.pollJitter")
            .doc("Random spread of poll times, as a fraction of the poll interval, so sources do not poll in lockstep.")
            .defaultValue(0.1).validate(v -> v < 0 || v > 0.5 ? "must be between 0 and 0.5" : null)
            .group("Ingestion").build();
    public static final ConfigKey<Duration> MAX_BACKOFF = ConfigKey.duration("ingest.maxBackoff")
            .doc("Longest wait between retries of a failing source (unless the platform asks for longer).")
            .defaultValue(Duration.ofMinutes(15)).group("Ingestion").build();

    public static final ConfigKey<String> USER_AGENT = ConfigKey.string("http.client.userAgent")
            .doc("User-Agent sent by sources; platforms ask for one that says who is calling.")
            .defaultValue("Earshot/%s (+https://github.com/earshot-io/earshot)").group("HTTP").build();

    public static final ConfigSpec SPEC = ConfigSpec.of(List.of(
            HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_BYTES, USER_AGENT,
            DATA_DIR, PLUGINS_DIR,
            ES_URL, ES_API_KEY, ES_USERNAME, ES_PASSWORD, ES_CA_CERT, ES_INDEX_PREFIX, ES_RETENTION_MONTHS,
            EMBEDDED_HEAP, EMBEDDED_PORT, EMBEDDED_HOME, EMBEDDED_USER,
            BULK_MAX_ACTIONS, BULK_MAX_BYTES, BULK_FLUSH_INTERVAL, BULK_CONCURRENCY, QUEUE_CAPACITY,
            POLL_TIMEOUT, POLL_JITTER, MAX_BACKOFF));

    private ServerSettings() {
    }

    /** The environment variable that overrides a key. */
    public static String envName(String key) {
        StringBuilder sb = new StringBuilder("EARSHOT_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                sb.append('_');
            } else if (Character.isUpperCase(c)) {
                sb.append('_').append(c);
            } else {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** Resolves a configured path against the working directory. */
    public static Path path(Config config, ConfigKey<String> key) {
        return Path.of(config.get(key)).toAbsolutePath().normalize();
    }
}
