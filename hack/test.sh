#!/usr/bin/env bash
# Runs every test: the Helm chart, unit, KubeSim and end-to-end (KubeSim + kubectl on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Helm chart rendered and linted by Helm itself, and docs/api-reference.md current (seconds).
python3 hack/chart-test.py
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if swift test --skip-build --parallel "$@" 2>&1 | tee "$log"; then exit 0; fi

# A crash of Swift 6.3.1's own libdispatch takes the test process down now and then, in none of this
# project's code (1 CI run in 6 on 2026-11-24): its manager thread in `_dispatch_event_loop_drain`
# (swiftlang/swift#87033). Only a run whose crashed thread is that one is repeated, once; any other
# failure fails. (Foundation's Process, which crashed too, is no longer used: see Package.swift.)
crash=$(grep -A 3 " crashed:" "$log" || true)
if grep -q "_dispatch_event_loop_drain" <<<"$crash"; then
  echo "hack/test.sh: the test process crashed in Swift's own libraries (see hack/test.sh); running the tests once more" >&2
  swift test --skip-build --parallel "$@"
else
  exit 1
fi
