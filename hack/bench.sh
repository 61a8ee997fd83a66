#!/usr/bin/env bash
# Runs one benchmark suite in release mode: hack/bench.sh SUITE [ARGS...] (e.g. hack/bench.sh operator --crs 10000).
# Each figure is one line, `name value unit`; see docs/benchmarks.md for the suites and recorded figures.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product aifleet-bench >&2
# The operator suite runs the aifleet binary itself (KubeSim in one process, the operator in another).
if [ "${1:-}" = operator ]; then swift build -c release --product aifleet >&2; fi
exec .build/release/aifleet-bench "$@"
