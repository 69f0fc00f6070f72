package io.earshot.server.http;

import io.earshot.server.Json;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON responses with the API mapper. */
final class ApiResponses {

    private ApiResponses() {
    }

    static Future<Void> json(RoutingContext ctx, int status, Object body) {
        return ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Json.api(body));
    }

    static Future<Void> problem(RoutingContext ctx, Problem problem) {
        return ctx.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.CONTENT_TYPE)
                .end(Json.api(problem));
    }
}
