package io.earshot.server.config;

import io.earshot.server.ConflictException;
import io.earshot.server.InvalidRequestException;
import io.earshot.server.NotFoundException;
import io.earshot.server.store.ConfigStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Workspaces, cached in memory (every request checks its workspace) and persisted in the config
 * index. The {@code default} workspace always exists.
 */
public final class WorkspaceService {

    private final ConfigStore store;
    private final Clock clock;
    private final Map<String, Workspace> cache = new ConcurrentHashMap<>();

    public WorkspaceService(ConfigStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Loads workspaces and creates {@code default} on first start. Blocking. */
    public void start() throws IOException {
        store.createIfAbsent(new Workspace(Workspace.DEFAULT, "Default", clock.instant()));
        for (Workspace ws : store.workspaces()) {
            cache.put(ws.id(), ws);
        }
    }

    public List<Workspace> list() {
        return cache.values().stream().sorted(Comparator.comparing(Workspace::createdAt).thenComparing(Workspace::id)).toList();
    }

    /** @throws NotFoundException when it does not exist */
    public Workspace require(String id) {
        Workspace ws = cache.get(id);
        if (ws == null) {
            throw new NotFoundException("no workspace '" + id + "'");
        }
        return ws;
    }

    public boolean exists(String id) {
        return cache.containsKey(id);
    }

    /** Creates a workspace. Blocking. */
    public Workspace create(String id, String name) throws IOException {
        if (id == null || !Workspace.ID.matcher(id).matches()) {
            throw new InvalidRequestException("id", "must be 1 to 63 lower-case letters, digits or '-', starting with a letter or digit");
        }
        if (name != null && name.length() > 200) {
            throw new InvalidRequestException("name", "must have at most 200 characters");
        }
        Workspace ws = new Workspace(id, name, clock.instant());
        if (!store.createIfAbsent(ws)) {
            throw new ConflictException("workspace '" + id + "' already exists");
        }
        cache.put(id, ws);
        return ws;
    }

    /** Deletes an empty workspace. Blocking. */
    public void delete(String id, Predicate<String> hasContent) throws IOException {
        require(id);
        if (Workspace.DEFAULT.equals(id)) {
            throw new ConflictException("the default workspace cannot be deleted");
        }
        if (hasContent.test(id)) {
            throw new ConflictException("workspace '" + id + "' still has sources; delete them first");
        }
        store.deleteWorkspace(id);
        cache.remove(id);
    }
}
