#!/usr/bin/env bash
# Runs the fuzz targets of targets.txt built in BIN_DIR (a build's tests/fuzz):
#   run.sh BIN_DIR 0 [TARGET...]        replay the seeds and reproducers once
#   run.sh BIN_DIR SECONDS [TARGET...]  fuzz each for SECONDS (libFuzzer builds)
# --skip-if-missing: exit 77 (a ctest skip) when BIN_DIR has no targets.
# New inputs go to BIN_DIR/corpus/NAME, crashes to BIN_DIR/crashes/NAME; the
# last line per target is libFuzzer's count of runs and coverage.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp}
bin=$1 seconds=$2
shift 2
skip_if_missing=0 only=()
for arg in "$@"; do
  if [[ $arg == --skip-if-missing ]]; then skip_if_missing=1; else only+=("$arg"); fi
done

failed=()
while read -r name dict seeds; do
  [[ -z $name || $name == \#* ]] && continue
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " == *" $name "* ]]; then continue; fi
  exe=$bin/fuzz_$name
  if [[ ! -x $exe ]]; then
    if [[ $skip_if_missing -eq 1 ]]; then
      echo "skipped: no libFuzzer build at $bin (install clang-14 and libclang-rt-14-dev, then: bash scripts/fuzz.sh --build)"
      exit 77
    fi
    echo "fuzz: $exe not built" >&2
    exit 1
  fi
  # libFuzzer reads folders as corpora and files through -seed_inputs; the
  # replay driver understands both the same way.
  dirs=() files=()
  for s in $seeds; do
    if [[ -d $top/$s ]]; then dirs+=("$top/$s"); else files+=("$top/$s"); fi
  done
  [[ -d $here/regressions/$name ]] && dirs+=("$here/regressions/$name")
  args=(-rss_limit_mb=2048 -timeout=20)
  [[ ${#files[@]} -gt 0 ]] && args+=("-seed_inputs=$(IFS=,; echo "${files[*]}")")
  [[ $dict != - ]] && args+=("-dict=$here/$dict")
  if [[ $seconds -eq 0 ]]; then
    args+=(-runs=0)
  else
    mkdir -p "$bin/corpus/$name" "$bin/crashes/$name"
    args+=(-max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$bin/crashes/$name/")
    dirs=("$bin/corpus/$name" "${dirs[@]}")
  fi
  echo "==> fuzz_$name"
  log=$(mktemp)
  if "$exe" "${args[@]}" "${dirs[@]}" >"$log" 2>&1; then
    grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|fuzz_.*replayed)' "$log" || tail -1 "$log"
  else
    tail -n 40 "$log"
    failed+=("$name")
  fi
  rm -f "$log"
done < "$here/targets.txt"

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failed: ${failed[*]} (reproducers under $bin/crashes/; keep one in tests/fuzz/regressions/NAME/)" >&2
  exit 1
fi
