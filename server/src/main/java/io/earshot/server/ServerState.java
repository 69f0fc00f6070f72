package io.earshot.server;

import java.time.Instant;

/**
 * Where the server is in its life, for {@code /health} while it starts and stops.
 *
 * @param phase   STARTING, READY, FAILED or STOPPING
 * @param message what it is doing or why it failed
 * @param since   when it entered the phase
 */
public record ServerState(Phase phase, String message, Instant since) {

    public enum Phase { STARTING, READY, FAILED, STOPPING }
}
