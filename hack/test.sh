#!/usr/bin/env bash
# Runs every test: unit, KubeSim and end-to-end (KubeSim + kubectl on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
swift test --skip-build --parallel "$@"
