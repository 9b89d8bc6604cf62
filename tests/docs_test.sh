#!/usr/bin/env bash
# The man pages and shell completions, checked against the binaries they
# describe, so that an option added to a command cannot go undocumented.
#
#   docs_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH SOURCE_DIR
#
#  1. every page in man/ renders with `groff -man -ww` without a warning,
#     and its .TH names its file;
#  2. every long option (--xxx) that `BIN --help` or `BIN SUB --help` prints
#     (the subcommands as the help lists them, and theirs in turn; lines
#     naming the other newsdex program aside) has an entry (.TP) in
#     man/BIN.1 and is named in completions/BIN.bash and completions/_BIN;
#  3. `bash -n` on the bash completions, `zsh -n` on the zsh ones;
#  4. the bash completion, sourced into a plain bash (and again with the
#     bash-completion package, when it is installed), offers after
#     `BIN [SUB...] --` every option that help lists for that (sub)command,
#     after an option every value its help lists as {a,b,c}, `--format` for
#     `newsdex-search --fo` and `json` for `newsdex-search --format `;
#  5. the zsh completion, driven in an interactive zsh through zpty, offers
#     the same options after `BIN [SUB...] --`.
# Each check prints ok, FAIL or SKIP (a tool that is not installed). The exit
# status is 0 only when every check that could run passed.
set -uo pipefail

usage="usage: docs_test.sh NEWSDEX_INDEX NEWSDEX_SEARCH SOURCE_DIR"
index_bin=${1:?$usage}
search_bin=${2:?$usage}
src=${3:?$usage}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsdex-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

failures=0 passed=0 skipped=0
ok() { echo "ok:   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }

# --- what the binaries say ---------------------------------------------------

# Every long option mentioned anywhere in a text (stdin), one a line.
mentioned_options() { grep -oE -- '--[A-Za-z0-9][A-Za-z0-9-]*' | sed 's/-*$//' | sort -u; }

# A help text of NAME (stdin) without the lines that name another newsdex
# program (an example "newsdex-index update --quiet && ..." in newsdex-search's).
own_lines() {
  awk -v own="$1" '{
    line = $0
    while (match(line, /newsdex-[a-z]+/)) {
      if (substr(line, RSTART, RLENGTH) != own) next
      line = substr(line, RSTART + RLENGTH)
    }
    print
  }'
}

# The long options the Options: section of a CLI11 help text (stdin) defines.
defined_options() {
  awk '/^Options:$/ { in_options = 1; next }
       /^[A-Z][A-Za-z ]*:$/ { in_options = 0 }
       in_options && /^  -/ {
         n = split($1, names, ",")
         for (i = 1; i <= n; i++) if (names[i] ~ /^--[A-Za-z0-9]/) print names[i]
       }' | sort -u
}

# "OPTION a b c" for each option whose help lists its values ({a,b,c}).
option_values() {
  awk '/^Options:$/ { in_options = 1; next }
       /^[A-Z][A-Za-z ]*:$/ { in_options = 0 }
       in_options && /^  -/ && match($0, /\{[^}]*\}/) {
         values = substr($0, RSTART + 1, RLENGTH - 2)
         gsub(/,/, " ", values)
         n = split($1, names, ",")
         for (i = 1; i <= n; i++) if (names[i] ~ /^--/) print names[i], values
       }'
}

# The subcommands a help text (stdin) lists: CLI11's "Subcommands:" section,
# or a "Commands ...:" paragraph of the description (newsdex-search's: its
# commands are words it looks for before CLI11 parses), "  NAME ..." lines.
subcommands() {
  awk '/^Subcommands:$/ { in_subs = 1; next }
       /^Commands.*:$/ { in_commands = 1; next }
       /^[A-Z][A-Za-z ]*:$/ { in_subs = 0 }
       !/^  / { in_commands = 0 }
       (in_subs || in_commands) && /^  [a-z]/ { print $1 }' | sort -u
}

