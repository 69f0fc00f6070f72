package io.earshot.plugins.rss;

import io.earshot.api.Urls;

import io.earshot.api.config.Durations;
import io.earshot.api.http.BlockedUrlException;
import io.earshot.api.http.FetchRequest;
import io.earshot.api.http.FetchResponse;
import io.earshot.api.http.HttpFetcher;
import io.earshot.api.http.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Fetches one feed with a conditional GET and reads it, turning every way it can go wrong into a
 * {@link Outcome} with a message for the user. Thread-safe; runs on the fetch threads of a poll.
 */
final class FeedFetch {

    private static final String ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
            + "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";
    /** How long to leave a feed alone after HTTP 429 without {@code Retry-After}. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(10);
    /** Longest wait honoured, whatever {@code Retry-After} says. */
    static final Duration MAX_WAIT = Duration.ofDays(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final HttpFetcher http;
    private final Clock clock;
    private final long maxBytes;
    private final Duration timeout;

    FeedFetch(HttpFetcher http, Clock clock, long maxBytes, Duration timeout) {
        this.http = http;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** What became of one fetch. */
    sealed interface Outcome {
    }

    /** The feed was read; {@code etag} and {@code lastModified} are the response's validators. */
    record Fetched(ParsedFeed feed, String etag, String lastModified) implements Outcome {
    }

    /** {@code 304 Not Modified}; validators the response carried, else null. */
    record NotModified(String etag, String lastModified) implements Outcome {
    }

    /** The feed could not be read this time. */
    record Failed(String message) implements Outcome {
    }

    /** The site asked us to wait ({@code 429}, {@code 503} with {@code Retry-After}) until {@code until}. */
    record Backoff(String message, Instant until) implements Outcome {
    }

    Outcome fetch(String feedUrl, FeedPosition position) throws InterruptedException {
        URI uri = Urls.parse(feedUrl);
        if (uri == null) {
            return new Failed("not a valid URL");
        }
        FetchRequest request = FetchRequest.get(uri)
                .withTimeout(timeout)
                .withMaxBytes(maxBytes)
                .withHeader("Accept", ACCEPT)
                .withHeader("If-None-Match", position.etag())
                .withHeader("If-Modified-Since", position.lastModified());
        FetchResponse response;
        try {
            response = http.send(request);
        } catch (ResponseTooLargeException e) {
            return new Failed("the feed is larger than the " + FetchRequest.formatBytes(maxBytes)
                    + " limit; raise maxFeedSize if that is expected");
        } catch (HttpTimeoutException e) {
            return new Failed("no complete answer within " + Durations.format(timeout)
                    + " (timeout); the site is slow or down");
        } catch (BlockedUrlException e) {
            return new Failed(e.getMessage());
        } catch (IOException e) {
            return new Failed(e.getMessage() == null ? "could not fetch the feed (" + e.getClass().getSimpleName() + ")"
                    : e.getMessage());
        }
        return read(response);
    }

    private Outcome read(FetchResponse response) {
        int status = response.status();
        String etag = response.header("ETag").orElse(null);
        String lastModified = response.header("Last-Modified").orElse(null);
        if (status == 304) {
            return new NotModified(etag, lastModified);
        }
        if (response.isSuccess()) {
            if (status == 204) {
                return new Failed("the site answered 204 No Content instead of a feed");
            }
            try {
                String charset = charsetParameter(response);
                ParsedFeed feed = FeedParser.parse(response.body(), response.mediaType(), charset, response.uri());
                return new Fetched(feed, etag, lastModified);
            } catch (FeedProblem e) {
                return new Failed(e.getMessage());
            }
        }
        if (status == 429 || status == 503) {
            Duration wait = response.retryAfter().orElse(status == 429 ? DEFAULT_RATE_LIMIT_WAIT : null);
            if (wait != null) {
                if (wait.compareTo(MAX_WAIT) > 0) {
                    wait = MAX_WAIT;
                }
                Instant until = clock.instant().plus(wait);
                String why = status == 429 ? "rate limited by the site (HTTP 429)" : "the site is unavailable (HTTP 503)";
                return new Backoff(why + "; not fetching it again before " + TIME.format(until), until);
            }
        }
        return new Failed(statusMessage(response));
    }

    private static String statusMessage(FetchResponse response) {
        int status = response.status();
        return switch (status) {
            case 404 -> "not found (HTTP 404); check the address, the feed may have moved";
            case 410 -> "the feed is gone (HTTP 410); the site removed it";
            case 401, 403 -> "the site refuses access to the feed (HTTP " + status + ")";
            default -> status >= 500
                    ? "the site answered HTTP " + status + " (a server error); trying again on the next poll"
                    : "the site answered HTTP " + status + " instead of the feed";
        };
    }

    /** The raw charset label of {@code Content-Type} (also unknown labels, which FeedDecoder may map). */
    private static String charsetParameter(FetchResponse response) {
        return response.header("Content-Type").map(ct -> {
            for (String param : ct.split(";")) {
                String p = param.strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    return p.substring(8).replace("\"", "").replace("'", "").strip();
                }
            }
            return null;
        }).orElse(null);
    }
}
