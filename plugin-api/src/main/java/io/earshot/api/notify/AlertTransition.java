package io.earshot.api.notify;

/** Why a notification about an alert is being sent. */
public enum AlertTransition {
    /** The alert was opened. */
    FIRED,
    /** An open alert became more severe. */
    ESCALATED,
    /** A person acknowledged the alert. */
    ACKNOWLEDGED,
    /** The condition ended (or a person resolved it): the recovery notice. */
    RESOLVED
}
