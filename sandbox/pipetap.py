"""shelltutor pipe tap: passes a pipeline stage's output on to the next stage unchanged, counting it on the way.

Run by the driver's `__st_tap` as `python3 -I -S pipetap.py RECORD` between two stages (stdin and stdout are
pipes). The first MiB is read, counted and written here (most pipelines a learner types end well before, and
need nothing more started); past it, each piece is duplicated with tee(2) into a pipe read by `wc -lc`, which
counts it, and moved on with splice(2), so the bytes are not copied through this process. Every piece is
passed on as soon as it arrives (`python -u … | grep` stays interactive). When the input ends, RECORD gets
`pipetap1 LINES BYTES CLOSED` and the first lines.

A long stream is moved in large pieces, which is what keeps the taps' cost down: woken for every 4 KiB that a
stage writes or reads, the tap and the stages around it would switch in and out tens of thousands of times per
100 MiB. So past the first MiB the tap moves no more than its output pipe has room for, lets the next piece
gather for PAUSE after a small one (its reader already has what came, so nothing waits on it), and while its
reader still has more than half a pipe to read, adds nothing but looks again after PAUSE (see Backlog).
Measured on a 2-core machine (benchmarks/bench_pipeline_taps.py): `cat | tr | cut | wc -l` over 100 MiB took
1.3-1.6x its untapped time when the tap moved each piece as it came, and takes 0.9-1.2x this way.

When the next stage closes its end (`head` is done), the tap closes its input at once and ends with status 0:
the stage before meets SIGPIPE at its next write, as without a tap, and a `set -o pipefail` status is never the
tap's. Ctrl-C is for the stages: the tap ignores it and passes on what is left, as the pipe would have held it.
"""

import _signal  # the C module: `signal` would import enum, a good part of the tap's start-up
import fcntl
import os
import select
import sys
import time

CHUNK = 1 << 17
HEAD_LINES = 5
HEAD_BYTES = 4096
WC = ("/usr/bin/wc", "/bin/wc")
SPLICE_AFTER = 1 << 20
BIG_PIPE = 1 << 20
"""A long stream's pipes are grown to this (fs.pipe-max-size's default): a sixteenth of the wake-ups and
system calls per MiB that the default 64 KiB pipes cost the tap, its counter and the stages around it."""
F_SETPIPE_SZ = 1031
F_GETPIPE_SZ = 1032
FIONREAD = 0x541B
PAUSE = 0.0005
"""Seconds a long stream's next piece is left to gather after a small one (under SMALL bytes), and between looks
at a reader with more than half a pipe still to read, while it reads."""
MAX_PAUSE = 0.008
"""The wait between looks at a reader that reads nothing doubles from PAUSE up to this; after that, the tap
waits for the reader in a splice(2), which costs nothing while it waits."""
SMALL = 1 << 16
_Tee = object
"""libc's tee(2) through ctypes: (fd_in, fd_out, length, flags) -> bytes duplicated, or -1."""


class Tap:
    """The copying loop and what it counted."""

    def __init__(self) -> None:
        self.head = b""
        self.lines = 0
        self.size = 0
        self.closed = False
        self.ended = False
        self.poll = select.poll()
        self.poll.register(0, select.POLLIN)
        self.poll.register(1, 0)  # POLLERR on a pipe's write end: its reader went away

    def wait(self) -> bool:
        """Wait for input; False when the next stage closed its end first."""
        events = dict(self.poll.poll())
        self.ended = ended = events.get(0, 0) & (select.POLLIN | select.POLLHUP) == select.POLLHUP
        if 1 in events and not ended:  # an input already at its end was not cut short
            self.closed = True
            return False
        return True

    def send(self, data: bytes) -> bool:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(1, view) :]
        except BrokenPipeError:
            self.closed = True
            return False
        return True

    def copy(self, until: float) -> bool:
        """Read, count and pass on pieces until `until` bytes went by; False when the input ended or the reader
        left (nothing more to do)."""
        while self.size < until:
            if not self.wait():
                return False
            data = os.read(0, CHUNK)
            if not data:
                return False
            self.size += len(data)
            self.lines += data.count(b"\n")
            if len(self.head) < HEAD_BYTES and self.head.count(b"\n") < HEAD_LINES:
                self.head += data[: HEAD_BYTES - len(self.head)]
            if not self.send(data):
                return False
        return True

    def splice(self, tee: "_Tee", counter: int) -> bool:
        """Duplicate each piece into `counter` and move it on; False if tee(2) cannot work on these fds."""
        reader = Backlog()
        while self.wait():
            if self.ended:  # nothing more will come: end now, whatever the reader has yet to read
                return True
            room = reader.room()
            if not room:
                if reader.gone():
                    self.closed = True
                    return True
                continue
            n = tee(0, counter, room, 0)  # type: ignore[operator]
            if n == 0:
                return True
            if n < 0:
                return False
            small = n < SMALL
            try:
                while n > 0:
                    n -= os.splice(0, 1, n)
            except BrokenPipeError:
                self.closed = True
                return True
            if small:
                time.sleep(PAUSE)
        return True


