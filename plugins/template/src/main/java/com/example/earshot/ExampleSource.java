package com.example.earshot;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.Secret;
import io.earshot.api.config.Validators;
import java.net.URI;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * A complete, minimal source: polls a JSON API that lists items newest first
 * ({@code GET <url>?since=<id>} → {@code {"items": [{"id", "text", "author", "createdAt", "url"}]}})
 * and stores each item as a mention. Copy it to start a plugin of your own.
 */
@Extension
public class ExampleSource implements Source {

    static final ConfigKey<URI> URL = ConfigKey.url("url")
            .displayName("API URL")
            .doc("The endpoint that lists items, newest first.")
            .example("https://api.example.com/v1/items")
            .required()
            .build();
    static final ConfigKey<Secret> TOKEN = ConfigKey.secret("token")
            .displayName("API token")
            .doc("Sent as a bearer token; leave empty for a public API.")
            .build();
    static final ConfigKey<Integer> PAGE_SIZE = ConfigKey.integer("pageSize")
            .displayName("Items per request")
            .defaultValue(100)
            .validate(Validators.between(1, 1000))
            .build();

    @Override
    public SourceDescriptor descriptor() {
        return new SourceDescriptor("example-json", "Example JSON API", "Items of a JSON API (plugin template).",
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of(URL, TOKEN, PAGE_SIZE);
    }

    @Override
    public SourceTask createTask() {
        return new ExampleTask();
    }
}
