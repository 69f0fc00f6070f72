package io.earshot.server.store;

import java.time.Instant;

/**
 * What the server knows about Elasticsearch right now.
 *
 * @param status  UP (green or yellow), DOWN (unreachable, or red), or UNKNOWN before the first check
 * @param health  the cluster health colour when reachable
 * @param message why it is DOWN, readable
 * @param since   when the status last changed
 * @param checkedAt when it was last checked
 */
public record ClusterState(Status status, String health, String message, Instant since, Instant checkedAt) {

    public enum Status { UNKNOWN, UP, DOWN }

    public boolean isUp() {
        return status == Status.UP;
    }
}
