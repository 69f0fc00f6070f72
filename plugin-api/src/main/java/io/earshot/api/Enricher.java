package io.earshot.api;

import org.pf4j.ExtensionPoint;

/**
 * An extra enrichment step contributed by a plugin, run after the server's own stages on every
 * mention (e.g. a custom classifier, an internal CRM lookup). Thread-safe and quick: it runs on the
 * source's thread, before the mention is stored.
 */
public interface Enricher extends ExtensionPoint {

    /** A short stable name for metrics and the API. */
    String name();

    /**
     * @return the mention, changed (via {@link Mention#toBuilder()}) or not
     * @throws RuntimeException when it cannot process this mention; the server counts the failure
     *                          and stores the mention without this step
     */
    Mention enrich(Mention mention);
}
