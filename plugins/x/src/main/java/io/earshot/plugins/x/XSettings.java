package io.earshot.plugins.x;

import io.earshot.api.config.Config;
import io.earshot.api.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The configuration of one X source, read from its validated {@link Config}.
 *
 * @param bearerToken     the app-only bearer token
 * @param queries         the search queries, each its own partition
 * @param initialLookback how far back the first search of a query goes
 * @param maxPostsPerDay  the daily budget of posts read
 * @param apiBaseUrl      base address of the API
 */
record XSettings(Secret bearerToken, List<String> queries, Duration initialLookback, int maxPostsPerDay,
                 URI apiBaseUrl) {

    XSettings {
        queries = List.copyOf(queries);
    }

    static XSettings from(Config c) {
        return new XSettings(c.get(XSource.BEARER_TOKEN),
                c.get(XSource.QUERIES).stream().map(String::strip).distinct().toList(),
                c.get(XSource.INITIAL_LOOKBACK), c.get(XSource.MAX_POSTS_PER_DAY), c.get(XSource.API_BASE_URL));
    }
}
