package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.RetriableException;
import io.earshot.api.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's session with its service: signs in with the handle and app password
 * ({@code com.atproto.server.createSession}) when first needed, refreshes the short-lived access
 * token with the refresh token ({@code com.atproto.server.refreshSession}) shortly before it
 * expires or when the service says it has, and signs in again when the refresh token is no longer
 * accepted. Sign-ins are rate-limited by Bluesky (a few dozen per 5 minutes, a few hundred a day),
 * so the session is reused for the task's whole life. Used by the task thread only.
 */
final class Session {

    /** Refresh this long before the access token expires. */
    static final Duration EARLY = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final Xrpc xrpc;
    private final URI service;
    private final String identifier;
    private final Secret password;
    private final Clock clock;
    private String accessJwt;
    private String refreshJwt;
    private String did;
    /** Whether the tokens' expiry times agree with our clock. */
    private boolean trustExpiry = true;

    Session(Xrpc xrpc, URI service, String identifier, Secret password, Clock clock) {
        this.xrpc = xrpc;
        this.service = service;
        this.identifier = identifier;
        this.password = password;
        this.clock = clock;
    }

    /**
     * A valid access token, signing in or refreshing as needed.
     *
     * @throws CredentialsRejectedException when Bluesky refuses the handle or app password
     * @throws RetriableException           when the service cannot be asked now
     */
    String accessToken() throws InterruptedException {
        Instant soon = clock.instant().plus(EARLY);
        if (accessJwt != null && (!trustExpiry || !expiresBefore(accessJwt, soon))) {
            return accessJwt;
        }
        if (refreshJwt != null && !expiresBefore(refreshJwt, soon) && refresh()) {
            return accessJwt;
        }
        signIn();
        return accessJwt;
    }

    /** The service said the access token expired or is invalid: the next call refreshes it. */
    void expired() {
        accessJwt = null;
    }

    /** The account's DID, once signed in. */
    String did() {
        return did;
    }

    private boolean refresh() throws InterruptedException {
        Xrpc.Result r = xrpc.post(service, "com.atproto.server.refreshSession", null, refreshJwt);
        switch (r) {
            case Xrpc.Ok ok -> {
                take(ok.body());
                return true;
            }
            case Xrpc.Error e when e.status() == 429 || e.status() >= 500 -> throw unavailable(e.describe(), e.retryAt());
            case Xrpc.Error e -> {
                LOG.debug("Bluesky refused to refresh the session ({}); signing in again", e.describe());
                refreshJwt = null;
                accessJwt = null;
                return false;
            }
            case Xrpc.Unreachable u -> throw unavailable(u.message(), null);
        }
    }

    private void signIn() throws InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("identifier", identifier).put("password", password.reveal());
        Xrpc.Result r = xrpc.post(service, "com.atproto.server.createSession", body, null);
        switch (r) {
            case Xrpc.Ok ok -> {
                take(ok.body());
                if (accessJwt == null) {
                    throw new RetriableException(service.getHost() + " answered the sign-in without a token");
                }
                LOG.info("Signed in to {} as {}", service.getHost(), identifier);
            }
            case Xrpc.Error e when e.status() == 429 -> throw new RetriableException("Bluesky limits sign-ins (HTTP 429); "
                    + "signing in again at " + Xrpc.format(e.retryAt()), duration(e.retryAt()), null);
            case Xrpc.Error e when e.status() >= 500 -> throw unavailable(e.describe(), e.retryAt());
            case Xrpc.Error e -> throw rejected(e);
            case Xrpc.Unreachable u -> throw unavailable(u.message(), null);
        }
    }

    private static CredentialsRejectedException rejected(Xrpc.Error e) {
        String detail = switch (e.error() == null ? "" : e.error()) {
            case "AuthFactorTokenRequired" -> "the account asks for a sign-in code by email; use an app password "
                    + "(Settings → Privacy and security → App passwords), not the account's password";
            case "AccountTakedown" -> "the account has been taken down";
            case "AccountDeactivated" -> "the account is deactivated";
            default -> e.status() == 401 ? "the handle or the app password is wrong"
                    : "sign-in refused (" + e.describe() + ")";
        };
        return new CredentialsRejectedException(BlueskySource.PLATFORM_NAME, detail);
    }

    private RetriableException unavailable(String what, Instant retryAt) {
        return new RetriableException("could not sign in to " + service.getHost() + ": " + what, duration(retryAt), null);
    }

    private Duration duration(Instant at) {
        return at == null ? null : Duration.between(clock.instant(), at);
    }

    private void take(JsonNode body) {
        accessJwt = PostContent.text(body, "accessJwt");
        refreshJwt = PostContent.text(body, "refreshJwt");
        // a new token that already looks expired means our clock is off: use it until the service says so
        trustExpiry = accessJwt == null || !expiresBefore(accessJwt, clock.instant().plus(EARLY));
        if (!trustExpiry) {
            LOG.warn("The session token from {} looks expired already; is this server's clock right?", service.getHost());
        }
        String d = PostContent.text(body, "did");
        if (d != null) {
            did = d;
        }
    }

    /** Whether a JWT's {@code exp} is before {@code t}; a token whose expiry cannot be read counts as valid. */
    static boolean expiresBefore(String jwt, Instant t) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try {
            JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = payload.path("exp");
            return exp.canConvertToLong() && Instant.ofEpochSecond(exp.asLong()).isBefore(t);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
