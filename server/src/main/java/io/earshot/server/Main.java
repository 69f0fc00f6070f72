package io.earshot.server;

import io.earshot.api.config.Config;
import io.earshot.api.config.ConfigKey;
import io.earshot.server.config.ServerSettings;
import io.earshot.server.config.SettingsLoader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the server: {@code java -cp 'lib/*' io.earshot.server.Main [--config earshot.yaml]}.
 * Usually run through {@code ./earshot start}.
 */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        fail("--config needs a file name");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    System.out.println(help());
                    return;
                }
                case "--version" -> {
                    System.out.println("Earshot " + EarshotVersion.server());
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "' (try --help)");
            }
        }
        if (configFile == null && System.getenv("EARSHOT_CONFIG") != null) {
            configFile = Path.of(System.getenv("EARSHOT_CONFIG"));
        }
        if (configFile == null && Files.isRegularFile(Path.of("earshot.yaml"))) {
            configFile = Path.of("earshot.yaml");
        }
        Config settings;
        try {
            settings = SettingsLoader.load(configFile, System.getenv());
        } catch (SettingsLoader.SettingsException e) {
            fail(e.getMessage());
            return;
        }
        log.info("Earshot {} starting (configuration: {})", EarshotVersion.server(),
                configFile == null ? "defaults and environment" : configFile.toAbsolutePath());
        EarshotServer server = new EarshotServer(settings, home(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "shutdown"));
        try {
            server.start().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            log.error("Earshot could not start: {}", server.state().message());
            System.exit(1);
        }
        stopped.await();
    }

    /** The installation directory: the {@code earshot.home} property, else the parent of lib/. */
    static Path home() {
        String prop = System.getProperty("earshot.home");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent();
            return parent != null && parent.getParent() != null ? parent.getParent() : Path.of(".").toAbsolutePath();
        } catch (URISyntaxException | SecurityException e) {
            return Path.of(".").toAbsolutePath();
        }
    }

    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("Earshot ").append(EarshotVersion.server()).append(" — social listening server\n\n")
                .append("Usage: earshot-server [--config earshot.yaml]\n\n")
                .append("Settings (earshot.yaml key, environment variable, default):\n");
        for (ConfigKey<?> key : ServerSettings.SPEC.keys()) {
            Object def = key.defaultValue() == null ? "" : key.toRaw(key.defaultValue());
            sb.append(String.format("  %-34s %-44s %s%n", key.name(), ServerSettings.envName(key.name()), def));
        }
        return sb.toString();
    }

    private static void fail(String message) {
        System.err.println("earshot: " + message);
        System.exit(2);
    }
}
