package io.earshot.plugins.file;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes JSON Lines records. A mention field is read from a path with dots ({@code user.name}),
 * which matches nested objects ({@code {"user": {"name": …}}}), a field whose name holds the dots
 * ({@code {"user.name": …}}) or a mix of both.
 */
final class JsonRecordDecoder implements RecordDecoder {

    private static final ObjectReader READER = new ObjectMapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_ERROR = 120;

    private final EnumMap<MentionField, FieldPath> paths = new EnumMap<>(MentionField.class);
    private final Set<String> used = new HashSet<>();

    /** @param mapping the user's mapping; fields not in it are read from their own names */
    JsonRecordDecoder(Map<MentionField, String> mapping) {
        for (MentionField field : MentionField.all()) {
            String path = mapping.getOrDefault(field, field.key());
            if (!path.isEmpty()) {
                paths.put(field, new FieldPath(path));
                used.add(path);
            }
        }
    }

    @Override
    public RecordFields decode(byte[] buf, int offset, int length) throws BadRecordException {
        JsonNode root;
        try {
            root = READER.readTree(buf, offset, length);
        } catch (JacksonException e) {
            throw new BadRecordException("invalid JSON (" + shortMessage(e) + ")");
        } catch (IOException e) {
            throw new BadRecordException("invalid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new BadRecordException("not a JSON object");
        }
        return new Fields(root);
    }

    @Override
    public String describe(MentionField field) {
        FieldPath path = paths.get(field);
        return "field '" + (path == null ? field.key() : path.full) + "'";
    }

    private static String shortMessage(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl);
        }
        String where = e.getLocation() == null || e.getLocation().getColumnNr() < 0
                ? "" : " at column " + e.getLocation().getColumnNr();
        return (m.length() > MAX_ERROR ? m.substring(0, MAX_ERROR) + "…" : m) + where;
    }

    private final class Fields implements RecordFields {
        private final JsonNode root;

        Fields(JsonNode root) {
            this.root = root;
        }

        private JsonNode node(MentionField field) {
            FieldPath path = paths.get(field);
            return path == null ? null : path.resolve(root);
        }

        @Override
        public String text(MentionField field) {
            JsonNode n = node(field);
            if (n == null || n.isNull() || n.isMissingNode()) {
                return null;
            }
            String s = n.isValueNode() ? n.asText() : n.toString();
            return s.isEmpty() ? null : s;
        }

        @Override
        public Number number(MentionField field) {
            JsonNode n = node(field);
            return n != null && n.isNumber() ? n.numberValue() : null;
        }

        @Override
        public Map<String, Object> extras() {
            Map<String, Object> out = new LinkedHashMap<>();
            flatten(root, null, 0, out);
            return out;
        }

        private void flatten(JsonNode object, String prefix, int depth, Map<String, Object> out) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (out.size() == Extras.MAX_ENTRIES) {
                    return;
                }
                String key = prefix == null ? e.getKey() : prefix + "." + e.getKey();
                if (used.contains(key)) {
                    continue;
                }
                JsonNode v = e.getValue();
                if (v.isObject()) {
                    if (depth + 1 < Extras.MAX_DEPTH) {
                        flatten(v, key, depth + 1, out);
                    }
                } else if (v.isArray()) {
                    List<Object> items = scalars(v);
                    if (items != null && !items.isEmpty()) {
                        out.put(key, items);
                    }
                } else {
                    Object scalar = scalar(v);
                    if (scalar != null) {
                        out.put(key, scalar);
                    }
                }
            }
        }

        private static List<Object> scalars(JsonNode array) {
            List<Object> items = new ArrayList<>(Math.min(array.size(), Extras.MAX_ITEMS));
            for (JsonNode item : array) {
                if (items.size() == Extras.MAX_ITEMS) {
                    break;
                }
                if (!item.isValueNode()) {
                    return null;
                }
                Object scalar = scalar(item);
                if (scalar != null) {
                    items.add(scalar);
                }
            }
            return items;
        }

        private static Object scalar(JsonNode v) {
            if (v.isTextual()) {
                String s = v.textValue();
                return s.isEmpty() ? null : Extras.cut(s);
            }
            if (v.isNumber()) {
                return v.numberValue();
            }
            if (v.isBoolean()) {
                return v.booleanValue();
            }
            return null;
        }
    }

    /** A dotted path, resolved against nested objects and dotted names alike. */
    private static final class FieldPath {
        final String full;
        private final String[][] names;
        private final int segments;

        FieldPath(String full) {
            this.full = full;
            String[] parts = full.split("\\.", -1);
            this.segments = parts.length;
            this.names = new String[segments + 1][segments + 1];
            for (int from = 0; from < segments; from++) {
                StringBuilder b = new StringBuilder();
                for (int to = from + 1; to <= segments; to++) {
                    if (to > from + 1) {
                        b.append('.');
                    }
                    b.append(parts[to - 1]);
                    names[from][to] = b.toString();
                }
            }
        }

        JsonNode resolve(JsonNode root) {
            JsonNode direct = root.get(full);
            if (direct != null || segments == 1) {
                return direct;
            }
            return resolve(root, 0);
        }

        private JsonNode resolve(JsonNode node, int from) {
            for (int to = segments; to > from; to--) {
                JsonNode child = node.get(names[from][to]);
                if (child == null) {
                    continue;
                }
                if (to == segments) {
                    return child;
                }
                if (child.isObject()) {
                    JsonNode found = resolve(child, to);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }
    }
}
