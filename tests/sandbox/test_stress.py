"""Sessions started, used and closed from many threads at once on busy CPUs, and the races behind the
intermittent failures seen under `shelltutor verify --jobs 3` (docs/sandbox.md, "Concurrency")."""

from __future__ import annotations

import collections
import fcntl
import os
import select
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from shelltutor.resources import data_dir
from shelltutor.sandbox import HomeEntry, Session, SessionSpec

SESSIONS = 200
THREADS = 6


@pytest.fixture
def busy_cpus() -> Iterator[None]:
    """Two busy loops (this machine has 2 cores), stopped afterwards."""
    loops = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(2)]
    try:
        yield
    finally:
        for p in loops:
            p.kill()
            p.wait()


def _pipe_ino(fd: int) -> str:
    return f"pipe:[{os.fstat(fd).st_ino}]"


def _link(pid: int, fd: str) -> str:
    try:
        return os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return ""


@pytest.mark.parametrize("ctl_fd, status_fd", [(3, 4), (4, 3), (3, 9), (9, 3), (4, 9), (9, 4), (8, 9)])
def test_keeper_takes_its_fds_whatever_their_numbers(ctl_fd: int, status_fd: int, tmp_path: object) -> None:
    """The tutor's pipes may land on fds 3 and 4 (a busy multi-threaded process reuses low numbers); the
    keeper used to close or overwrite one of them then ("keeper.bash: line 25: 4: Bad file descriptor",
    or a keeper that exited at once: EPIPE, ENOENT on /proc/PID/root)."""
    ctl_r, ctl_w = os.pipe()
    status_r, status_w = os.pipe()
    want = {ctl_fd: ctl_r, status_fd: status_w}
    # The four output terminals (pipes stand in for them here), on numbers that cross 5 to 8 the other way round.
    outputs = [os.pipe() for _ in range(4)]
    out_fds = [n for n in (8, 7, 6, 5, 10, 11, 12, 13) if n not in (ctl_fd, status_fd)][:4]
    want.update({n: w for n, (_, w) in zip(out_fds, outputs, strict=True)})

    def place() -> None:  # in the child: put the pipes on exactly these numbers
        # Park copies above 10 first (os.dup could land on 0-2 when the test runner closed them), then place
        # them and drop the parked copies, so the pipes are held on the wanted numbers only.
        high = {target: fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for target, fd in want.items()}
        for target, fd in high.items():
            os.dup2(fd, target)
        for fd in high.values():
            os.close(fd)

    keeper = str(data_dir("sandbox") / "keeper.bash")
    args = [str(ctl_fd), str(status_fd), "0", "4096", "256", "1024", "0", "5", "/nonexistent", "/nonexistent"]
    args += [str(n) for n in out_fds]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.Popen(
        ["/bin/bash", keeper, *args],
        pass_fds=(ctl_fd, status_fd, *out_fds),
        preexec_fn=place,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        ready, _, _ = select.select([status_r], [], [], 10)
        assert ready, "no K record"
        record = os.read(status_r, 100)
        # Each record comes after a NUL too (a learner's unfinished write cannot swallow it). Not read from
        # stderr on failure: the keeper still runs, and reading its stderr would wait for ever.
        assert record == f"\0K {proc.pid}\0".encode(), record
        assert os.readlink(f"/proc/{proc.pid}/fd/3") == _pipe_ino(ctl_r)
        assert os.readlink(f"/proc/{proc.pid}/fd/4") == _pipe_ino(status_w)
        for index, (_, w) in enumerate(outputs):
            assert os.readlink(f"/proc/{proc.pid}/fd/{5 + index}") == _pipe_ino(w)
        pipes = {_pipe_ino(ctl_r), _pipe_ino(status_w)}

        def holding() -> set[int]:
            fds = {int(n) for n in os.listdir(f"/proc/{proc.pid}/fd") if _link(proc.pid, n) in pipes}
            return fds - {0}  # 0: the keeper is in `read <&3`

        # bash writes `printf … >&4` by pointing fd 1 at the pipe for a moment: the K record can be read
        # before it puts fd 1 back, so give it until it is waiting in `read`.
        deadline = time.monotonic() + 5
        while holding() != {3, 4} and time.monotonic() < deadline:
            time.sleep(0.01)
        assert holding() == {3, 4}  # no other copy
    finally:
        proc.kill()
        proc.wait()
        for fd in (fd for pair in outputs for fd in pair):
            os.close(fd)
        assert proc.stderr is not None
        proc.stderr.close()
        for fd in (ctl_r, ctl_w, status_r, status_w):
            os.close(fd)


def test_many_sessions_from_many_threads_on_busy_cpus(busy_cpus: None) -> None:
    """200 sessions over 6 threads, with the CPUs saturated and another thread churning fds and
    subprocesses (as grading does): every one must start, run, read its files and close cleanly."""
    spec = SessionSpec(
        isolation="bwrap",
        home=(HomeEntry("data", content=b"b\na\nb\n"), HomeEntry("d/x.txt", content=b"x")),
    )
    failures: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()
    started = [0]
    stop = threading.Event()

    def work() -> None:
        while True:
            with lock:
                if started[0] >= SESSIONS:
                    return
                started[0] += 1
            try:
                with Session.start(spec) as s:
                    assert s.run("sort data | uniq").stdout == "a\nb\n"
                    assert s.read_file("d/x.txt") == b"x"
                    assert {e.path for e in s.files()} >= {"data", "d", "d/x.txt"}
            except Exception as exc:  # counted, reported below
                with lock:
                    failures[f"{type(exc).__name__}: {exc}"[:200]] += 1

    def churn() -> None:
        while not stop.is_set():
            pipes = [os.pipe() for _ in range(3)]
            time.sleep(0.001)
            for r, w in pipes:
                os.close(w)
                os.close(r)
            subprocess.run(["true"], check=False)

    t0 = time.monotonic()
    churner = threading.Thread(target=churn)
    churner.start()
    workers = [threading.Thread(target=work) for _ in range(THREADS)]
    try:
        for t in workers:
            t.start()
        for t in workers:
            t.join()
    finally:
        stop.set()
        churner.join()
    elapsed = time.monotonic() - t0
    assert sum(failures.values()) == 0, dict(failures)
    assert started[0] == SESSIONS
    assert elapsed < 30, f"{SESSIONS} sessions took {elapsed:.1f} s"
