#!/usr/bin/env bash
# End-to-end ingest benchmark: Earshot (file source → pipeline → bulk) against raw _bulk requests
# into the same embedded Elasticsearch. Results go to docs/BENCHMARKS.md by hand.
#   bench/run-ingest-benchmark.sh [--mentions 200000] [--rounds 2] [--es-url URL] [--es-heap 2g]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if command -v mvn >/dev/null 2>&1; then MVN=mvn; else MVN=./mvnw; fi
"$MVN" -B -q -DskipTests package
JAVA_HOME_21="$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^find_java()/,/^}/p;/^die()/p" ./earshot); find_java')"
exec "$JAVA_HOME_21/bin/java" -Xmx2g -XX:+UseG1GC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  io.earshot.bench.IngestBenchmark "$@"
