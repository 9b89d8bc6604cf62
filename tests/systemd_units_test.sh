#!/usr/bin/env bash
# The systemd user units as `cmake --install` leaves them, and the README's
# scheduling block (the fenced lines after <!-- systemd-user -->).
#
#   systemd_units_test.sh BUILD_DIR SOURCE_DIR
#
#  1. install into a temporary prefix: both units in the user unit directory
#     (NEWSDEX_SYSTEMD_USER_UNIT_DIR), which for a /usr or /usr/local install
#     is on the user manager's search path; the service's ExecStart names the
#     installed newsdex-index, which exists and is executable;
#  2. `systemd-analyze --user verify` passes, without a warning, on the
#     installed units and on data/systemd's, and fails on a service whose
#     binary is missing (so it is not a no-op here);
#  3. the README block has the commands it must, and its `enable` works
#     offline (`systemctl --global --root`) on the installed units;
#  4. when a user manager runs (`systemctl --user is-system-running`), the
#     block's lines are run against it, with the units as runtime units
#     (gone at logout, nothing written under ~/.config) and the service
#     pointed at a throwaway index and config; `loginctl enable-linger` is
#     not run (it changes the machine). Otherwise this part prints SKIP.
# Exit 77 (ctest: skipped) when systemd-analyze is not installed (Debian:
# systemd; scripts/install-deps.sh installs it).
# Environment: NEWSDEX_CMAKE (cmake), TMPDIR.
set -euo pipefail

usage="usage: systemd_units_test.sh BUILD_DIR SOURCE_DIR"
build=$(cd "${1:?$usage}" && pwd)
src=$(cd "${2:?$usage}" && pwd)
cmake=${NEWSDEX_CMAKE:-cmake}

if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze not installed (Debian: systemd; scripts/install-deps.sh installs it)"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsdex-systemd.XXXXXX")
cleanup_live=
cleanup() {
  [[ -z $cleanup_live ]] || $cleanup_live || true
  rm -rf "$tmp"
}
trap cleanup EXIT

