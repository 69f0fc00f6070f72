package io.earshot.server.store;

import io.earshot.api.Mention;
import java.util.List;

/**
 * One page of search results, newest first.
 *
 * @param total how many mentions match in all
 * @param items this page
 * @param next  the cursor for the next page, or {@code null} at the end
 */
public record MentionPage(long total, List<Mention> items, String next) {
}
