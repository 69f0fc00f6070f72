package io.earshot.plugins.bluesky;

import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.FatalSourceException;
import io.earshot.api.HealthReporter;
import io.earshot.api.PollResult;
import io.earshot.api.RetriableException;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Collects the posts of one Bluesky source.
 *
 * <ul>
 *   <li><b>Jetstream mode</b>: a {@link JetstreamReader} follows the network live; every poll waits
 *       up to a second for events and says {@link PollResult#hasMore()}. With an account, the first
 *       start's backfill and any gap Jetstream cannot replay are searched by a {@link SearchReader}
 *       alongside; without one, the first start replays Jetstream from {@code backfill} ago.</li>
 *   <li><b>Search mode</b>: a {@link SearchReader} sweeps every query on each scheduled poll;
 *       unfinished sweeps continue in immediate further polls.</li>
 * </ul>
 *
 * A refused account fails the source with "credentials rejected by Bluesky" (never losing the
 * records already read in that poll: the failure is raised by the next poll).
 */
final class BlueskySourceTask implements SourceTask {

    static final String STATUS_JETSTREAM = "jetstream";
    static final String STATUS_QUOTA = "rate limit";
    static final String STATUS_DELETED = "deleted on Bluesky";
    /** Search requests: a burst of 20, then 2 a second (a fifth of an account's limit). */
    static final int SEARCH_BURST = 20;
    static final double SEARCH_PER_SECOND = 2.0;

    private SourceTaskContext context;
    private BlueskySettings settings;
    private SearchReader search;
    private JetstreamReader jetstream;
    private volatile boolean stopped;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private boolean previousHadMore;
    private RuntimeException pendingFailure;

    @Override
    public void start(SourceTaskContext context) {
        this.context = context;
        this.settings = BlueskySettings.from(context.config());
        if (settings.search() && !settings.hasAccount()) {
            throw new FatalSourceException("search needs a Bluesky account: set a handle and an app password");
        }
        Matcher matcher = new Matcher(settings.keywords(), settings.hashtags(), settings.languages());
        if (matcher.queries().isEmpty()) {
            throw new FatalSourceException("nothing to look for: set keywords or hashtags");
        }
        Xrpc xrpc = new Xrpc(context.http(), context.clock(), settings.timeout());
        Profiles profiles = new Profiles(xrpc, settings.appViewUrl(), context.clock(), settings.resolveProfiles());
        if (settings.hasAccount()) {
            Session session = new Session(xrpc, settings.serviceUrl(), settings.handle(), settings.appPassword(),
                    context.clock());
            search = new SearchReader(context, xrpc, session, settings.serviceUrl(), matcher, profiles,
                    new Pacer(context.clock(), SEARCH_BURST, SEARCH_PER_SECOND));
        }
        if (!settings.search()) {
            Instant now = context.clock().instant();
            Duration backfill = settings.backfill();
            long startUs;
            if (search != null || backfill.isZero()) {
                startUs = search != null ? JetstreamReader.micros(now) : 0;
            } else {
                Duration replay = backfill.compareTo(BlueskySource.JETSTREAM_REPLAY) > 0 ? BlueskySource.JETSTREAM_REPLAY
                        : backfill;
                startUs = JetstreamReader.micros(now.minus(replay));
            }
            jetstream = new JetstreamReader(context, settings, matcher, profiles, startUs, (from, to) -> {
                if (search != null) {
                    search.planWindow(from, to);
                }
            }, search != null);
            if (jetstream.firstStart() && search != null && !search.started() && !backfill.isZero()) {
                search.planWindow(now.minus(backfill), now);
            }
        }
    }

    @Override
    public PollResult poll() throws InterruptedException {
        if (pendingFailure != null) {
            RuntimeException failure = pendingFailure;
            pendingFailure = null;
            throw failure;
        }
        if (stopped) {
            return PollResult.empty();
        }
        List<SourceRecord> records = new ArrayList<>();
        int budget = settings.maxItemsPerPoll();
        if (settings.search()) {
            if (!previousHadMore) {
                search.planContinuous(context.clock().instant(), settings.backfill());
            }
            readSearch(records, budget);
            search.seal(records);
            boolean more = search.hasBacklog();
            if (more && records.isEmpty() && search.paced()) {
                stopSignal.await(1, TimeUnit.SECONDS); // paced: let a moment pass before the next poll
            }
            report();
            previousHadMore = more;
            return more && !stopped ? PollResult.more(records) : PollResult.done(records);
        }
        if (search != null && search.hasBacklog()) {
            try {
                readSearch(records, budget / 2);
            } catch (RetriableException e) {
                // signing in must wait: the backfill waits, Jetstream goes on
                search.pause(context.clock().instant().plus(e.retryAfter().orElse(Duration.ofMinutes(1))),
                        e.getMessage());
            }
        }
        int first = records.size();
        jetstream.poll(records, budget - records.size(), records.isEmpty() && pendingFailure == null);
        jetstream.seal(records, first);
        if (search != null) {
            search.seal(records);
        }
        report();
        return stopped ? PollResult.done(records) : PollResult.more(records);
    }

    private void readSearch(List<SourceRecord> records, int budget) throws InterruptedException {
        try {
            search.read(records, budget);
        } catch (CredentialsRejectedException e) {
            if (records.isEmpty()) {
                throw e;
            }
            pendingFailure = e;
        }
    }

    private void report() {
        HealthReporter health = context.health();
        if (search != null) {
            health.status(STATUS_QUOTA, search.quota());
        }
        if (jetstream != null) {
            health.status(STATUS_JETSTREAM, jetstream.status());
            if (jetstream.problem() != null) {
                health.degraded(jetstream.problem());
            } else {
                health.recovered();
            }
            long deleted = jetstream.deletions();
            if (deleted > 0) {
                health.status(STATUS_DELETED, deleted + (deleted == 1 ? " collected post was" : " collected posts were")
                        + " deleted on Bluesky since the source started; Earshot keeps what it stored");
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        stopSignal.countDown();
        if (jetstream != null) {
            jetstream.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