step() { echo "==> $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

# A prefix shaped like /usr/local under a root, so that `systemctl --root`
# finds the units by name as the user manager would in /usr/local.
root=$tmp/root
prefix=$root/usr/local
unitdir=$(cache_value NEWSDEX_SYSTEMD_USER_UNIT_DIR)
[[ -n $unitdir ]] || fail "NEWSDEX_SYSTEMD_USER_UNIT_DIR is not in $build/CMakeCache.txt"
bindir=$(cache_value CMAKE_INSTALL_BINDIR)
[[ $bindir == /* ]] || bindir=$prefix/${bindir:-bin}
unitdir_abs=$unitdir
[[ $unitdir == /* ]] || unitdir_abs=$prefix/$unitdir
service=$unitdir_abs/newsdex-update.service
timer=$unitdir_abs/newsdex-update.timer

step "install $build into $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

step "installed units"
for f in "$service" "$timer"; do [[ -f $f ]] || fail "not installed: ${f#"$prefix"/}"; done
if [[ $unitdir != /* ]]; then
  # Where a /usr/local or /usr install puts them must be a user unit path.
  paths=$(systemd-analyze --user unit-paths 2>/dev/null) || fail "systemd-analyze --user unit-paths"
  for p in /usr/local /usr; do
    grep -qxF "$p/$unitdir" <<<"$paths" || fail "$p/$unitdir is not on the user unit search path:"$'\n'"$paths"
  done
  echo "    $unitdir: /usr/local/$unitdir and /usr/$unitdir are user unit paths"
fi
mapfile -t execs < <(sed -n 's/^ExecStart=//p' "$service")
[[ ${#execs[@]} -eq 1 ]] || fail "the installed service has ${#execs[@]} ExecStart= lines, expected 1"
program=${execs[0]%% *}
[[ $program == "$bindir/newsdex-index" ]] || fail "ExecStart runs $program, not the installed $bindir/newsdex-index"
[[ -f $program && -x $program ]] || fail "ExecStart's $program is not an executable file"
"$program" --version >/dev/null || fail "$program --version"
! grep -nE '^(Wants|After|Requires)=.*network-online' "$service" "$src/data/systemd/"* ||
  fail "network-online.target means nothing to a user manager"
echo "    ExecStart=${execs[0]#"$root"} (under $root)"

# `systemd-analyze --user verify FILE...`: its exit status catches units that
# cannot load (no binary, no ExecStart=); unknown keys and bad values are only
# warnings, so any line it prints about our units fails too.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-}
if [[ -z $XDG_RUNTIME_DIR || ! -d $XDG_RUNTIME_DIR ]]; then
  XDG_RUNTIME_DIR=$tmp/run  # the user manager it simulates needs one
  mkdir -m 700 "$XDG_RUNTIME_DIR"
fi
verify() {  # FILE... ; prints what systemd-analyze said, fails when it objects
  local out status=0
  out=$(systemd-analyze --user verify "$@" 2>&1) || status=$?
  [[ -n $out ]] && printf '    | %s\n' "${out//$'\n'/$'\n'    | }"
  (( status == 0 )) && ! grep -q 'newsdex-update' <<<"$out"
}
step "systemd-analyze --user verify"
verify "$service" "$timer" || fail "systemd-analyze verify objects to the installed units"
echo "    installed units: ok"
verify "$src/data/systemd/newsdex-update.service" "$src/data/systemd/newsdex-update.timer" ||
  fail "systemd-analyze verify objects to data/systemd's units"
echo "    data/systemd units: ok"
# Controls: a missing binary and a misspelt key must be caught.
mkdir "$tmp/broken"
sed "s|^ExecStart=[^ ]*|ExecStart=$tmp/no-such-newsdex-index|" "$service" >"$tmp/broken/newsdex-update.service"
! verify "$tmp/broken/newsdex-update.service" >/dev/null || fail "verify passed a service whose binary is missing"
sed 's/^Type=/Typ=/' "$service" >"$tmp/broken/newsdex-update.service"
! verify "$tmp/broken/newsdex-update.service" >/dev/null || fail "verify passed a service with a misspelt key"
echo "    a missing binary and a misspelt key are caught"

step "README: the scheduling block"
mapfile -t lines < <(sed -n '/^<!-- systemd-user -->$/,/^```$/p' "$src/README.md" | sed '1,2d;$d' |
                     sed -E 's/[[:space:]]+# .*$//' | grep -v '^[[:space:]]*$')
(( ${#lines[@]} > 0 )) || fail "no <!-- systemd-user --> block in README.md"
# shellcheck disable=SC2016  # "$USER" is wanted as the README writes it
for want in 'cmake --install build' 'systemctl --user daemon-reload' \
            'systemctl --user enable --now newsdex-update.timer' 'loginctl enable-linger "$USER"' \
            'systemctl --user list-timers newsdex-update.timer' 'journalctl --user -u newsdex-update'; do
  printf '%s\n' "${lines[@]}" | sed 's/^sudo //' | grep -qxF -- "$want" ||
    fail "the README's scheduling block lacks: $want"
done
while read -r unit; do
  [[ -f $unitdir_abs/$unit ]] || fail "README names $unit, which is not installed"
done < <(printf '%s\n' "${lines[@]}" | grep -oE 'newsdex-[a-z-]+\.(service|timer)' | sort -u)
# `enable` as the user manager would do it, offline: finds the timer by name
# under the root's /usr/local and links it into timers.target.wants.
systemctl --global --root="$root" enable newsdex-update.timer >"$tmp/enable.log" 2>&1 ||
  { cat "$tmp/enable.log"; fail "systemctl --global --root enable newsdex-update.timer"; }
[[ -L $root/etc/systemd/user/timers.target.wants/newsdex-update.timer ]] ||
  { cat "$tmp/enable.log"; fail "enable did not link newsdex-update.timer into timers.target.wants"; }
echo "    ${#lines[@]} commands; enable links the installed timer into timers.target.wants"

step "README block against a running user manager"
state=$(systemctl --user is-system-running 2>/dev/null) || true
if [[ $state != running && $state != degraded ]]; then
  echo "SKIP: no user manager runs here (systemctl --user is-system-running: ${state:-no answer}); checked offline only"
  echo "ok: the installed systemd user units verify, and name the installed newsdex-index"
  exit 0
fi
if systemctl --user cat newsdex-update.service newsdex-update.timer >/dev/null 2>&1; then
  echo "SKIP: this user already has newsdex-update units; not touching them"
  echo "ok: the installed systemd user units verify, and name the installed newsdex-index"
  exit 0
fi
# Runtime units (XDG_RUNTIME_DIR/systemd/user), and a drop-in that points the
# run at a throwaway index whose one feed cannot be reached: exit 1, which
# the unit counts as success.
live=$XDG_RUNTIME_DIR/systemd/user
mkdir -p "$live/newsdex-update.service.d"
cp "$service" "$timer" "$live/"
mkdir -p "$tmp/home/.config" "$tmp/home/.local/share"
printf '[Service]\nEnvironment="HOME=%s" "XDG_CONFIG_HOME=%s" "XDG_DATA_HOME=%s" "NEWSDEX_DB=%s"\n' \
  "$tmp/home" "$tmp/home/.config" "$tmp/home/.local/share" "$tmp/db" \
  >"$live/newsdex-update.service.d/zz-test.conf"
NEWSDEX_DB=$tmp/db XDG_CONFIG_HOME=$tmp/home/.config "$program" feeds add http://127.0.0.1:9/feed.xml "Unreachable" ||
  fail "newsdex-index feeds add"
live_cleanup() {
  systemctl --user --runtime disable --now newsdex-update.timer >/dev/null 2>&1
  systemctl --user stop newsdex-update.service >/dev/null 2>&1
  rm -rf "$live/newsdex-update.service" "$live/newsdex-update.timer" "$live/newsdex-update.service.d"
  systemctl --user daemon-reload
}
cleanup_live=live_cleanup
for line in "${lines[@]}"; do
  case $line in
    *"cmake --install"*) echo "    (installed into $prefix above) $line"; continue ;;
    loginctl*) echo "    (not run: changes the machine) $line"; continue ;;
    *"systemctl --user enable"*) command=${line/systemctl --user enable/systemctl --user --runtime enable} ;;
    *) command=$line ;;
  esac
  echo "    \$ $command"
  out=$(bash -c "$command" 2>&1 </dev/null) || { printf '    | %s\n' "${out//$'\n'/$'\n'    | }"; fail "\`$line\` failed"; }
  if [[ $line == *list-timers* ]]; then
    grep -q 'newsdex-update.timer' <<<"$out" || { echo "$out"; fail "list-timers does not show newsdex-update.timer"; }
  fi
done
systemctl --user is-active --quiet newsdex-update.timer || fail "newsdex-update.timer is not active"
systemctl --user start newsdex-update.service || fail "systemctl --user start newsdex-update.service"
result=$(systemctl --user show -p Result --value newsdex-update.service)
status=$(systemctl --user show -p ExecMainStatus --value newsdex-update.service)
[[ $result == success && $status == 1 ]] ||
  fail "a run with an unreachable feed: Result=$result, exit $status (expected success, 1)"
echo "    a run with an unreachable feed: exit 1, unit not failed"
echo "ok: the README's scheduling commands work against this user manager"
