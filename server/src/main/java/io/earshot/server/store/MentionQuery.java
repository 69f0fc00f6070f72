package io.earshot.server.store;

import java.time.Instant;
import java.util.List;

/**
 * A search over one workspace's mentions. Every field but the workspace is optional.
 *
 * @param workspace the workspace searched; always applied
 * @param text      a simple query string over title and text (words, "phrases", -exclusions, OR)
 * @param from      published at or after
 * @param to        published before
 * @param sources   configured source ids
 * @param platforms platforms
 * @param langs     language codes
 * @param authors   author handles (without @) or names
 * @param size      page size, 1 to 500
 * @param after     the cursor of the previous page, or {@code null} for the first
 */
public record MentionQuery(String workspace, String text, Instant from, Instant to, List<String> sources,
                           List<String> platforms, List<String> langs, List<String> authors, int size, String after) {

    public static final int MAX_SIZE = 500;

    public MentionQuery {
        sources = sources == null ? List.of() : List.copyOf(sources);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        langs = langs == null ? List.of() : List.copyOf(langs);
        authors = authors == null ? List.of() : List.copyOf(authors);
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE);
        }
    }
}
