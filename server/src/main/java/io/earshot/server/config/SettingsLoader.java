package io.earshot.server.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.ValidationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code earshot.yaml} (nested or dotted keys), applies {@code EARSHOT_*} environment
 * overrides and validates the result against {@link ServerSettings#SPEC}, reporting every problem
 * at once.
 */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /**
     * @param file the YAML file, or {@code null} for none
     * @param env  the environment (usually {@code System.getenv()})
     * @throws SettingsException listing every problem, with the file or variable it came from
     */
    public static Config load(Path file, Map<String, String> env) {
        Map<String, Object> raw = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new SettingsException("configuration file " + file + " does not exist");
            }
            try {
                Object tree = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Object.class);
                if (tree != null) {
                    if (!(tree instanceof Map<?, ?> map)) {
                        throw new SettingsException(file + ": the top level must be a mapping of settings");
                    }
                    flatten("", map, raw);
                }
            } catch (IOException e) {
                throw new SettingsException(file + " is not valid YAML: " + firstLine(e.getMessage()));
            }
        }
        Map<String, String> sourceOf = new LinkedHashMap<>();
        raw.keySet().forEach(k -> sourceOf.put(k, file + ": " + k));
        for (ConfigKey<?> key : ServerSettings.SPEC.keys()) {
            String var = ServerSettings.envName(key.name());
            String value = env.get(var);
            if (value != null) {
                raw.put(key.name(), value);
                sourceOf.put(key.name(), "environment variable " + var);
            }
        }
        ValidationResult result = ServerSettings.SPEC.validate(raw);
        if (!result.isValid()) {
            StringBuilder sb = new StringBuilder("invalid configuration:");
            result.errors().forEach(e -> sb.append("\n  - ").append(sourceOf.getOrDefault(e.field(), e.field()))
                    .append(": ").append(e.message()));
            throw new SettingsException(sb.toString());
        }
        return result.config().orElseThrow();
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested && !nested.isEmpty() && !isMapValued(key)) {
                flatten(key + ".", nested, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static boolean isMapValued(String key) {
        return ServerSettings.SPEC.key(key).map(k -> k.type() == io.earshot.api.config.ConfigType.MAP).orElse(false);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The configuration cannot be used; the message lists every problem. */
    public static final class SettingsException extends RuntimeException {
        public SettingsException(String message) {
            super(message);
        }
    }
}
