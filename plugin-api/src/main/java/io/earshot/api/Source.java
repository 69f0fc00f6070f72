package io.earshot.api;

import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.ValidationResult;
import org.pf4j.ExtensionPoint;

/**
 * A kind of source (RSS feeds, a Reddit search, a file import): a stateless factory that describes
 * its configuration and creates {@link SourceTask}s, in the manner of Kafka Connect's
 * {@code SourceConnector}.
 *
 * <p>Implementations are PF4J extensions ({@code @Extension}). PF4J may hand out a fresh instance
 * for every lookup and the server calls these methods from any thread, concurrently: keep
 * implementations stateless. All per-source state belongs in the task.
 */
public interface Source extends ExtensionPoint {

    /** Type, name and description, as listed by {@code GET /api/v1/source-types}. Cheap and constant. */
    SourceDescriptor descriptor();

    /**
     * The configuration this source accepts. The server validates every configuration against it
     * (reporting all field errors at once) before calling {@link #validate(Config)} or creating a
     * task, and the dashboard renders its forms from it. Cheap and constant.
     */
    ConfigSpec configSpec();

    /**
     * Checks that need more than one key, or knowledge of the platform, after the spec accepted
     * the configuration (e.g. "set either {@code query} or {@code subreddits}"). Must not do network
     * I/O: it runs while a user waits for an API response. The default accepts everything.
     *
     * @return all problems found, each naming the field it concerns
     */
    default ValidationResult validate(Config config) {
        return ValidationResult.valid();
    }

    /**
     * A new, unstarted task. Called once per task start; the server calls
     * {@link SourceTask#start(SourceTaskContext)} on it before anything else.
     */
    SourceTask createTask();
}
