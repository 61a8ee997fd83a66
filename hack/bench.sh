#!/usr/bin/env bash
# Runs one benchmark suite in release mode: hack/bench.sh SUITE [ARGS...] (e.g. hack/bench.sh operator --crs 10000).
# Each figure is one line, `name value unit`; see docs/benchmarks.md for the suites and recorded figures.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product aifleet-bench >&2
# The operator and kubesim suites run the aifleet binary itself (KubeSim in its own process).
if [ "${1:-}" = operator ] || [ "${1:-}" = kubesim ]; then swift build -c release --product aifleet >&2; fi
exec .build/release/aifleet-bench "$@"
