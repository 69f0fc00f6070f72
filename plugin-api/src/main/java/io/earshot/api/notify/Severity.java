package io.earshot.api.notify;

/** How urgent an alert is, in increasing order. */
public enum Severity {
    INFO, WATCH, WARNING, CRITICAL
}
