package io.earshot.server.enrich;

import io.earshot.api.Author;
import io.earshot.api.Mention;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * First stage: makes every mention look the same whatever its source: the server's fields set
 * (workspace, source, source id, collection time), text and title reduced to plain safe text,
 * links restricted to http(s), the language code to ISO 639-1, a publication time always present.
 */
public final class NormaliseStage implements Stage {

    public static final int MAX_TEXT = 32_000;
    public static final int MAX_TITLE = 1_000;
    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");

    private final Clock clock;

    public NormaliseStage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "normalise";
    }

    @Override
    public Mention apply(Mention m, SourceInfo source) {
        Instant now = clock.instant();
        Mention.Builder b = m.toBuilder()
                .workspace(source.workspace())
                .source(source.type())
                .sourceId(source.sourceId())
                .collectedAt(now)
                .title(TextSanitizer.oneLine(m.title(), MAX_TITLE))
                .text(TextSanitizer.plainText(m.text(), MAX_TEXT))
                .url(safeUrl(m.url()))
                .lang(language(m.lang()));
        if (m.publishedAt() == null) {
            b.publishedAt(now);
        }
        if (m.author() != null) {
            Author a = m.author();
            b.author(new Author(a.id(), a.handle(), TextSanitizer.oneLine(a.name(), 300), safeUrl(a.url()),
                    a.followers(), a.verified()));
        }
        if (m.country() != null) {
            String c = m.country().strip().toUpperCase(Locale.ROOT);
            b.country(c.matches("[A-Z]{2}") ? c : null);
        }
        return b.build();
    }

    /** Only absolute http(s) URLs survive: a {@code javascript:} link must never reach a page. */
    static String safeUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri.toString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** "en-US" → "en", "EN" → "en"; anything else → null. */
    static String language(String lang) {
        if (lang == null) {
            return null;
        }
        String l = lang.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int dash = l.indexOf('-');
        if (dash > 0) {
            l = l.substring(0, dash);
        }
        return LANG.matcher(l).matches() ? l : null;
    }
}
