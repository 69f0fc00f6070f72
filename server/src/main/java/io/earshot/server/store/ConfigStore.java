package io.earshot.server.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.earshot.server.config.SourceDefinition;
import io.earshot.server.config.Workspace;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workspaces and source definitions in the config index. Writes wait for a refresh, so a list
 * right after a change shows it. Blocking calls: use from worker threads.
 */
public final class ConfigStore {

    private final ElasticsearchClient client;
    private final IndexNames names;

    public ConfigStore(ElasticsearchClient client, IndexNames names) {
        this.client = client;
        this.names = names;
    }

    /** How a definition is stored: searchable fields at the top, the rest in an unindexed body. */
    public record ConfigDoc(String kind, String workspace, String id, String type, String name, Instant createdAt,
                            Instant updatedAt, Map<String, Object> body) {
    }

    public List<Workspace> workspaces() throws IOException {
        List<Workspace> out = new ArrayList<>();
        for (ConfigDoc doc : search("workspace", null)) {
            out.add(new Workspace(doc.id(), doc.name(), doc.createdAt()));
        }
        return out;
    }

    public Optional<Workspace> workspace(String id) throws IOException {
        return get(workspaceDocId(id)).map(doc -> new Workspace(doc.id(), doc.name(), doc.createdAt()));
    }

    public void save(Workspace ws) throws IOException {
        ConfigDoc doc = new ConfigDoc("workspace", ws.id(), ws.id(), null, ws.name(), ws.createdAt(), ws.createdAt(), Map.of());
        client.index(i -> i.index(names.config()).id(workspaceDocId(ws.id())).document(doc).refresh(Refresh.WaitFor));
    }

    /** Creates the workspace only if it does not exist yet; returns whether it was created. */
    public boolean createIfAbsent(Workspace ws) throws IOException {
        ConfigDoc doc = new ConfigDoc("workspace", ws.id(), ws.id(), null, ws.name(), ws.createdAt(), ws.createdAt(), Map.of());
        try {
            client.create(c -> c.index(names.config()).id(workspaceDocId(ws.id())).document(doc).refresh(Refresh.WaitFor));
            return true;
        } catch (IOException | RuntimeException e) {
            if (EsErrors.status(e) == 409) {
                return false;
            }
            throw e;
        }
    }

    public void deleteWorkspace(String id) throws IOException {
        client.delete(d -> d.index(names.config()).id(workspaceDocId(id)).refresh(Refresh.WaitFor));
    }

    public List<SourceDefinition> sources(String workspace) throws IOException {
        List<SourceDefinition> out = new ArrayList<>();
        for (ConfigDoc doc : search("source", workspace)) {
            out.add(toSource(doc));
        }
        return out;
    }

    public List<SourceDefinition> allSources() throws IOException {
        List<SourceDefinition> out = new ArrayList<>();
        for (ConfigDoc doc : search("source", null)) {
            out.add(toSource(doc));
        }
        return out;
    }

    public Optional<SourceDefinition> source(String workspace, String id) throws IOException {
        return get(sourceDocId(workspace, id)).map(ConfigStore::toSource);
    }

    public void save(SourceDefinition def) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("config", def.config());
        body.put("pollIntervalSeconds", def.pollInterval().toSeconds());
        body.put("paused", def.paused());
        ConfigDoc doc = new ConfigDoc("source", def.workspace(), def.id(), def.type(), def.name(), def.createdAt(),
                def.updatedAt(), body);
        client.index(i -> i.index(names.config()).id(sourceDocId(def.workspace(), def.id())).document(doc)
                .refresh(Refresh.WaitFor));
    }

    public void deleteSource(String workspace, String id) throws IOException {
        client.delete(d -> d.index(names.config()).id(sourceDocId(workspace, id)).refresh(Refresh.WaitFor));
    }

    @SuppressWarnings("unchecked")
    private static SourceDefinition toSource(ConfigDoc doc) {
        Map<String, Object> body = doc.body() == null ? Map.of() : doc.body();
        Map<String, Object> config = (Map<String, Object>) body.getOrDefault("config", Map.of());
        long seconds = ((Number) body.getOrDefault("pollIntervalSeconds", 300)).longValue();
        boolean paused = Boolean.TRUE.equals(body.get("paused"));
        return new SourceDefinition(doc.id(), doc.workspace(), doc.type(), doc.name(), config,
                Duration.ofSeconds(seconds), paused, doc.createdAt(), doc.updatedAt());
    }

    private Optional<ConfigDoc> get(String docId) throws IOException {
        GetResponse<ConfigDoc> response = client.get(g -> g.index(names.config()).id(docId), ConfigDoc.class);
        return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    }

    private List<ConfigDoc> search(String kind, String workspace) throws IOException {
        SearchResponse<ConfigDoc> response = client.search(s -> s
                .index(names.config())
                .size(10_000)
                .query(q -> q.bool(b -> {
                    b.filter(f -> f.term(t -> t.field("kind").value(kind)));
                    if (workspace != null) {
                        b.filter(f -> f.term(t -> t.field("workspace").value(workspace)));
                    }
                    return b;
                }))
                .sort(o -> o.field(f -> f.field("createdAt")))
                .sort(o -> o.field(f -> f.field("id"))), ConfigDoc.class);
        List<ConfigDoc> out = new ArrayList<>();
        for (Hit<ConfigDoc> hit : response.hits().hits()) {
            if (hit.source() != null) {
                out.add(hit.source());
            }
        }
        return out;
    }

    private static String workspaceDocId(String id) {
        return "workspace:" + id;
    }

    private static String sourceDocId(String workspace, String id) {
        return "source:" + workspace + ":" + id;
    }
}
