package io.earshot.plugins.mastodon;

import io.earshot.api.config.Config;
import io.earshot.api.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration of one Mastodon source, read from its validated {@link Config}.
 *
 * @param timelines       every (instance, timeline) to read, each a partition
 * @param skipReblogs     skip boosts instead of collecting the boosted status
 * @param streaming       follow the timelines live
 * @param token           the access token, or null
 * @param tokenInstance   the normalised instance the token belongs to, or null
 * @param backfill        how far back the first read of a timeline goes
 * @param maxItemsPerPoll most mentions returned by one poll
 * @param timeout         deadline of one REST request
 */
record MastodonSettings(List<Timeline> timelines, boolean skipReblogs, boolean streaming, Secret token,
                        String tokenInstance, Duration backfill, int maxItemsPerPoll, Duration timeout) {

    MastodonSettings {
        timelines = List.copyOf(timelines);
    }

    static MastodonSettings from(Config config) {
        Set<String> instances = new LinkedHashSet<>();
        config.get(MastodonSource.INSTANCES).forEach(i -> instances.add(Instances.normalise(i)));
        Set<String> tags = new LinkedHashSet<>();
        config.find(MastodonSource.HASHTAGS).orElse(List.of())
                .forEach(t -> tags.add(Timeline.hashtag("x", t).tag()));
        String publicTimeline = config.get(MastodonSource.PUBLIC_TIMELINE);
        List<Timeline> timelines = new ArrayList<>();
        for (String instance : instances) {
            for (String tag : tags) {
                timelines.add(new Timeline(instance, Timeline.Kind.HASHTAG, tag));
            }
            if (MastodonSource.TIMELINE_LOCAL.equals(publicTimeline)) {
                timelines.add(new Timeline(instance, Timeline.Kind.LOCAL, null));
            } else if (MastodonSource.TIMELINE_FEDERATED.equals(publicTimeline)) {
                timelines.add(new Timeline(instance, Timeline.Kind.FEDERATED, null));
            }
        }
        Secret token = config.get(MastodonSource.ACCESS_TOKEN);
        String tokenInstance = null;
        if (token != null) {
            tokenInstance = config.find(MastodonSource.TOKEN_INSTANCE).map(u -> Instances.normalise(u.toString()))
                    .orElse(instances.iterator().next());
        }
        return new MastodonSettings(timelines, MastodonSource.REBLOGS_SKIP.equals(config.get(MastodonSource.REBLOGS)),
                config.get(MastodonSource.STREAMING), token, tokenInstance, config.get(MastodonSource.BACKFILL),
                config.get(MastodonSource.MAX_ITEMS_PER_POLL), config.get(MastodonSource.TIMEOUT));
    }
}
