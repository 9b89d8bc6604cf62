#!/usr/bin/env bash
# Installs the Debian 12 packages newsdex needs to build and test, only those
# that are missing. Safe to run again.
set -euo pipefail

# binutils (nm, c++filt, objdump) and pkg-config are used by the
# exported_symbols and packaging tests; xapian-tools (xapian-tcpsrv) by the
# sharded-search test and to serve remote shards, xapian-compact to merge them;
# libsqlite3-dev by the benchmarks (bench/, -DNEWSDEX_BENCH=ON), which run
# SQLite FTS5 beside newsdex; clang and its libFuzzer runtime by the fuzz
# targets (tests/fuzz, scripts/fuzz.sh) and the sanitizer build; libxml2-dev
# for its recover mode, which reads the feeds tinyxml2 rejects as not
# well-formed (indexer/parse/xml_recover.cpp); groff-base (groff) by the docs
# test, which renders the man pages in man/ and fails on any warning; llvm for
# llvm-symbolizer, without which the sanitizers print bare addresses and the
# LeakSanitizer suppressions (tests/lsan.supp names functions) match nothing;
# systemd for systemd-analyze and systemctl, with which the systemd_units test
# checks the installed user units (skipped without; no running systemd needed).
packages=(
  cmake g++ make pkg-config binutils
  libxapian-dev libcurl4-openssl-dev libtinyxml2-dev libxml2-dev libfmt-dev doctest-dev
  libcli11-dev nlohmann-json3-dev libgumbo-dev python3 xapian-tools libsqlite3-dev
  clang libclang-rt-14-dev llvm groff-base systemd
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "==> dependencies: all installed"
  exit 0
fi
echo "==> dependencies: installing ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "error: installing packages needs root; run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "==> dependencies: done"
