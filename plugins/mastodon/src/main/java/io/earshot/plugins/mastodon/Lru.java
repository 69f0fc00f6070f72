package io.earshot.plugins.mastodon;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entries beyond a capacity. Not thread-safe. */
final class Lru<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;

    Lru(int capacity) {
        super(Math.min(capacity, 1024), 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
