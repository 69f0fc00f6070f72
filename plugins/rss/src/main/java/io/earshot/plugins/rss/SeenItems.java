package io.earshot.plugins.rss;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The items of one feed seen recently: for each, a short key of its mention id and a short hash of
 * its content, so that an unchanged item is not emitted again while an edited one is. Also when an
 * undated item was first seen, which becomes its publication time. Immutable; oldest first.
 *
 * <p>Bounded: it keeps every item of the current document (up to {@value #MAX_KEPT}) and, below
 * {@value #MIN_KEPT} entries, those seen before that dropped out of the feed, so that an item
 * flapping in and out of a feed is not collected twice. Written as
 * {@code key.hash[.firstSeen] key.hash ...}: 22 characters an item (30 for undated ones), so that
 * {@value #MAX_KEPT} dated items fit in a checkpoint position.
 */
final class SeenItems {

    static final int MIN_KEPT = 500;
    static final int MAX_KEPT = 2_500;
    static final SeenItems EMPTY = new SeenItems(new LinkedHashMap<>());

    private static final Pattern ENTRY = Pattern.compile("[0-9a-f]{12}\\.[0-9a-f]{8}(\\.[0-9a-z]{1,12})?");

    private final LinkedHashMap<String, Item> items;

    private SeenItems(LinkedHashMap<String, Item> items) {
        this.items = items;
    }

    /**
     * One item as remembered.
     *
     * @param key       the first 12 hex digits of the mention's native id
     * @param hash      8 hex digits of a hash of what the user sees of the item
     * @param firstSeen when an undated item was first seen, epoch seconds; 0 for dated items
     */
    record Item(String key, String hash, long firstSeen) {
        Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /** Whether the item was seen with exactly this content. */
    boolean seenUnchanged(String key, String hash) {
        Item item = items.get(key);
        return item != null && item.hash.equals(hash);
    }

    /** When the undated item with this key was first seen (epoch seconds), or 0. */
    long firstSeen(String key) {
        Item item = items.get(key);
        return item == null ? 0 : item.firstSeen;
    }

    int size() {
        return items.size();
    }

    Collection<Item> items() {
        return Collections.unmodifiableCollection(items.values());
    }

    /**
     * After reading a whole document: these items are the newest; older entries stay while fewer
     * than {@value #MIN_KEPT} (or than the document's items) are kept.
     */
    SeenItems afterDocument(List<Item> current) {
        LinkedHashMap<String, Item> next = new LinkedHashMap<>(items);
        for (Item item : current) {
            next.remove(item.key);
            next.put(item.key, item);
        }
        int keep = Math.min(MAX_KEPT, Math.max(MIN_KEPT, current.size()));
        trim(next, keep);
        return new SeenItems(next);
    }

    /** After emitting part of a document's new items: those are added, nothing else changes. */
    SeenItems plus(List<Item> emitted) {
        LinkedHashMap<String, Item> next = new LinkedHashMap<>(items);
        for (Item item : emitted) {
            next.remove(item.key);
            next.put(item.key, item);
        }
        trim(next, MAX_KEPT);
        return new SeenItems(next);
    }

    /** Drops the oldest entries until at most {@code keep} remain. */
    SeenItems trimmedTo(int keep) {
        LinkedHashMap<String, Item> next = new LinkedHashMap<>(items);
        trim(next, keep);
        return new SeenItems(next);
    }

    private static void trim(LinkedHashMap<String, Item> map, int keep) {
        var it = map.entrySet().iterator();
        while (map.size() > keep && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    String encode() {
        StringBuilder b = new StringBuilder(items.size() * 23);
        for (Item item : items.values()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(item.key).append('.').append(item.hash);
            if (item.firstSeen > 0) {
                b.append('.').append(Long.toString(item.firstSeen, 36));
            }
        }
        return b.toString();
    }

    /** Reads {@link #encode()}'s text; entries it cannot read are skipped. */
    static SeenItems decode(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        LinkedHashMap<String, Item> map = new LinkedHashMap<>();
        for (String token : text.strip().split(" +")) {
            if (ENTRY.matcher(token).matches()) {
                String[] parts = token.split("\\.");
                long firstSeen = parts.length > 2 ? Long.parseLong(parts[2], 36) : 0;
                map.put(parts[0], new Item(parts[0], parts[1], firstSeen));
            }
        }
        return new SeenItems(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeenItems other && new ArrayList<>(items.values()).equals(new ArrayList<>(other.items.values()));
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "SeenItems[" + items.size() + "]";
    }
}
