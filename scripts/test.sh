#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test suite.
# The core suites run on the project's own fixtures; the suites that need
# third-party data (tests/CMakeLists.txt: newsdex_data_test) read it from
# NEWSDEX_TEST_DATA (default: ../shared/data beside the clone) and are
# reported skipped by ctest when it is not there. The last lines are ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# The libFuzzer build of the fuzz targets (clang), which ctest's fuzz entry
# runs for a few seconds each; without clang that entry is skipped.
if command -v clang++ >/dev/null; then
  bash scripts/build-sanitize.sh fuzz_targets
fi

# Say before the run which suites will be skipped and why: ctest itself only
# lists their names.
data=${NEWSDEX_TEST_DATA:-$(sed -n 's/^NEWSDEX_TEST_DATA:PATH=//p' build/CMakeCache.txt)}
while read -r suite dataset; do
  [[ -d $data/$dataset ]] ||
    echo "==> test: $suite will be skipped: $data/$dataset not found (README: Test data)"
done < build/tests/data_suites.txt

echo "==> test: ctest"
cd build
ctest --output-on-failure --timeout 600
