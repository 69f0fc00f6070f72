package io.earshot.plugins.testkit;

import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.Source;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a task the way the server does (start, polls, stop, close) on the calling thread, committing
 * checkpoints after each poll as if Elasticsearch had acknowledged every record.
 */
public final class TaskDriver implements AutoCloseable {

    private final SourceTask task;
    private final TestTaskContext context;
    private boolean closed;

    private TaskDriver(SourceTask task, TestTaskContext context) {
        this.task = task;
        this.context = context;
    }

    /** Creates and starts a task of the source with the context. */
    public static TaskDriver start(Source source, TestTaskContext context) {
        SourceTask task = Objects.requireNonNull(source.createTask(), "createTask() returned null");
        task.start(context);
        return new TaskDriver(task, context);
    }

    public SourceTask task() {
        return task;
    }

    public TestTaskContext context() {
        return context;
    }

    /** One poll; its checkpoints are committed. */
    public PollResult poll() throws InterruptedException {
        PollResult result = task.poll();
        context.commit(result);
        return result;
    }

    /** Polls while the task says more is waiting (at most {@code maxPolls}); returns every mention. */
    public List<Mention> drain(int maxPolls) throws InterruptedException {
        List<Mention> all = new ArrayList<>();
        for (int i = 0; i < maxPolls; i++) {
            PollResult result = poll();
            result.records().stream().map(SourceRecord::mention).filter(Objects::nonNull).forEach(all::add);
            if (!result.hasMore()) {
                break;
            }
        }
        return all;
    }

    /** The mentions of one poll. */
    public List<Mention> pollMentions() throws InterruptedException {
        return poll().records().stream().map(SourceRecord::mention).filter(Objects::nonNull).toList();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            task.stop();
            task.close();
        }
    }
}
