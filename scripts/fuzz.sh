#!/usr/bin/env bash
# Fuzzes newsdex's readers of untrusted bytes (tests/fuzz/targets.txt) with
# libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer:
#   bash scripts/fuzz.sh 300            every target for 300 s, one after another
#   bash scripts/fuzz.sh 60 feed query  only those
#   bash scripts/fuzz.sh --build        only build (./build-sanitize, clang)
# Inputs that found new code are kept in build-sanitize/tests/fuzz/corpus/,
# crashes in build-sanitize/tests/fuzz/crashes/ (a finding: fix it and keep
# the input in tests/fuzz/regressions/TARGET/). Exit 1 when any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -eq 0 ]]; then
  sed -n '2,10s/^# \{0,1\}//p' "$0"
  exit 2
fi
bash scripts/install-deps.sh
bash scripts/build-sanitize.sh fuzz_targets
[[ $1 == --build ]] && exit 0
seconds=$1
shift
exec bash tests/fuzz/run.sh build-sanitize/tests/fuzz "$seconds" "$@"
