package io.earshot.server.http;

import io.earshot.server.config.Workspace;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Decides whether a request may reach a route: resolves who is calling (session, API token) and
 * checks the route's {@link HttpApi.Access} against their roles in the route's workspace. On
 * success it calls {@code ctx.next()}; otherwise it fails the context with the right error (401
 * when nobody is signed in, 404 for a workspace the caller may not see, 403 for too weak a role).
 */
public interface AccessGuard {

    void handle(RoutingContext ctx, HttpApi.Access access);

    /** The workspaces the caller may see, out of all of them. */
    List<Workspace> visibleWorkspaces(RoutingContext ctx, List<Workspace> all);

    /** Lets everything through: for a server without authentication (tests of other concerns, tools). */
    AccessGuard OPEN = new AccessGuard() {
        @Override
        public void handle(RoutingContext ctx, HttpApi.Access access) {
            ctx.next();
        }

        @Override
        public List<Workspace> visibleWorkspaces(RoutingContext ctx, List<Workspace> all) {
            return all;
        }
    };
}