class Backlog:
    """What the next stage has still to read of the tap's output pipe, and waiting while that is much."""

    def __init__(self) -> None:
        self.poll = select.poll()
        self.poll.register(1, 0)  # POLLERR only: the reader went away
        self.count = bytearray(4)
        self.last = -1
        self.pause = PAUSE
        try:
            self.size = fcntl.fcntl(1, F_GETPIPE_SZ)
        except OSError:
            self.size = 0  # not a pipe: nothing to measure, never wait

    def room(self) -> int:
        """How much to add to the pipe now: what it has free, while the reader has at most half a pipe to read
        (BIG_PIPE when that cannot be told); otherwise 0, and self.pause is how long to wait before looking
        again."""
        if not self.size:
            return BIG_PIPE
        try:
            fcntl.ioctl(1, FIONREAD, self.count)
        except OSError:
            return BIG_PIPE
        unread = int.from_bytes(self.count, sys.byteorder)
        if unread <= self.size // 2:
            self.last = -1
            return self.size - unread
        if self.last < 0 or unread < self.last:  # it reads: look again soon
            self.pause = PAUSE
        elif self.pause < MAX_PAUSE:  # it read nothing since the last look: look again later
            self.pause *= 2
        else:  # it has read nothing for a while (a `less` the learner reads in): wait for it in the kernel
            self.last = -1
            return max(self.size - unread, 1)
        self.last = unread
        return 0

    def gone(self) -> bool:
        """Wait self.pause; True if the reader went away meanwhile."""
        time.sleep(self.pause)
        return bool(self.poll.poll(0))


def _libc_tee() -> "_Tee | None":
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        tee = libc.tee
    except (ImportError, OSError, AttributeError):
        return None
    tee.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_size_t, ctypes.c_uint]
    tee.restype = ctypes.c_ssize_t
    return tee


def _grow_pipes(*fds: int) -> None:
    """Make these pipes BIG_PIPE bytes where the system allows (not a pipe, or past the user's pipe quota: as
    they are)."""
    for fd in fds:
        try:
            fcntl.fcntl(fd, F_SETPIPE_SZ, BIG_PIPE)
        except OSError:
            pass


def _start_counter() -> "tuple[int, int, int] | None":
    """`wc -lc` reading a pipe: (its pid, the pipe's write end, the read end of its answer)."""
    wc = next((p for p in WC if os.access(p, os.X_OK)), None)
    if wc is None or not hasattr(os, "splice"):
        return None
    data_r, data_w = os.pipe()
    ans_r, ans_w = os.pipe()
    try:
        pid = os.posix_spawn(
            wc,
            ["wc", "-lc"],
            {"LC_ALL": "C"},
            file_actions=[(os.POSIX_SPAWN_DUP2, data_r, 0), (os.POSIX_SPAWN_DUP2, ans_w, 1)],
        )
    except OSError:
        for fd in (data_r, data_w, ans_r, ans_w):
            os.close(fd)
        return None
    os.close(data_r)
    os.close(ans_w)
    os.set_inheritable(data_w, False)
    return pid, data_w, ans_r


def _counted(pid: int, ans_r: int) -> "tuple[int, int]":
    answer = b""
    while True:
        part = os.read(ans_r, 256)
        if not part:
            break
        answer += part
    os.waitpid(pid, 0)
    lines, size = (int(w) for w in answer.split()[:2])
    return lines, size


def main() -> None:
    """Tap stdin to stdout and write the record."""
    for sig in (_signal.SIGINT, _signal.SIGQUIT, _signal.SIGPIPE):
        _signal.signal(sig, _signal.SIG_IGN)
    record = sys.argv[1] if len(sys.argv) > 1 else ""
    tap = Tap()
    # A short stream is copied here (most pipelines a learner types: no more to start); a long one goes on
    # through tee(2) and splice(2), counted by `wc`, once it has passed SPLICE_AFTER bytes.
    if tap.copy(SPLICE_AFTER):
        counter = _start_counter()
        _grow_pipes(0, 1, *(counter[1:2] if counter is not None else ()))
        tee = _libc_tee() if counter is not None else None
        if counter is not None and tee is not None and tap.splice(tee, counter[1]):
            os.close(counter[1])
            lines, size = _counted(counter[0], counter[2])
            tap.lines += lines
            tap.size += size
        else:
            if counter is not None:  # tee(2) refused (not pipes): what wc counted so far is nothing
                os.close(counter[1])
                _counted(counter[0], counter[2])
            tap.copy(float("inf"))
    if tap.closed:
        os.close(0)  # the stage before meets SIGPIPE at its next write, as it would from the closed stage
    head = tap.head
    cut = head.split(b"\n")
    if len(cut) > HEAD_LINES:
        head = b"\n".join(cut[:HEAD_LINES]) + b"\n"
    if record:
        fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, b"pipetap1 %d %d %d\n" % (tap.lines, tap.size, int(tap.closed)) + head)
        finally:
            os.close(fd)


if __name__ == "__main__":
    try:
        main()
    finally:
        # Status 0 whatever happened: a tap's own trouble must never show or change the pipeline's status.
        os._exit(0)
