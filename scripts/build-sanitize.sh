#!/usr/bin/env bash
# Configures and builds ./build-sanitize: clang with libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer (-DNEWSDEX_FUZZ=ON), the build that
# scripts/fuzz.sh and scripts/sanitize.sh use. Arguments are targets to build
# (default: all). Without clang, GCC builds the sanitizers alone (no fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v clang++ >/dev/null; then
  config=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang -DNEWSDEX_FUZZ=ON)
  what="clang, libFuzzer, address,undefined"
else
  config=(-DNEWSDEX_SANITIZE=address,undefined)
  what="GCC, address,undefined (no clang: no fuzz targets)"
fi
echo "==> build: cmake in ./build-sanitize ($what)"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDEX_WERROR=ON "${config[@]}" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build-sanitize -j"$(nproc)" "${targets[@]}"
