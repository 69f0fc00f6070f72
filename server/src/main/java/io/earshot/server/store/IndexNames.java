package io.earshot.server.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The names of every index and alias Earshot uses, derived from one prefix so several
 * installations can share a cluster.
 *
 * @param prefix e.g. {@code earshot}
 */
public record IndexNames(String prefix) {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    /** The alias over every monthly mention index: read through it. */
    public String mentionsAlias() {
        return prefix + "-mentions";
    }

    /** The monthly index a mention published at this instant is stored in. */
    public String mentionIndex(Instant publishedAt) {
        return prefix + "-mentions-" + MONTH.format(publishedAt);
    }

    /** Pattern matching every monthly mention index. */
    public String mentionIndexPattern() {
        return prefix + "-mentions-*";
    }

    public String mentionTemplate() {
        return prefix + "-mentions";
    }

    /** Workspaces, sources (and later topics, rules, notifiers). */
    public String config() {
        return prefix + "-config";
    }

    /** Checkpoints, rule baselines, known terms. */
    public String state() {
        return prefix + "-state";
    }

    /** Mentions Elasticsearch refused to index, kept with the reason. */
    public String deadLetters() {
        return prefix + "-dead-letters";
    }
}
