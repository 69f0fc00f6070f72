package io.earshot.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs what Earshot needs in the cluster at boot, idempotently: the mention index template
 * (monthly indices behind one alias), the current month's index (so the alias always exists), the
 * config, state and dead-letter indices, and new fields on existing mention indices.
 */
public final class IndexSetup {

    private static final Logger log = LoggerFactory.getLogger(IndexSetup.class);

    private final RestClient rest;
    private final IndexNames names;
    private final Clock clock;

    public IndexSetup(RestClient rest, IndexNames names, Clock clock) {
        this.rest = rest;
        this.names = names;
        this.clock = clock;
    }

    /** Blocking; run on a worker thread. */
    public void install() throws IOException {
        String mappings = resource("mentions-mappings.json");
        String template = resource("mentions-template.json")
                .replace("{{prefix}}", names.prefix())
                .replace("{{mentionMappings}}", mappings);
        put("/_index_template/" + names.mentionTemplate(), template);
        createIfMissing(names.config(), resource("config-index.json"));
        createIfMissing(names.state(), resource("state-index.json"));
        createIfMissing(names.deadLetters(), resource("dead-letters-index.json"));
        createIfMissing(names.mentionIndex(clock.instant()), "{}");
        // Fields added by newer versions reach the indices created before them.
        try {
            put("/" + names.mentionIndexPattern() + "/_mapping", mappings);
        } catch (ResponseException e) {
            log.warn("Could not add new fields to existing mention indices: {}", e.getMessage());
        }
        log.info("Elasticsearch indices ready (prefix '{}')", names.prefix());
    }

    private void createIfMissing(String index, String body) throws IOException {
        try {
            put("/" + index, body);
        } catch (ResponseException e) {
            String text = new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains("resource_already_exists_exception")) {
                throw e;
            }
        }
    }

    private void put(String endpoint, String json) throws IOException {
        Request request = new Request("PUT", endpoint);
        request.setJsonEntity(json);
        rest.performRequest(request);
    }

    static String resource(String name) {
        try (InputStream in = IndexSetup.class.getResourceAsStream("/elasticsearch/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource /elasticsearch/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
