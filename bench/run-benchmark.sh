#!/usr/bin/env bash
# Runs one benchmark class of bench/ with a JDK 21+ after building: results go to docs/BENCHMARKS.md by hand.
#   bench/run-benchmark.sh io.earshot.bench.AnalyticsBenchmark [--mentions 1000000] ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
main="${1:?usage: bench/run-benchmark.sh <main class> [options]}"
shift
if command -v mvn >/dev/null 2>&1; then MVN=mvn; else MVN=./mvnw; fi
"$MVN" -B -q -DskipTests package
JAVA_HOME_21="$(bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^find_java()/,/^}/p;/^die()/p" ./earshot); find_java')"
exec "$JAVA_HOME_21/bin/java" -Xmx2g -XX:+UseG1GC -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$main" "$@"
