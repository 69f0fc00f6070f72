package io.earshot.api.notify;

/** Where an alert is in its lifecycle: FIRING → (ACKNOWLEDGED) → RESOLVED. */
public enum AlertState {
    FIRING, ACKNOWLEDGED, RESOLVED
}
