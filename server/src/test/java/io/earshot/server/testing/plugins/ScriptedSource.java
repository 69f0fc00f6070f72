package io.earshot.server.testing.plugins;

import io.earshot.api.Checkpoint;
import io.earshot.api.CredentialsRejectedException;
import io.earshot.api.Mention;
import io.earshot.api.PollResult;
import io.earshot.api.RetriableException;
import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceRecord;
import io.earshot.api.SourceTask;
import io.earshot.api.SourceTaskContext;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.Secret;
import io.earshot.api.config.ValidationResult;
import io.earshot.api.config.Validators;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/**
 * A source for server tests, packaged into a real plugin zip by {@link TestPlugins}: it emits
 * {@code total} numbered mentions in batches, checkpointing each, and can misbehave on demand.
 */
@Extension
public class ScriptedSource implements Source {

    static final ConfigKey<String> MODE = ConfigKey.choice("mode", "emit", "throw", "hang", "retriable", "credentials")
            .defaultValue("emit").build();
    static final ConfigKey<Integer> TOTAL = ConfigKey.integer("total").defaultValue(10).validate(Validators.atLeast(0)).build();
    static final ConfigKey<Integer> BATCH = ConfigKey.integer("batch").defaultValue(100).validate(Validators.between(1, 10_000)).build();
    static final ConfigKey<String> PREFIX = ConfigKey.string("prefix").defaultValue("m").build();
    static final ConfigKey<Secret> TOKEN = ConfigKey.secret("token").build();
    static final ConfigKey<String> PLATFORM = ConfigKey.string("platform").defaultValue("scripted").build();
    static final ConfigKey<Integer> DELAY_MS = ConfigKey.integer("delayMs").defaultValue(0).build();

    @Override
    public SourceDescriptor descriptor() {
        return new SourceDescriptor("scripted", "Scripted test source", "Emits numbered mentions for tests.",
                Duration.ofMinutes(1), Duration.ofSeconds(1));
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of(MODE, TOTAL, BATCH, PREFIX, TOKEN, PLATFORM, DELAY_MS);
    }

    @Override
    public ValidationResult validate(io.earshot.api.config.Config config) {
        if ("credentials".equals(config.get(MODE)) && config.get(TOKEN) == null) {
            return ValidationResult.error("token", "is required in credentials mode");
        }
        return ValidationResult.valid();
    }

    @Override
    public SourceTask createTask() {
        return new Task();
    }

    static final class Task implements SourceTask {
        private SourceTaskContext context;
        private long next;
        private volatile boolean stopped;

        @Override
        public void start(SourceTaskContext context) {
            this.context = context;
            next = context.checkpoint("numbers").map(c -> Long.parseLong(c.position())).orElse(0L);
        }

        @Override
        public PollResult poll() throws InterruptedException {
            String mode = context.config().get(MODE);
            switch (mode) {
                case "throw" -> throw new IllegalStateException("scripted failure");
                case "retriable" -> throw new RetriableException("scripted platform answered HTTP 503", Duration.ofSeconds(42), null);
                case "credentials" -> throw new CredentialsRejectedException("Scripted", "HTTP 401");
                case "hang" -> {
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException ignored) {
                            // a badly written plugin that ignores interrupts and stop()
                        }
                    }
                }
                default -> {
                }
            }
            int delay = context.config().get(DELAY_MS);
            if (delay > 0) {
                Thread.sleep(delay);
            }
            int total = context.config().get(TOTAL);
            int batch = context.config().get(BATCH);
            String prefix = context.config().get(PREFIX);
            List<SourceRecord> records = new ArrayList<>();
            while (next < total && records.size() < batch && !stopped) {
                long n = next++;
                Mention m = Mention.builder()
                        .platform(context.config().get(PLATFORM))
                        .nativeId(prefix + n)
                        .title("Mention " + n)
                        .text("Scripted mention number " + n + " about Acme")
                        .url("https://example.com/" + prefix + "/" + n)
                        .publishedAt(Instant.parse("2026-10-01T00:00:00Z").plusSeconds(n))
                        .build();
                records.add(SourceRecord.of(m, new Checkpoint("numbers", Long.toString(next))));
            }
            context.health().status("progress", next + " of " + total);
            return next < total ? PollResult.more(records) : PollResult.done(records);
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }
}
