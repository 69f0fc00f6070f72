package io.earshot.api.http;

import java.net.URI;

/**
 * Decides which URLs plugins may fetch. The server installs one that refuses private and loopback
 * addresses unless an administrator allows them (protection against server-side request forgery);
 * every redirect hop is checked too.
 */
@FunctionalInterface
public interface UrlPolicy {

    /**
     * @throws BlockedUrlException when the URL must not be fetched; the message says why and is
     *                             shown to users
     */
    void check(URI uri) throws BlockedUrlException;

    /** Allows everything: for tests and tools. */
    static UrlPolicy allowAll() {
        return uri -> {
        };
    }
}
