"""The host's view of a sandbox's processes, read from /proc: listing, descendants, killing, verifying."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Proc:
    """One process as the host sees it."""

    pid: int
    ppid: int
    pgid: int
    sid: int
    state: str
    comm: str
    start: int = 0
    """When it started, in clock ticks since boot."""
    flags: int = 0
    """The kernel's PF_* flags of the process."""


def read_proc(pid: int) -> Proc | None:
    """The process `pid` from /proc/<pid>/stat, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read().decode("utf-8", "replace")
    except OSError:
        return None
    lpar, rpar = raw.find("("), raw.rfind(")")
    fields = raw[rpar + 2 :].split()
    try:
        return Proc(
            pid,
            int(fields[1]),
            int(fields[2]),
            int(fields[3]),
            fields[0],
            raw[lpar + 1 : rpar],
            int(fields[19]),
            int(fields[6]),
        )
    except (IndexError, ValueError):
        return None


def read_status(pid: int) -> dict[str, str] | None:
    """The fields of /proc/<pid>/status (`SigIgn`, `NSpid`, …) with their values stripped, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8", errors="replace") as fh:
            return {key: value.strip() for key, _, value in (line.partition(":") for line in fh) if value}
    except OSError:
        return None


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def boot_ticks() -> int:
    """Now, in the clock ticks since boot that `Proc.start` counts."""
    return int(time.clock_gettime(time.CLOCK_BOOTTIME) * CLOCK_TICKS)


def pidns_of(pid: int) -> int | None:
    """The inode of the pid namespace of `pid` (None if gone or not visible)."""
    try:
        return os.stat(f"/proc/{pid}/ns/pid").st_ino
    except OSError:
        return None


def host_pids() -> list[int]:
    """Every pid the host can see."""
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def processes_where(keep: Callable[[int], bool]) -> list[Proc]:
    """The processes for which `keep(pid)` is true."""
    found: list[Proc] = []
    for pid in host_pids():
        if keep(pid):
            proc = read_proc(pid)
            if proc is not None:
                found.append(proc)
    return found


def in_pidns(ns: int) -> list[Proc]:
    """The processes of the pid namespace `ns` (a sandbox under bwrap)."""
    return processes_where(lambda pid: pidns_of(pid) == ns)


def with_marker(marker: bytes, uid: int) -> list[Proc]:
    """Processes of `uid` whose environment holds `marker` (the unisolated mode's way to find its own)."""

    def keep(pid: int) -> bool:
        try:
            if os.stat(f"/proc/{pid}").st_uid != uid:
                return False
            with open(f"/proc/{pid}/environ", "rb") as fh:
                return marker in fh.read().split(b"\0")
        except OSError:
            return False

    return processes_where(keep)


def descendants(procs: Iterable[Proc], roots: set[int]) -> set[int]:
    """The pids of `roots` and of every process below them."""
    children: dict[int, list[int]] = {}
    for p in procs:
        children.setdefault(p.ppid, []).append(p.pid)
    seen = set(roots)
    todo = list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def signal_pids(pids: Iterable[int], sig: int) -> None:
    """Send `sig` to each pid, ignoring those already gone."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def signal_group(pgid: int, sig: int) -> bool:
    """Send `sig` to a process group; False if it is gone."""
    if pgid <= 1:
        return False
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def kill_until_gone(find: Callable[[], list[Proc]], *, spare: Collection[int] = (), timeout: float = 2.0) -> list[Proc]:
    """SIGKILL whatever `find` returns (except `spare`) until nothing is left; returns any survivors."""
    deadline = time.monotonic() + timeout
    while True:
        left = [p for p in find() if p.pid not in spare and p.state != "Z"]
        if not left or time.monotonic() > deadline:
            return left
        # Stop first so a fork loop cannot replace what is killed, then kill.
        signal_pids((p.pid for p in left), signal.SIGSTOP)
        signal_pids((p.pid for p in left), signal.SIGKILL)
        time.sleep(0.005)


def reads_stdin(pid: int | None) -> bool:
    """Whether a process sits in read() on its stdin (the terminal): a command waiting for typed input."""
    if pid is None:
        return False
    try:
        with open(f"/proc/{pid}/syscall") as fh:
            fields = fh.read().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] == "0" and fields[1] == "0x0"


def job_reads_stdin(leader: int | None, *, tapped: bool) -> bool:
    """Whether a job waits for typed input: its leader reads its stdin, or (a tapped pipeline, whose leader is
    the bash of the first stage's group) a child of the leader reading the same stdin does."""
    if reads_stdin(leader):
        return True
    if not tapped or leader is None:
        return False
    try:
        stdin = os.readlink(f"/proc/{leader}/fd/0")
    except OSError:
        return False
    for proc in processes_where(lambda pid: pid != leader):
        if proc.ppid == leader and proc.pgid == leader:
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{proc.pid}/fd/0") == stdin and reads_stdin(proc.pid):
                    return True
    return False
