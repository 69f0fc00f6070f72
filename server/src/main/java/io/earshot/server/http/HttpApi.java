package io.earshot.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.earshot.api.config.ConfigKey;
import io.earshot.api.config.Durations;
import io.earshot.api.config.FieldError;
import io.earshot.server.ConflictException;
import io.earshot.server.EarshotServer;
import io.earshot.server.EarshotVersion;
import io.earshot.server.InvalidRequestException;
import io.earshot.server.Json;
import io.earshot.server.NotFoundException;
import io.earshot.server.ServerState;
import io.earshot.server.UnavailableException;
import io.earshot.server.config.Workspace;
import io.earshot.server.ingest.SourceManager;
import io.earshot.server.plugin.LoadedSource;
import io.earshot.server.plugin.PluginStatus;
import io.earshot.server.store.ClusterState;
import io.earshot.server.store.MentionFilter;
import io.earshot.server.store.MentionQuery;
import io.earshot.server.store.MentionStats;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: builds the router and holds the handlers. Handlers run on the event loop and never
 * block it: Elasticsearch reads are asynchronous, and operations that block (config writes,
 * starting and stopping sources) run on worker threads. Every failure becomes an
 * {@code application/problem+json} response in one place ({@link #failure}).
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String WS = "/api/v1/workspaces/:ws";
    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\w+))?");

    private final Vertx vertx;
    private final EarshotServer server;
    private final long maxBodyBytes;
    private final AccessGuard guard;

    public HttpApi(Vertx vertx, EarshotServer server, long maxBodyBytes, AccessGuard guard) {
        this.vertx = vertx;
        this.server = server;
        this.maxBodyBytes = maxBodyBytes;
        this.guard = guard;
    }

    /** Who may call a route. The {@link AccessGuard} enforces it; the security tests enumerate it. */
    public enum Access {
        /** Anyone, signed in or not ({@code /health}). */
        PUBLIC,
        /** Any signed-in user or API token. */
        AUTHENTICATED,
        /** Server administrators only (users, workspaces). */
        SUPERUSER,
        /** Members of the route's workspace with at least the viewer role. */
        WORKSPACE_VIEWER,
        /** ... at least the editor role. */
        WORKSPACE_EDITOR,
        /** ... the admin role. */
        WORKSPACE_ADMIN
    }

    /** One route of the API and who may call it. */
    public record RouteSpec(HttpMethod method, String path, Access access) {
    }

    private final List<RouteSpec> routes = new ArrayList<>();

    /** Every route registered by {@link #router()}, with its access level. */
    public List<RouteSpec> routes() {
        return List.copyOf(routes);
    }

    private void route(Router router, HttpMethod method, String path, Access access, Handler<RoutingContext> handler) {
        routes.add(new RouteSpec(method, path, access));
        router.route(method, path).handler(ctx -> guard.handle(ctx, access)).handler(handler);
    }

    public Router router() {
        routes.clear();
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        route(router, HttpMethod.GET, "/health", Access.PUBLIC, this::health);
        route(router, HttpMethod.GET, "/metrics", Access.AUTHENTICATED, this::metrics);
        route(router, HttpMethod.GET, "/api/v1/openapi.yaml", Access.AUTHENTICATED, this::openApi);
        router.route("/api/*").handler(this::requireReady);

        route(router, HttpMethod.GET, "/api/v1/source-types", Access.AUTHENTICATED, ctx -> json(ctx, 200, sourceTypes()));
        route(router, HttpMethod.GET, "/api/v1/source-types/:type", Access.AUTHENTICATED,
                ctx -> json(ctx, 200, sourceType(ctx.pathParam("type"))));
        route(router, HttpMethod.POST, "/api/v1/source-types/:type/validate", Access.AUTHENTICATED, this::validateSource);
        route(router, HttpMethod.GET, "/api/v1/plugins", Access.AUTHENTICATED,
                ctx -> json(ctx, 200, Map.of("items", server.plugins().plugins())));

        route(router, HttpMethod.GET, "/api/v1/workspaces", Access.AUTHENTICATED,
                ctx -> json(ctx, 200, Map.of("items", guard.visibleWorkspaces(ctx, server.workspaces().list()))));
        route(router, HttpMethod.POST, "/api/v1/workspaces", Access.SUPERUSER, this::createWorkspace);
        route(router, HttpMethod.GET, WS, Access.WORKSPACE_VIEWER, ctx -> json(ctx, 200, workspace(ctx)));
        route(router, HttpMethod.DELETE, WS, Access.SUPERUSER, this::deleteWorkspace);

        route(router, HttpMethod.GET, WS + "/sources", Access.WORKSPACE_VIEWER,
                ctx -> json(ctx, 200, Map.of("items", server.sources().list(workspace(ctx).id()))));
        route(router, HttpMethod.POST, WS + "/sources", Access.WORKSPACE_EDITOR, this::createSource);
        route(router, HttpMethod.GET, WS + "/sources/:id", Access.WORKSPACE_VIEWER,
                ctx -> json(ctx, 200, server.sources().get(workspace(ctx).id(), ctx.pathParam("id"))));
        route(router, HttpMethod.PUT, WS + "/sources/:id", Access.WORKSPACE_EDITOR, this::updateSource);
        route(router, HttpMethod.DELETE, WS + "/sources/:id", Access.WORKSPACE_EDITOR, this::deleteSource);
        route(router, HttpMethod.POST, WS + "/sources/:id/poll", Access.WORKSPACE_EDITOR, ctx -> json(ctx, 202,
                server.sources().pollNow(workspace(ctx).id(), ctx.pathParam("id"))));
        route(router, HttpMethod.POST, WS + "/sources/:id/pause", Access.WORKSPACE_EDITOR, ctx -> blocking(ctx, 200,
                () -> server.sources().pause(workspace(ctx).id(), ctx.pathParam("id"))));
        route(router, HttpMethod.POST, WS + "/sources/:id/resume", Access.WORKSPACE_EDITOR, ctx -> blocking(ctx, 200,
                () -> server.sources().resume(workspace(ctx).id(), ctx.pathParam("id"))));

        route(router, HttpMethod.GET, WS + "/mentions", Access.WORKSPACE_VIEWER, this::searchMentions);
        route(router, HttpMethod.GET, WS + "/mentions/:id", Access.WORKSPACE_VIEWER, this::getMention);
        for (String kind : List.of("volume", "sentiment", "share-of-voice", "trending-terms", "top-authors", "top-domains",
                "languages", "sources", "platforms")) {
            route(router, HttpMethod.GET, WS + "/analytics/" + kind, Access.WORKSPACE_VIEWER, ctx -> analytics(ctx, kind));
        }

        router.route("/api/*").handler(ctx -> guard.handle(ctx, Access.AUTHENTICATED)).handler(ctx -> ctx.fail(
                new NotFoundException("no API route " + ctx.request().method() + " " + ctx.request().path()
                        + "; see /api/v1/openapi.yaml")));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        return router;
    }

    // ---- health and metrics ----

    private void health(RoutingContext ctx) {
        ServerState state = server.state();
        ClusterState cluster = server.monitor() == null ? null : server.monitor().state();
        Map<String, Object> body = new LinkedHashMap<>();
        String status;
        int code = 200;
        if (state.phase() == ServerState.Phase.STARTING || state.phase() == ServerState.Phase.STOPPING) {
            status = state.phase().name();
            code = 503;
        } else if (state.phase() == ServerState.Phase.FAILED) {
            status = "DOWN";
            code = 503;
        } else if (cluster == null || !cluster.isUp()) {
            status = "DEGRADED";
        } else if (server.plugins().plugins().stream().anyMatch(PluginStatus::failed)) {
            status = "DEGRADED";
        } else {
            status = "UP";
        }
        body.put("status", status);
        if (state.message() != null) {
            body.put("message", state.message());
        }
        body.put("version", EarshotVersion.server());
        body.put("startedAt", server.startedAt());
        body.put("uptimeSeconds", Duration.between(server.startedAt(), Instant.now()).toSeconds());
        Map<String, Object> es = new LinkedHashMap<>();
        es.put("status", cluster == null ? "UNKNOWN" : cluster.status().name());
        if (cluster != null) {
            es.put("health", cluster.health());
            es.put("message", cluster.message());
            es.put("since", cluster.since());
        }
        if (server.connection() != null) {
            es.put("url", server.connection().url().toString());
            es.put("embedded", server.connection().embedded());
        }
        body.put("elasticsearch", es);
        if (server.plugins() != null) {
            List<PluginStatus> plugins = server.plugins().plugins();
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("loaded", plugins.stream().filter(s -> !s.failed()).count());
            p.put("failed", plugins.stream().filter(PluginStatus::failed).count());
            p.put("sourceTypes", server.plugins().sources().keySet());
            p.put("errors", plugins.stream().filter(PluginStatus::failed).map(s -> s.id() + ": " + s.error()).toList());
            body.put("plugins", p);
        }
        if (server.sources() != null) {
            body.put("sources", server.sources().summary());
        }
        if (server.sink() != null) {
            Map<String, Object> ingest = new LinkedHashMap<>();
            ingest.put("queued", server.sink().pending());
            ingest.put("capacity", server.sink().capacity());
            ingest.put("mentionsPerSecond", Math.round(server.metrics().ingestRatePerSecond() * 10) / 10.0);
            body.put("ingest", ingest);
        }
        json(ctx, code, body);
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(server.metrics().scrape());
    }

    private void openApi(RoutingContext ctx) {
        try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                ctx.fail(new NotFoundException("no OpenAPI document in this build"));
                return;
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${version}", EarshotVersion.server());
            ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(yaml);
        } catch (IOException e) {
            ctx.fail(e);
        }
    }

    private void requireReady(RoutingContext ctx) {
        ServerState state = server.state();
        if (state.phase() != ServerState.Phase.READY) {
            ApiResponses.problem(ctx, Problem.of(503, "not-ready", "Earshot is not ready",
                    state.phase() == ServerState.Phase.FAILED ? "Earshot failed to start: " + state.message()
                            : "Earshot is " + state.phase().name().toLowerCase(java.util.Locale.ROOT) + ": "
                            + state.message() + ". Try again in a few seconds.",
                    ctx.request().path()));
            return;
        }
        ctx.next();
    }

    // ---- source types ----

    private List<Map<String, Object>> sourceTypes() {
        return server.plugins().sources().values().stream().map(HttpApi::describe).toList();
    }

    private Map<String, Object> sourceType(String type) {
        LoadedSource s = server.plugins().source(type)
                .orElseThrow(() -> new NotFoundException("no source type '" + type + "' is installed"));
        return describe(s);
    }

    static Map<String, Object> describe(LoadedSource s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", s.type());
        out.put("name", s.descriptor().name());
        out.put("description", s.descriptor().description());
        out.put("plugin", s.pluginId());
        out.put("version", s.pluginVersion());
        out.put("defaultPollInterval", Durations.format(s.descriptor().defaultPollInterval()));
        out.put("minPollInterval", Durations.format(s.descriptor().minPollInterval()));
        List<Map<String, Object>> keys = new ArrayList<>();
        for (ConfigKey<?> key : s.source().configSpec().keys()) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("name", key.name());
            k.put("type", key.type().name().toLowerCase(java.util.Locale.ROOT));
            k.put("displayName", key.displayName());
            k.put("doc", key.doc());
            k.put("required", key.required() && key.defaultValue() == null);
            if (key.defaultValue() != null) {
                k.put("default", key.toRaw(key.defaultValue()));
            }
            if (!key.allowedValues().isEmpty()) {
                k.put("allowedValues", key.allowedValues());
            }
            if (key.group() != null) {
                k.put("group", key.group());
            }
            if (key.example() != null) {
                k.put("example", key.example());
            }
            k.put("secret", key.isSecret());
            keys.add(k);
        }
        out.put("config", keys);
        return out;
    }

    private void validateSource(RoutingContext ctx) {
        SourceManager.SourceRequest request = body(ctx, SourceManager.SourceRequest.class);
        String type = ctx.pathParam("type");
        if (server.plugins().source(type).isEmpty()) {
            throw new NotFoundException("no source type '" + type + "' is installed");
        }
        SourceManager.SourceRequest withType = new SourceManager.SourceRequest(type,
                request.name() == null ? "(validation)" : request.name(), request.config(), request.pollInterval(),
                request.paused());
        List<FieldError> errors = server.sources().check(type, withType);
        json(ctx, 200, Map.of("valid", errors.isEmpty(), "errors", errors));
    }

    // ---- workspaces ----

    /** A workspace creation request. */
    public record WorkspaceRequest(String id, String name) {
    }

    private Workspace workspace(RoutingContext ctx) {
        return server.workspaces().require(ctx.pathParam("ws"));
    }

    private void createWorkspace(RoutingContext ctx) {
        WorkspaceRequest request = body(ctx, WorkspaceRequest.class);
        blocking(ctx, 201, () -> {
            Workspace ws = server.workspaces().create(request.id(), request.name());
            ctx.response().putHeader("Location", "/api/v1/workspaces/" + ws.id());
            return ws;
        });
    }

    private void deleteWorkspace(RoutingContext ctx) {
        String id = ctx.pathParam("ws");
        blocking(ctx, 204, () -> {
            server.workspaces().delete(id, server.sources()::hasSources);
            return null;
        });
    }

    // ---- sources ----

    private void createSource(RoutingContext ctx) {
        String ws = workspace(ctx).id();
        SourceManager.SourceRequest request = body(ctx, SourceManager.SourceRequest.class);
        blocking(ctx, 201, () -> {
            SourceManager.SourceView view = server.sources().create(ws, request);
            ctx.response().putHeader("Location", "/api/v1/workspaces/" + ws + "/sources/" + view.id());
            return view;
        });
    }

    private void updateSource(RoutingContext ctx) {
        String ws = workspace(ctx).id();
        String id = ctx.pathParam("id");
        SourceManager.SourceRequest request = body(ctx, SourceManager.SourceRequest.class);
        blocking(ctx, 200, () -> server.sources().update(ws, id, request));
    }

    private void deleteSource(RoutingContext ctx) {
        String ws = workspace(ctx).id();
        String id = ctx.pathParam("id");
        blocking(ctx, 204, () -> {
            server.sources().delete(ws, id);
            return null;
        });
    }

    // ---- mentions ----

    private void searchMentions(RoutingContext ctx) {
        String ws = workspace(ctx).id();
        MultiMap params = ctx.queryParams();
        List<FieldError> errors = new ArrayList<>();
        MentionFilter filter = filter(ws, params, Set.of("size", "cursor"), errors);
        int size = intParam(params, "size", 50, 1, MentionQuery.MAX_SIZE, errors);
        failIfAny(errors);
        MentionQuery query = new MentionQuery(filter, size, blankToNull(params.get("cursor")));
        respond(ctx, server.search().search(query));
    }

    // ---- analytics ----

    private void analytics(RoutingContext ctx, String kind) {
        String ws = workspace(ctx).id();
        MultiMap params = ctx.queryParams();
        List<FieldError> errors = new ArrayList<>();
        Set<String> extra = switch (kind) {
            case "volume" -> Set.of("split", "splitSize");
            case "share-of-voice" -> Set.of();
            case "trending-terms" -> Set.of("window", "baseline", "size");
            case "top-authors" -> Set.of("by", "size");
            case "top-domains", "languages", "sources", "platforms" -> Set.of("size");
            case "sentiment" -> Set.of();
            default -> throw new IllegalArgumentException(kind);
        };
        MentionFilter filter = filter(ws, params, extra, errors);
        var stats = server.stats();
        CompletionStage<?> result = switch (kind) {
            case "volume" -> {
                MentionStats.Split split = enumParam(params, "split", MentionStats.Split.NONE, MentionStats.Split.class, errors);
                int splitSize = intParam(params, "splitSize", 10, 1, 100, errors);
                failIfAny(errors);
                yield stats.volume(filter, split, splitSize);
            }
            case "sentiment" -> {
                failIfAny(errors);
                yield stats.sentiment(filter);
            }
            case "share-of-voice" -> {
                failIfAny(errors);
                yield stats.shareOfVoice(filter.withoutTopics(), filter.topics());
            }
            case "trending-terms" -> {
                Duration window = durationParam(params, "window", Duration.ofHours(24), errors);
                Duration baseline = durationParam(params, "baseline", window.multipliedBy(7), errors);
                int size = intParam(params, "size", 20, 1, 100, errors);
                failIfAny(errors);
                yield stats.trending(filter, window, baseline, size);
            }
            case "top-authors" -> {
                MentionStats.AuthorRank by = enumParam(params, "by", MentionStats.AuthorRank.MENTIONS,
                        MentionStats.AuthorRank.class, errors);
                int size = intParam(params, "size", 20, 1, 200, errors);
                failIfAny(errors);
                yield stats.topAuthors(filter, by, size);
            }
            default -> {
                int size = intParam(params, "size", 20, 1, 200, errors);
                failIfAny(errors);
                String field = switch (kind) {
                    case "top-domains" -> "domains";
                    case "languages" -> "lang";
                    case "sources" -> "sourceId";
                    default -> "platform";
                };
                yield stats.top(filter, field, kind, size);
            }
        };
        respond(ctx, result);
    }

    private static final Set<String> FILTER_PARAMS = Set.of("q", "from", "to", "source", "platform", "lang", "author",
            "topic", "duplicates");

    /** The filter every mention read and analytics shares; unknown parameters are errors. */
    private static MentionFilter filter(String ws, MultiMap params, Set<String> extra, List<FieldError> errors) {
        for (String name : params.names()) {
            if (!FILTER_PARAMS.contains(name) && !extra.contains(name)) {
                java.util.TreeSet<String> known = new java.util.TreeSet<>(FILTER_PARAMS);
                known.addAll(extra);
                errors.add(new FieldError(name, "unknown parameter; known: " + String.join(", ", known)));
            }
        }
        Instant from = instant(params.get("from"), "from", errors);
        Instant to = instant(params.get("to"), "to", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        String q = params.get("q");
        if (q != null && q.length() > 2000) {
            errors.add(new FieldError("q", "must have at most 2000 characters"));
        }
        boolean duplicates = true;
        String dup = params.get("duplicates");
        if (dup != null) {
            switch (dup.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "include", "true", "yes" -> duplicates = true;
                case "exclude", "false", "no" -> duplicates = false;
                default -> errors.add(new FieldError("duplicates", "must be include or exclude"));
            }
        }
        return new MentionFilter(ws, q, from, to, list(params, "source"), list(params, "platform"), list(params, "lang"),
                list(params, "author"), list(params, "topic"), duplicates);
    }

    private static int intParam(MultiMap params, String name, int def, int min, int max, List<FieldError> errors) {
        String v = params.get(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                errors.add(new FieldError(name, "must be between " + min + " and " + max));
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be a whole number"));
            return def;
        }
    }

    private static Duration durationParam(MultiMap params, String name, Duration def, List<FieldError> errors) {
        String v = params.get(name);
        if (v == null) {
            return def;
        }
        try {
            Duration d = Durations.parse(v);
            if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(366)) > 0) {
                errors.add(new FieldError(name, "must be between 1m and 366d"));
            }
            return d;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, e.getMessage()));
            return def;
        }
    }

    private static <E extends Enum<E>> E enumParam(MultiMap params, String name, E def, Class<E> type,
                                                   List<FieldError> errors) {
        String v = params.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()));
            return def;
        }
    }

    private static void failIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors.size() + " invalid query parameter(s)", errors);
        }
    }

    private void respond(RoutingContext ctx, CompletionStage<?> result) {
        fromStage(result).onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
    }

    private void getMention(RoutingContext ctx) {
        String ws = workspace(ctx).id();
        String id = ctx.pathParam("id");
        fromStage(server.search().get(ws, id))
                .onSuccess(m -> {
                    if (m.isEmpty()) {
                        ctx.fail(new NotFoundException("no mention '" + id + "' in workspace '" + ws + "'"));
                    } else {
                        json(ctx, 200, m.get());
                    }
                })
                .onFailure(ctx::fail);
    }

    private static List<String> list(MultiMap params, String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getAll(name)) {
            Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    /** ISO-8601 instant ("2026-11-01T10:00:00Z"), date ("2026-11-01", UTC), or "now-24h". */
    static Instant instant(String value, String field, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        Matcher m = RELATIVE.matcher(v);
        try {
            if (m.matches()) {
                return m.group(1) == null ? Instant.now() : Instant.now().minus(Durations.parse(m.group(1)));
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 time (2026-11-01T10:00:00Z), a date (2026-11-01) "
                    + "or relative (now-24h), not '" + value + "'"));
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---- plumbing ----

    private <T> T body(RoutingContext ctx, Class<T> type) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw new InvalidRequestException("body", "a JSON body is required");
        }
        try {
            return Json.API.readValue(ctx.body().buffer().getBytes(), type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(e.getPropertyName(), "unknown field; known fields are "
                    + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new InvalidRequestException("body", "is not valid JSON for this request" + where + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("body", "could not be read: " + e.getMessage());
        }
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ApiResponses.json(ctx, status, body);
    }

    private void blocking(RoutingContext ctx, int status, Callable<Object> work) {
        vertx.executeBlocking(work, false)
                .onSuccess(result -> {
                    if (status == 204 || result == null) {
                        ctx.response().setStatusCode(status == 200 && result == null ? 204 : status).end();
                    } else {
                        json(ctx, status, result);
                    }
                })
                .onFailure(ctx::fail);
    }

    private <T> Future<T> fromStage(CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
    }

    private void failure(RoutingContext ctx) {
        Throwable error = ctx.failure();
        String path = ctx.request().path();
        Problem problem;
        if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof InvalidRequestException e) {
            problem = new Problem("urn:earshot:problem:invalid-request", "Invalid request", 400, e.getMessage(), path,
                    e.errors());
        } else if (error instanceof NotFoundException e) {
            problem = Problem.of(404, "not-found", "Not found", e.getMessage(), path);
        } else if (error instanceof ConflictException e) {
            problem = Problem.of(409, "conflict", "Conflict", e.getMessage(), path);
        } else if (error instanceof UnavailableException e) {
            problem = Problem.of(503, "unavailable", "Service unavailable", e.getMessage(), path);
        } else if (isElasticsearchDown(error)) {
            server.monitor().suspect();
            problem = Problem.of(503, "elasticsearch-unavailable", "Elasticsearch is unavailable",
                    "Elasticsearch did not answer; try again when /health shows it is up.", path);
        } else if (error == null) {
            int code = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            problem = switch (code) {
                case 413 -> Problem.of(413, "too-large", "Request body too large",
                        "the body is larger than the " + maxBodyBytes + " byte limit (http.maxBodyBytes)", path);
                case 404 -> Problem.of(404, "not-found", "Not found", "nothing at " + path, path);
                case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed",
                        ctx.request().method() + " is not allowed on " + path, path);
                default -> Problem.of(code, "http-" + code, "HTTP " + code, null, path);
            };
        } else {
            log.error("Unexpected error on {} {}", ctx.request().method(), path, error);
            problem = Problem.of(500, "internal", "Internal error",
                    "an unexpected error occurred; the server log has the details", path);
        }
        if (ctx.response().ended()) {
            return;
        }
        ApiResponses.problem(ctx, problem);
    }

    private static boolean isElasticsearchDown(Throwable error) {
        Throwable t = error;
        while (t != null) {
            if (t instanceof java.net.ConnectException || t instanceof org.apache.http.ConnectionClosedException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException es
                    && (es.status() == 503 || es.status() == 429)) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    /** Methods and paths of every API route, for the OpenAPI agreement test. */
    public static List<String> routeSignatures(Router router) {
        List<String> out = new ArrayList<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            String path = r.getPath();
            if (path == null || r.methods() == null || r.methods().isEmpty()) {
                continue;
            }
            for (HttpMethod m : r.methods()) {
                out.add(m.name() + " " + path);
            }
        }
        return out;
    }
}
