package io.earshot.plugins.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authors' handles, names and followers: looked up with {@code app.bsky.actor.getProfiles} on the
 * public API in batches of {@value #BATCH}, remembered for {@link #TTL}, and completed with what
 * search results and Jetstream identity events tell along the way. A failed lookup is not retried
 * before the service allows it; posts then go out with what is known (at least the DID). Used by
 * the task thread only.
 */
final class Profiles {

    static final int BATCH = 25;
    /** Most lookups per call of {@link #resolve}, so that a burst of new authors cannot stall a poll. */
    static final int MAX_BATCHES = 8;
    static final Duration TTL = Duration.ofHours(6);
    private static final int CAPACITY = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(Profiles.class);

    private final Xrpc xrpc;
    private final URI appView;
    private final Clock clock;
    private final boolean lookUp;
    private final Map<String, Known> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > CAPACITY;
        }
    };
    private Instant pausedUntil = Instant.MIN;

    private record Known(Profile profile, Instant lookedUpAt) {
    }

    Profiles(Xrpc xrpc, URI appView, Clock clock, boolean lookUp) {
        this.xrpc = xrpc;
        this.appView = appView;
        this.clock = clock;
        this.lookUp = lookUp;
    }

    /** Remembers what a search result or an identity event told about an author. */
    void learn(Profile p) {
        Known e = cache.get(p.did());
        if (e == null) {
            cache.put(p.did(), new Known(p, null));
        } else {
            // newer facts first (a changed handle), the rest from what was known
            cache.put(p.did(), new Known(p.orElse(e.profile()), e.lookedUpAt()));
        }
    }

    /** A handle changed (Jetstream identity event). */
    void handleChanged(String did, String handle) {
        Known e = cache.get(did);
        if (e != null) {
            Profile old = e.profile();
            cache.put(did, new Known(new Profile(did, handle, old.displayName(), old.followers(), old.verified()),
                    e.lookedUpAt()));
        }
    }

    /** The profiles of the given authors: looked up when not known recently, else as remembered. */
    Map<String, Profile> resolve(Collection<String> dids) throws InterruptedException {
        Instant now = clock.instant();
        Set<String> missing = new LinkedHashSet<>();
        for (String did : dids) {
            Known e = cache.get(did);
            if (e == null || e.lookedUpAt() == null || e.lookedUpAt().plus(TTL).isBefore(now)) {
                missing.add(did);
            }
        }
        if (lookUp && !missing.isEmpty() && !now.isBefore(pausedUntil)) {
            List<String> list = new ArrayList<>(missing);
            for (int i = 0, batches = 0; i < list.size() && batches < MAX_BATCHES; i += BATCH, batches++) {
                if (!lookUp(list.subList(i, Math.min(list.size(), i + BATCH)), now)) {
                    break;
                }
            }
        }
        Map<String, Profile> out = new HashMap<>();
        for (String did : dids) {
            Known e = cache.get(did);
            out.put(did, e == null ? Profile.unknown(did) : e.profile());
        }
        return out;
    }

    private boolean lookUp(List<String> dids, Instant now) throws InterruptedException {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        dids.forEach(d -> params.add(new AbstractMap.SimpleEntry<>("actors", d)));
        Xrpc.Result r = xrpc.get(appView, "app.bsky.actor.getProfiles", params, null);
        switch (r) {
            case Xrpc.Ok ok -> {
                Set<String> answered = new LinkedHashSet<>();
                for (JsonNode p : ok.body().path("profiles")) {
                    Profile profile = fromView(p);
                    if (profile != null) {
                        answered.add(profile.did());
                        Known old = cache.get(profile.did());
                        cache.put(profile.did(), new Known(old == null ? profile : profile.orElse(old.profile()), now));
                    }
                }
                for (String did : dids) {
                    if (!answered.contains(did)) {
                        // deleted, deactivated or taken down: nothing more to learn for a while
                        Known old = cache.get(did);
                        cache.put(did, new Known(old == null ? Profile.unknown(did) : old.profile(), now));
                    }
                }
                return true;
            }
            case Xrpc.Error e -> {
                pausedUntil = e.retryAt() != null ? e.retryAt() : now.plus(Duration.ofMinutes(5));
                LOG.info("Looking up Bluesky authors failed ({}); not before {}", e.describe(), Xrpc.format(pausedUntil));
                return false;
            }
            case Xrpc.Unreachable u -> {
                pausedUntil = now.plus(Duration.ofMinutes(1));
                LOG.info("Looking up Bluesky authors failed: {}", u.message());
                return false;
            }
        }
    }

    /** A profile from a {@code profileView}, {@code profileViewBasic} or {@code profileViewDetailed}. */
    static Profile fromView(JsonNode view) {
        String did = PostContent.text(view, "did");
        if (did == null) {
            return null;
        }
        JsonNode followers = view.path("followersCount");
        JsonNode verification = view.path("verification").path("verifiedStatus");
        Boolean verified = verification.isTextual() ? "valid".equals(verification.asText()) : null;
        return new Profile(did, PostContent.text(view, "handle"), PostContent.text(view, "displayName"),
                followers.canConvertToLong() && followers.asLong() >= 0 ? followers.asLong() : null, verified);
    }
}
