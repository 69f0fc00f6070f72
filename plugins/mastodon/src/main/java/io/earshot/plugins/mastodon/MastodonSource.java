package io.earshot.plugins.mastodon;

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
 * Collects public statuses from Mastodon instances: hashtag timelines and the local or federated
 * public timeline of each configured instance, polled over the REST API and, optionally, followed
 * live over the streaming API. Each (instance, timeline) is a partition with its own checkpoint;
 * the same federated status seen on several instances is one mention (its id derives from the
 * status {@code uri}). The work is done by {@link MastodonSourceTask}.
 */
@Extension
public class MastodonSource implements Source {

    static final String TYPE = "mastodon";
    static final String PLATFORM = "mastodon";
    /** The platform's name as users know it, for messages. */
    static final String PLATFORM_NAME = "Mastodon";

    static final String TIMELINE_OFF = "off";
    static final String TIMELINE_LOCAL = "local";
    static final String TIMELINE_FEDERATED = "federated";
    static final String REBLOGS_ORIGINAL = "original";
    static final String REBLOGS_SKIP = "skip";

    static final int MAX_INSTANCES = 50;
    static final int MAX_HASHTAGS = 100;
    /** Most live streams (one connection each) one source may hold open. */
    static final int MAX_STREAMS = 50;

    private static final String WHAT = "What to collect";
    private static final String ACCESS = "Access";
    private static final String LIMITS = "Limits";

    static final ConfigKey<List<String>> INSTANCES = ConfigKey.list("instances")
            .displayName("Instances")
            .doc("Base URLs of the Mastodon instances to read, one per line. Each instance has its own view of the "
                    + "fediverse; a status seen on several of them is collected once.")
            .example("https://mastodon.social")
            .validate(Validators.notEmpty())
            .validate(Validators.maxSize(MAX_INSTANCES))
            .validate(Validators.each(Validators.httpUrlString()))
            .validate(Validators.each(Validators.maxLength(200)))
            .required()
            .group(WHAT)
            .build();

    static final ConfigKey<List<String>> HASHTAGS = ConfigKey.list("hashtags")
            .displayName("Hashtags")
            .doc("Hashtags to follow on every instance, with or without the leading #, one per line.")
            .example("opensource")
            .validate(Validators.maxSize(MAX_HASHTAGS))
            .validate(Validators.each(Validators.matches("#?[\\p{L}\\p{M}\\p{N}_\\u00B7\\u200C]{1,100}",
                    "a hashtag: letters, digits and underscores, without spaces")))
            .group(WHAT)
            .build();

    static final ConfigKey<String> PUBLIC_TIMELINE = ConfigKey.choice("publicTimeline",
                    TIMELINE_OFF, TIMELINE_LOCAL, TIMELINE_FEDERATED)
            .displayName("Public timeline")
            .doc("Also collect every public status of the instance's public timeline: local (written on the "
                    + "instance) or federated (everything the instance knows). The federated timeline of a large "
                    + "instance is very busy.")
            .defaultValue(TIMELINE_OFF)
            .group(WHAT)
            .build();

    static final ConfigKey<String> REBLOGS = ConfigKey.choice("reblogs", REBLOGS_ORIGINAL, REBLOGS_SKIP)
            .displayName("Boosts")
            .doc("What to do with a boost (reblog): collect the original status, noting who boosted it, or skip it.")
            .defaultValue(REBLOGS_ORIGINAL)
            .group(WHAT)
            .build();

    static final ConfigKey<Secret> ACCESS_TOKEN = ConfigKey.secret("accessToken")
            .displayName("Access token")
            .doc("Optional. An access token with the read:statuses scope (Preferences → Development → New "
                    + "application on your instance). Needed by instances that hide their timelines from visitors "
                    + "and, on most instances, for live streaming. Sent only to the instance that issued it.")
            .group(ACCESS)
            .build();

    static final ConfigKey<URI> TOKEN_INSTANCE = ConfigKey.url("tokenInstance")
            .displayName("Instance of the access token")
            .doc("The instance that issued the access token, one of the instances above. Required when several "
                    + "instances are listed; the token is never sent to the others.")
            .example("https://mastodon.social")
            .group(ACCESS)
            .build();

