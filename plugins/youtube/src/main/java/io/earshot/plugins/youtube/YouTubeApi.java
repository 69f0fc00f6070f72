package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.api.config.Secret;
import io.earshot.api.http.FetchRequest;
import io.earshot.api.http.FetchResponse;
import io.earshot.api.http.HttpFetcher;
import io.earshot.api.http.ResponseTooLargeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calls the YouTube Data API v3: builds the request (the API key goes in the {@code key} query
 * parameter, as YouTube expects), counts every answered call in the {@link QuotaLedger}, and turns
 * failures into {@link ApiException}s whose messages never contain the key.
 */
final class YouTubeApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private static final Set<String> QUOTA = Set.of("quotaExceeded", "dailyLimitExceeded", "dailyLimitExceededUnreg");
    private static final Set<String> RATE = Set.of("rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED");
    private static final Set<String> CREDENTIALS = Set.of("keyInvalid", "keyExpired", "API_KEY_INVALID",
            "API_KEY_EXPIRED", "ipRefererBlocked", "API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED",
            "API_KEY_ANDROID_APP_BLOCKED", "API_KEY_IOS_APP_BLOCKED", "API_KEY_SERVICE_BLOCKED");
    private static final Set<String> DISABLED = Set.of("accessNotConfigured", "SERVICE_DISABLED");

    private final HttpFetcher http;
    private final String base;
    private final Secret key;
    private final QuotaLedger ledger;

    YouTubeApi(HttpFetcher http, URI base, Secret key, QuotaLedger ledger) {
        this.http = http;
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.key = key;
        this.ledger = ledger;
    }

    /**
     * GETs {@code <base>/<resource>?<params>&key=...} and returns the JSON answer.
     *
     * @param cost the call's quota cost, counted once YouTube answered
     */
    JsonNode get(String resource, Map<String, String> params, int cost) throws ApiException, InterruptedException {
        StringBuilder url = new StringBuilder(base).append('/').append(resource).append('?');
        params.forEach((k, v) -> {
            if (v != null) {
                url.append(encode(k)).append('=').append(encode(v)).append('&');
            }
        });
        url.append("key=").append(encode(key.reveal()));
        FetchResponse response;
        try {
            response = http.send(FetchRequest.get(URI.create(url.toString()))
                    .withHeader("Accept", "application/json")
                    .withTimeout(TIMEOUT)
                    .withMaxBytes(MAX_BYTES));
        } catch (HttpTimeoutException e) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "YouTube did not answer within "
                    + TIMEOUT.toSeconds() + "s", null);
        } catch (ResponseTooLargeException e) {
            ledger.spend(cost);
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "YouTube's answer to " + resource
                    + " was larger than " + FetchRequest.formatBytes(MAX_BYTES), null);
        } catch (IOException e) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "could not reach YouTube: "
                    + scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
        }
        ledger.spend(cost);
        if (response.isSuccess()) {
            try {
                JsonNode body = JSON.readTree(response.body());
                if (body == null || !body.isObject()) {
                    throw new ApiException(ApiException.Kind.UNAVAILABLE,
                            "YouTube answered " + resource + " with something other than a JSON object", null);
                }
                return body;
            } catch (IOException e) {
                throw new ApiException(ApiException.Kind.UNAVAILABLE,
                        "YouTube answered " + resource + " with malformed JSON", null);
            }
        }
        throw failure(resource, response);
    }

    private ApiException failure(String resource, FetchResponse response) {
        int status = response.status();
        JsonNode error = null;
        try {
            JsonNode body = JSON.readTree(response.body());
            error = body == null ? null : body.get("error");
        } catch (IOException e) {
            // not JSON: classify by status alone
        }
        Set<String> reasons = new LinkedHashSet<>();
        String message = null;
        if (error != null && error.isObject()) {
            for (JsonNode e : error.path("errors")) {
                if (e.hasNonNull("reason")) {
                    reasons.add(e.get("reason").asText());
                }
            }
            for (JsonNode d : error.path("details")) {
                if (d.hasNonNull("reason")) {
                    reasons.add(d.get("reason").asText());
                }
            }
            message = error.path("message").asText(null);
        }
        String said = message == null || message.isBlank() ? "" : ": " + plain(message);
        String what = "YouTube answered HTTP " + status + " to " + resource + said;
        Duration retryAfter = response.retryAfter().orElse(null);
        if (reasons.stream().anyMatch(QUOTA::contains)) {
            return new ApiException(ApiException.Kind.QUOTA, what, null);
        }
        if (status == 429 || reasons.stream().anyMatch(RATE::contains)) {
            return new ApiException(ApiException.Kind.RATE_LIMITED, what, retryAfter);
        }
        if (status == 401 || reasons.stream().anyMatch(CREDENTIALS::contains)
                || (message != null && message.contains("API key not valid"))) {
            return new ApiException(ApiException.Kind.CREDENTIALS,
                    "HTTP " + status + (reasons.isEmpty() ? "" : " " + String.join(", ", reasons)) + said, null);
        }
        if (reasons.stream().anyMatch(DISABLED::contains)) {
            return new ApiException(ApiException.Kind.API_DISABLED, what, null);
        }
        if (status >= 500) {
            return new ApiException(ApiException.Kind.UNAVAILABLE, what, retryAfter);
        }
        if (status == 404) {
            return new ApiException(ApiException.Kind.NOT_FOUND, what, null);
        }
        if (reasons.contains("commentsDisabled")) {
            return new ApiException(ApiException.Kind.COMMENTS_DISABLED, what, null);
        }
        if (status == 400 && (reasons.contains("invalidPageToken")
                || (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("page token")))) {
            return new ApiException(ApiException.Kind.BAD_PAGE_TOKEN, what, null);
        }
        return new ApiException(ApiException.Kind.REJECTED, what, null);
    }

    /** The text with the API key masked, should a library have put a URL into it. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String k = key.reveal();
        if (k.isEmpty()) {
            return text;
        }
        return text.replace(k, Secret.MASK).replace(encode(k), Secret.MASK);
    }

    /** Google's error messages may hold HTML links; users get plain text, without the key. */
    private String plain(String message) {
        String text = TAG.matcher(message).replaceAll("").strip();
        return scrub(Text.unescapeHtml(text));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
