package io.earshot.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions this build was made with. */
public final class EarshotVersion {

    private static final Properties PROPS = load();

    private EarshotVersion() {
    }

    /** The server version, e.g. {@code 0.1.0}. */
    public static String server() {
        return PROPS.getProperty("version", "dev");
    }

    /** The version of the embedded Elasticsearch distribution. */
    public static String elasticsearch() {
        return PROPS.getProperty("elasticsearch.version", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = EarshotVersion.class.getResourceAsStream("/earshot-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // keep defaults
        }
        return p;
    }
}
