#!/usr/bin/env bash
# Configures and builds newsdex in ./build (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> build: cmake in ./build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSDEX_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