# Writes the help of BIN and of each of its (sub)subcommands to
# $tmp/NAME/help.N, with the words before --help (after BIN) in
# $tmp/NAME/words.N. A "subcommand" whose help is the same as its parent's
# is none (the binary took the word for something else) and is left out.
# Returns 1 when a help cannot be had.
collect_helps() {
  local bin=$1 name=$2 n=0 i=0 status=0
  local -a queue=("") parents=("")
  mkdir -p "$tmp/$name"
  while ((i < ${#queue[@]})); do
    local path=${queue[i]} parent=${parents[i]}
    i=$((i + 1))
    local -a sub=()
    [[ -n $path ]] && read -ra sub <<<"$path"
    local code=0
    "$bin" "${sub[@]}" --help >"$tmp/$name/help.$n" 2>&1 || code=$?
    if ((code != 0)); then
      fail "$name${path:+ $path} --help exits with status $code"
      rm -f "$tmp/$name/help.$n"
      status=1
      continue
    fi
    if [[ -n $parent ]] && cmp -s "$tmp/$name/help.$n" "$parent"; then
      echo "note: '$name $path --help' prints the help of '$name ${path% *}': not a command of its own"
      rm -f "$tmp/$name/help.$n"
      continue
    fi
    printf '%s\n' "$path" >"$tmp/$name/words.$n"
    if ((${#sub[@]} < 3)); then
      local s
      while read -r s; do
        queue+=("${path:+$path }$s")
        parents+=("$tmp/$name/help.$n")
      done < <(subcommands <"$tmp/$name/help.$n")
    fi
    n=$((n + 1))
  done
  return $status
}

# --- 1. the man pages render without warnings --------------------------------

pages=("$src"/man/*.[1-9])
if [[ ! -e ${pages[0]} ]]; then
  fail "no man pages in $src/man"
  pages=()
fi
if command -v groff >/dev/null; then
  for page in "${pages[@]}"; do
    file=${page##*/}
    if warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1) && [[ -z $warnings ]]; then
      ok "man/$file renders without warnings"
    else
      fail "man/$file: groff -man -ww reports:"$'\n'"$warnings"
    fi
  done
else
  skip "rendering the man pages: groff is not installed (Debian: groff-base)"
fi
for page in "${pages[@]}"; do
  file=${page##*/}
  name=${file%.*} section=${file##*.}
  th=$(sed -n 's/^\.TH  *\([^ ]*\)  *\([^ ]*\).*/\1 \2/p' "$page" | sed 's/\\-/-/g')
  if [[ ${th,,} == "$name $section" ]]; then
    ok "man/$file: .TH names $name($section)"
  else
    fail "man/$file: .TH says '$th', expected '${name^^} $section'"
  fi
done

# --- 2. every option of --help is documented and completed -------------------

# A man page's text with the roff escapes that can sit inside an option
# (\- \f? \& \%) taken out.
man_text() {
  sed -e 's/\\-/-/g' -e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' -e 's/\\f[A-Za-z0-9]//g' \
      -e 's/\\[&%]//g' "$1"
}
# The long options a man page gives an entry: the tag lines after .TP/.TQ.
man_entries() {
  man_text "$1" | awk 'tag { print; tag = 0 } /^\.(TP|TQ)/ { tag = 1 }' | mentioned_options
}
has_word() {  # FILE OPTION: OPTION appears in FILE as a whole word
  grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" "$1"
}

for bin in "$index_bin" "$search_bin"; do
  name=${bin##*/}
  if [[ ! -x $bin ]]; then
    fail "$bin is not an executable"
    continue
  fi
  collect_helps "$bin" "$name"
  contexts=$(find "$tmp/$name" -name 'help.*' | wc -l)
  mentioned=$(cat "$tmp/$name"/help.* 2>/dev/null | own_lines "$name" | mentioned_options)
  if [[ -z $mentioned ]]; then
    fail "$name: no long option found in its --help (has the help's format changed?)"
    continue
  fi
  page=$src/man/$name.1 bash_file=$src/completions/$name.bash zsh_file=$src/completions/_$name
  for f in "$page" "$bash_file" "$zsh_file"; do
    [[ -f $f ]] || fail "$name: ${f#"$src"/} is missing"
  done
  [[ -f $page ]] && man_text "$page" >"$tmp/$name/page.txt" && man_entries "$page" >"$tmp/$name/entries"
  missing=0
  while read -r opt; do
    if [[ -f $page ]] && ! grep -qxF -- "$opt" "$tmp/$name/entries"; then
      if has_word "$tmp/$name/page.txt" "$opt"; then
        fail "$name: $opt is mentioned in man/$name.1 but has no entry (.TP) of its own"
      else
        fail "$name: $opt is missing from man/$name.1"
      fi
      missing=1
    fi
    if [[ -f $bash_file ]] && ! has_word "$bash_file" "$opt"; then
      fail "$name: $opt is missing from completions/$name.bash"
      missing=1
    fi
    if [[ -f $zsh_file ]] && ! has_word "$zsh_file" "$opt"; then
      fail "$name: $opt is missing from completions/_$name"
      missing=1
    fi
  done <<<"$mentioned"
  ((missing)) || ok "$name: all $(wc -l <<<"$mentioned") long options of its $contexts help texts are in its man page and both completions"
done

# --- 3. the completions parse -------------------------------------------------

for f in "$src"/completions/*.bash; do
  if out=$(bash -n "$f" 2>&1); then ok "bash -n completions/${f##*/}"; else fail "bash -n completions/${f##*/}: $out"; fi
done
zsh_files=("$src"/completions/_*)
if command -v zsh >/dev/null; then
  for f in "${zsh_files[@]}"; do
    if out=$(zsh -n "$f" 2>&1); then ok "zsh -n completions/${f##*/}"; else fail "zsh -n completions/${f##*/}: $out"; fi
  done
else
  skip "zsh -n on ${#zsh_files[@]} zsh completions: zsh is not installed"
fi

# --- 4. the bash completion offers them ---------------------------------------

# Completes the words given (the last is the one being completed) with a bash
# completion file, as bash would on TAB, and prints COMPREPLY one a line.
cat >"$tmp/complete.bash" <<'EOF'
file=$1 framework=$2
shift 2
if [[ -n $framework ]]; then
  # shellcheck disable=SC1090
  source "$framework" >/dev/null 2>&1 || { echo "cannot source $framework" >&2; exit 3; }
fi
# shellcheck disable=SC1090
source "$file" || { echo "cannot source $file" >&2; exit 3; }
spec=$(complete -p "$1" 2>/dev/null) || { echo "$file registers no completion for $1" >&2; exit 3; }
[[ $spec == *" -F "* ]] || { echo "$file: not a complete -F function: $spec" >&2; exit 3; }
fn=${spec##* -F }
fn=${fn%% *}
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
COMP_TYPE=9
COMP_KEY=9
COMPREPLY=()
"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]:-}"
printf '%s\n' "${COMPREPLY[@]}"
EOF

frameworks=("")
framework_names=("plain bash")
bash_completion_file=""
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
  [[ -r $f ]] && { bash_completion_file=$f; break; }
done
if [[ -n $bash_completion_file ]]; then
  frameworks+=("$bash_completion_file")
  framework_names+=("bash with bash-completion")
else
  skip "the bash completions under the bash-completion package: it is not installed"
fi

# offered FRAMEWORK_INDEX FILE WORD...: what the completion offers.
offered() {
  local k=$1 file=$2
  shift 2
  env -i HOME="$tmp" PATH="$PATH" TERM=dumb bash --norc --noprofile "$tmp/complete.bash" "$file" "${frameworks[k]}" "$@"
}
# expect_offered FRAMEWORK_INDEX FILE "WANTED..." WORD...: each wanted word
# is offered (the words shown in the message as typed, the cursor at the end).
expect_offered() {
  local k=$1 file=$2 wanted=$3
  shift 3
  local reply missing=() w
  if ! reply=$(offered "$k" "$file" "$@" 2>"$tmp/stderr"); then
    fail "${framework_names[k]}: completing '$*': $(cat "$tmp/stderr")"
    return
  fi
  if [[ -s $tmp/stderr ]]; then
    fail "${framework_names[k]}: completing '$*' writes to stderr: $(cat "$tmp/stderr")"
    return
  fi
  for w in $wanted; do grep -qxF -- "$w" <<<"$reply" || missing+=("$w"); done
  if ((${#missing[@]})); then
    fail "${framework_names[k]}: completions/${file##*/} does not offer ${missing[*]} after '$*'"
  else
    ok "${framework_names[k]}: '$*' offers $(wc -w <<<"$wanted") expected words"
  fi
}

for k in "${!frameworks[@]}"; do
  for bin in "$index_bin" "$search_bin"; do
    name=${bin##*/} file=$src/completions/${bin##*/}.bash
    [[ -f $file && -d $tmp/$name ]] || continue
    for help in "$tmp/$name"/help.*; do
      n=${help##*.}
      read -ra words <"$tmp/$name/words.$n"
      defined=$(defined_options <"$help" | tr '\n' ' ')
      if [[ -z $defined ]]; then
        fail "$name ${words[*]}: its --help lists no options (has the help's format changed?)"
        continue
      fi
      expect_offered "$k" "$file" "$defined" "$name" "${words[@]}" --
      while read -r opt values; do
        [[ -n $opt ]] && expect_offered "$k" "$file" "$values" "$name" "${words[@]}" "$opt" ""
      done < <(option_values <"$help")
    done
  done
  file=$src/completions/newsdex-search.bash
  if [[ -f $file ]]; then
    expect_offered "$k" "$file" "--format" newsdex-search --fo
    expect_offered "$k" "$file" "json" newsdex-search --format ""
  fi
done

# --- 5. the zsh completion offers them ----------------------------------------

# Drives an interactive zsh in a pseudo-terminal: for each line of stdin,
# types it and TAB, and records every match the completion adds (compadd
# wrapped) in OUT after a "### N" line. Completion is synchronous, so a
# command typed after it runs when it is done: its output is the marker.
# The line is cleared with ^K bound to kill-buffer, not ^U, which the
# terminal itself would take as "kill" while zsh is not yet reading keys.
cat >"$tmp/complete.zsh" <<'EOF'
zmodload zsh/zpty || exit 3
completions=$1 out=$2
zpty z zsh -f -i || exit 3
zpty -w z "unsetopt zle_bracketed_paste auto_list auto_menu list_beep; setopt no_beep"
zpty -w z "bindkey -e; bindkey '^K' kill-buffer; PS1='> '"
zpty -w z "fpath=(${(q)completions} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "compadd() { local -a m; builtin compadd -O m \"\$@\"; (( \$#m )) && print -rl -- \$m >>${(q)out}; builtin compadd \"\$@\" }"
zpty -w z "print -r -- ready-\$(( 6 * 7 ))"
zpty -r z reply "*ready-42*" || exit 4
n=0
while IFS= read -r line; do
  n=$((n + 1))
  print -r -- "### $n" >>$out
  zpty -w -n z "$line"$'\t'$'\C-k'
  zpty -w z "print -r -- done-\$(( $n * 7 ))"
  zpty -r z reply "*done-$((n * 7))*" || exit 4
done
zpty -d z
EOF

if ! command -v zsh >/dev/null; then
  skip "the zsh completions in an interactive zsh: zsh is not installed"
elif ! zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
  skip "the zsh completions in an interactive zsh: zsh has no zpty module"
else
  : >"$tmp/zsh.lines"
  : >"$tmp/zsh.expect"
  for bin in "$index_bin" "$search_bin"; do
    name=${bin##*/}
    [[ -f $src/completions/_$name && -d $tmp/$name ]] || continue
    for help in "$tmp/$name"/help.*; do
      n=${help##*.}
      before=$(cat "$tmp/$name/words.$n")
      printf '%s\n' "$name ${before:+$before }--" >>"$tmp/zsh.lines"
      defined_options <"$help" | tr '\n' ' ' >>"$tmp/zsh.expect"
      echo >>"$tmp/zsh.expect"
    done
  done
  # Its own folder of completions, so that no installed copy is used instead.
  mkdir -p "$tmp/zsh-completions"
  cp "$src"/completions/_* "$tmp/zsh-completions/"
  : >"$tmp/zsh.out"
  (cd "$tmp" && env -i HOME="$tmp" PATH="$PATH" TERM=dumb timeout 120 \
    zsh -f "$tmp/complete.zsh" "$tmp/zsh-completions" "$tmp/zsh.out" <"$tmp/zsh.lines")
  status=$?
  if ((status == 3)); then
    skip "the zsh completions in an interactive zsh: zsh cannot open a pseudo-terminal here"
  elif ((status != 0)); then
    why="status $status"
    ((status == 124)) && why="timed out"
    fail "driving zsh through zpty failed ($why)"
  else
    n=0
    while IFS= read -r line <&3 && IFS= read -r wanted <&4; do
      n=$((n + 1))
      got=$(awk -v n="$n" '$0 == "### " n { on = 1; next } /^### / { on = 0 } on' "$tmp/zsh.out")
      missing=()
      for w in $wanted; do grep -qxF -- "$w" <<<"$got" || missing+=("$w"); done
      if ((${#missing[@]})); then
        fail "zsh: completions/_${line%% *} does not offer ${missing[*]} after '$line'"
      else
        ok "zsh: '$line' offers $(wc -w <<<"$wanted") expected options"
      fi
    done 3<"$tmp/zsh.lines" 4<"$tmp/zsh.expect"
  fi
fi

echo "docs: $passed passed, $failures failed, $skipped skipped"
((failures == 0))
