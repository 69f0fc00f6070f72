package io.earshot.server.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch that the server starts when no external cluster is configured.
 *
 * <p>It runs the integ-test distribution unpacked by the build, with the server's own Java as
 * {@code ES_JAVA_HOME}, bound to 127.0.0.1, with its configuration, data and logs under
 * {@code <data dir>/elasticsearch}. Elasticsearch refuses to run as root; when the server is root,
 * the node runs as an unprivileged system user (created if missing) that owns that directory.
 *
 * <p>If the server died without stopping the node (kill -9), the next start finds the node through
 * its pid file: it adopts it when it answers, and otherwise stops it before starting a new one, so
 * the data directory is never locked by an orphan.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    /** Where the node's config, data, logs and pid file live (the data directory, or a reachable fallback). */
    private volatile Path base;
    /** The distribution the node runs from (the build's, or a copy the node's user can read). */
    private volatile Path distribution;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile long pid = -1;
    private volatile int port;
    private volatile Process launcher;

    /**
     * @param distribution the unpacked Elasticsearch distribution (has {@code bin/elasticsearch})
     * @param dataDir      the server's data directory; the node lives in {@code <dataDir>/elasticsearch}
     * @param port         HTTP port, or 0 for the first free port from 9200
     * @param heap         heap size, e.g. {@code 1g}
     * @param user         the system user to run as when the server is root
     * @param javaHome     the JDK to run it with (21+)
     */
    public record Settings(Path distribution, Path dataDir, int port, String heap, String user, Path javaHome) {
    }

    public EmbeddedElasticsearch(Settings settings) {
        this.settings = settings;
        this.base = settings.dataDir().resolve("elasticsearch").toAbsolutePath().normalize();
        this.distribution = settings.distribution();
    }

    /** The node's HTTP URL, once started. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The directory holding the node's data, logs and configuration. */
    public Path directory() {
        return base;
    }

    /** Whether the node's process is alive. */
    public boolean isRunning() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Starts the node (or adopts a node left running by a previous server process) and waits until
     * it answers with a usable cluster state. Blocking: call it from a worker thread.
     */
    public URI start() throws IOException, InterruptedException {
        if (!Files.isRegularFile(settings.distribution().resolve("bin/elasticsearch"))) {
            throw new IOException("no Elasticsearch distribution at " + settings.distribution()
                    + " (expected bin/elasticsearch). Build the server with `mvn -B package -DskipTests`, or set "
                    + "elasticsearch.url to use an existing cluster.");
        }
        boolean root = isRoot();
        resolveLayout(root);
        if (adoptOrphan()) {
            return url();
        }
        port = settings.port() > 0 ? settings.port() : freePort(9200);
        Path config = prepareConfig();
        Path tmp = Files.createDirectories(base.resolve("tmp"));
        Files.createDirectories(base.resolve("data"));
        Files.createDirectories(base.resolve("logs"));
        Files.deleteIfExists(pidFile());

        List<String> command = new ArrayList<>();
        if (root) {
            chown(settings.user(), base);
            command.addAll(List.of("runuser", "-u", settings.user(), "--"));
        }
        command.add(distribution.resolve("bin/elasticsearch").toString());
        command.addAll(List.of("-p", pidFile().toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.log").toFile()));
        pb.environment().put("ES_JAVA_HOME", settings.javaHome().toString());
        pb.environment().put("ES_PATH_CONF", config.toString());
        pb.environment().put("ES_TMPDIR", tmp.toString());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("ES_JAVA_OPTS");
        log.info("Starting the embedded Elasticsearch {} on 127.0.0.1:{} (data in {}{})", version(), port, base,
                root ? ", running as user " + settings.user() : "");
        long started = System.nanoTime();
        launcher = pb.start();
        writeState();
        awaitReady(started);
        log.info("Embedded Elasticsearch is up after {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
        return url();
    }

    /** Stops the node and waits for it to exit. Safe to call more than once. */
    @Override
    public void close() {
        long p = pid > 0 ? pid : readPid().orElse(-1L);
        if (p <= 0 && launcher == null) {
            return;
        }
        Optional<ProcessHandle> handle = p > 0 ? ProcessHandle.of(p) : Optional.empty();
        handle.ifPresent(ProcessHandle::destroy);
        if (launcher != null) {
            launcher.destroy();
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (handle.map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (handle.map(ProcessHandle::isAlive).orElse(false)) {
            log.warn("Embedded Elasticsearch did not stop within {}s; killing it", STOP_TIMEOUT.toSeconds());
            handle.get().destroyForcibly();
        }
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        pid = -1;
        launcher = null;
        log.info("Embedded Elasticsearch stopped");
    }

    private boolean adoptOrphan() throws IOException, InterruptedException {
        Optional<Long> old = readPid();
        if (old.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(old.get());
        if (handle.isEmpty() || !handle.get().isAlive() || !isElasticsearch(handle.get())) {
            Files.deleteIfExists(pidFile());
            return false;
        }
        Properties state = readState();
        int oldPort = Integer.parseInt(state.getProperty("port", "0"));
        if (oldPort > 0 && (settings.port() == 0 || settings.port() == oldPort) && answers(oldPort)) {
            port = oldPort;
            pid = old.get();
            log.info("Adopted the embedded Elasticsearch left running by a previous start (pid {}, port {})", pid, port);
            return true;
        }
        log.warn("Stopping an unresponsive embedded Elasticsearch left by a previous start (pid {})", old.get());
        handle.get().destroy();
        try {
            handle.get().onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.get().destroyForcibly();
        }
        return false;
    }

    private static boolean isElasticsearch(ProcessHandle handle) {
        String cmd = handle.info().commandLine().orElse("");
        return cmd.isEmpty() || cmd.contains("org.elasticsearch") || cmd.contains("elasticsearch");
    }

    private void awaitReady(long startedNanos) throws IOException, InterruptedException {
        long deadline = startedNanos + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (pid <= 0) {
                readPid().ifPresent(p -> pid = p);
            }
            if (answers(port)) {
                if (pid <= 0) {
                    readPid().ifPresent(p -> pid = p);
                }
                return;
            }
            if (launcher != null && !launcher.isAlive() && !isRunning()) {
                throw new IOException("the embedded Elasticsearch exited during start-up (exit code "
                        + launcher.exitValue() + "). Last lines of " + base.resolve("logs/console.log") + ":\n"
                        + tail(base.resolve("logs/console.log"), 25));
            }
            Thread.sleep(250);
        }
        close();
        throw new IOException("the embedded Elasticsearch did not answer within " + START_TIMEOUT.toSeconds()
                + "s. Last lines of its log:\n" + tail(base.resolve("logs/console.log"), 25));
    }

    private boolean answers(int p) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p
                            + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.headers().firstValue("X-elastic-product").isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    private Path prepareConfig() throws IOException {
        Path config = base.resolve("config");
        if (!Files.isDirectory(config)) {
            copyTree(distribution.resolve("config"), config);
        }
        String yml = """
                # Written by Earshot at every start; edits are overwritten.
                cluster.name: earshot-embedded
                node.name: earshot-embedded
                path.data: %s
                path.logs: %s
                network.host: 127.0.0.1
                http.port: %d
                transport.port: 9300-9399
                discovery.type: single-node
                xpack.security.enabled: false
                action.destructive_requires_name: true
                # A small local node: do not turn indices read-only when the disk fills up.
                cluster.routing.allocation.disk.threshold_enabled: false
                """.formatted(base.resolve("data"), base.resolve("logs"), port);
        Files.writeString(config.resolve("elasticsearch.yml"), yml, StandardCharsets.UTF_8);
        Path opts = Files.createDirectories(config.resolve("jvm.options.d"));
        Files.writeString(opts.resolve("earshot.options"),
                "-Xms" + settings.heap() + "\n-Xmx" + settings.heap() + "\n", StandardCharsets.UTF_8);
        return config;
    }

    private void writeState() throws IOException {
        Properties p = new Properties();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("version", version());
        try (var out = Files.newBufferedWriter(stateFile())) {
            p.store(out, "embedded Elasticsearch started by Earshot");
        }
    }

    private Properties readState() {
        Properties p = new Properties();
        if (Files.isRegularFile(stateFile())) {
            try (var in = Files.newBufferedReader(stateFile())) {
                p.load(in);
            } catch (IOException e) {
                // treat as absent
            }
        }
        return p;
    }

    private Optional<Long> readPid() {
        try {
            if (Files.isRegularFile(pidFile())) {
                String s = Files.readString(pidFile()).strip();
                if (!s.isEmpty()) {
                    return Optional.of(Long.parseLong(s));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no usable pid file
        }
        return Optional.empty();
    }

    private Path pidFile() {
        return base.resolve("elasticsearch.pid");
    }

    private Path stateFile() {
        return base.resolve("earshot-embedded.properties");
    }

    /**
     * Decides where the node lives. Normally {@code <data dir>/elasticsearch}. As root the node runs
     * as an unprivileged user, who may be unable to reach that directory or the distribution (a
     * checkout under /root, a private temp dir): then the node lives in
     * {@code /var/lib/earshot-es/<hash of the data dir>} (with a copy of the distribution when
     * needed), and {@code <data dir>/elasticsearch} becomes a link to it.
     */
    private void resolveLayout(boolean root) throws IOException, InterruptedException {
        Path preferred = settings.dataDir().resolve("elasticsearch").toAbsolutePath().normalize();
        base = preferred;
        distribution = settings.distribution();
        if (!root) {
            Files.createDirectories(preferred);
            return;
        }
        String user = settings.user();
        ensureUser(user);
        if (Files.isSymbolicLink(preferred)) {
            base = preferred.toRealPath();
        } else {
            Files.createDirectories(preferred);
        }
        chown(user, base);
        boolean baseOk = canUse(user, base, true);
        boolean distOk = canUse(user, distribution.resolve("bin"), false) && canUse(user, distribution.resolve("lib"), false);
        if (baseOk && distOk) {
            return;
        }
        Path fallback = Path.of("/var/lib/earshot-es", sha1(preferred.toString()).substring(0, 12));
        Files.createDirectories(fallback);
        if (!distOk) {
            Path copy = fallback.resolve(distribution.getFileName());
            if (!Files.isRegularFile(copy.resolve("bin/elasticsearch"))) {
                log.info("User {} cannot read {}; copying the Elasticsearch distribution to {}", user, distribution, copy);
                copyTree(distribution, copy);
            }
            distribution = copy;
        }
        if (!baseOk) {
            Path node = fallback.resolve("node");
            Files.createDirectories(node);
            log.info("User {} cannot reach {} (a parent directory is private); the embedded Elasticsearch keeps its "
                    + "files in {} and {} links there", user, preferred, node, preferred);
            if (!Files.isSymbolicLink(preferred) && isEmptyDir(preferred)) {
                Files.delete(preferred);
                Files.createSymbolicLink(preferred, node);
            }
            base = node;
        }
        chown(user, fallback);
        if (!canUse(user, base, true) || !canUse(user, distribution.resolve("bin"), false)) {
            throw new IOException("user " + user + " cannot use " + base + " or " + distribution
                    + "; run Earshot as a normal user, or set data.dir to a directory " + user + " can reach");
        }
    }

    private static boolean canUse(String user, Path dir, boolean write) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--", "test", "-x", dir.toString(), "-a", "-r",
                dir.toString()));
        if (write) {
            cmd.addAll(List.of("-a", "-w", dir.toString()));
        }
        return run(cmd) == 0;
    }

    private static boolean isEmptyDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static String sha1(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String version() {
        String name = settings.distribution().getFileName() == null ? "" : settings.distribution().getFileName().toString();
        return name.startsWith("elasticsearch-") ? name.substring("elasticsearch-".length()) : name;
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void ensureUser(String user) throws IOException, InterruptedException {
        if (run(List.of("id", "-u", user)) == 0) {
            return;
        }
        log.info("Creating system user {} to run the embedded Elasticsearch (it refuses to run as root)", user);
        int rc = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user));
        if (rc != 0 && run(List.of("id", "-u", user)) != 0) {
            rc = run(List.of("adduser", "--system", "--no-create-home", "--disabled-login", user));
        }
        if (run(List.of("id", "-u", user)) != 0) {
            throw new IOException("Elasticsearch refuses to run as root and the system user '" + user
                    + "' could not be created (useradd exit code " + rc + "). Create it, or run Earshot as a normal user.");
        }
    }

    private static void chown(String user, Path dir) throws IOException, InterruptedException {
        int rc = run(List.of("chown", "-R", user + ":", dir.toString()));
        if (rc != 0) {
            throw new IOException("could not give " + dir + " to user " + user + " (chown exit code " + rc + ")");
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private static int freePort(int from) {
        for (int p = from; p < from + 100; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                return p;
            } catch (IOException e) {
                // taken, try the next
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }
}
