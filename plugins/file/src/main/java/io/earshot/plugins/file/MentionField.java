package io.earshot.plugins.file;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The mention fields a file record can fill, named as in the stored mention JSON. These names are
 * the keys of the {@code mapping} setting and, when a field is not mapped, the column or JSON field
 * read by default.
 */
enum MentionField {
    ID("id"),
    PLATFORM("platform"),
    URL("url"),
    TITLE("title"),
    TEXT("text"),
    LANG("lang"),
    PUBLISHED_AT("publishedAt"),
    AUTHOR_ID("author.id"),
    AUTHOR_HANDLE("author.handle"),
    AUTHOR_NAME("author.name"),
    AUTHOR_URL("author.url"),
    AUTHOR_FOLLOWERS("author.followers"),
    AUTHOR_VERIFIED("author.verified"),
    LIKES("engagement.likes"),
    SHARES("engagement.shares"),
    COMMENTS("engagement.comments"),
    VIEWS("engagement.views"),
    PARENT_ID("parentId"),
    COUNTRY("country");

    private static final List<MentionField> ALL = List.of(values());
    private static final Map<String, MentionField> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(MentionField::key, Function.identity()));

    private final String key;

    MentionField(String key) {
        this.key = key;
    }

    /** The name in the mention JSON, e.g. {@code author.handle}. */
    String key() {
        return key;
    }

    static List<MentionField> all() {
        return ALL;
    }

    static Optional<MentionField> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The keys, for messages: "id, platform, url, …". */
    static String keys() {
        return Arrays.stream(values()).map(MentionField::key).collect(Collectors.joining(", "));
    }
}
