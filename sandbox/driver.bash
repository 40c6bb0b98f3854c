# shelltutor driver: loaded into the learner's interactive bash (as its rc file, and under bwrap also as
# /etc/bash.bashrc). The tutor types one short trigger line per command on the terminal, e.g.
#   \__st_pre NONCE SEQ MODE;\eval "$__st_c" >$RUN/o.SEQ 2>$RUN/e.SEQ;\__st_post NONCE $?
#   \__st_pre NONCE SEQ MODE o5;\eval "$__st_c" >"$__st_kfd/5" 2>"$__st_kfd/6";\__st_post NONCE $?
# __st_pre reads the learner's command as data from $RUN/c.SEQ (a file the tutor wrote; the command is
# never part of a shell string), expands history, refuses incomplete input, records history; the eval runs
# it at top level (so `declare` makes globals) with stdout/stderr on per-command FIFOs, or (with `oN`) on a
# pair of the keeper's output terminals (its fds N and N+1), where begin and end marks around the command tell its output from what
# background jobs write; __st_post reports the status and cwd on the keeper's status pipe. Every report and
# mark carries the tutor's per-command nonce.
# The functions are readonly: the learner can neither redefine nor unset them.

if [[ -z ${__st_loaded-} ]]; then
declare -r __st_loaded=1
declare -r __st_k=${__ST_KEEPER:-1} __st_r=${__ST_RUN:-/run/shelltutor}
declare -r __st_sp=/proc/${__ST_KEEPER:-1}/fd/4
declare -r __st_kfd=/proc/${__ST_KEEPER:-1}/fd
__st_ps=()     # the learner's last PIPESTATUS, put back before their next command as bash keeps it
__st_tty=''    # the keeper's fd of the command's stdout terminal, while its output goes to a pair of them
__st_o=''      # the learner's shell options (from $-) while the driver runs with them off
__st_prev=0    # the learner's last exit status, restored as $? before the next command
__st_mode=c    # c: captured on FIFOs; t: on the terminal; n: captured, not recorded in history
__st_flag=-    # what __st_pre decided: - run, i incomplete, s syntax error, h history expansion failed
__st_tapped='' # the seq of a command that runs with pipeline taps: __st_post leaves its PIPESTATUS in ps.SEQ
__st_pending='' # the nonce of the command whose trigger line started and whose __st_post has not run yet
# The pipeline tap (pipetap.py, see __st_tap) runs on the system's Python; without one, lines run untapped.
__st_py=''
for __st_x in /usr/bin/python3 /usr/local/bin/python3; do
    [[ -x $__st_x ]] && { __st_py=$__st_x; break; }
done
declare -r __st_py __st_tapf=${__ST_DATA:-/opt/shelltutor}/pipetap.py
unset __st_x

# No line editing (the tutor types whole lines) and no automatic history (the driver records the
# learner's commands with `history -s`, never its own trigger lines).
set +o emacs +o vi
set +o history
history -r 2>/dev/null

# A NUL before the record too: it ends whatever a learner's process left unfinished on the pipe (/proc/1/fd/4
# is theirs to write to), which would otherwise swallow this record; the tutor skips empty records.
__st_send() { printf '\0%s\0' "$1" >"$__st_sp"; } 2>/dev/null

