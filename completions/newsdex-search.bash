# bash completion for newsdex-search                       -*- shell-script -*-
#
# Installed as bash-completion/completions/newsdex-search, where the
# bash-completion package loads it on first use; `source` it by hand
# otherwise (it needs nothing from that package). tests/docs_test.sh checks
# that every option of `newsdex-search --help` (and of each command's) is
# offered here.
#
# Word lists are split on purpose (COMPREPLY=($(compgen ...)) with IFS set to
# a newline, option lists passed unquoted), as completion functions do.
# shellcheck shell=bash disable=SC2207,SC2086,SC2046

# Sets cur, prev, words and cword (declared by the caller) with "--opt=value"
# and "host:port" kept as one word, as bash-completion does with -n =:.
_newsdex_search_line()
{
    if declare -F _get_comp_words_by_ref >/dev/null; then
        _get_comp_words_by_ref -n =: cur prev words cword
        return
    fi
    # Without bash-completion: glue back what COMP_WORDBREAKS split off.
    local i w glue=""
    words=()
    cword=0
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        if ((${#words[@]} > 1)) && [[ -n $glue || $w == [=:] ]]; then
            words[-1]+=$w
        else
            words+=("$w")
        fi
        [[ $w == [=:] ]] && glue=1 || glue=""
        ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
    done
    cur=${words[cword]-}
    prev=${words[cword - 1]-}
}

# COMPREPLY from the words given, for a word bash sees as $cur, minus the
# part before a colon that bash already counts as typed.
_newsdex_search_reply()
{
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$*" -- "$cur"))
    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local typed=${cur%"${cur##*:}"} i
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$typed"}; done
    fi
}

# File names (for --db and --synonyms), one a line, spaces kept.
_newsdex_search_files()
{
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}

# The names of the saved searches (from `newsdex-search list --format json`).
_newsdex_search_saved()
{
    command newsdex-search list --format json 2>/dev/null |
        sed -n 's/.*"name" *: *"\([^"]*\)".*/\1/p'
}

_newsdex_search()
{
    local cur prev words cword
    _newsdex_search_line

    local commands="show count save list delete run"
    # Options that take a value (their next word is not a query word).
    local valued="--db -n --limit --offset --sort --half-life --facets --like --story
        --since --until --seen-since --format --color --snippet-chars --synonyms --width"

    # The command is the first argument, if it is one of these (a query that
    # starts with one is written after --). Then: how many of its arguments
    # are there before the word completed? A word with one dash is a query
    # word ("-china"), except -h, -n and -nNUMBER.
    local i=1 w cmd="" args=0 dashdash=""
    if ((cword > 1)) && [[ " $commands " == *" ${words[1]} "* ]]; then
        cmd=${words[1]}
        i=2
    fi
    for (( ; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $dashdash || ( $w != --* && $w != -h && ( $w != -n* || ${w#-n} == *[!0-9]* ) ) ]]; then
            ((args++))
        elif [[ $w == -- ]]; then
            dashdash=1
        elif [[ $w != *=* && " ${valued//$'\n'/ } " == *" $w "* ]]; then
            ((i++))
        fi
    done

    # --opt=value: complete the value.
    local attached=""
    if [[ -z $dashdash && $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
        attached=1
    fi

    # The value of an option.
    if [[ -z $dashdash && ( -n $attached || $cword -gt 1 ) ]]; then
        case $prev in
            --db | --synonyms)
                _newsdex_search_files
                return
                ;;
            --format)
                case $cmd in
                    show | list) _newsdex_search_reply text json ;;
                    *) _newsdex_search_reply text json oneline atom ;;
                esac
                return
                ;;
            --color)
                _newsdex_search_reply auto always never
                return
                ;;
            --sort)
                _newsdex_search_reply relevance date recent
                return
                ;;
            --facets)
                # A comma-separated list: complete its last element.
                local done_part=${cur%"${cur##*,}"}
                COMPREPLY=($(compgen -P "$done_part" -W "source category month kind" -- "${cur##*,}"))
                compopt -o nospace 2>/dev/null
                return
                ;;
            --half-life)
                _newsdex_search_reply 12h 3d 1w 2w
                return
                ;;
            --since | --until | --seen-since)
                _newsdex_search_reply 24h 7d 2w
                return
                ;;
            -n | --limit | --offset | --snippet-chars | --width | --like | --story)
                return
                ;;
        esac
    fi

    if [[ -z $dashdash && $cur == -* ]]; then
        # What each command's --help lists.
        local filters="--sort --half-life --since --until --any --no-collapse"
        local listing="-n --limit --offset --format --snippet-chars --seen-since --synonyms
            --no-synonyms"
        local style="--color --utc --width"
        local opts
        case $cmd in
            show) opts="--format --no-pager $style" ;;
            count) opts="$filters $listing $style" ;;
            save) opts="$filters" ;;
            list) opts="--format $style" ;;
            delete) opts="" ;;
            run) opts="--all --new $filters $listing $style" ;;
            *) opts="$filters $listing $style --facets --like --story --count --stats" ;;
        esac
        _newsdex_search_reply -h --help --version --db $opts
        return
    fi

    # A word that is no option: a command (first), a saved search's name, or
    # query words (nothing to offer for those).
    if ((cword == 1)); then
        _newsdex_search_reply $commands
    elif [[ ( $cmd == run || $cmd == delete || $cmd == save ) && $args -eq 0 && -z $dashdash ]]; then
        local IFS=$'\n'
        _newsdex_search_reply $(_newsdex_search_saved)
    fi
}

complete -F _newsdex_search newsdex-search

# ex: filetype=sh
