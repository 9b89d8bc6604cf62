#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test suite
# (unit, feedparser conformance, end-to-end). The last line is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
echo "==> test: ctest"
cd build
ctest --output-on-failure --timeout 600
