package io.earshot.plugins.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.config.Durations;
import io.earshot.api.config.Secret;
import io.earshot.api.http.BlockedUrlException;
import io.earshot.api.http.FetchRequest;
import io.earshot.api.http.FetchResponse;
import io.earshot.api.http.HttpFetcher;
import io.earshot.api.http.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads pages of timelines over Mastodon's REST API, turning every answer into a {@link Page}
 * or a reason not to go on, with a message for the user. Keeps {@link RateLimits} up to date.
 * Thread-safe.
 */
final class TimelineApi {

    /** Statuses per page: Mastodon's maximum. */
    static final int PAGE_SIZE = 40;
    static final long MAX_BYTES = 8L * 1024 * 1024;
    /** How long to leave an instance alone after HTTP 429 without a hint. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(5);
    /** How long to leave a timeline alone after a server error. */
    static final Duration SERVER_ERROR_WAIT = Duration.ofMinutes(1);
    static final Duration MAX_WAIT = Duration.ofHours(6);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([a-zA-Z]+)\"?");

    private final HttpFetcher http;
    private final Clock clock;
    private final RateLimits limits;
    private final Duration timeout;
    private final String tokenInstance;
    private final Secret token;

    TimelineApi(HttpFetcher http, Clock clock, RateLimits limits, Duration timeout, String tokenInstance, Secret token) {
        this.http = http;
        this.clock = clock;
        this.limits = limits;
        this.timeout = timeout;
        this.tokenInstance = tokenInstance;
        this.token = token;
    }

    /** What became of one request. */
    sealed interface Outcome {
    }

    /**
     * A page of statuses as the instance ordered them (newest first), and the cursors of the
     * {@code Link} header: {@code prevMinId} for newer statuses, {@code nextMaxId} for older ones.
     */
    record Page(List<JsonNode> statuses, String prevMinId, String nextMaxId) implements Outcome {
    }

    /** The hashtag is unknown to the instance: nobody used it there yet. */
    record UnknownTag() implements Outcome {
    }

    /** The instance asked us to wait until {@code until}. */
    record Wait(Instant until, String message) implements Outcome {
    }

    /** The timeline could not be read; {@code message} says why. */
    record Failed(String message) implements Outcome {
    }

    /** The instance refused the access token. */
    record Rejected(String detail) implements Outcome {
    }

    /** Whether requests to {@code instance} carry the access token. */
    boolean authorises(String instance) {
        return token != null && instance.equals(tokenInstance);
    }

    /** The {@code Authorization} header value for an instance, or null. */
    String authorization(String instance) {
        return authorises(instance) ? "Bearer " + token.reveal() : null;
    }

    /**
     * Reads one page of a timeline.
     *
     * @param minId  statuses right after this id (paging forward), or null
     * @param maxId  statuses right before this id (paging back), or null
     */
    Outcome read(Timeline timeline, String minId, String maxId) throws InterruptedException {
        String url = timeline.instance() + timeline.restPathAndQuery(PAGE_SIZE)
                + (minId == null ? "" : "&min_id=" + encode(minId))
                + (maxId == null ? "" : "&max_id=" + encode(maxId));
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Failed("the instance URL " + timeline.instance() + " is not valid");
        }
        FetchRequest request = FetchRequest.get(uri)
                .withTimeout(timeout)
                .withMaxBytes(MAX_BYTES)
                .withHeader("Accept", "application/json")
                .withHeader("Authorization", authorization(timeline.instance()));
        FetchResponse response;
        try {
            response = http.send(request);
        } catch (ResponseTooLargeException e) {
            return new Failed("the answer of " + Instances.host(timeline.instance()) + " is larger than "
                    + FetchRequest.formatBytes(MAX_BYTES));
        } catch (HttpTimeoutException e) {
            return new Wait(clock.instant().plus(SERVER_ERROR_WAIT), Instances.host(timeline.instance())
                    + " did not answer within " + Durations.format(timeout) + "; trying again shortly");
        } catch (BlockedUrlException e) {
            return new Failed(e.getMessage());
        } catch (IOException e) {
            return new Wait(clock.instant().plus(SERVER_ERROR_WAIT), "could not reach "
                    + Instances.host(timeline.instance()) + ": " + message(e) + "; trying again shortly");
        }
        limits.update(timeline.instance(), response);
        return interpret(timeline, response);
    }

    private Outcome interpret(Timeline timeline, FetchResponse response) {
        int status = response.status();
        String host = Instances.host(timeline.instance());
        if (response.isSuccess()) {
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                return new Failed(host + " answered something that is not JSON; is " + timeline.instance()
                        + " a Mastodon instance?");
            }
            if (body == null || !body.isArray()) {
                return new Failed(host + " answered JSON that is not a list of statuses; is " + timeline.instance()
                        + " a Mastodon instance?");
            }
            List<JsonNode> statuses = new ArrayList<>(body.size());
            body.forEach(statuses::add);
            String link = response.header("Link").orElse("");
            return new Page(statuses, linkParam(link, "prev", "min_id"), linkParam(link, "next", "max_id"));
        }
        String error = errorText(response);
        if (status == 404 && timeline.kind() == Timeline.Kind.HASHTAG && jsonError(response) != null) {
            return new UnknownTag();
        }
        if (status == 401 || status == 403) {
            if (authorises(timeline.instance())) {
                return new Rejected(host + " answered HTTP " + status + (error == null ? "" : " (" + error + ")"));
            }
            return new Failed(host + " shows " + timeline.shortLabel() + " only to signed-in users (HTTP " + status + "); set an access token issued by " + host);
        }
        if (status == 429) {
            Instant until = waitUntil(response, limits.reset(timeline.instance()), DEFAULT_RATE_LIMIT_WAIT);
            limits.backOff(timeline.instance(), until);
            return new Wait(until, "rate limited by " + host + " (HTTP 429); not asking it again before "
                    + RateLimits.format(until));
        }
        if (status == 503 || status >= 500 || status == 408) {
            Instant until = waitUntil(response, null, SERVER_ERROR_WAIT);
            if (status == 503 && response.retryAfter().isPresent()) {
                limits.backOff(timeline.instance(), until);
            }
            return new Wait(until, host + " answered HTTP " + status + " (a server error); trying again at "
                    + RateLimits.format(until));
        }
        if (status == 404) {
            return new Failed(host + " has no such timeline (HTTP 404); is " + timeline.instance()
                    + " a Mastodon instance?");
        }
        if (status == 410) {
            return new Failed(host + " says the timeline is gone (HTTP 410)");
        }
        return new Failed(host + " answered HTTP " + status + (error == null ? "" : ": " + error));
    }

    private Instant waitUntil(FetchResponse response, Instant reset, Duration fallback) {
        Instant now = clock.instant();
        Duration wait = response.retryAfter().orElse(null);
        if (wait == null && reset != null && reset.isAfter(now)) {
            wait = Duration.between(now, reset);
        }
        if (wait == null) {
            wait = fallback;
        }
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        return now.plus(wait);
    }

    /** The {@code error} of a JSON error body, if short enough to show. */
    static String errorText(FetchResponse response) {
        String e = jsonError(response);
        return e == null || e.isBlank() || e.length() > 200 ? null : e;
    }

    /** The {@code error} of a Mastodon JSON error body ({@code {"error":"..."}}), or null when it is none. */
    static String jsonError(FetchResponse response) {
        String body = response.text().strip();
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n == null || !n.path("error").isTextual() ? null : n.path("error").asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** A query parameter of the {@code Link} header's entry with the given {@code rel}. */
    static String linkParam(String header, String rel, String param) {
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            if (!m.group(2).equalsIgnoreCase(rel)) {
                continue;
            }
            String target = m.group(1);
            int q = target.indexOf('?');
            if (q < 0) {
                return null;
            }
            for (String pair : target.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(param)) {
                    String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return v.isBlank() ? null : v;
                }
            }
        }
        return null;
    }

    static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
