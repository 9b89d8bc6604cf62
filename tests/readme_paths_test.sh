#!/usr/bin/env bash
# Runs the README's "Moving from another reader" and "Keeping a folder
# indexed" blocks line by line, as a new user would type them: the first with
# tests/fixtures/other_reader.opml as subscriptions.opml and a local HTTP
# server serving data/'s two SCMP feeds under the URLs the README names; the
# second on a copy of data/ as ~/saved-news, with a draft, a README, an
# archive and JSON beside the news, and a file edited and one deleted before
# `sync`. Every line must exit 0, and what each should have done is checked.
#
#   readme_paths_test.sh BIN_DIR SOURCE_DIR PYTHON
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
local_urls() {
  sed -e "s|https://www.scmp.com/rss/320663/feed|http://127.0.0.1:$port/bigtech.xml|g" \
      -e "s|https://www.scmp.com/rss/524470/feed|http://127.0.0.1:$port/ren.xml|g"
}
local_urls <"$src/tests/fixtures/other_reader.opml" >"$work/run/subscriptions.opml"

fail=0
# Runs one README line in the user's shell; its stdout in $out.
run_line() {
  local command=$1 status
  set +e
  out=$(cd "$work/run" && env -u NEWSDEX_DB -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u NEWSDEX_SEARCHES \
        HOME="$work/home" PATH="$bin:$PATH" TZ=UTC bash -c "$(local_urls <<<"$command")" 2>"$work/err")
  status=$?
  set -e
  err=$(cat "$work/err")
  # Importing the fixture reports its one invalid entry with exit 1, as it should.
  if [[ $command == "newsdex-index feeds import"* ]]; then
    grep -q "2 added, 0 already there, 1 invalid" <<<"$out" ||
      { echo "FAIL: import did not report 2 added and 1 invalid: $out $err"; fail=1; }
    return
  fi
  if (( status != 0 )); then
    echo "FAIL: \`$command\` exited $status"
    sed 's/^/    /' "$work/err" | head -20
    fail=1
    return 1
  fi
  echo "ok: $command"
}

block() {
  sed -n "/^<!-- $1 -->\$/,/^\`\`\`\$/p" "$src/README.md" | sed '1,2d;$d' | sed -E 's/[[:space:]]+# [^"'\'']*$//'
}

mapfile -t moving < <(block moving-in)
(( ${#moving[@]} >= 5 )) || { echo "FAIL: no moving-in block in README.md"; exit 1; }
for line in "${moving[@]}"; do
  [[ -z $line ]] && continue
  run_line "$line" || continue
  case $line in
    "newsdex-index feeds list"*)
      grep -q "folder Tech/China" <<<"$out" || { echo "FAIL: the nested folder was not kept"; fail=1; } ;;
    "newsdex-search folder:Tech"*)
      grep -qi "huawei" <<<"$out" || { echo "FAIL: folder:Tech found nothing"; fail=1; } ;;
    "newsdex-index feeds export"*)
      exported=$work/run/newsdex.opml
      grep -q '<outline text="People" title="People">' "$exported" ||
        { echo "FAIL: the export lacks the refiled folder"; fail=1; }
      grep -q 'htmlUrl="https://www.scmp.com/tech/big-tech"' "$exported" ||
        { echo "FAIL: the export lost htmlUrl"; fail=1; }
      # Round trip: another index imports the export and has the same feeds.
      roundtrip=$(HOME="$work/home" "$bin/newsdex-index" --db "$work/roundtrip" feeds import "$exported")
      grep -q "2 added, 0 already there, 0 invalid" <<<"$roundtrip" ||
        { echo "FAIL: the export did not import back: $roundtrip"; fail=1; } ;;
  esac
done

# The folder: data/'s news, with what is not news beside it.
saved=$work/home/saved-news
mkdir -p "$saved/drafts"
cp "$src"/data/*.txt "$saved/"
printf 'A draft\n\nNot ready to be indexed, about glaciers.\n' >"$saved/drafts/glaciers.txt"
printf '# About this folder\n' >"$saved/README.md"
printf 'PK\003\004' >"$saved/old.zip"
printf '{"settings": true}\n' >"$saved/settings.json"

mapfile -t folder < <(block folder-sync)
(( ${#folder[@]} >= 3 )) || { echo "FAIL: no folder-sync block in README.md"; exit 1; }
db_count() { HOME="$work/home" "$bin/newsdex-index" stats --format json | sed -n 's/.*"documents":\([0-9]*\).*/\1/p'; }
for line in "${folder[@]}"; do
  [[ -z $line ]] && continue
  if [[ $line == "newsdex-index sync"* ]]; then
    before=$(db_count)
    # Later: one file edited, one deleted.
    victim=$(ls "$saved"/*.txt | tail -1)
    rm "$victim"
    printf 'Glacier melt speeds up\n\nThe Alps lost more ice this summer than in any year on record.\n' >"$saved/new.txt"
  fi
  run_line "$line" || continue
  case $line in
    "newsdex-index ~/saved-news"*)
      grep -q "3 files skipped as not news" <<<"$out" || { echo "FAIL: the skips were not counted: $out"; fail=1; }
      [[ -z $err ]] || { echo "FAIL: skipped files were reported on stderr: $err"; fail=1; }
      "$bin/newsdex-search" --db "$work/home/.local/share/newsdex" glaciers | grep -q "A draft" &&
        { echo "FAIL: the excluded draft was indexed"; fail=1; } ;;
    "newsdex-index sync"*)
      grep -q "removed" <<<"$out" || { echo "FAIL: sync removed nothing: $out"; fail=1; }
      after=$(db_count)
      (( after < before + 1 )) || { echo "FAIL: sync kept the deleted file's documents ($before -> $after)"; fail=1; }
      HOME="$work/home" "$bin/newsdex-search" glacier | grep -q "Glacier melt" ||
        { echo "FAIL: sync did not read the new file"; fail=1; } ;;
    *"--dry-run"*)
      grep -q "would be deleted" "$work/err" || { echo "FAIL: no dry-run summary"; fail=1; } ;;
  esac
done
exit $fail
