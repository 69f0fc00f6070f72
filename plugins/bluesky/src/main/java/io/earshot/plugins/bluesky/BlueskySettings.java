package io.earshot.plugins.bluesky;

import io.earshot.api.config.Config;
import io.earshot.api.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration of one Bluesky source, read from its validated {@link Config}.
 *
 * @param keywords        words and phrases, as typed
 * @param hashtags        hashtags without {@code #}, as typed
 * @param languages       language codes in lower case; empty for all
 * @param search          search mode (else Jetstream)
 * @param handle          the account for search, or null
 * @param appPassword     its app password, or null
 * @param serviceUrl      where the account signs in and searches
 * @param jetstreamUrl    the Jetstream subscription address
 * @param appViewUrl      the public API for profiles
 * @param resolveProfiles look authors up
 * @param backfill        how far back the first start goes
 * @param maxItemsPerPoll most mentions per poll
 * @param timeout         deadline of one request
 */
record BlueskySettings(List<String> keywords, List<String> hashtags, List<String> languages, boolean search,
                       String handle, Secret appPassword, URI serviceUrl, URI jetstreamUrl, URI appViewUrl,
                       boolean resolveProfiles, Duration backfill, int maxItemsPerPoll, Duration timeout) {

    BlueskySettings {
        keywords = List.copyOf(keywords);
        hashtags = List.copyOf(hashtags);
        languages = List.copyOf(languages);
    }

    /** Whether an account is configured (search, or backfill by search in Jetstream mode). */
    boolean hasAccount() {
        return handle != null && appPassword != null;
    }

    static BlueskySettings from(Config config) {
        Set<String> keywords = new LinkedHashSet<>();
        config.find(BlueskySource.KEYWORDS).orElse(List.of()).forEach(k -> keywords.add(k.strip()));
        Set<String> hashtags = new LinkedHashSet<>();
        config.find(BlueskySource.HASHTAGS).orElse(List.of())
                .forEach(h -> hashtags.add(h.strip().startsWith("#") ? h.strip().substring(1) : h.strip()));
        Set<String> languages = new LinkedHashSet<>();
        config.find(BlueskySource.LANGUAGES).orElse(List.of()).forEach(l -> languages.add(l.strip().toLowerCase(Locale.ROOT)));
        return new BlueskySettings(List.copyOf(keywords), List.copyOf(hashtags), List.copyOf(languages),
                BlueskySource.MODE_SEARCH.equals(config.get(BlueskySource.MODE)),
                config.find(BlueskySource.HANDLE).map(h -> h.strip().startsWith("@") ? h.strip().substring(1) : h.strip())
                        .orElse(null),
                config.get(BlueskySource.APP_PASSWORD), withoutTrailingSlash(config.get(BlueskySource.SERVICE_URL)),
                URI.create(config.get(BlueskySource.JETSTREAM_URL).strip()),
                withoutTrailingSlash(config.get(BlueskySource.APPVIEW_URL)), config.get(BlueskySource.RESOLVE_PROFILES),
                config.get(BlueskySource.BACKFILL), config.get(BlueskySource.MAX_ITEMS_PER_POLL),
                config.get(BlueskySource.TIMEOUT));
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }
}
