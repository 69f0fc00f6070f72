package io.earshot.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.earshot.server.EarshotServer;
import io.earshot.server.config.ServerSettings;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.time.Clock;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the router describe the same API. */
class OpenApiAgreementTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    @Test
    void every_route_is_documented_and_every_documented_operation_exists() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EarshotServer server = new EarshotServer(ServerSettings.SPEC.defaults(), null, Clock.systemUTC());
            Set<String> routes = new TreeSet<>();
            for (String signature : HttpApi.routeSignatures(new HttpApi(vertx, server, 1024, AccessGuard.OPEN).router())) {
                routes.add(signature.replaceAll(":([a-z]+)", "{$1}"));
            }

            Set<String> documented = new TreeSet<>();
            JsonNode doc;
            try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.yaml")) {
                doc = new ObjectMapper(new YAMLFactory()).readTree(in);
            }
            for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
                String path = paths.next();
                for (Iterator<String> ops = doc.path("paths").path(path).fieldNames(); ops.hasNext(); ) {
                    String op = ops.next();
                    if (METHODS.contains(op)) {
                        documented.add(op.toUpperCase() + " " + path);
                    }
                }
            }
            assertThat(routes).isNotEmpty().containsExactlyInAnyOrderElementsOf(documented);
            assertThat(doc.path("openapi").asText()).startsWith("3.");
        } finally {
            vertx.close();
        }
    }
}
