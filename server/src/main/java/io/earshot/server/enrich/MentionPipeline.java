package io.earshot.server.enrich;

import io.earshot.api.Mention;
import io.earshot.server.metrics.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every mention through the enrichment stages in order, timing each stage. A stage that fails
 * on one mention is counted and skipped for that mention; it never stops the stream.
 */
public final class MentionPipeline {

    private static final Logger log = LoggerFactory.getLogger(MentionPipeline.class);

    private final List<Stage> stages;
    private final List<Timer> timers;
    private final Metrics metrics;

    public MentionPipeline(List<Stage> stages, Metrics metrics) {
        this.stages = List.copyOf(stages);
        this.metrics = metrics;
        this.timers = this.stages.stream().map(s -> metrics.stageTimer(s.name())).toList();
    }

    /** @return the enriched mention, or {@code null} when a stage dropped it */
    public Mention process(Mention mention, Stage.SourceInfo source) {
        Mention current = mention;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            long start = System.nanoTime();
            try {
                current = stage.apply(current, source);
            } catch (RuntimeException e) {
                metrics.stageFailures(stage.name(), e.getClass().getSimpleName()).increment();
                log.debug("Stage {} failed on mention {}: {}", stage.name(), current.id(), e.toString());
            } finally {
                timers.get(i).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    public List<String> stageNames() {
        return stages.stream().map(Stage::name).toList();
    }
}
