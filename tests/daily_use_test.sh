#!/usr/bin/env bash
# Runs the README's "Daily use" block line by line, as a new user would
# type it, against a local HTTP server that serves copies of data/'s two
# SCMP feeds under the URLs the README names. Before the second `update`
# one new item is added to a feed, so the second `run --new` must print
# it and nothing it printed before. Every line must exit 0.
#
#   daily_use_test.sh BIN_DIR SOURCE_DIR PYTHON
set -euo pipefail
bin=$1 src=$2 python=$3
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www" "$work/home" "$work/run"
cp "$src/data/001_614ccb1752c2b715.txt" "$work/www/bigtech.xml"
cp "$src/data/000_d4c40ed348f8cdda.txt" "$work/www/ren.xml"

coproc SERVER { exec "$python" "$src/tests/http_server.py" --root "$work/www"; }
server_pid=$SERVER_PID
read -r port <&"${SERVER[0]}"
[[ $port =~ ^[0-9]+$ ]] || { echo "FAIL: the test server did not start"; exit 1; }

# The block: the fenced lines after the <!-- daily-use --> marker.
mapfile -t lines < <(sed -n '/^<!-- daily-use -->$/,/^```$/p' "$src/README.md" | sed '1,2d;$d')
(( ${#lines[@]} >= 10 )) || { echo "FAIL: no daily-use block in README.md"; exit 1; }

fail=0 updates=0 runs_new=0
for line in "${lines[@]}"; do
  command=$(sed -E 's/[[:space:]]+# [^"'\'']*$//' <<<"$line")
  [[ -z $command ]] && continue
  local_command=${command//https:\/\/www.scmp.com\/rss\/320663\/feed/http://127.0.0.1:$port/bigtech.xml}
  local_command=${local_command//https:\/\/www.scmp.com\/rss\/524470\/feed/http://127.0.0.1:$port/ren.xml}
  if [[ $command == "newsdex-index update"* ]]; then
    updates=$((updates + 1))
    if (( updates == 2 )); then
      # Later: one new item in a feed, first seen after the last run.
      sleep 1.1
      new='<item><title>Huawei shows a gallimaufry chip</title><link>https://www.scmp.com/tech/article/9999999/huawei-gallimaufry</link><guid>https://www.scmp.com/tech/article/9999999/huawei-gallimaufry</guid><description>Huawei showed a new chip.</description><pubDate>Mon, 07 Dec 2026 08:00:00 +0000</pubDate></item>'
      "$python" - "$work/www/bigtech.xml" "$new" <<'PY'
import sys
path, item = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
at = text.index("<item>")
open(path, "w", encoding="utf-8").write(text[:at] + item + text[at:])
PY
    fi
  fi
  set +e
  out=$(cd "$work/run" && env -u NEWSDEX_DB -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u NEWSDEX_SEARCHES \
        HOME="$work/home" PATH="$bin:$PATH" TZ=UTC bash -c "$local_command" 2>"$work/err")
  status=$?
  set -e
  if (( status != 0 )); then
    echo "FAIL: \`$command\` exited $status"
    sed 's/^/    /' "$work/err" | head -20
    fail=1
    continue
  fi
  echo "ok: $command"
  if [[ $command == "newsdex-search run huawei --new"* ]]; then
    runs_new=$((runs_new + 1))
    if (( runs_new == 1 )); then
      first_new=$out
      grep -q "Huawei" <<<"$out" || { echo "FAIL: the first run --new printed no match"; fail=1; }
    else
      grep -q "Huawei shows a gallimaufry chip" <<<"$out" ||
        { echo "FAIL: the second run --new did not print the new item"; echo "$out" | head; fail=1; }
      if [[ $(grep -c '^ *[0-9]*\. ' <<<"$out") != 1 ]]; then
        echo "FAIL: the second run --new printed more than the one new item:"; echo "$out" | head -20; fail=1
      fi
    fi
  fi
  if [[ $command == "newsdex-search show"* ]]; then
    grep -q '^url: ' <<<"$out" || { echo "FAIL: show printed no url: line"; fail=1; }
  fi
done
(( runs_new == 2 )) || { echo "FAIL: expected two 'run huawei --new' lines, found $runs_new"; fail=1; }
[[ -s $work/run/huawei.xml ]] && grep -q '<feed xmlns="http://www.w3.org/2005/Atom">' "$work/run/huawei.xml" ||
  { echo "FAIL: huawei.xml is no Atom feed"; fail=1; }
: "${first_new:=}"
exit $fail
