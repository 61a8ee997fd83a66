#!/usr/bin/env bash
# Runs one benchmark suite in release mode: hack/bench.sh SUITE [ARGS...].
# Each figure is one line, `name value unit`; see docs/benchmarks.md for the suites and recorded figures.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product aifleet-bench >&2
exec .build/release/aifleet-bench "$@"
