#!/usr/bin/env bash
# Builds newsdex with AddressSanitizer and UndefinedBehaviorSanitizer in
# ./build-sanitize and runs every test suite under them: a report fails the
# suite that caused it. Extra arguments go to ctest (e.g. -R fetch).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "==> build: cmake in ./build-sanitize (address,undefined)"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDEX_WERROR=ON \
  -DNEWSDEX_SANITIZE=address,undefined >/dev/null
cmake --build build-sanitize -j"$(nproc)"
echo "==> test: ctest under address,undefined"
cd build-sanitize
# detect_leaks: a leak is a failure too; halt_on_error: the first report ends the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --output-on-failure --timeout 1200 "$@"
