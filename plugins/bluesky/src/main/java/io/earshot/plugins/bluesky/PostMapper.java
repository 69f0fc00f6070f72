package io.earshot.plugins.bluesky;

import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import io.earshot.api.Urls;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a Bluesky post into a {@link Mention}, whichever way it came (Jetstream or search): the id
 * is {@code bluesky:<did>/<rkey>} both ways, so a post seen twice is stored once.
 */
final class PostMapper {

    /** Longest text kept. */
    static final int MAX_TEXT = 20_000;
    /** A post claiming to be written later than this after Bluesky saw it has its time taken from Bluesky. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    private PostMapper() {
    }

    /**
     * One post and everything known about it.
     *
     * @param did        the author's DID (the repository)
     * @param rkey       the record key
     * @param cid        the record's content id, or null
     * @param content    what the record says
     * @param seenAt     when Bluesky saw it (Jetstream {@code time_us}, search {@code indexedAt}), or null
     * @param author     the author's profile
     * @param engagement counts from search, or null when unknown (Jetstream)
     * @param quotes     quotes from search, or null when unknown
     * @param via        {@code jetstream} or {@code search}
     * @param edited     the record was updated after it was created
     */
    record Post(String did, String rkey, String cid, PostContent content, Instant seenAt, Profile author,
                Engagement engagement, Long quotes, String via, boolean edited) {
    }

    static Mention map(Post p) {
        PostContent c = p.content();
        Profile author = p.author() == null ? Profile.unknown(p.did()) : p.author();
        Instant created = instant(c.createdAt());
        Instant published = created;
        boolean skewed = false;
        if (p.seenAt() != null && (created == null || created.isAfter(p.seenAt().plus(MAX_CLOCK_SKEW)))) {
            // no readable time, or a time in the future: when Bluesky saw it is closer to the truth
            published = p.seenAt();
            skewed = created != null;
        }
        String profilePath = author.handle() != null ? author.handle() : p.did();
        Mention.Builder b = Mention.builder()
                .platform(BlueskySource.PLATFORM)
                .nativeId(AtUri.nativeId(p.did(), p.rkey()))
                .url("https://bsky.app/profile/" + profilePath + "/post/" + p.rkey())
                .text(bound(c.text()))
                .lang(c.language())
                .publishedAt(published)
                .author(new Author(p.did(), author.handle(), author.displayName(), author.url(), author.followers(),
                        author.verified()))
                .engagement(p.engagement())
                .hashtags(c.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList())
                .mentions(c.mentions())
                .links(links(c.links()));
        AtUri parent = AtUri.parse(c.parentUri());
        if (parent != null) {
            b.parentId(parent.mentionId());
        }
        AtUri root = AtUri.parse(c.rootUri());
        b.extra("uri", AtUri.uri(p.did(), p.rkey()))
                .extra("cid", p.cid())
                .extra("via", p.via())
                .extra("quoteCount", p.quotes())
                .extra("rootId", root == null || root.equals(parent) ? null : root.mentionId())
                .extra("embedType", c.embedType())
                .extra("quotedUri", c.quotedUri())
                .extra("langs", c.langs().size() > 1 ? c.langs() : null)
                .extra("selfLabels", c.selfLabels().isEmpty() ? null : c.selfLabels())
                .extra("createdAt", skewed ? c.createdAt() : null);
        if (p.edited()) {
            b.extra("edited", true);
        }
        return b.build();
    }

    private static List<String> links(List<String> links) {
        List<String> out = new ArrayList<>();
        for (String l : links) {
            String clean = Urls.resolve(l, null);
            if (clean != null && !out.contains(clean)) {
                out.add(clean);
            }
        }
        return out;
    }

    /**
     * A record's {@code createdAt}: RFC 3339 with any number of fraction digits and a {@code Z} or an
     * offset; without a zone it is taken as UTC. Null when unreadable.
     */
    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String bound(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        int cut = MAX_TEXT - 1;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "…";
    }
}
