#!/usr/bin/env bash
# newsdex as an installed library: installs a build into a temporary prefix and
# uses it the ways a program would.
#
#   packaging_test.sh BUILD_DIR SOURCE_DIR
#
#  1. the install has the expected files (headers, both libraries with the
#     soname, CMake package, newsdex.pc, executables, data, man pages, bash
#     and zsh completions, systemd user units); each installed header
#     compiles on its own; the installed executables run (RPATH);
#  2. examples/ built with find_package(newsdex) against the prefix, linking
#     the shared library, then the static one; version and component checks;
#  3. examples/subdirectory/: add_subdirectory() of the source tree;
#  4. examples/search_feed.cpp compiled with plain c++ and pkg-config.
# Each build of the example is run on data/001_*.txt and must print a hit
# with the query word in [brackets].
# Environment: NEWSDEX_CMAKE (cmake), CXX (c++), TMPDIR.
set -euo pipefail

build=$(cd "${1:?usage: packaging_test.sh BUILD_DIR SOURCE_DIR}" && pwd)
src=$(cd "${2:?usage: packaging_test.sh BUILD_DIR SOURCE_DIR}" && pwd)
cmake=${NEWSDEX_CMAKE:-cmake}
cxx=${CXX:-c++}
unset LD_LIBRARY_PATH  # the installed programs must find libnewsdex by RPATH

tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsdex-packaging.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
samples=("$src"/data/001_*.txt)
sample=${samples[0]}
query=deepseek