    static final ConfigKey<Boolean> STREAMING = ConfigKey.bool("streaming")
            .displayName("Live streaming")
            .doc("Follow the timelines live over the instance's streaming API (one connection per hashtag and "
                    + "instance), so statuses arrive within seconds. After a reconnection or a restart, the gap is "
                    + "read over the REST API, so nothing is lost. Timelines whose stream the instance refuses are "
                    + "polled instead.")
            .defaultValue(false)
            .group(WHAT)
            .build();

    static final ConfigKey<Duration> BACKFILL = ConfigKey.duration("backfill")
            .displayName("Backfill")
            .doc("On the first start, also collect statuses up to this far back (at most 7 days). 0 starts with "
                    + "what is new from now on.")
            .defaultValue(Duration.ofHours(1))
            .validate(Validators.durationBetween(Duration.ZERO, Duration.ofDays(7)))
            .group(LIMITS)
            .build();

    static final ConfigKey<Integer> MAX_ITEMS_PER_POLL = ConfigKey.integer("maxItemsPerPoll")
            .displayName("Statuses per batch")
            .doc("Most statuses handed to Earshot at once. When more are waiting, the rest follow immediately in "
                    + "further batches, as fast as the instances' rate limits allow.")
            .defaultValue(1_000)
            .validate(Validators.between(40, 10_000))
            .group(LIMITS)
            .build();

    static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("timeout")
            .displayName("Request timeout")
            .doc("How long one REST request to an instance may take.")
            .defaultValue(Duration.ofSeconds(30))
            .validate(Validators.durationBetween(Duration.ofSeconds(1), Duration.ofMinutes(5)))
            .group(LIMITS)
            .build();

    private static final ConfigSpec SPEC = ConfigSpec.of(INSTANCES, HASHTAGS, PUBLIC_TIMELINE, REBLOGS, STREAMING,
            ACCESS_TOKEN, TOKEN_INSTANCE, BACKFILL, MAX_ITEMS_PER_POLL, TIMEOUT);

    private static final SourceDescriptor DESCRIPTOR = new SourceDescriptor(TYPE, "Mastodon",
            "Public statuses with your hashtags, or whole public timelines, from Mastodon instances of your choice, "
                    + "polled or live.",
            Duration.ofMinutes(2), Duration.ofSeconds(30));

    @Override
    public SourceDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    /**
     * Something to follow; the token's instance named when it could go to several; streams within
     * bounds.
     */
    @Override
    public ValidationResult validate(Config config) {
        ValidationResult.Builder result = ValidationResult.builder();
        List<String> instances = config.find(INSTANCES).orElse(List.of()).stream().map(Instances::normalise).toList();
        int hashtags = config.find(HASHTAGS).map(List::size).orElse(0);
        boolean publicTimeline = !TIMELINE_OFF.equals(config.get(PUBLIC_TIMELINE));
        if (hashtags == 0 && !publicTimeline) {
            result.error(HASHTAGS.name(), "set at least one hashtag, or turn on the public timeline in "
                    + PUBLIC_TIMELINE.name());
        }
        if (instances.stream().distinct().count() < instances.size()) {
            result.error(INSTANCES.name(), "lists an instance twice");
        }
        if (config.isSet(ACCESS_TOKEN)) {
            if (config.isSet(TOKEN_INSTANCE)) {
                String tokenInstance = Instances.normalise(config.get(TOKEN_INSTANCE).toString());
                if (!instances.contains(tokenInstance)) {
                    result.error(TOKEN_INSTANCE.name(), "must be one of the instances listed in " + INSTANCES.name());
                }
            } else if (instances.size() > 1) {
                result.error(TOKEN_INSTANCE.name(), "name the instance that issued the access token; with several "
                        + "instances, it is never sent to the others");
            }
        } else if (config.isSet(TOKEN_INSTANCE)) {
            result.error(ACCESS_TOKEN.name(), "is required when " + TOKEN_INSTANCE.name() + " is set");
        }
        if (config.get(STREAMING)) {
            int streams = instances.size() * (hashtags + (publicTimeline ? 1 : 0));
            if (streams > MAX_STREAMS) {
                result.error(STREAMING.name(), "would open " + streams + " live streams (one per hashtag and instance);"
                        + " one source holds at most " + MAX_STREAMS + ": split it into several sources or poll instead");
            }
        }
        return result.build();
    }

    @Override
    public SourceTask createTask() {
        return new MastodonSourceTask();
    }
}
