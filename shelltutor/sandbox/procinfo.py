"""The learner's processes as the grader looks at them: name, command line, state, and the pid `ps` shows inside."""

from __future__ import annotations

import contextlib
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
        inside = _pid_inside(proc.pid)
        again = proctree.read_proc(proc.pid)
        if argv is None or inside is None or again is None or again.start != proc.start:
            continue
        found.append(ProcessInfo(inside, again.comm, argv, again.state, proc.pid, argv == shell_argv))
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


def _pid_inside(pid: int) -> int | None:
    """The pid in the process's own (innermost) pid namespace: the last number of NSpid."""
    with contextlib.suppress(OSError, ValueError, IndexError), open(f"/proc/{pid}/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"NSpid:"):
                return int(line.split()[-1])
    return None
