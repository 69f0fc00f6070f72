package io.earshot.plugins.x;

import io.earshot.api.Source;
import io.earshot.api.SourceDescriptor;
import io.earshot.api.SourceTask;
import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ConfigSpec;
import io.earshot.api.config.Secret;
import io.earshot.api.config.ValidationResult;
import io.earshot.api.config.Validators;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * Posts on X matching search queries, read through the X API v2 recent search within a daily
 * budget of posts read (X bills every post an app reads). The work is done by {@link XSourceTask}.
 */
@Extension
public class XSource implements Source {

    static final String TYPE = "x";

    private static final String WHAT_GROUP = "What to collect";
    private static final String BUDGET_GROUP = "Budget";
    private static final String CONNECTION_GROUP = "Connection";

    static final int MAX_QUERIES = 25;
    /** The longest query X accepts (Pro access; Basic accepts 512 characters). */
    static final int MAX_QUERY_LENGTH = 4_096;

    static final ConfigKey<Secret> BEARER_TOKEN = ConfigKey.secret("bearerToken")
            .displayName("Bearer token")
            .doc("The app-only bearer token of an app in the X developer portal (Projects & Apps > your app > Keys "
                    + "and tokens). The app's plan must include the recent search endpoint.")
            .required()
            .group(CONNECTION_GROUP)
            .build();

    static final ConfigKey<List<String>> QUERIES = ConfigKey.list("queries")
            .displayName("Search queries")
            .doc("X search queries, one per line, in X's query syntax, e.g. (acme OR \"acme rocket\") lang:pl "
                    + "-is:retweet. Each query is followed on its own.")
            .example("\"acme rocket\" -is:retweet")
            .validate(Validators.notEmpty())
            .validate(Validators.each(Validators.maxLength(MAX_QUERY_LENGTH)))
            .validate(Validators.maxSize(MAX_QUERIES))
            .required()
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Duration> INITIAL_LOOKBACK = ConfigKey.duration("initialLookback")
            .displayName("First look back")
            .doc("On the first search of a query, collect posts published this long ago or later (at most 7 days, "
                    + "the reach of X's recent search). Every post read costs, so start small.")
            .defaultValue(Duration.ofHours(1))
            .validate(Validators.durationBetween(Duration.ofMinutes(1), Duration.ofDays(7)))
            .group(WHAT_GROUP)
            .build();

    static final ConfigKey<Integer> MAX_POSTS_PER_DAY = ConfigKey.integer("maxPostsPerDay")
            .displayName("Most posts read per day")
            .doc("X bills the app for every post it reads. The source stops reading when this many posts were read "
                    + "in a day (UTC), and goes on the next day where it stopped. Posts X adds because a post quotes "
                    + "or replies to them count too.")
            .defaultValue(1_000)
            .validate(Validators.between(10, 100_000_000))
            .group(BUDGET_GROUP)
            .build();

    static final ConfigKey<URI> API_BASE_URL = ConfigKey.url("apiBaseUrl")
            .displayName("API address")
            .doc("Base address of the X API; change it only to go through a proxy or for tests.")
            .defaultValue(URI.create("https://api.x.com"))
            .group(CONNECTION_GROUP)
            .build();

    private static final ConfigSpec SPEC = ConfigSpec.of(BEARER_TOKEN, QUERIES, INITIAL_LOOKBACK, MAX_POSTS_PER_DAY,
            API_BASE_URL);

    private static final SourceDescriptor DESCRIPTOR = new SourceDescriptor(TYPE, "X (Twitter)",
            "Posts on X matching your searches, with their authors, replies, quotes and reposts, within a daily "
                    + "budget of posts read.",
            Duration.ofMinutes(5), Duration.ofMinutes(1));

    @Override
    public SourceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    @Override
    public ValidationResult validate(Config config) {
        ValidationResult.Builder result = ValidationResult.builder();
        List<String> queries = config.get(QUERIES).stream().map(String::strip).toList();
        if (queries.stream().distinct().count() < queries.size()) {
            result.error(QUERIES.name(), "lists the same query more than once");
        }
        return result.build();
    }

    @Override
    public SourceTask createTask() {
        return new XSourceTask();
    }
}
