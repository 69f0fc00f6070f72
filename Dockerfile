# Earshot server with its plugins. Elasticsearch runs in its own container (see docker-compose.yml).
#   docker build -t earshot .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/earshot earshot
COPY --from=build --chown=earshot /src/server/target/earshot/lib /opt/earshot/lib
COPY --from=build --chown=earshot /src/server/target/earshot/plugins /opt/earshot/plugins
ENV EARSHOT_HTTP_HOST=0.0.0.0 \
    EARSHOT_DATA_DIR=/var/lib/earshot \
    EARSHOT_JAVA_OPTS="-Xmx1g -XX:+UseG1GC"
USER earshot
WORKDIR /var/lib/earshot
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD curl -fs http://127.0.0.1:8080/health | grep -qE '"status":"(UP|DEGRADED)"' || exit 1
ENTRYPOINT ["sh", "-c", "exec java $EARSHOT_JAVA_OPTS -Dearshot.home=/opt/earshot -cp '/opt/earshot/lib/*' io.earshot.server.Main \"$@\"", "--"]
