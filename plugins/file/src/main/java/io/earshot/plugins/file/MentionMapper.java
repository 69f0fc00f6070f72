package io.earshot.plugins.file;

import static io.earshot.plugins.file.MentionField.AUTHOR_FOLLOWERS;
import static io.earshot.plugins.file.MentionField.AUTHOR_HANDLE;
import static io.earshot.plugins.file.MentionField.AUTHOR_ID;
import static io.earshot.plugins.file.MentionField.AUTHOR_NAME;
import static io.earshot.plugins.file.MentionField.AUTHOR_URL;
import static io.earshot.plugins.file.MentionField.AUTHOR_VERIFIED;
import static io.earshot.plugins.file.MentionField.COMMENTS;
import static io.earshot.plugins.file.MentionField.COUNTRY;
import static io.earshot.plugins.file.MentionField.ID;
import static io.earshot.plugins.file.MentionField.LANG;
import static io.earshot.plugins.file.MentionField.LIKES;
import static io.earshot.plugins.file.MentionField.PARENT_ID;
import static io.earshot.plugins.file.MentionField.PLATFORM;
import static io.earshot.plugins.file.MentionField.PUBLISHED_AT;
import static io.earshot.plugins.file.MentionField.SHARES;
import static io.earshot.plugins.file.MentionField.TEXT;
import static io.earshot.plugins.file.MentionField.TITLE;
import static io.earshot.plugins.file.MentionField.URL;
import static io.earshot.plugins.file.MentionField.VIEWS;

import io.earshot.api.Author;
import io.earshot.api.Engagement;
import io.earshot.api.Mention;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Makes a {@link Mention} of a decoded record. The native id is the record's id field, or else a
 * hash of the record's bytes, so that importing the same file again gives the same ids.
 */
final class MentionMapper {

    /** Native ids longer than this are replaced by their hash (a mention id has at most 512 characters). */
    private static final int MAX_NATIVE_ID = 400;
    private static final int MAX_PLATFORM = 40;
    private static final int MAX_QUOTED = 60;
    private static final HexFormat HEX = HexFormat.of();

    private final RecordDecoder decoder;
    private final String defaultPlatform;
    private final MessageDigest sha256;
    private String lastPlatformValue;
    private String lastPlatform;

    /**
     * One record made into a mention.
     *
     * @param mention      the mention, publication time shifted when asked
     * @param originalTime the record's own publication time, or {@code null} when it has none usable
     * @param repair       what was wrong with the record but fixed, for the user, or {@code null}
     */
    record Mapped(Mention mention, Instant originalTime, String repair) {
    }

    MentionMapper(RecordDecoder decoder, String defaultPlatform) {
        this.decoder = decoder;
        this.defaultPlatform = defaultPlatform;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param fields the decoded record
     * @param raw    the record's bytes, hashed when it has no id
     * @param shift  applied to the publication time (identity unless timestamps move to now)
     * @throws BadRecordException when the record has neither text nor title
     */
    Mapped map(RecordFields fields, byte[] raw, int offset, int length, UnaryOperator<Instant> shift)
            throws BadRecordException {
        String text = fields.text(TEXT);
        String title = clean(fields.text(TITLE));
        if ((text == null || text.isBlank()) && title == null) {
            throw new BadRecordException("no text (" + decoder.describe(TEXT) + " is empty or missing)");
        }
        String platform = platform(fields.text(PLATFORM));
        String id = clean(fields.text(ID));
        String nativeId = id == null ? hash(raw, offset, length) : id.length() > MAX_NATIVE_ID ? hash(id) : id;

        Instant time = null;
        String repair = null;
        Number number = fields.number(PUBLISHED_AT);
        String published = number == null ? fields.text(PUBLISHED_AT) : number.toString();
        if (number != null) {
            time = Timestamps.fromNumber(number);
        } else if (published != null) {
            time = Timestamps.parse(published);
        }
        if (time == null && published != null && !published.isBlank()) {
            repair = "date '" + quote(published) + "' in " + decoder.describe(PUBLISHED_AT)
                    + " not understood; imported with the collection time";
        }

        Mention.Builder b = Mention.builder()
                .platform(platform)
                .nativeId(nativeId)
                .url(clean(fields.text(URL)))
                .title(title)
                .text(text == null || text.isBlank() ? null : text)
                .lang(clean(fields.text(LANG)))
                .publishedAt(time == null ? null : shift.apply(time))
                .author(author(fields))
                .engagement(engagement(fields))
                .parentId(parentId(clean(fields.text(PARENT_ID)), platform))
                .country(clean(fields.text(COUNTRY)));
        Map<String, Object> extras = fields.extras();
        if (!extras.isEmpty()) {
            b.extras(extras);
        }
        return new Mapped(b.build(), time, repair);
    }

    private static Author author(RecordFields f) {
        String id = clean(f.text(AUTHOR_ID));
        String handle = clean(f.text(AUTHOR_HANDLE));
        String name = clean(f.text(AUTHOR_NAME));
        String url = clean(f.text(AUTHOR_URL));
        Long followers = count(f, AUTHOR_FOLLOWERS);
        Boolean verified = Values.flag(f.text(AUTHOR_VERIFIED));
        if (id == null && handle == null && name == null && url == null && followers == null && verified == null) {
            return null;
        }
        return new Author(id, handle, name, url, followers, verified);
    }

    private static Engagement engagement(RecordFields f) {
        Long likes = count(f, LIKES);
        Long shares = count(f, SHARES);
        Long comments = count(f, COMMENTS);
        Long views = count(f, VIEWS);
        if (likes == null && shares == null && comments == null && views == null) {
            return null;
        }
        return new Engagement(likes, shares, comments, views);
    }

    private static Long count(RecordFields f, MentionField field) {
        Number n = f.number(field);
        return n != null ? Values.count(n) : Values.count(f.text(field));
    }

    /** A parent's native id becomes a mention id of the same platform. */
    private static String parentId(String parent, String platform) {
        if (parent == null) {
            return null;
        }
        return parent.startsWith(platform + ":") ? parent : platform + ":" + parent;
    }

    private String platform(String value) {
        if (value == null) {
            return defaultPlatform;
        }
        if (value.equals(lastPlatformValue)) {
            return lastPlatform;
        }
        StringBuilder b = new StringBuilder();
        String s = value.strip().toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < s.length() && b.length() < MAX_PLATFORM; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            b.append(ok ? c : '-');
        }
        String platform = b.isEmpty() ? defaultPlatform : b.toString();
        lastPlatformValue = value;
        lastPlatform = platform;
        return platform;
    }

    private String hash(byte[] raw, int offset, int length) {
        sha256.update(raw, offset, length);
        return HEX.formatHex(sha256.digest(), 0, 16);
    }

    private String hash(String id) {
        return HEX.formatHex(sha256.digest(id.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    private static String quote(String s) {
        String t = s.strip();
        return t.length() <= MAX_QUOTED ? t : t.substring(0, MAX_QUOTED) + "…";
    }
}
