#!/usr/bin/env bash
# Builds newsdex with AddressSanitizer and UndefinedBehaviorSanitizer in
# ./build-sanitize (scripts/build-sanitize.sh) and runs every test suite
# under them: a report fails the suite that caused it. With clang the same
# build holds the fuzz targets, and ctest fuzzes each for a few seconds.
# Extra arguments go to ctest (e.g. -R fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build-sanitize.sh
echo "==> test: ctest under address,undefined"
# detect_leaks: a leak is a failure too (tests/lsan.supp: the libraries'
# own); halt_on_error: the first report ends the program.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
cd build-sanitize
ctest --output-on-failure --timeout 1200 "$@"
