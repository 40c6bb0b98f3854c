"""shelltutor pipe tap: passes a pipeline stage's output on to the next stage unchanged, counting it on the way.

Run by the driver's `__st_tap` as `python3 -I -S pipetap.py RECORD` between two stages (stdin and stdout are
pipes). The first MiB is read, counted and written here (most pipelines a learner types end well before, and
need nothing more started); past it, each piece is duplicated with tee(2) into a pipe read by `wc -lc`, which
counts it, and moved on with splice(2), so the bytes are not copied through this process. Every piece is
passed on as soon as it arrives (`python -u … | grep` stays interactive). When the input ends, RECORD gets
`pipetap1 LINES BYTES CLOSED` and the first lines (`? ?` for counts lost with a counter the learner killed).

A long stream is moved in large pieces, which is what keeps the taps' cost down: woken for every 4 KiB that a
stage writes or reads, the tap and the stages around it would switch in and out tens of thousands of times per
100 MiB. So past the first MiB the tap moves no more than its output pipe has room for, lets the next piece
gather for PAUSE after a small one when more is coming fast (its reader already has what came, so nothing
waits on it; a line-at-a-time stream is not held), and while its reader still has more than half a pipe to
read, adds nothing but looks again after a pause (see Backlog).
Measured on a 2-core machine (benchmarks/bench_pipeline_taps.py): `cat | tr | cut | wc -l` over 100 MiB took
1.3-1.6x its untapped time when the tap moved each piece as it came, and takes 0.9-1.2x this way.

The tap never reads more than its output pipe can take at once, so over the first MiB the stage before gets at
most two pipes ahead of the stage after (one without the tap: 64 KiB more), and past it, in the grown pipes, up
to 2 MiB. A producer with less than that left to write when its reader leaves early can end with status 0
instead of SIGPIPE (docs/pipeline-view.md). The pipes are not made smaller to close that gap: the stage after
would then get smaller pieces from each read() than without the tap (`dd` would count other records).

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
PAGE = 4096
F_SETPIPE_SZ = 1031
F_GETPIPE_SZ = 1032
FIONREAD = 0x541B
PAUSE = 0.0005
"""Seconds a long stream's next piece is left to gather after a small one (under SMALL bytes) that came while
more was coming, and the wait between looks at a fast reader with more than half a pipe still to read."""
MAX_PAUSE = 0.008
"""The wait between looks at a reader that reads nothing doubles from PAUSE up to this; after that, the tap
waits for the reader in a splice(2), which costs nothing while it waits."""
LONG_PAUSE = 0.01
"""The longest wait between looks at a reader that reads, slowly (a `while read` loop); a reader that turns fast
meanwhile may find its pipe empty for up to this long."""
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
        self.teed = False
        """Whether `wc` has counted anything (a counter lost after that leaves the counts unknown)."""
        self.poll = select.poll()
        self.poll.register(0, select.POLLIN)
        self.poll.register(1, 0)  # POLLERR on a pipe's write end: its reader went away
        self.writable = select.poll()
        self.writable.register(1, select.POLLOUT)
        self.out = Backlog()

    def wait(self) -> bool:
        """Wait for input; False when the next stage closed its end first."""
        events = dict(self.poll.poll())
        self.ended = ended = events.get(0, 0) & (select.POLLIN | select.POLLHUP) == select.POLLHUP
        if 1 in events and not ended:  # an input already at its end was not cut short
            self.closed = True
            return False
        return True

    def more(self) -> bool:
        """Whether a page of input or more is there already, right after a move: the stream is coming fast
        (not a line at a time, nor in answers to what the reader does with each piece)."""
        return queued(0) >= PAGE

    def send(self, data: bytes) -> int:
        """Write all of `data`; how much was written (less when the reader went away)."""
        view = memoryview(data)
        done = 0
        try:
            while done < len(data):
                done += os.write(1, view[done:])
        except BrokenPipeError:
            self.closed = True
        return done

    def copy(self, until: float) -> bool:
        """Read, count and pass on pieces until `until` bytes went by; False when the input ended or the reader
        left (nothing more to do). No more is read than the output pipe can take at once, so the tap holds
        nothing back that the stage before could not have had waiting in one pipe."""
        while self.size < until:
            if not self.wait():
                return False
            room = self.out.free()
            if room <= 0:
                self.out.size = pipe_size(1)  # the reader may have resized its pipe
                if self.out.free() > 0:
                    continue
                if dict(self.writable.poll()).get(1, 0) & select.POLLERR:
                    self.closed = True
                    return False
                continue
            data = os.read(0, min(CHUNK, room))
            if not data:
                return False
            data = data[: self.send(data)]
            self.size += len(data)
            self.lines += data.count(b"\n")
            if len(self.head) < HEAD_BYTES and self.head.count(b"\n") < HEAD_LINES:
                self.head += data[: HEAD_BYTES - len(self.head)]
            if self.closed:
                return False
        return True

    def splice(self, tee: "_Tee", counter: int) -> bool:
        """Duplicate each piece into `counter` and move it on; False if tee(2) stopped working (not pipes, or the
        counter is gone): the rest is copied."""
        reader = self.out
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
            self.teed = True
            small = n < SMALL
            try:
                while n > 0:
                    n -= os.splice(0, 1, n)
            except BrokenPipeError:
                self.closed = True
                self.uncount(tee, n)
                return True
            if small and reader.size >= BIG_PIPE and self.more():  # coming fast in small pieces: let them gather
                time.sleep(PAUSE)
        return True

    def uncount(self, tee: "_Tee", n: int) -> None:
        """Take back the last `n` bytes `wc` counted: duplicated by tee(2), never moved on (the reader went
        away). They are still the next bytes of the input: duplicated once more into a pipe of their own and
        read from there, they stay in the input, so the stage before gets no further than it was."""
        left = b""
        r, w = os.pipe()
        try:
            fcntl.fcntl(w, F_SETPIPE_SZ, max(n, PAGE))
            if tee(0, w, n, 0) == n:  # type: ignore[operator]
                os.close(w)
                w = -1
                while part := os.read(r, n):
                    left += part
        except OSError:
            pass
        finally:
            os.close(r)
            if w >= 0:
                os.close(w)
        if len(left) != n:  # past the pipe quota: read them from the input itself
            left = b""
            while len(left) < n and (part := os.read(0, n - len(left))):
                left += part
        self.size -= len(left)
        self.lines -= left.count(b"\n")


class Backlog:
    """What the next stage has still to read of the tap's output pipe, and waiting while that is much.

    While the reader has more than half a pipe to read, the tap adds nothing and looks again after a pause:
    PAUSE for a reader that reads fast (it must not run dry); longer and longer for one that reads slowly (up
    to LONG_PAUSE, and never longer than half the time it needs for its first quarter pipe, at its pace since
    the last look); for one that read nothing, 1, 2, 4 then 8 ms, after which the tap waits in the kernel."""

    def __init__(self) -> None:
        self.poll = select.poll()
        self.poll.register(1, 0)  # POLLERR only: the reader went away
        self.last = -1
        self.when = 0.0
        self.pause = PAUSE
        self.size = pipe_size(1)
        """0 when the output is not a pipe: nothing to measure, never wait."""

    def unread(self) -> int:
        """Bytes in the output pipe that its reader has not read; -1 when that cannot be told."""
        return queued(1) if self.size else -1

    def free(self) -> int:
        """What the output pipe can take now (CHUNK when that cannot be told)."""
        unread = self.unread()
        return CHUNK if unread < 0 else self.size - unread

    def room(self) -> int:
        """How much to add to the pipe now: what it has free, while the reader has at most half a pipe to read
        (BIG_PIPE when that cannot be told); otherwise 0, and self.pause is how long to wait before looking
        again."""
        unread = self.unread()
        if unread < 0 or self.size < BIG_PIPE:  # not grown (past the user's pipe quota): splice as it comes
            return BIG_PIPE
        if unread <= self.size // 2:
            self.last = -1
            return self.size - unread
        now = time.monotonic()
        if 0 <= unread < self.last:  # it reads
            rate = (self.last - unread) / max(now - self.when, 1e-6)
            if rate * PAUSE >= SMALL:
                self.pause = PAUSE
            else:
                safe = (unread - self.size // 4) / rate / 2
                self.pause = max(PAUSE, min(self.pause * 2, LONG_PAUSE, safe))
        elif self.last < 0:
            self.pause = PAUSE
        elif self.pause < MAX_PAUSE:  # it read nothing since the last look
            self.pause *= 2
        else:  # it has read nothing for a while (a `less` the learner reads in): wait for it in the kernel
            self.last = -1
            return max(self.size - unread, 1)
        self.last, self.when = unread, now
        return 0

    def gone(self) -> bool:
        """Wait self.pause; True if the reader went away meanwhile."""
        time.sleep(self.pause)
        return bool(self.poll.poll(0))


def queued(fd: int) -> int:
    """Bytes waiting in the pipe `fd` to be read (FIONREAD); -1 when that cannot be told."""
    count = bytearray(4)
    try:
        fcntl.ioctl(fd, FIONREAD, count)
    except OSError:
        return -1
    return int.from_bytes(count, sys.byteorder)


def pipe_size(fd: int) -> int:
    """The capacity of the pipe `fd`, 0 when it is not a pipe."""
    try:
        return fcntl.fcntl(fd, F_GETPIPE_SZ)
    except OSError:
        return 0


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


def _resize_pipes(size: int, *fds: int) -> None:
    """Make these pipes `size` bytes where the system allows (not a pipe, past the user's pipe quota, or holding
    more than that: as they are)."""
    for fd in fds:
        try:
            fcntl.fcntl(fd, F_SETPIPE_SZ, size)
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


def _counted(pid: int, ans_r: int) -> "tuple[int, int] | None":
    """What `wc -lc` counted (lines, bytes); None if it did not say (it was killed)."""
    answer = b""
    while True:
        part = os.read(ans_r, 256)
        if not part:
            break
        answer += part
    os.waitpid(pid, 0)
    words = answer.split()[:2]
    if len(words) != 2 or not all(w.isdigit() for w in words):
        return None
    return int(words[0]), int(words[1])


def main() -> None:
    """Tap stdin to stdout and write the record."""
    for sig in (_signal.SIGINT, _signal.SIGQUIT, _signal.SIGPIPE):
        _signal.signal(sig, _signal.SIG_IGN)
    record = sys.argv[1] if len(sys.argv) > 1 else ""
    tap = Tap()
    # A short stream is copied here (most pipelines a learner types: no more to start); a long one goes on
    # through tee(2) and splice(2), counted by `wc`, once it has passed SPLICE_AFTER bytes.
    known = True
    if tap.copy(SPLICE_AFTER):
        # splice(2) only into a pipe (into a file opened for appending it fails)
        counter = _start_counter() if tap.out.size else None
        tee = _libc_tee() if counter is not None else None
        if counter is not None and tee is not None:
            _resize_pipes(BIG_PIPE, 0, 1, counter[1])
            tap.out.size = pipe_size(1)
            spliced = tap.splice(tee, counter[1])
            os.close(counter[1])
            counted = _counted(counter[0], counter[2])
            if counted is not None and tap.teed:
                tap.lines += counted[0]
                tap.size += counted[1]
            # a counter that died (killed by the learner's `pkill wc`) leaves the counts unknown
            known = counted is not None or not tap.teed
            if not spliced:
                tap.copy(float("inf"))
        else:
            tap.copy(float("inf"))
    if tap.closed:
        os.close(0)  # the stage before meets SIGPIPE at its next write, as it would from the closed stage
    head = tap.head
    cut = head.split(b"\n")
    if len(cut) > HEAD_LINES:
        head = b"\n".join(cut[:HEAD_LINES]) + b"\n"
    counts = b"%d %d" % (tap.lines, tap.size) if known else b"? ?"
    if record:
        fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, b"pipetap1 %s %d\n" % (counts, int(tap.closed)) + head)
        finally:
            os.close(fd)


if __name__ == "__main__":
    try:
        main()
    finally:
        # Status 0 whatever happened: a tap's own trouble must never show or change the pipeline's status.
        os._exit(0)
