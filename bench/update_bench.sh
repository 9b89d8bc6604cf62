#!/usr/bin/env bash
# Times `newsdex-index update` over the ~217 rssowl feeds served by the local
# test server: a first run into a fresh index, and a second run where every
# feed answers 304. The peer, measured in the same run, is curl fetching the
# same URLs in parallel to /dev/null (the network floor: no parsing, no index).
# Prints the median of ROUNDS rounds and the ratio to the peer.
#
#   bash bench/update_bench.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
rounds=${2:-5}
feeds_dir=../shared/data/rssowl-feeds
[[ -d $feeds_dir ]] || { echo "skipped: $feeds_dir not found"; exit 0; }
command -v curl >/dev/null || { echo "curl is needed for the peer measurement"; exit 1; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
mkfifo "$work/port"
python3 tests/http_server.py --root "$feeds_dir" > "$work/port" < <(sleep infinity) &
server=$!
read -r port < "$work/port"
for f in "$feeds_dir"/*.xml; do echo "http://127.0.0.1:$port/$(basename "$f")"; done > "$work/feeds.txt"
count=$(wc -l < "$work/feeds.txt")
sed 's/.*/url = "&"\noutput = "\/dev\/null"/' "$work/feeds.txt" > "$work/curl.cfg"

now() { date +%s.%N; }
first=() second=() peer=()
for ((r = 1; r <= rounds; r++)); do
  rm -rf "$work/db"
  t0=$(now); "$build/newsdex-index" update --quiet --db "$work/db" --feeds "$work/feeds.txt" || true
  t1=$(now); "$build/newsdex-index" update --quiet --db "$work/db" --feeds "$work/feeds.txt" || true
  t2=$(now); curl -s --no-progress-meter --parallel --parallel-max 16 -K "$work/curl.cfg"
  t3=$(now)
  first+=("$t0:$t1") second+=("$t1:$t2") peer+=("$t2:$t3")
done
docs=$("$build/newsdex-index" stats --db "$work/db" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')

python3 - "$count" "$docs" "${first[*]}" "${second[*]}" "${peer[*]}" <<'PY'
import statistics, sys
count, docs = sys.argv[1], sys.argv[2]
def spans(arg):
    return [float(b) - float(a) for a, b in (pair.split(":") for pair in arg.split())]
first, second, peer = (spans(a) for a in sys.argv[3:6])
m = statistics.median
print(f"{count} feeds, {docs} documents, {len(first)} rounds (medians; ratio = newsdex / curl)")
print(f"  curl --parallel, fetch only   {m(peer):7.3f} s")
print(f"  newsdex update, first run     {m(first):7.3f} s   {m(first)/m(peer):6.1f}x")
print(f"  newsdex update, all 304       {m(second):7.3f} s   {m(second)/m(peer):6.1f}x")
PY
