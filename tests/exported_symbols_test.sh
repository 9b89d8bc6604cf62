#!/usr/bin/env bash
# The shared library must export newsdex's public API and nothing else.
#
#   exported_symbols_test.sh LIBNEWSDEX_SO INCLUDE_DIR
#
# Every dynamic symbol libnewsdex.so defines is demangled and must be in
# namespace newsdex::, each part of its qualified name declared in the public
# headers (INCLUDE_DIR/*.hpp): a class, struct or enum name, or a function or
# member name. Anything else -- an internal function (newsdex::parse_feed,
# newsdex::html_to_text, ...), a symbol of tinyxml2, fmt, Xapian, gumbo or
# libcurl, a template instantiation of the standard library -- fails the test
# and is printed. Conversely, every function and class the headers mark
# NEWSDEX_EXPORT must be exported (an empty macro would hide the whole API).
set -euo pipefail
shopt -s extglob

lib=${1:?usage: exported_symbols_test.sh LIBNEWSDEX_SO INCLUDE_DIR}
include_dir=${2:?usage: exported_symbols_test.sh LIBNEWSDEX_SO INCLUDE_DIR}
for tool in nm c++filt; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (Debian: binutils)" >&2; exit 2; }
done

# The headers' code without comments and string literals.
code=$(sed -e 's://.*$::' -e 's/"[^"]*"//g' "$include_dir"/*.hpp)
# Allowed names: types defined in the headers (not merely declared: the
# members of an opaque `struct Impl;` are no API) and any identifier followed
# by "(" (functions, members, constructors).
allowed=$(
  { grep -oE '\b(class|struct|enum( class)?)( NEWSDEX_EXPORT)? [A-Za-z_][A-Za-z0-9_]*[[:space:]]*(\{|:[^:]|final)' <<<"$code" |
      awk '{ sub(/[[:space:]]*(\{|:.|final)$/, ""); print $NF }'
    grep -oE '\b[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(' <<<"$code" | tr -d '( \t'
  } | sort -u)

# Prints the demangled symbols (one a line, from stdin) that are not public API.
not_public() {
  local sym name part ok
  while IFS= read -r sym; do
    name=$sym
    # Data about a class: its typeinfo, vtable and so on, and thunks.
    name=${name#typeinfo name for }
    name=${name#typeinfo for }
    name=${name#vtable for }
    name=${name#VTT for }
    name=${name#non-virtual thunk to }
    name=${name#virtual thunk to }
    # The qualified name: up to the parameter list, without ABI tags.
    name=${name%%(*}
    # The typeinfo of a function type ("typeinfo for newsdex::Searcher
    # (std::string const&)": clang's -fsanitize=function emits them) is its
    # return type's.
    name=${name% }
    name=${name//\[abi:+([a-z0-9])\]/}
    ok=0
    if [[ $name == newsdex::?* && $name != *'<'* && $name != *' '* && $sym != *'(anonymous namespace)'* ]]; then
      ok=1
      IFS=: read -r -a parts <<<"${name//::/:}"
      for part in "${parts[@]:1}"; do
        part=${part#\~}
        [[ $part == operator* ]] && continue
        grep -qxF -- "$part" <<<"$allowed" || { ok=0; break; }
      done
    fi
    [[ $ok == 1 ]] || printf '%s\n' "$sym"
  done
}

# The filter itself must catch what it is for.
canaries='newsdex::parse_feed(std::basic_string_view<char, std::char_traits<char> >)
newsdex::html_to_text(std::basic_string_view<char, std::char_traits<char> >)
newsdex::prepare_xml(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)
newsdex::build_document(newsdex::Item const&)
newsdex::detail::helper()
newsdex::(anonymous namespace)::helper()
tinyxml2::XMLDocument::Parse(char const*, unsigned long)
fmt::v9::vformat[abi:cxx11](fmt::v9::basic_string_view<char>, fmt::v9::basic_format_args<fmt::v9::basic_format_context<fmt::v9::appender, char> >)
Xapian::Database::Database()
typeinfo for Xapian::Error
gumbo_parse
curl_easy_init
std::vector<newsdex::Hit, std::allocator<newsdex::Hit> >::~vector()'
flagged=$(not_public <<<"$canaries" | wc -l)
if [[ $flagged -ne $(wc -l <<<"$canaries") ]]; then
  echo "FAIL: the filter lets internal symbols through:" >&2
  comm -23 <(sort <<<"$canaries") <(not_public <<<"$canaries" | sort) >&2
  exit 1
fi
public_ok=$(printf '%s\n' 'newsdex::Index::open(newsdex::IndexOptions const&)' 'typeinfo for newsdex::Error' \
  'newsdex::Searcher::~Searcher()' | not_public)
[[ -z $public_ok ]] || { echo "FAIL: the filter rejects public symbols: $public_ok" >&2; exit 1; }

symbols=$(nm -D --defined-only "$lib" | awk 'NF >= 3 { print $3 }' | c++filt | sort -u)
count=$(wc -l <<<"$symbols")
bad=$(not_public <<<"$symbols")
status=0
if [[ -n $bad ]]; then
  echo "FAIL: $(wc -l <<<"$bad") of $count exported symbols of $lib are not newsdex's public API:"
  sed 's/^/  /' <<<"$bad"
  status=1
fi

# Every NEWSDEX_EXPORT declaration has its symbol.
missing=()
for f in $(grep -oE 'NEWSDEX_EXPORT [^(;{]*[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\(' <<<"$code" |
             grep -oE '[A-Za-z_][A-Za-z0-9_]*[[:space:]]*\($' | tr -d '( \t'); do
  grep -qE "^newsdex::$f(\[abi:[a-z0-9]+\])?\(" <<<"$symbols" || missing+=("function newsdex::$f")
done
for c in $(grep -oE '\b(class|struct) NEWSDEX_EXPORT [A-Za-z_][A-Za-z0-9_]*' <<<"$code" | awk '{print $NF}'); do
  grep -qE "^(newsdex::$c::|typeinfo for newsdex::$c\$)" <<<"$symbols" || missing+=("class newsdex::$c")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "FAIL: declared NEWSDEX_EXPORT in $include_dir but not exported by $lib:"
  printf '  %s\n' "${missing[@]}"
  status=1
fi

[[ $status -eq 0 ]] && echo "ok: $count exported symbols, all newsdex public API"
exit $status
