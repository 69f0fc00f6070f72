package io.earshot.server.ingest;

import java.util.Objects;

/** Identifies a configured source: its workspace and id. */
public record SourceKey(String workspace, String sourceId) {

    public SourceKey {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(sourceId, "sourceId");
    }

    @Override
    public String toString() {
        return workspace + "/" + sourceId;
    }
}
