package io.earshot.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Elasticsearch document ids of mentions: {@code <workspace>/<mention id>}, so the same item
 * collected again overwrites its document, and the same item tracked by two workspaces stays two
 * documents. Ids too long for Elasticsearch (512 bytes) are hashed.
 */
public final class MentionDocIds {

    private MentionDocIds() {
    }

    public static String docId(String workspace, String mentionId) {
        String id = workspace + "/" + mentionId;
        if (id.getBytes(StandardCharsets.UTF_8).length <= 512) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(mentionId.getBytes(StandardCharsets.UTF_8));
            return workspace + "/#" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
