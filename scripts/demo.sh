#!/usr/bin/env bash
# README command 1: install what is missing, build, index data/ into a fresh
# index (./build/demo-index) and run an example search.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
index=build/demo-index
rm -rf "$index"
echo "==> index: data/ into $index"
build/newsdex-index --db "$index" data/
echo "==> search: huawei chips"
build/newsdex-search --db "$index" --limit 5 --color always huawei chips
