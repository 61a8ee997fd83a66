#!/usr/bin/env bash
# Runs every test: the Helm chart, unit, KubeSim and end-to-end (KubeSim + kubectl on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Helm chart rendered and linted by Helm itself, and docs/api-reference.md current (seconds).
python3 hack/chart-test.py
swift build --build-tests
swift test --skip-build --parallel "$@"
