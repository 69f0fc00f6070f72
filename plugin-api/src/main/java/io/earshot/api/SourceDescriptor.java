package io.earshot.api;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a kind of source presents itself.
 *
 * @param type                the stable identifier stored with every configured source and mention,
 *                            lower case, e.g. {@code rss}; never change it once released
 * @param name                a short human name, e.g. "RSS and Atom feeds"
 * @param description         one or two plain sentences for the dashboard
 * @param defaultPollInterval how often to poll when the user does not say
 * @param minPollInterval     the shortest poll interval a user may set (protects the platform)
 */
public record SourceDescriptor(String type, String name, String description,
                               Duration defaultPollInterval, Duration minPollInterval) {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public SourceDescriptor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultPollInterval, "defaultPollInterval");
        Objects.requireNonNull(minPollInterval, "minPollInterval");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("source type must match " + TYPE + ": '" + type + "'");
        }
        if (minPollInterval.isNegative() || defaultPollInterval.compareTo(minPollInterval) < 0) {
            throw new IllegalArgumentException("default poll interval must be at least the minimum poll interval");
        }
    }
}
