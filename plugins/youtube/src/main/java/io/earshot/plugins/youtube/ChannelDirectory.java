package io.earshot.plugins.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the source knows of the channels that publish the videos it collects (title, handle,
 * subscribers, country), from {@code channels.list} (1 unit per 50 channels), remembered for a day.
 * Touched by the task thread only.
 */
final class ChannelDirectory {

    /** A channel as {@code channels.list} describes it. */
    record ChannelInfo(String id, String title, String handle, Long subscribers, String country) {
    }

    static final int BATCH = 50;
    private static final Duration TTL = Duration.ofHours(24);
    private static final int MAX_ENTRIES = 5_000;

    private record Cached(ChannelInfo info, Instant fetched) {
    }

    private final YouTubeApi api;
    private final QuotaLedger ledger;
    private final Clock clock;
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ChannelDirectory(YouTubeApi api, QuotaLedger ledger, Clock clock) {
        this.api = api;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * The channels with these ids, fetching those not known (or known for more than a day) while
     * the quota allows. Channels YouTube does not return are absent from the result.
     *
     * @throws ApiException only for trouble that affects the whole source (quota, credentials)
     */
    Map<String, ChannelInfo> lookup(Collection<String> ids) throws ApiException, InterruptedException {
        Instant now = clock.instant();
        Map<String, ChannelInfo> found = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String id : ids) {
            Cached e = cache.get(id);
            if (e != null && e.fetched().plus(TTL).isAfter(now)) {
                found.put(id, e.info());
            } else if (id != null) {
                missing.add(id);
            }
        }
        List<String> list = new ArrayList<>(missing);
        for (int i = 0; i < list.size(); i += BATCH) {
            if (!ledger.canAfford(QuotaLedger.LIST_COST)) {
                break;
            }
            List<String> batch = list.subList(i, Math.min(list.size(), i + BATCH));
            JsonNode answer;
            try {
                answer = api.get("channels", Map.of("part", "snippet,statistics", "id", String.join(",", batch),
                        "maxResults", "50"), QuotaLedger.LIST_COST);
            } catch (ApiException e) {
                if (e.affectsSource()) {
                    throw e;
                }
                break;
            }
            for (JsonNode item : answer.path("items")) {
                ChannelInfo info = read(item);
                if (info != null) {
                    cache.put(info.id(), new Cached(info, now));
                    found.put(info.id(), info);
                }
            }
        }
        return found;
    }

    /**
     * The id of the channel with this handle ({@code channels.list} with {@code forHandle}, 1
     * unit), or null when no channel has it.
     */
    String resolveHandle(String handle) throws ApiException, InterruptedException {
        JsonNode answer = api.get("channels", Map.of("part", "snippet,statistics", "forHandle", handle),
                QuotaLedger.LIST_COST);
        for (JsonNode item : answer.path("items")) {
            ChannelInfo info = read(item);
            if (info != null) {
                cache.put(info.id(), new Cached(info, clock.instant()));
                return info.id();
            }
        }
        return null;
    }

    private static ChannelInfo read(JsonNode item) {
        String id = Text.string(item, "id");
        if (id == null) {
            return null;
        }
        JsonNode snippet = item.path("snippet");
        JsonNode stats = item.path("statistics");
        Long subscribers = stats.path("hiddenSubscriberCount").asBoolean(false) ? null
                : Text.count(stats.get("subscriberCount"));
        return new ChannelInfo(id, Text.string(snippet, "title"), Text.string(snippet, "customUrl"), subscribers,
                Text.string(snippet, "country"));
    }
}
