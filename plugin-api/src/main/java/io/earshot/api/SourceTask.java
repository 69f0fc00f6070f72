package io.earshot.api;

/**
 * The worker of one configured source: it reads the platform and returns mentions.
 *
 * <h2>Lifecycle and threading</h2>
 * <ol>
 *   <li>The server creates the task with {@link Source#createTask()} and calls
 *       {@link #start(SourceTaskContext)} once, on the task's own thread (a virtual thread).</li>
 *   <li>It then calls {@link #poll()} repeatedly on that same thread: on the source's schedule
 *       (poll interval with jitter), at once when the user asks for a poll, and back to back while
 *       the previous result said {@link PollResult#hasMore()}. Polls never overlap. The server stops
 *       polling while Elasticsearch cannot keep up, so a task never needs to buffer on its own.</li>
 *   <li>{@link #stop()} is called from <em>another</em> thread when the source is paused, edited,
 *       deleted or the server shuts down, possibly while {@code poll()} is blocked in I/O.</li>
 *   <li>After the last {@code poll()} has returned (or been abandoned because it ignored
 *       {@code stop()}), {@link #close()} is called once on the task thread.</li>
 * </ol>
 * A task instance is never restarted: after a failure or a configuration change the server creates
 * a new one, which resumes from the committed checkpoints.
 *
 * <h2>Errors</h2>
 * Throw {@link RetriableException} for trouble that should pass (HTTP 429 and 5xx, timeouts,
 * network errors), with the platform's {@code Retry-After} when it gives one: the server backs off
 * and reports the source as DEGRADED, then FAILING if it goes on. Throw
 * {@link FatalSourceException} (e.g. {@link CredentialsRejectedException}) when only the user can
 * fix it. Trouble with one partition only (one feed among ten) should not be thrown: report it with
 * {@link HealthReporter#partitionFailed(String, String)} and carry on with the others. Any other
 * exception is treated as retriable and its message shown to the user: make it readable.
 */
public interface SourceTask {

    /**
     * Prepares the task: reads its configuration and the committed checkpoints from the context.
     * Should not do network I/O that can fail for transient reasons; do it in {@link #poll()}.
     *
     * @throws FatalSourceException when the configuration cannot work at all
     */
    void start(SourceTaskContext context);

    /**
     * Reads what is new since the last call (or since the committed checkpoints, on the first call)
     * and returns it in order. Runs on the task thread and may block on I/O, but must return
     * promptly after {@link #stop()} (close the connection, check a flag). Should return batches of
     * a bounded size (a few thousand records at most) and say {@link PollResult#hasMore()} when a
     * backlog remains.
     *
     * <p>Every record returned is stored or, if Elasticsearch rejects it, kept in a dead-letter
     * index: the task may advance its in-memory cursor as soon as {@code poll()} returns.
     *
     * @throws InterruptedException when the thread is interrupted (the server is stopping the task)
     */
    PollResult poll() throws InterruptedException;

    /**
     * Asks the task to stop. Called from another thread, at most once, possibly during a
     * {@link #poll()} that must then return promptly. Must not block.
     */
    void stop();

    /**
     * Releases resources (connections, files). Called once on the task thread after the last
     * {@link #poll()} returned, even when {@link #start(SourceTaskContext)} failed. The default does
     * nothing.
     */
    default void close() {
    }
}
