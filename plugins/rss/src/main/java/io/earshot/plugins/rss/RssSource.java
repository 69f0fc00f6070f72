package io.earshot.plugins.rss;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.Validators;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/** Placeholder being replaced by the full RSS/Atom source. */
@Extension
public class RssSource implements Source {

    static final ConfigKey<List<String>> FEEDS = ConfigKey.list("feeds")
            .displayName("Feed URLs")
            .doc("RSS or Atom feed URLs, one per line.")
            .validate(Validators.each(Validators.httpUrlString()))
            .required()
            .build();

    @Override
    public SourceDescriptor descriptor() {
        return new SourceDescriptor("rss", "RSS and Atom feeds", "Items of RSS and Atom feeds.",
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of(FEEDS);
    }

    @Override
    public SourceTask createTask() {
        throw new IllegalStateException("not built yet");
    }
}