step() { echo "==> $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs the example given as arguments and checks its output.
check_example() {
  local what=$1 out
  shift
  out=$("$@" "$query" "$sample") || fail "$what: exit status $?"
  grep -qi "\[$query\]" <<<"$out" || fail "$what: no hit with [$query] in its output:"$'\n'"$out"
  echo "    $what: $(grep -m1 -i "\[$query\]" <<<"$out" | cut -c1-100)"
}
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

version=$(sed -n 's/^#define NEWSDEX_VERSION_STRING "\(.*\)"$/\1/p' "$build/include/newsdex/version.hpp")
IFS=. read -r major minor patch <<<"$version"
libdir=$(cache_value CMAKE_INSTALL_LIBDIR)
[[ $libdir == /* ]] || libdir=$prefix/$libdir
mandir=$(cache_value CMAKE_INSTALL_MANDIR)
[[ $mandir == /* ]] || mandir=$prefix/${mandir:-share/man}
unitdir=$(cache_value NEWSDEX_SYSTEMD_USER_UNIT_DIR)
[[ $unitdir == /* ]] || unitdir=$prefix/${unitdir:-lib/systemd/user}

step "install $build into $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

step "installed files"
expect=(
  "$libdir/libnewsdex.so" "$libdir/libnewsdex.so.$major.$minor" "$libdir/libnewsdex.so.$version"
  "$libdir/libnewsdex.a"
  "$libdir/cmake/newsdex/newsdexConfig.cmake" "$libdir/cmake/newsdex/newsdexConfigVersion.cmake"
  "$libdir/cmake/newsdex/newsdexTargets.cmake" "$libdir/cmake/newsdex/newsdexStaticTargets.cmake"
  "$libdir/pkgconfig/newsdex.pc"
  "$prefix/include/newsdex/version.hpp" "$prefix/include/newsdex/export.hpp"
  "$prefix/bin/newsdex-index" "$prefix/bin/newsdex-search"
  "$prefix/share/newsdex/boilerplate.conf" "$prefix/share/newsdex/synonyms.conf"
  "$unitdir/newsdex-update.service" "$unitdir/newsdex-update.timer"
  "$mandir/man1/newsdex-index.1" "$mandir/man1/newsdex-search.1" "$mandir/man7/newsdex-query.7"
  "$prefix/share/bash-completion/completions/newsdex-index"
  "$prefix/share/bash-completion/completions/newsdex-search"
  "$prefix/share/zsh/vendor-completions/_newsdex-index" "$prefix/share/zsh/vendor-completions/_newsdex-search"
)
for h in "$src"/include/newsdex/*.hpp; do expect+=("$prefix/include/newsdex/${h##*/}"); done
for f in "${expect[@]}"; do [[ -e $f ]] || fail "not installed: ${f#"$prefix"/}"; done
soname=$(objdump -p "$libdir/libnewsdex.so" | awk '$1 == "SONAME" { print $2 }')
[[ $soname == "libnewsdex.so.$major.$minor" ]] || fail "soname is '$soname', expected libnewsdex.so.$major.$minor"
echo "    ${#expect[@]} files; soname $soname"

step "each installed header compiles on its own"
for h in "$prefix"/include/newsdex/*.hpp; do
  printf '#include <newsdex/%s>\n' "${h##*/}" |
    "$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I"$prefix/include" -x c++ - ||
    fail "installed header ${h##*/} does not compile on its own"
done

step "installed executables (RPATH to the installed library)"
# Prints where the program given loads libnewsdex from (a real path), or nothing.
loaded_libnewsdex() {
  local path
  path=$(ldd "$1" | awk '$1 ~ /^libnewsdex\.so/ { print $3 }')
  [[ -n $path && -e $path ]] && readlink -f "$path" || true
}
installed_so=$(readlink -f "$libdir/libnewsdex.so")
[[ $(loaded_libnewsdex "$prefix/bin/newsdex-search") == "$installed_so" ]] ||
  fail "newsdex-search does not load $installed_so: $(ldd "$prefix/bin/newsdex-search")"
out=$("$prefix/bin/newsdex-index" --version) && grep -qF "$version" <<<"$out" ||
  fail "installed newsdex-index --version: $out"
"$prefix/bin/newsdex-index" --quiet --db "$tmp/db" "$sample" || fail "installed newsdex-index"
out=$("$prefix/bin/newsdex-search" --db "$tmp/db" --color never "$query") && grep -qi "$query" <<<"$out" ||
  fail "installed newsdex-search found nothing: $out"

step "find_package(newsdex): examples/ against $prefix"
configure() {  # SOURCE BINARY [ARGS...]
  local s=$1 b=$2
  shift 2
  "$cmake" -S "$s" -B "$b" -DCMAKE_CXX_COMPILER="$cxx" "$@" >"$b.log" 2>&1 ||
    { cat "$b.log"; fail "configuring $s"; }
}
build_it() {  # BINARY [ARGS...]
  local b=$1
  shift
  "$cmake" --build "$b" -j2 "$@" >>"$b.log" 2>&1 || { cat "$b.log"; fail "building $b"; }
}
configure "$src/examples" "$tmp/find" -DCMAKE_PREFIX_PATH="$prefix"
build_it "$tmp/find"
check_example "find_package, shared" "$tmp/find/search_feed"
[[ $(loaded_libnewsdex "$tmp/find/search_feed") == "$installed_so" ]] || fail "the example does not load $installed_so"
configure "$src/examples" "$tmp/find-static" -DCMAKE_PREFIX_PATH="$prefix" -DNEWSDEX_EXAMPLE_STATIC=ON
build_it "$tmp/find-static"
check_example "find_package, static" "$tmp/find-static/search_feed"
[[ -z $(loaded_libnewsdex "$tmp/find-static/search_feed") ]] || fail "the static example loads libnewsdex.so"

# Components and version compatibility (SameMinorVersion while 0.x). The
# shared component alone must need none of newsdex's dependencies.
mkdir -p "$tmp/probe"
cat >"$tmp/probe/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(probe CXX)
find_package(newsdex $major.$minor REQUIRED COMPONENTS shared)
if(TARGET newsdex::newsdex AND NOT TARGET newsdex::newsdex_static AND NOT DEFINED tinyxml2_DIR)
  message(STATUS "shared-only=yes")
endif()
add_executable(probe probe.cpp)
target_link_libraries(probe PRIVATE newsdex::newsdex)
# In a subdirectory, so that what is found there stays invisible to probe.
add_subdirectory(more)
CMAKE
mkdir -p "$tmp/probe/more"
cat >"$tmp/probe/more/CMakeLists.txt" <<CMAKE
find_package(newsdex $major.$((minor + 1)) QUIET)
message(STATUS "next-minor=\${newsdex_FOUND}")
find_package(newsdex $major.$minor.$patch QUIET)
if(TARGET newsdex::newsdex_static)
  message(STATUS "same-minor=\${newsdex_FOUND} \${newsdex_VERSION} static")
endif()
find_package(newsdex QUIET COMPONENTS no_such_part)
message(STATUS "bad-component=\${newsdex_FOUND}")
CMAKE
printf '#include <newsdex/newsdex.hpp>\nint main() { return newsdex::format_utc(0).empty(); }\n' >"$tmp/probe/probe.cpp"
configure "$tmp/probe" "$tmp/probe/build" -DCMAKE_PREFIX_PATH="$prefix"
for want in "shared-only=yes" "next-minor=0" "same-minor=1 $version static" "bad-component=0"; do
  grep -q -- "-- $want\$" "$tmp/probe/build.log" || { cat "$tmp/probe/build.log"; fail "component/version probe: expected '$want'"; }
done
build_it "$tmp/probe/build"
"$tmp/probe/build/probe" || fail "the probe linked with COMPONENTS shared does not run"
echo "    version $version: $major.$minor accepted, $major.$((minor + 1)) refused; COMPONENTS shared needs no dependency"

step "add_subdirectory(): examples/subdirectory/"
configure "$src/examples/subdirectory" "$tmp/sub"
build_it "$tmp/sub" --target search_feed
check_example "add_subdirectory" "$tmp/sub/search_feed"

step "pkg-config: c++ -std=c++20 search_feed.cpp \$(pkg-config --cflags --libs newsdex)"
export PKG_CONFIG_PATH=$libdir/pkgconfig
[[ $(pkg-config --modversion newsdex) == "$version" ]] || fail "pkg-config --modversion: $(pkg-config --modversion newsdex)"
pc_libdir=$(pkg-config --variable=libdir newsdex)
[[ $(cd "$pc_libdir" && pwd -P) == $(cd "$libdir" && pwd -P) ]] || fail "newsdex.pc libdir $pc_libdir is not $libdir"
[[ $(pkg-config --static --libs newsdex) == *-lxapian* ]] || fail "pkg-config --static --libs lacks the private dependencies"
# shellcheck disable=SC2046  # word splitting of pkg-config's output is wanted
"$cxx" -std=c++20 -Wall -Wextra -Werror "$src/examples/search_feed.cpp" -o "$tmp/search_feed_pc" \
  $(pkg-config --cflags --libs newsdex) -Wl,-rpath,"$pc_libdir" || fail "compiling with pkg-config"
check_example "pkg-config" "$tmp/search_feed_pc"

echo "ok: newsdex $version installs and is usable with find_package, add_subdirectory and pkg-config"
