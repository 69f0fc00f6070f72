package io.earshot.api.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert as notifiers receive it.
 *
 * @param id          stable id; the same alert keeps it while it escalates and resolves
 * @param workspace   the workspace it belongs to
 * @param ruleId      the rule that raised it
 * @param ruleName    the rule's name as the user typed it
 * @param ruleType    the rule's versioned type, e.g. {@code volume-spike-v1}
 * @param topic       the topic (or query) the rule watches, for display
 * @param severity    how urgent
 * @param state       where it is in its lifecycle
 * @param transition  why this notification is sent
 * @param title       one line, e.g. "Mentions of Acme up 6.2× in the last 15 minutes"
 * @param summary     a few sentences for people who will not open the dashboard
 * @param firedAt     when it first fired
 * @param updatedAt   when it last changed
 * @param resolvedAt  when it resolved, or {@code null}
 * @param explanation the numbers behind it
 * @param url         a link to the alert in the dashboard, or {@code null} when no public URL is configured
 */
public record Alert(String id, String workspace, String ruleId, String ruleName, String ruleType, String topic,
                    Severity severity, AlertState state, AlertTransition transition, String title, String summary,
                    Instant firedAt, Instant updatedAt, Instant resolvedAt, AlertExplanation explanation,
                    String url) {

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(firedAt, "firedAt");
    }
}
