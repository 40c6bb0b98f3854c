# shelltutor keeper: the first process of a sandbox. It sets the resource limits, runs the exercise's
# generator, then starts the learner's interactive bash on the terminal (fd 0) and starts a fresh one
# whenever the tutor asks after a shell has ended. Under bwrap it is pid 1, which nothing inside can kill,
# so the learner's files outlive their shell.
#
# Arguments: CTL_FD STATUS_FD ISOLATED NPROC NOFILE FSIZE_KB AS_KB CPU_SECONDS RUN_DIR DATA_DIR OUT1 ERR1 OUT2 ERR2
# Talks to the tutor: reads lines ("go SEED CWD", "restart", "quit") on fd 3; writes NUL-terminated
# records ("K pid", "G status", "E status") on fd 4, each after a NUL too (see __st_send in driver.bash).
# Holds, on fds 5 to 8, two pairs of output terminals a captured command's stdout and stderr go to (a pair
# a background job still writes to is left to it): the driver opens them again through /proc/<keeper>/fd/N,
# so the learner's shell has no fd of them to lose.

(( $# == 14 )) || exit 100
# The tutor's fds can have any numbers, 3 to 8 included (a busy multi-threaded tutor reuses low numbers):
# first move them all out of the way (bash picks free fds >= 10), then put them on 3 to 8. A single
# `exec 3<&$1 4>&$2 $1<&- $2>&-` would close or overwrite one of them when $1 or $2 is 3 or 4.
__fds=("$1" "$2" "${@:11:4}")
__high=()
for __fd in "${__fds[@]}"; do
    [[ $__fd =~ ^[0-9]+$ ]] || exit 100
    exec {__h}>&"$__fd" || exit 100
    __high+=("$__h")
done
for __fd in "${__fds[@]}"; do eval "exec $__fd>&-"; done
__n=3
for __h in "${__high[@]}"; do
    eval "exec $__n>&$__h $__h>&-"
    __n=$((__n + 1))
done
unset __fds __high __fd __h __n
isolated=$3
ulimit -S -H -u "$4" -n "$5" -f "$6" -v "$7" -t "$8" -c 0 || exit 101
run=$9 data=${10}
if [[ $isolated != 1 ]]; then
    # Unisolated mode: the driver cannot assume it is pid 1 with its files in /run/shelltutor.
    export __ST_KEEPER=$$ __ST_RUN=$run __ST_DATA=$data
fi
export SHLVL=0   # the learner's shell is the first level
# Close anything else the tutor's process may have let through.
for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if (( fd > 8 && fd < 255 )); then eval "exec $fd>&-" 2>/dev/null; fi
done
printf '\0K %s\0' "$$" >&4

IFS=' ' read -r word seed cwd <&3 || exit 0
[[ $word == go ]] || exit 0
cd -- "$HOME" || exit 102
if [[ -f $run/generate.sh ]]; then
    ( SEED=$seed exec bash "$run/generate.sh" 5>&- 6>&- 7>&- 8>&- ) </dev/null >/dev/null 2>"$run/generate.err"
    printf '\0G %s\0' "$?" >&4
fi
if [[ $cwd == /* ]]; then
    cd -- "$cwd" || exit 103   # a lesson's directory under /tmp (the tutor refuses any other absolute one)
elif [[ -n $cwd ]]; then
    cd -- "$HOME/$cwd" || exit 103
fi

while :; do
    # The driver is the rc file; it reads ~/.bashrc itself. Under bwrap it is also /etc/bash.bashrc, which
    # Debian's bash reads for every interactive shell: nested shells and `exec bash` stay connected.
    # The terminal is our stdout (stdin is /dev/null, so that nothing makes it our controlling terminal):
    # the learner's shell gets it as stdin, and `setsid -c` makes it that shell's controlling terminal.
    setsid -w -c bash --noediting --rcfile "$data/driver.bash" -i 0<&1 3<&- 4>&- 5>&- 6>&- 7>&- 8>&-
    printf '\0E %s\0' "$?" >&4
    IFS=' ' read -r word arg <&3 || exit 0
    case $word in
        restart) ;;
        *) exit 0 ;;
    esac
    [[ $arg == norc ]] && export __ST_NORC=1
    if [[ $isolated == 1 && $$ == 1 ]]; then
        kill -9 -1 2>/dev/null   # everything else in the sandbox: the old shell's jobs
    fi
done
