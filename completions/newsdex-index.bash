# bash completion for newsdex-index                        -*- shell-script -*-
#
# Installed as bash-completion/completions/newsdex-index, where the
# bash-completion package loads it on first use; `source` it by hand
# otherwise (it needs nothing from that package). tests/docs_test.sh checks
# that every option of `newsdex-index --help` (and of each subcommand's) is
# offered here.
#
# Word lists are split on purpose (COMPREPLY=($(compgen ...)) with IFS set to
# a newline, option lists passed unquoted), as completion functions do.
# shellcheck shell=bash disable=SC2207,SC2086,SC2046

# Sets cur, prev, words and cword (declared by the caller) with "--opt=value"
# and "https://host" kept as one word, as bash-completion does with -n =:.
_newsdex_index_line()
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
_newsdex_index_reply()
{
    local IFS=$'\n'
    COMPREPLY=($(compgen -W "$*" -- "$cur"))
    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local typed=${cur%"${cur##*:}"} i
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=${COMPREPLY[i]#"$typed"}; done
    fi
}

# File names ("dirs": folders only), one a line, spaces kept.
_newsdex_index_files()
{
    local IFS=$'\n'
    compopt -o filenames 2>/dev/null
    if [[ ${1-} == dirs ]]; then
        COMPREPLY=($(compgen -d -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

# The URLs of the followed feeds, of the index named by --db on the line.
_newsdex_index_feed_urls()
{
    local i db=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db) db=(--db "${words[i + 1]}") ;;
            --db=*) db=(--db "${words[i]#--db=}") ;;
        esac
    done
    command newsdex-index feeds list --format json "${db[@]}" 2>/dev/null |
        sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p'
}

_newsdex_index()
{
    local cur prev words cword
    _newsdex_index_line

    local commands="update sync expire delete feeds stats export import compact"
    # Options that take a value (their next word is no input or command).
    local valued="--db --format --date --wait --shards --duplicate-threshold --feeds --expire
        --timeout --connect-timeout --output --time-limit --category --include --exclude"

    # The command (and feeds' own), and how many arguments it has so far.
    local i w cmd="" sub="" args=0 dashdash=""
    for ((i = 1; i < cword; i++)); do
        w=${words[i]}
        if [[ -n $dashdash || $w != -?* ]]; then
            if [[ -z $dashdash && -z $cmd && $args -eq 0 && " $commands " == *" $w "* ]]; then
                cmd=$w
            elif [[ $cmd == feeds && -z $sub && " add import export remove rename set-category retry list " == *" $w "* ]]; then
                sub=$w
            else
                ((args++))
            fi
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

    if [[ -z $dashdash && ( -n $attached || $cword -gt 1 ) ]]; then
        case $prev in
            --db | --output)
                _newsdex_index_files dirs
                return
                ;;
            --feeds)
                _newsdex_index_files
                return
                ;;
            --format)
                if [[ $cmd == stats || $cmd == feeds ]]; then
                    _newsdex_index_reply text json
                else
                    _newsdex_index_reply auto feed article digest
                fi
                return
                ;;
            --date | --wait | --shards | --duplicate-threshold | --expire | --timeout | \
                --connect-timeout | --time-limit | --category | --include | --exclude)
                return
                ;;
        esac
    fi

    if [[ -z $dashdash && $cur == -* ]]; then
        local opts near="--duplicate-threshold --no-near-duplicates"
        case $cmd$sub in
            update) opts="--feeds --expire --timeout --connect-timeout --time-limit --db -q --quiet --wait $near" ;;
            feeds) opts="" ;;
            feedsadd) opts="--category --all --no-check --timeout --db -q --quiet" ;;
            feedsimport | feedsremove | feedsretry) opts="--db -q --quiet" ;;
            feedsexport | feedsrename | feedsset-category) opts="--db" ;;
            feedslist | stats) opts="--format --db" ;;
            export) opts="--db -q --quiet" ;;
            import) opts="--wait --shards --db -q --quiet $near" ;;
            compact) opts="--db --output --wait -q --quiet" ;;
            sync) opts="--db -q --quiet -v --verbose --wait" ;;
            expire | delete) opts="-n --dry-run --db -q --quiet --wait" ;;
            *) opts="--version --db --format --date --wait -q --quiet -v --verbose --shards --include --exclude $near" ;;
        esac
        _newsdex_index_reply -h --help $opts
        return
    fi

    case $cmd$sub in
        "")
            # The first word: a command or an input; later ones: inputs.
            _newsdex_index_files
            ((args == 0)) && [[ -z $dashdash ]] &&
                COMPREPLY+=($(compgen -W "$commands" -- "$cur"))
            ;;
        feeds) _newsdex_index_reply add import export remove rename set-category retry list ;;
        feedsimport | feedsexport)
            ((args == 0)) && _newsdex_index_files
            ;;
        feedsremove | feedsrename | feedsset-category | feedsretry)
            if ((args == 0)); then
                local IFS=$'\n'
                _newsdex_index_reply $(_newsdex_index_feed_urls)
            fi
            ;;
        export | import)
            ((args == 0)) && _newsdex_index_files
            ;;
    esac
}

complete -F _newsdex_index newsdex-index

# ex: filetype=sh
