#!/usr/bin/env bash
# Keeps the benchmark working: one run at 100,000 events with a release build.
# The figures are printed for the record; targets are judged on the 1,000,000-event run
# described in CONTRIBUTING.md, never by CI on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release 2>&1 | tail -n 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/release/ipledger-bench --events 100000 --repeat 1 --work "$work" --json "$work/bench.json"
test -s "$work/bench.json"
