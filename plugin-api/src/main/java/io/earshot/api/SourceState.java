package io.earshot.api;

/** The state of a configured source, as users see it. */
public enum SourceState {
    /** Created or resumed; the first poll has not finished yet. */
    STARTING,
    /** Polling normally. */
    RUNNING,
    /** Working, but some partitions fail, the platform rate-limits it, or polls failed recently. */
    DEGRADED,
    /** Not collecting: polls keep failing, or only the user can fix what is wrong. */
    FAILING,
    /** Paused by a user. */
    PAUSED
}
