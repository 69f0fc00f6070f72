#!/usr/bin/env bash
# End-to-end ingest benchmark (see IngestBenchmark): bench/run-ingest-benchmark.sh [--mentions 200000] [--rounds 3] [--raw-clients 1]
exec "$(dirname "${BASH_SOURCE[0]}")/run-benchmark.sh" io.earshot.bench.IngestBenchmark "$@"
