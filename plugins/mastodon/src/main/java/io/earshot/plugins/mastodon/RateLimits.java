package io.earshot.plugins.mastodon;

import io.earshot.api.http.FetchResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What each instance said about its rate limit in the {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} headers (Mastodon allows 300 requests
 * per 5 minutes by default, per account or per IP address), and until when an instance must be left
 * alone. Thread-safe.
 */
final class RateLimits {

    /** Requests left unused in every window, for the user's own apps on the same account or address. */
    static final int RESERVE = 5;
    /** Mastodon's documented window: the limit applies to 5 minutes. */
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** Requests allowed in a burst; beyond it, requests are paced to the limit spread over the window. */
    static final int BURST = 30;
    /** Mastodon's default limit per window, assumed until an instance says otherwise. */
    static final long DEFAULT_LIMIT = 300;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The last known state of one instance's window. */
    record Window(long limit, long remaining, Instant reset) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, Instant> backoff = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Pacing of one instance: tokens refill at the limit spread evenly over the window. */
    private static final class Bucket {
        double tokens = BURST;
        Instant last;
    }

    /**
     * Takes the permission to send one request to {@code instance} now: at most {@value #BURST} at
     * once, then as many as the limit spread over the window allows (one per second for Mastodon's
     * default of 300 per 5 minutes).
     *
     * @return false when the request must wait
     */
    synchronized boolean tryAcquire(String instance, Instant now) {
        Bucket b = buckets.computeIfAbsent(instance, i -> new Bucket());
        Window w = windows.get(instance);
        double perSecond = (w == null || w.limit() <= 0 ? DEFAULT_LIMIT : w.limit()) / (double) WINDOW.toSeconds();
        if (b.last != null && now.isAfter(b.last)) {
            b.tokens = Math.min(BURST, b.tokens + Duration.between(b.last, now).toMillis() / 1000.0 * perSecond);
        }
        b.last = now;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    /** Reads the rate limit headers of a response from {@code instance}. */
    void update(String instance, FetchResponse response) {
        Long limit = number(response.header("X-RateLimit-Limit").orElse(null));
        Long remaining = number(response.header("X-RateLimit-Remaining").orElse(null));
        Instant reset = time(response.header("X-RateLimit-Reset").orElse(null));
        if (limit != null && remaining != null) {
            windows.put(instance, new Window(limit, remaining, reset));
        }
    }

    /** The instance asked us to wait (HTTP 429, 503) until {@code until}. */
    void backOff(String instance, Instant until) {
        backoff.merge(instance, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** When the rate limit resets, if the instance said. */
    Instant reset(String instance) {
        Window w = windows.get(instance);
        return w == null ? null : w.reset();
    }

    /**
     * Until when the instance must not be asked anything: it asked us to wait, or its window is
     * used up to the reserve. Null when it may be asked now.
     */
    Instant blockedUntil(String instance, Instant now) {
        Instant b = backoff.get(instance);
        if (b != null && b.isAfter(now)) {
            return b;
        }
        Window w = windows.get(instance);
        if (w != null && w.remaining() <= RESERVE && w.reset() != null && w.reset().isAfter(now)) {
            return w.reset();
        }
        return null;
    }

    /** How many more requests the instance can take now without eating into the reserve. */
    long allowance(String instance, Instant now) {
        Window w = windows.get(instance);
        if (w == null || w.reset() == null || !w.reset().isAfter(now)) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, w.remaining() - RESERVE);
    }

    /** "mastodon.social: 280 of 300 requests left until 12:05 UTC; ...", or null when nothing is known. */
    String describe(Instant now) {
        String s = windows.entrySet().stream()
                .filter(e -> e.getValue().reset() == null || e.getValue().reset().isAfter(now))
                .sorted(Map.Entry.comparingByKey())
                .map(e -> Instances.host(e.getKey()) + ": " + e.getValue().remaining() + " of " + e.getValue().limit()
                        + " requests left" + (e.getValue().reset() == null ? "" : " until " + TIME.format(e.getValue().reset())))
                .collect(Collectors.joining("; "));
        return s.isEmpty() ? null : s;
    }

    static String format(Instant t) {
        return TIME.format(t);
    }

    private static Long number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant time(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s.strip());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