# Switch off the learner's options that would disturb the driver (errexit, nounset, xtrace, verbose,
# errtrace, functrace), remembering them in __st_o for __st_pre to put back.
__st_quiet() {
    [[ $- == *[euvxET]* ]] && { __st_o=${__st_o//[euvxET]/}${-//[^euvxET]/}; set +euvxET; }
    if [[ -o history ]]; then
        # The learner switched automatic history on: drop the trigger line it just recorded.
        history -d -1 2>/dev/null
        set +o history
    fi
    return 0
}

__st_pre() {
    __st_quiet
    __st_pending=$1
    # The trigger line needs the eval builtin: a learner's function or `enable -n` must not take it away.
    builtin enable eval
    builtin unset -f eval
    if builtin declare -F eval >/dev/null; then
        __st_send "B $1"
        return 0
    fi
    __st_mode=$3
    __st_flag=-
    local n=$1 seq=$2 x m f typed
    __st_c=''
    IFS= read -r -d '' __st_c <"$__st_r/c.$seq"
    typed=$__st_c
    f=$__st_r/e.$seq
    [[ $3 == t ]] && f=/dev/tty
    __st_tty=''
    if [[ ${4-} == o[57] ]]; then
        __st_tty=${4#o}
        f=$__st_kfd/$((__st_tty + 1))
        printf '\e_shelltutor:b:%s\e\\' "$n" >"$__st_kfd/$__st_tty"
        printf '\e_shelltutor:b:%s\e\\' "$n" >"$f"
    fi
    if [[ $- == *H* && ( $__st_c == *'!'* || $__st_c == '^'* ) ]]; then
        if history -p -- "$__st_c" >|"$__st_r/hx" 2>/dev/null; then
            x=''
            IFS= read -r -d '' x <"$__st_r/hx"
            x=${x%$'\n'}
            if [[ $x != "$__st_c" ]]; then
                printf '%s\n' "$x" >"$f"
                printf '%s' "$x" >|"$__st_r/x.$seq"   # the expanded line, for the tutor
                __st_c=$x
            fi
        else
            x=${__st_c#*'!'}
            x=${x%%[[:space:]]*}
            printf 'bash: !%s: event not found\n' "$x" >"$f"
            __st_flag=h
        fi
    fi
    if [[ $__st_flag == - ]]; then
        # Parse the command without running it: an incomplete command (unclosed quote, missing `done`,
        # here-document without its end) would make a real terminal wait for more lines.
        { \eval "if false; then :; $__st_c"$'\n'"fi"; } 2>|"$__st_r/chk"
        if [[ -s $__st_r/chk ]]; then
            # The wrapper makes "missing done" look like "unexpected fi": let a separate `bash -n` (a fork,
            # only for commands that do not parse) tell incomplete input from a real syntax error.
            printf '%s' "$__st_c" >|"$__st_r/chk.sh"
            m=''
            if shopt -q extglob; then x=-O; else x=+O; fi
            if bash -n "$x" extglob "$__st_r/chk.sh" 2>|"$__st_r/chk" || [[ -s $__st_r/chk ]]; then
                IFS= read -r m <"$__st_r/chk"
            fi
            m=${m#"$__st_r/chk.sh: "}
            [[ $m == 'line '[0-9]* ]] && m=${m#*: }
            case $m in
                '') ;;
                *'unexpected EOF'* | *'unexpected end of file'* | *here-document*)
                    __st_flag=i
                    m=${m#syntax error: }
                    printf 'bash: incomplete command: %s\n' "$m" >"$f" ;;
                *)
                    __st_flag=s
                    printf 'bash: %s\n' "$m" >"$f" ;;
            esac
        fi
    fi
    if [[ $__st_flag != [hi] && $3 != n && -n $__st_c ]]; then
        history -s -- "$__st_c"
        [[ -n ${HISTFILE-} ]] && history -a 2>/dev/null
    fi
    [[ $__st_flag != - ]] && __st_c=''
    __st_send "S $n"
    [[ $3 == t ]] && printf '\e_shelltutor:b:%s\e\\' "$n" >/dev/tty
    m=${__st_o//[^euvxET]/}
    __st_o=''
    __st_tapped=''
    if [[ $__st_flag == - && $3 != n && $__st_c == "$typed" && -n $__st_py && -s $__st_r/t.$seq
        && $m != *[vxET]* ]]; then
        # The same line with taps between its pipeline stages (written by the tutor, see pipetaps.py); history
        # has the line as typed. Not under verbose or xtrace (they would show the taps), nor errtrace or
        # functrace (ERR and DEBUG traps would run inside the taps' groups too).
        x=''
        IFS= read -r -d '' x <"$__st_r/t.$seq"
        [[ -n $x ]] && { __st_c=$x; __st_tapped=$seq; }
    fi
    if [[ $__st_flag == - && $3 != n && -n $__st_c && $m != *[evx]* ]]; then
        # PIPESTATUS outlives a command at a real prompt (`false | true`, then `echo ${PIPESTATUS[@]}`): the
        # learner's command runs after a pipeline of the same statuses, and __st_keep reads them after it. Not
        # under errexit (a failing pipeline would end the shell), verbose or xtrace (they would show both).
        if (( ${#__st_ps[@]} > 1 )); then
            x=''
            for f in "${__st_ps[@]}"; do
                [[ $f =~ ^[0-9]+$ ]] && x+="(exit $f)|"
            done
            [[ -n $x ]] && __st_c=${x%|}$'\n'$__st_c
        fi
        __st_c+=$'\n''\__st_keep "$?" "${PIPESTATUS[@]}"'
    fi
    __st_ps=()
    [[ -n $m ]] && set "-$m"
    [[ $m == *e* ]] && return 0
    return "$__st_prev"
} 2>/dev/null

__st_keep() {
    __st_ps=("${@:2}")
    return "$1"
}

# The tap between two pipeline stages, writing its counts to $RUN/p.SEQ.PIPELINE.STAGE (see pipetap.py).
__st_tap() { builtin exec "$__st_py" -I -S "$__st_tapf" "$__st_r/p.$1"; }

__st_post() {
    local rc=${2:-0}
    __st_quiet
    # Reported already (by __st_prompt, when a Ctrl-C's status line typed by the tutor comes after it): once.
    [[ $1 == "$__st_pending" ]] || return "$rc"
    __st_pending=''
    [[ $__st_mode == t ]] && printf '\e_shelltutor:e:%s\e\\' "$1" >/dev/tty
    if [[ $__st_tty == [57] ]]; then
        printf '\e_shelltutor:e:%s\e\\' "$1" >"$__st_kfd/$__st_tty"
        printf '\e_shelltutor:e:%s\e\\' "$1" >"$__st_kfd/$((__st_tty + 1))"
    fi
    __st_tty=''

    case $__st_flag in
        h) rc=1 ;;
        [is]) rc=2 ;;
    esac
    [[ $__st_flag == i ]] || __st_prev=$rc
    if [[ -n $__st_tapped ]]; then
        printf '%s\n' "${__st_ps[*]}" >|"$__st_r/ps.$__st_tapped"
        __st_tapped=''
    fi
    __st_send "D $1 $rc $__st_flag $PWD"
    __st_flag=-
    return "$rc"
} 2>/dev/null

# The shell's state for the tutor, written to files in the run directory (no subshells: nothing forks).
__st_state() {
    __st_quiet
    local __st_n __st_d=$__st_r __st_x=.$1
    local -a __st_names
    compgen -v >|"$__st_d/s.vn$__st_x"
    mapfile -t __st_names <"$__st_d/s.vn$__st_x"
    for __st_n in "${__st_names[@]}"; do
        [[ $__st_n == __st_* ]] || printf '%s\0%s\0' "$__st_n" "${!__st_n-}"
    done >|"$__st_d/s.vars$__st_x"
    compgen -e >|"$__st_d/s.exp$__st_x"
    compgen -a >|"$__st_d/s.an$__st_x"
    mapfile -t __st_names <"$__st_d/s.an$__st_x"
    for __st_n in "${__st_names[@]}"; do
        printf '%s\0%s\0' "$__st_n" "${BASH_ALIASES[$__st_n]-}"
    done >|"$__st_d/s.alias$__st_x"
    compgen -A function >|"$__st_d/s.func$__st_x"
    jobs >|"$__st_d/s.jobs$__st_x"
    HISTTIMEFORMAT='' history >|"$__st_d/s.hist$__st_x"
    __st_send "Q $1"
} 2>/dev/null

# File-name completion of the word in $RUN/c.SEQ, relative to the shell's cwd; directories end in /.
__st_complete() {
    __st_quiet
    local w='' x t
    local -a found
    IFS= read -r -d '' w <"$__st_r/c.$2"
    compgen -f -- "$w" >|"$__st_r/cmp.list.$1"
    mapfile -t found <"$__st_r/cmp.list.$1"
    for x in "${found[@]}"; do
        t=$x
        [[ $t == '~/'* ]] && t=$HOME/${t#'~/'}
        [[ -d $t ]] && x+=/
        printf '%s\0' "$x"
    done >|"$__st_r/cmp.$1"
    __st_send "C $1"
} 2>/dev/null

__st_complete_command() {
    __st_quiet
    local w='' x
    IFS= read -r -d '' w <"$__st_r/c.$2"
    # Aliases, functions, builtins, keywords and programs on PATH, as bash completes a command name;
    # the tutor's own functions are not the learner's business.
    compgen -c -- "$w" >|"$__st_r/cmp.list.$1"
    while IFS= read -r x; do
        [[ $x == __st_* ]] || printf '%s\0' "$x"
    done <"$__st_r/cmp.list.$1" >|"$__st_r/cmp.$1"
    __st_send "C $1"
} 2>/dev/null

# The learner's saved history (NUL-separated entries in $RUN/hist, from the tutor) in place of this shell's,
# as bash reads HISTFILE when it starts; marked as already written, so `history -a` appends only new commands.
__st_history() {
    __st_quiet
    local -a __st_h=()
    local __st_e
    mapfile -d '' -t __st_h <"$__st_r/hist"
    builtin history -c
    for __st_e in "${__st_h[@]}"; do
        builtin history -s -- "$__st_e"
    done
    builtin history -a /dev/null
    __st_send "H $1"
} 2>/dev/null

# Back at the prompt while a command's __st_post has not run: bash abandoned the trigger line (the shell got
# a SIGINT from the command, `kill -INT $$`; or an error such as a bad array subscript made it discard the
# line). Report the command's status now, as the tutor's Ctrl-C does by typing __st_post (commandrun._sync),
# instead of leaving the command to its clock. As PROMPT_COMMAND's first element it sees the line's $?, and
# passes it on to the learner's own prompt commands (`PROMPT_COMMAND+=(…)`, bash 5.1+). A learner who sets
# or unsets PROMPT_COMMAND replaces it: such a command then ends on its clock, as before.
__st_prompt() {
    [[ -n $__st_pending ]] && __st_post "$__st_pending" "$1"
    return "$1"
} 2>/dev/null
PROMPT_COMMAND=('__st_prompt $?')

readonly -f __st_send __st_quiet __st_pre __st_keep __st_tap __st_post __st_state __st_complete __st_complete_command __st_history __st_prompt

fi

# Debian's bash reads /etc/bash.bashrc (this file, under bwrap) for every interactive shell, even with
# --rcfile; the keeper's shells then read this file again as their --rcfile, and only then is it the rc
# file that replaces ~/.bashrc: read it, and tell the tutor the shell is ready. A nested `bash` typed by the
# learner reads ~/.bashrc itself.
if [[ ${BASH_SOURCE[0]} != /etc/bash.bashrc ]]; then
    if [[ -z ${__ST_NORC-} && -f ~/.bashrc ]]; then
        . ~/.bashrc
    fi
    __st_send "R $$"
fi
