package io.earshot.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.server.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops monthly mention indices older than the configured number of months (the cluster may have
 * no ILM; this is the whole policy). Runs at start and then daily.
 */
public final class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final RestClient rest;
    private final IndexNames names;
    private final int months;
    private final Clock clock;

    public RetentionJob(RestClient rest, IndexNames names, int months, Clock clock) {
        this.rest = rest;
        this.names = names;
        this.months = months;
        this.clock = clock;
    }

    /** Deletes expired indices; returns their names. Blocking. */
    public List<String> run() throws IOException {
        List<String> deleted = new ArrayList<>();
        if (months <= 0) {
            return deleted;
        }
        YearMonth oldestKept = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).minusMonths(months - 1L);
        Response response = rest.performRequest(new Request("GET", "/_cat/indices/" + names.mentionIndexPattern()
                + "?h=index&format=json&expand_wildcards=open,closed"));
        JsonNode rows = Json.STORAGE.readTree(response.getEntity().getContent());
        String prefix = names.prefix() + "-mentions-";
        for (JsonNode row : rows) {
            String index = row.path("index").asText();
            if (!index.startsWith(prefix)) {
                continue;
            }
            try {
                YearMonth month = YearMonth.parse(index.substring(prefix.length()).replace('.', '-'));
                if (month.isBefore(oldestKept)) {
                    rest.performRequest(new Request("DELETE", "/" + index));
                    deleted.add(index);
                    log.info("Retention: dropped {} (older than {} months)", index, months);
                }
            } catch (java.time.format.DateTimeParseException e) {
                // not one of ours
            }
        }
        return deleted;
    }
}
