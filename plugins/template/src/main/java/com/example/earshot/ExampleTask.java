package com.example.earshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.Author;
import io.earshot.api.Checkpoint;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.RetriableException;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.http.FetchRequest;
import io.earshot.api.http.FetchResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads new items since the last stored one; see {@link ExampleSource}. */
final class ExampleTask implements SourceTask {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTITION = "items";

    private SourceTaskContext context;
    private String since;

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        // Resume after the last item Elasticsearch stored (null on the first run).
        this.since = context.checkpoint(PARTITION).map(Checkpoint::position).orElse(null);
    }

    @Override
    public PollResult poll() throws InterruptedException {
        URI base = context.config().get(ExampleSource.URL);
        int size = context.config().get(ExampleSource.PAGE_SIZE);
        URI uri = URI.create(base + "?limit=" + size + (since == null ? "" : "&since=" + since));
        FetchRequest request = FetchRequest.get(uri);
        var token = context.config().get(ExampleSource.TOKEN);
        if (token != null) {
            request = request.withHeader("Authorization", "Bearer " + token.reveal());
        }
        FetchResponse response;
        try {
            response = context.http().send(request);
        } catch (IOException e) {
            throw new RetriableException("could not reach the API: " + e.getMessage(), e);
        }
        // 401/403 → "credentials rejected by Example API"; 429/5xx → retried with Retry-After.
        response.requireSuccess("Example API");
        JsonNode items;
        try {
            items = JSON.readTree(response.body()).path("items");
        } catch (IOException e) {
            throw new RetriableException("the API answered something that is not JSON", e);
        }
        List<SourceRecord> records = new ArrayList<>();
        // The API lists newest first: store oldest first, so each checkpoint covers everything before it.
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            String id = item.path("id").asText(null);
            if (id == null) {
                continue; // an item without id cannot be stored idempotently
            }
            Mention mention = Mention.builder()
                    .platform("example")
                    .nativeId(id)
                    .text(item.path("text").asText(null))
                    .url(item.path("url").asText(null))
                    .author(Author.named(item.path("author").asText(null)))
                    .publishedAt(parseTime(item.path("createdAt").asText(null)))
                    .build();
            records.add(SourceRecord.of(mention, new Checkpoint(PARTITION, id)));
            since = id;
        }
        context.health().partitionRecovered(PARTITION);
        return items.size() >= context.config().get(ExampleSource.PAGE_SIZE) ? PollResult.more(records)
                : PollResult.done(records);
    }

    private static Instant parseTime(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null; // the server uses the collection time
        }
    }

    @Override
    public void stop() {
        // poll() blocks only in HttpFetcher, which gives up when the thread is interrupted.
    }
}
