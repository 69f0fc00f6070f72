package io.earshot.plugins.rss;

import io.earshot.api.Checkpoint;
import io.earshot.api.HealthReporter;
import io.earshot.api.PollResult;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the feeds of one RSS source.
 *
 * <p>A poll fetches every feed that is not backing off, in parallel on virtual threads (at most
 * {@value #PARALLEL_FETCHES} at a time), each with a conditional GET. Each feed's new and edited
 * items become mentions; the last mention of a feed carries the feed's new {@link FeedPosition}
 * (a feed with nothing new but new validators gets a checkpoint-only record). When the feeds hold
 * more than {@code maxItemsPerPoll} new items, the rest waits in memory and the poll says
 * {@link PollResult#hasMore()}; a partial batch's checkpoint keeps the old validators, so that a
 * restart fetches the feed in full again and emits what was not yet stored.
 *
 * <p>Failures are per feed: reported with {@link HealthReporter#partitionFailed} and the other
 * feeds go on. A feed answering 429 or 503 with {@code Retry-After} is not fetched again before the
 * time it asked for; the waits show in the status line {@value #BACKOFF_STATUS}.
 */
final class RssSourceTask implements SourceTask {

    static final int PARALLEL_FETCHES = 8;
    static final String BACKOFF_STATUS = "backoff";
    private static final Logger LOG = LoggerFactory.getLogger(RssSourceTask.class);

    private SourceTaskContext context;
    private RssSettings settings;
    private FeedFetch fetch;
    private final Map<String, FeedState> feeds = new LinkedHashMap<>();
    private final Deque<Batch> pending = new ArrayDeque<>();
    private volatile boolean stopped;
    private volatile ExecutorService fetching;

    /** What the task knows of one feed. Touched by the task thread only. */
    private static final class FeedState {
        final String url;
        /** The position reached by what was returned so far (committed or not). */
        FeedPosition position;
        Instant backoffUntil = Instant.MIN;
        String backoffMessage;

        FeedState(String url, FeedPosition position) {
            this.url = url;
            this.position = position;
        }
    }

    /** The new items of one read of a feed, still to be returned, and the position after all of them. */
    private static final class Batch {
        final FeedState feed;
        final List<MentionMapper.Collected> items;
        final FeedPosition end;
        int next;

        Batch(FeedState feed, List<MentionMapper.Collected> items, FeedPosition end) {
            this.feed = feed;
            this.items = items;
            this.end = end;
        }
    }

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        this.settings = RssSettings.from(context.config());
        this.fetch = new FeedFetch(context.http(), context.clock(), settings.maxFeedSize(), settings.timeout());
        for (String url : settings.feeds()) {
            FeedPosition position = context.checkpoint(url).map(Checkpoint::position).map(FeedPosition::decode)
                    .orElse(FeedPosition.START);
            feeds.put(url, new FeedState(url, position));
        }
    }

    @Override
    public PollResult poll() throws InterruptedException {
        if (stopped) {
            return PollResult.empty();
        }
        if (pending.isEmpty()) {
            readFeeds();
        }
        List<SourceRecord> records = new ArrayList<>();
        drain(records, settings.maxItemsPerPoll());
        showBackoff();
        if (stopped) {
            pending.clear();
        }
        return pending.isEmpty() ? PollResult.done(records) : PollResult.more(records);
    }

    @Override
    public void stop() {
        stopped = true;
        ExecutorService running = fetching;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** Fetches the feeds that are due, in parallel, and queues what they hold that is new. */
    private void readFeeds() throws InterruptedException {
        Instant now = context.clock().instant();
        List<FeedState> due = feeds.values().stream().filter(f -> !f.backoffUntil.isAfter(now)).toList();
        if (due.isEmpty()) {
            return;
        }
        Map<FeedState, FeedFetch.Outcome> outcomes = fetchAll(due);
        Instant readAt = context.clock().instant();
        for (FeedState feed : due) {
            FeedFetch.Outcome outcome = outcomes.get(feed);
            if (outcome != null) {
                apply(feed, outcome, readAt);
            }
        }
    }

    private Map<FeedState, FeedFetch.Outcome> fetchAll(List<FeedState> due) throws InterruptedException {
        Map<FeedState, FeedFetch.Outcome> outcomes = new LinkedHashMap<>();
        Semaphore permits = new Semaphore(PARALLEL_FETCHES);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        fetching = pool;
        try {
            if (stopped) {
                return outcomes;
            }
            Map<FeedState, Future<FeedFetch.Outcome>> futures = new LinkedHashMap<>();
            for (FeedState feed : due) {
                FeedPosition position = feed.position;
                futures.put(feed, pool.submit(() -> {
                    permits.acquire();
                    try {
                        return fetch.fetch(feed.url, position);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Map.Entry<FeedState, Future<FeedFetch.Outcome>> e : futures.entrySet()) {
                try {
                    outcomes.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    if (stopped) {
                        break;
                    }
                    Throwable cause = ex.getCause();
                    LOG.warn("Source {}: reading feed {} failed unexpectedly", context.sourceId(), e.getKey().url, cause);
                    outcomes.put(e.getKey(), new FeedFetch.Failed("could not be read: " + cause));
                } catch (CancellationException ex) {
                    break;
                }
            }
            return outcomes;
        } finally {
            fetching = null;
            pool.shutdownNow();
        }
    }

    private void apply(FeedState feed, FeedFetch.Outcome outcome, Instant readAt) {
        HealthReporter health = context.health();
        switch (outcome) {
            case FeedFetch.Fetched f -> {
                health.partitionRecovered(feed.url);
                feed.backoffMessage = null;
                List<MentionMapper.Collected> all = MentionMapper.map(feed.url, f.feed(), settings.language(),
                        feed.position.seen(), readAt);
                List<MentionMapper.Collected> fresh = all.stream()
                        .filter(c -> !feed.position.seen().seenUnchanged(c.seen().key(), c.seen().hash()))
                        .toList();
                SeenItems seen = feed.position.seen().afterDocument(all.stream().map(MentionMapper.Collected::seen).toList());
                FeedPosition end = new FeedPosition(f.etag(), f.lastModified(), seen);
                queue(feed, fresh, end);
            }
            case FeedFetch.NotModified n -> {
                health.partitionRecovered(feed.url);
                feed.backoffMessage = null;
                FeedPosition p = feed.position;
                FeedPosition end = new FeedPosition(n.etag() != null ? n.etag() : p.etag(),
                        n.lastModified() != null ? n.lastModified() : p.lastModified(), p.seen());
                queue(feed, List.of(), end);
            }
            case FeedFetch.Failed failed -> {
                feed.backoffMessage = null;
                health.partitionFailed(feed.url, failed.message());
            }
            case FeedFetch.Backoff b -> {
                feed.backoffUntil = b.until();
                feed.backoffMessage = b.message();
                health.partitionWaiting(feed.url, b.until(), b.message());
            }
        }
    }

    private void queue(FeedState feed, List<MentionMapper.Collected> fresh, FeedPosition end) {
        if (fresh.isEmpty() && end.equals(feed.position)) {
            return;
        }
        pending.add(new Batch(feed, fresh, end));
    }

    /** Moves up to {@code budget} mentions (and any checkpoint-only records) from the queue to the records. */
    private void drain(List<SourceRecord> records, int budget) {
        int left = budget;
        while (!pending.isEmpty()) {
            Batch batch = pending.peek();
            FeedState feed = batch.feed;
            int remaining = batch.items.size() - batch.next;
            if (remaining == 0) {
                feed.position = batch.end;
                records.add(SourceRecord.checkpointOnly(batch.end.checkpoint(feed.url)));
                pending.poll();
                continue;
            }
            if (left == 0) {
                return;
            }
            int take = Math.min(left, remaining);
            List<MentionMapper.Collected> part = batch.items.subList(batch.next, batch.next + take);
            batch.next += take;
            left -= take;
            boolean complete = batch.next == batch.items.size();
            feed.position = complete ? batch.end
                    : feed.position.withSeen(feed.position.seen().plus(part.stream().map(MentionMapper.Collected::seen).toList()));
            Checkpoint checkpoint = feed.position.checkpoint(feed.url);
            for (int i = 0; i < part.size(); i++) {
                records.add(new SourceRecord(part.get(i).mention(), i == part.size() - 1 ? checkpoint : null));
            }
            if (complete) {
                pending.poll();
            }
        }
    }

    private void showBackoff() {
        Instant now = context.clock().instant();
        String waits = feeds.values().stream()
                .filter(f -> f.backoffMessage != null && f.backoffUntil.isAfter(now))
                .map(f -> f.url + ": " + f.backoffMessage)
                .collect(Collectors.joining("; "));
        context.health().status(BACKOFF_STATUS, waits.isEmpty() ? null : waits);
    }
}
