#!/usr/bin/env bash
# The include direction is one-way: common <- indexer rooms, searcher rooms
# <- their top level <- the CLIs, as indexer/README.md and searcher/README.md
# draw it. Fails naming each #include that points the wrong way.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

# room: the folders (and include/newsdex) its files may include from.
declare -A allowed=(
  [common]="common"
  [indexer/input]="common indexer/input"
  [indexer/parse]="common indexer/parse"
  [indexer/build]="common indexer/parse indexer/build"
  [indexer/stories]="common indexer/parse indexer/stories"
  [indexer/store]="common indexer/parse indexer/build indexer/stories indexer/store"
  [indexer]="common indexer/input indexer/parse indexer/build indexer/stories indexer/store indexer"
  [indexer/cli]="indexer/cli"
  [searcher/ids]="common searcher/ids"
  [searcher/query]="common searcher/ids searcher/query"
  [searcher/rank]="common searcher/rank"
  [searcher/present]="common searcher/present"
  [searcher]="common searcher/ids searcher/query searcher/rank searcher/present searcher"
  [searcher/cli]="searcher/cli"
)

bad=0 checked=0
for room in "${!allowed[@]}"; do
  for file in "$room"/*.cpp "$room"/*.hpp; do
    [[ -e $file ]] || continue
    checked=$((checked + 1))
    while IFS= read -r target; do
      [[ $target == newsdex/* ]] && continue   # the public API: anyone
      folder=$(dirname "$target")
      [[ $folder == . ]] && continue           # a sibling by bare name
      ok=0
      for a in ${allowed[$room]}; do [[ $folder == "$a" ]] && ok=1; done
      if [[ $ok -eq 0 ]]; then
        echo "$file includes \"$target\": $room may include only ${allowed[$room]} (and newsdex/)"
        bad=$((bad + 1))
      fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
  done
done
# A source folder missing from the table is a room nobody placed.
while IFS= read -r dir; do
  [[ -n ${allowed[$dir]+x} ]] || { echo "$dir: a folder with sources that the table above does not place"; bad=$((bad + 1)); }
done < <(find common indexer searcher -name '*.?pp' -printf '%h\n' | sort -u)
echo "$checked files checked, $bad includes against the direction"
[[ $bad -eq 0 ]]
