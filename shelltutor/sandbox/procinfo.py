"""The learner's processes as the grader looks at them: name, command line, state, and the pid `ps` shows inside."""

from __future__ import annotations

import signal
from dataclasses import dataclass

from shelltutor.sandbox import proctree
from shelltutor.sandbox.box import Box

MAX_CMDLINE_BYTES = 64 << 10
"""A command line is read up to this much (argument lists can be long; the grader matches patterns on them)."""


@dataclass(frozen=True)
class ProcessInfo:
    """One of the learner's processes."""

    pid: int
    """As the learner's `ps` shows it (inside the sandbox's pid namespace)."""
    name: str
    """The kernel's name of the program (`ps`'s COMM, at most 15 bytes): a script run as `./x.sh` is `x.sh`."""
    argv: tuple[str, ...]
    """Its command line, word by word (empty for a process that has none, such as a zombie)."""
    state: str
    """R, S, D, T (stopped), Z (ended, not yet reaped), … as in /proc/PID/stat."""
    host_pid: int
    forking: bool = False
    """It is still a copy of the learner's shell: a job forked a moment ago that has not started its program
    yet (or a subshell, `( … ) &`, which stays one)."""
    dying: bool = False
    """A signal that ends it has been sent and not yet acted on, or it is exiting: a process `kill` or `pkill`
    has just ended in all but name, which a busy machine may not have scheduled yet."""
    awake: bool = False
    """It runs or waits for a CPU (R), waits on a disk (D), or has a signal waiting that it handles: it may be
    acting on a signal the learner's command sent (a training run that catches SIGTERM to stop cleanly), so
    whether it goes on running is not known yet."""


def learner_processes(box: Box) -> list[ProcessInfo]:
    """Every process of the sandbox but its keeper and the learner's shell itself, oldest first. A process that
    ends while it is read is left out, as is a pid that meanwhile went to another process."""
    spare = {box.keeper_pid}
    shell = box.shell_sid()
    shell_argv = None
    if shell is not None:
        spare.add(shell)
        shell_argv = _cmdline(shell)
    found: list[ProcessInfo] = []
    for proc in sorted(box.processes(), key=lambda p: (p.start, p.pid)):
        if proc.pid in spare:
            continue
        argv = _cmdline(proc.pid)
        status = _status(proc.pid)
        again = proctree.read_proc(proc.pid)
        if argv is None or status is None or again is None or again.start != proc.start:
            continue
        inside, killed, fatal, caught = status
        stopped = again.state in ("T", "t")
        # A stopped process keeps a pending SIGTERM until it is continued (only SIGKILL ends it as it is).
        dying = killed or (fatal and not stopped) or bool(again.flags & PF_EXITING)
        awake = again.state in ("R", "D") or (caught and not stopped)
        found.append(ProcessInfo(inside, again.comm, argv, again.state, proc.pid, argv == shell_argv, dying, awake))
    return found


def _cmdline(pid: int) -> tuple[str, ...] | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            raw = fh.read(MAX_CMDLINE_BYTES)
    except OSError:
        return None
    words = raw.split(b"\0")
    if words and not words[-1]:
        words.pop()
    return tuple(word.decode("utf-8", "replace") for word in words)


PF_EXITING = 0x4
"""The kernel's flag (in /proc/PID/stat) of a process on its way out."""
FATAL_BY_DEFAULT = frozenset(
    int(s)
    for s in (
        signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGILL, signal.SIGTRAP, signal.SIGABRT,
        signal.SIGBUS, signal.SIGFPE, signal.SIGKILL, signal.SIGUSR1, signal.SIGSEGV, signal.SIGUSR2,
        signal.SIGPIPE, signal.SIGALRM, signal.SIGTERM, signal.SIGXCPU, signal.SIGXFSZ, signal.SIGVTALRM,
        signal.SIGPROF, signal.SIGIO, signal.SIGPWR, signal.SIGSYS,
    )
)  # fmt: skip
"""The signals whose default action ends a process (signal(7): Term and Core)."""
_FATAL_MASK = sum(1 << (n - 1) for n in FATAL_BY_DEFAULT)


def _status(pid: int) -> tuple[int, bool, bool, bool] | None:
    """From /proc/PID/status: the pid in the process's own (innermost) pid namespace (the last number of NSpid),
    whether SIGKILL is pending, whether another signal that ends it is (one it neither blocks, ignores nor
    handles), and whether one it handles is (and does not block)."""
    fields = proctree.read_status(pid)
    if fields is None:
        return None
    try:
        inside = int(fields["NSpid"].split()[-1])
        pending = int(fields["SigPnd"], 16) | int(fields["ShdPnd"], 16)
        blocked = int(fields["SigBlk"], 16)
        handled = int(fields["SigCgt"], 16)
        spared = blocked | int(fields["SigIgn"], 16) | handled
    except (KeyError, ValueError, IndexError):
        return None
    kill = 1 << (signal.SIGKILL - 1)
    return inside, bool(pending & kill), bool(pending & ~spared & _FATAL_MASK), bool(pending & handled & ~blocked)
