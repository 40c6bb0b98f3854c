"""A running sandbox: its processes (bwrap or unisolated), terminal, protocol pipes and files."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import secrets
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import termios
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from shelltutor.sandbox import proctree
from shelltutor.sandbox.bwrap import DATA_DIR, DROP_UID, HOME, RUN_DIR, bwrap_argv, drop_root_prefix, sandbox_env
from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.fixes import fix_for_failure, install_bwrap_fix
from shelltutor.sandbox.hostfs import SandboxFiles, filesystem_identity
from shelltutor.sandbox.limits import Limits
from shelltutor.sandbox.sandboxdata import sandbox_data
from shelltutor.sandbox.seccomp import filter_fd, in_new_session_keyring
from shelltutor.sandbox.spec import SessionSpec, start_directory

TIOCGSID = getattr(termios, "TIOCGSID", 0x5429)
ROWS, COLS = 24, 80
START_SECONDS = 60.0
"""How long each step of starting a sandbox (bwrap, keeper, generator aside, shell) may take. Generous on
purpose: a shell normally starts in 30 ms, but on a machine whose CPUs are saturated (parallel `verify`,
a busy CI runner) a step can wait seconds for a CPU, and giving up then only turns load into failures."""
BUSY_FIX = (
    "the computer is very busy (or the sandbox is stuck): close other programs and try again; "
    "`shelltutor verify` runs fewer sessions at once with --jobs 1"
)
GENERATE_SECONDS = 30.0
MAX_BACKGROUND_FIFOS = 32
MAX_RECORD_BYTES = 8192
"""The longest status record kept (the longest real one, a `D` record with a 4 KiB cwd, is about 4.1 KiB). The
learner's processes can write to the status pipe too (/proc/1/fd/4): a longer record is dropped, not buffered."""

# bwrap's --die-with-parent uses PR_SET_PDEATHSIG, which fires when the *thread* that started bwrap exits.
# Every sandbox is therefore started from this one thread, which lives as long as the program; callers may
# use sessions from any thread (a Textual worker, a thread pool) without their sandbox dying with it.


def _unblock_signals() -> None:
    """The spawner thread's signal mask is every sandbox's first mask: nothing blocked, whichever thread
    happened to start the first sandbox."""
    signal.pthread_sigmask(signal.SIG_SETMASK, ())


_spawner = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="shelltutor-sandbox-spawner", initializer=_unblock_signals
)

_RESTORED_BY_POPEN = frozenset({signal.SIGPIPE, getattr(signal, "SIGXFSZ", signal.SIGPIPE)})


def ignored_signals() -> tuple[int, ...]:
    """Signals this process ignores that its children would go on ignoring after exec.

    A tutor started with `nohup`, or as a background job of a script, ignores SIGHUP or SIGINT; a learner's
    commands would inherit that (bash cannot undo a signal ignored when it started): Ctrl-C would not stop
    them, and `kill -HUP` would not show what `nohup` is for."""
    found = []
    for sig in signal.valid_signals():
        if sig in _RESTORED_BY_POPEN or sig in (signal.SIGKILL, signal.SIGSTOP):
            continue
        with contextlib.suppress(ValueError, OSError):
            if signal.getsignal(sig) == signal.SIG_IGN:
                found.append(int(sig))
    return tuple(found)


def _default_dispositions(signals: tuple[int, ...]) -> None:
    """In the sandbox's first process, between fork and exec: the given signals back to their defaults."""
    for sig in signals:
        signal.signal(sig, signal.SIG_DFL)


@dataclass
class BackgroundFifo:
    """The read end of an earlier command's FIFO, still open while its background jobs may write to it."""

    fd: int
    stream: str


@dataclass
class OutputTerminal:
    """A pseudo-terminal that only receives output: a captured command's stdout or stderr is its slave side, so
    that programs see a terminal (`ls` in columns, Python line-buffered, no curl meter) while the tutor reads
    each stream on its own. The keeper holds the slaves open (fds 5 to 8: two pairs) for the sandbox's whole life."""

    stream: Literal["stdout", "stderr"]
    master: int
    slave: int
    inside: int
    """Its fd in the keeper (the driver opens /proc/<keeper>/fd/<inside>)."""
    pending: bytearray = field(default_factory=bytearray)
    """Read from the master, not yet given to a command (what background jobs wrote between commands)."""


OUTPUT_PAIRS = 2
"""Pairs of output terminals: a background job writing to one (`sleep 60; echo done &`) keeps it, and the next
commands use the other; when both are taken, a command's output goes to FIFOs, never among a job's."""
FIRST_OUTPUT_FD = 5


def _open_output_terminal(stream: Literal["stdout", "stderr"], owner: int | None, inside: int) -> OutputTerminal:
    master, slave = os.openpty()
    try:
        attrs = termios.tcgetattr(slave)
        attrs[1] &= ~termios.OPOST  # the bytes as the program wrote them: no "\n" → "\r\n"
        attrs[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG)
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        if owner is not None:
            os.fchown(slave, owner, -1)  # the sandbox's uid opens it again through /proc/1/fd
        os.set_blocking(master, False)
    except BaseException:
        os.close(master)
        os.close(slave)
        raise
    return OutputTerminal(stream, master, slave, inside)


@dataclass
class Box:
    """One sandbox and the tutor's handles on it. Not thread-safe: the Session serialises access."""

    isolation: Literal["bwrap", "none"]
    limits: Limits
    proc: subprocess.Popen[bytes]
    keeper_pid: int
    keeper_fd: int
    """A pidfd on the keeper (pid 1 of the sandbox): signals and liveness checks through it can never reach
    another process that was given the keeper's pid after the keeper ended (pids wrap around quickly when
    many sessions start and end)."""
    run_uid: int
    """The host uid the learner's processes run as (65534 when the tutor is root, in both modes)."""
    pidns: int | None
    master: int
    slave: int
    outputs: tuple[OutputTerminal, ...]
    """The terminals a captured command's stdout and stderr are written to (session with terminal output)."""
    ctl_w: int
    status_r: int
    run_dir: str
    home: str
    marker: bytes
    tmp: str | None
    fs: SandboxFiles | None = None
    baseline: list[Any] = field(default_factory=list)
    records: deque[str] = field(default_factory=deque)
    background: list[BackgroundFifo] = field(default_factory=list)
    seq: int = 0
    closed: bool = False
    _buf: bytes = b""
    _dropping: bool = False
    """The record being read is longer than MAX_RECORD_BYTES: its bytes up to the next NUL are thrown away."""
    pty_log: bytearray = field(default_factory=bytearray)
    """What the sandbox wrote on the terminal outside commands, kept (capped) for error messages."""

    # -- starting --------------------------------------------------------------------------------------------

    @classmethod
    def start(cls, spec: SessionSpec, isolation: Literal["bwrap", "none"], seed: int) -> Box:
        """Start a sandbox, fill its home, run the generator and wait for the learner's shell."""
        data = sandbox_data()
        limits = spec.limits
        master, slave = os.openpty()
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.set_blocking(master, False)
        baseline = termios.tcgetattr(slave)
        # As root, both modes run the learner's processes as an unprivileged uid (bwrap: the whole sandbox;
        # unisolated: the keeper and everything it starts), and the tutor creates their files as that uid.
        owner = (DROP_UID, DROP_UID) if os.geteuid() == 0 else None
        if isolation == "none" and owner is not None:
            _check_unisolated_drop()
        outputs: list[OutputTerminal] = []
        ctl_r, ctl_w = os.pipe()
        with filesystem_identity(owner):
            status_r, status_w = os.pipe()  # the driver reopens it through /proc/1/fd/4: it must own it
        os.set_blocking(status_r, False)
        marker = f"SHELLTUTOR_SESSION={secrets.token_hex(8)}".encode()
        run_uid = owner[0] if owner is not None else os.getuid()
        tmp: str | None = None
        info_r = info_w = -1
        child_fds = [ctl_r, status_w]
        try:
            uid = owner[0] if owner is not None else None
            for index in range(2 * OUTPUT_PAIRS):
                stream: Literal["stdout", "stderr"] = "stderr" if index % 2 else "stdout"
                outputs.append(_open_output_terminal(stream, uid, FIRST_OUTPUT_FD + index))
            child_fds += [t.slave for t in outputs]
            nproc = limits.processes
            if isolation == "bwrap":
                info_r, info_w = os.pipe()
                child_fds.append(info_w)
                seccomp = filter_fd()
                if seccomp is not None:
                    child_fds.append(seccomp)
                run_dir, home, data_inside = RUN_DIR, HOME, DATA_DIR
                env = sandbox_env(spec.env, home, data_inside)
                keeper = cls._keeper_args(ctl_r, status_w, "1", limits, nproc, run_dir, data_inside, outputs)
                argv = bwrap_argv(data=data, limits=limits, env=env, info_fd=info_w, command=keeper, seccomp_fd=seccomp)
                popen_env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
            else:
                with filesystem_identity(owner):  # as root: owned by the unprivileged uid the shell runs as
                    tmp = tempfile.mkdtemp(prefix="shelltutor-")
                    run_dir, home, data_inside = f"{tmp}/run", f"{tmp}/home", str(data)
                    os.mkdir(run_dir, 0o700)
                    os.mkdir(home, 0o755)
                # RLIMIT_NPROC counts all of the user's processes when there is no user namespace.
                uid = run_uid
                mine = len(proctree.processes_where(lambda pid: _owner(pid) == uid))
                nproc = mine + limits.processes
                env = sandbox_env(spec.env, home, data_inside)
                env["HISTFILE"] = f"{home}/.bash_history"
                env["TMPDIR"] = f"{tmp}/run"
                env["TMUX_TMPDIR"] = f"{tmp}/run"  # tmux's sockets: never the host user's own tmux server
                name, _, value = marker.decode().partition("=")
                env[name] = value
                keeper = cls._keeper_args(ctl_r, status_w, "0", limits, nproc, run_dir, data_inside, outputs)
                argv = [*drop_root_prefix(), *keeper]
                popen_env = env
            ignored = ignored_signals()
            try:
                proc = _spawner.submit(
                    in_new_session_keyring(subprocess.Popen),  # keys of the tutor's login stay out
                    argv,
                    # Not the terminal on stdin: the keeper is a session leader without a controlling
                    # terminal, and bash at start opens ttyname(stdin) without O_NOCTTY, which would make
                    # the terminal the keeper's and the learner's `setsid -c` fail with EPERM. That open is
                    # refused only when the pty is not the opener's (as root), so it broke ordinary users.
                    # The keeper hands its stdout, the terminal, to the learner's shell as stdin.
                    stdin=subprocess.DEVNULL,
                    stdout=slave,
                    stderr=slave,
                    pass_fds=child_fds,
                    start_new_session=True,
                    env=popen_env,
                    cwd=home if isolation == "none" else "/",
                    # Only when needed: a preexec_fn makes Popen fork instead of its faster vfork.
                    preexec_fn=functools.partial(_default_dispositions, ignored) if ignored else None,
                ).result()
            except FileNotFoundError as exc:
                raise SessionError(
                    f"cannot start the sandbox: {exc.filename or argv[0]} is not installed",
                    fix=install_bwrap_fix(),
                ) from None
        except BaseException:
            for fd in {
                master,
                slave,
                ctl_r,
                ctl_w,
                status_r,
                status_w,
                info_r,
                info_w,
                *child_fds,
                *(t.master for t in outputs),
            }:
                if fd >= 0:
                    os.close(fd)
            if tmp:
                shutil.rmtree(tmp, ignore_errors=True)
            raise
        for fd in child_fds:
            if all(fd != t.slave for t in outputs):  # the tutor keeps the output slaves, for their size
                os.close(fd)
        box = cls(
            isolation=isolation,
            limits=limits,
            proc=proc,
            keeper_pid=proc.pid,
            keeper_fd=-1,
            run_uid=run_uid,
            pidns=None,
            master=master,
            slave=slave,
            outputs=tuple(outputs),
            ctl_w=ctl_w,
            status_r=status_r,
            run_dir=run_dir,
            home=home,
            marker=marker,
            tmp=tmp,
            baseline=baseline,
        )
        try:
            if isolation == "bwrap":
                box.keeper_pid = box._read_child_pid(info_r)
            else:
                box.keeper_fd = os.pidfd_open(proc.pid)  # our own child: its pid is ours until we reap it
            box._handshake(spec, seed, data)
        except BaseException:
            box.close()
            raise
        finally:
            if info_r >= 0:
                os.close(info_r)
        return box

    @staticmethod
    def _keeper_args(
        ctl: int,
        status: int,
        isolated: str,
        limits: Limits,
        nproc: int,
        run_dir: str,
        data_inside: str,
        outputs: list[OutputTerminal],
    ) -> list[str]:
        return [
            "/bin/bash",
            f"{data_inside}/keeper.bash",
            str(ctl),
            str(status),
            isolated,
            str(nproc),
            str(limits.open_files),
            str(limits.file_size_mb * 1024),
            str(limits.memory_mb * 1024),
            str(limits.cpu_seconds),
            run_dir,
            data_inside,
            *(str(t.slave) for t in outputs),
        ]

    def _read_child_pid(self, info_r: int) -> int:
        deadline = time.monotonic() + START_SECONDS
        raw = b""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([info_r, self.master], [], [], 0.05)
            if self.master in ready:
                self._drain_pty_log()
            if info_r in ready:
                data = os.read(info_r, 4096)
                if not data:
                    break
                raw += data
                with contextlib.suppress(ValueError):
                    pid = json.loads(raw.decode())["child-pid"]
                    if isinstance(pid, int):
                        # Pin the keeper before anything else: if it has already ended, its pid may be
                        # anyone's by now, and /proc/<pid> would describe that other process.
                        try:
                            self.keeper_fd = os.pidfd_open(pid)
                        except ProcessLookupError:
                            raise self._start_error("the sandbox stopped") from None
                        self.pidns = proctree.pidns_of(pid)
                        if self.pidns is None or not self.keeper_alive():
                            raise self._start_error("the sandbox stopped")
                        return pid
            if self.proc.poll() is not None:
                break
        raise self._start_error("bwrap did not start the sandbox", fix=BUSY_FIX)

    def _start_error(self, what: str, fix: str | None = None) -> SessionError:
        time.sleep(0.02)
        self._drain_pty_log()
        said = self.pty_log.decode("utf-8", "replace").strip()
        detail = f": {said}" if said else ""
        return SessionError(f"{what}{detail}", fix=fix_for_failure(said) or fix)

    def keeper_alive(self) -> bool:
        """True while the keeper runs (a pidfd becomes readable when its process has ended)."""
        if self.keeper_fd < 0:
            return False
        ready, _, _ = select.select([self.keeper_fd], [], [], 0)
        return not ready

    def _handshake(self, spec: SessionSpec, seed: int, data: os.PathLike[str] | str) -> None:
        self.wait_record("K", START_SECONDS, fix=BUSY_FIX)
        owner = (DROP_UID, DROP_UID) if os.geteuid() == 0 else None
        root = f"/proc/{self.keeper_pid}/root" if self.isolation == "bwrap" else "/"
        try:
            self.fs = SandboxFiles(root, self.home, self.run_dir, owner, private_tmp=self.isolation == "bwrap")
        except OSError:
            self.fs = None
            if self.keeper_alive():
                raise
            raise self._start_error("the sandbox stopped") from None
        if not self.keeper_alive():
            # The directory fds were opened through /proc/<pid>: only trust them if the keeper still ran
            # after they were opened (its pid was then still its own).
            raise self._start_error("the sandbox stopped")
        self.fs.copy_skeleton(Path(data) / "home")
        for entry in spec.home:
            self.fs.add_home_entry(entry)
        if spec.generate is not None:
            self.fs.run_write("generate.sh", spec.generate.encode())
        self.send(f"go {int(seed)} {start_directory(spec.cwd)}")
        if spec.generate is not None:
            rec = self.wait_record("G", GENERATE_SECONDS + START_SECONDS, fix=BUSY_FIX)
            status = int(rec.split()[1])
            if status != 0:
                err = self.fs.run_read("generate.err", 16 << 10).decode("utf-8", "replace").strip()
                raise SessionError(f"the exercise's generate script failed (exit {status}){': ' + err if err else ''}")
        self.wait_ready()

    def wait_ready(self) -> None:
        """Wait for a (new) shell to report ready; if it dies at once, start one without ~/.bashrc."""
        rec = self.wait_record("RE", START_SECONDS, fix=BUSY_FIX)
        if rec.startswith("E"):
            self.send("restart norc")
            rec = self.wait_record("RE", START_SECONDS, fix=BUSY_FIX)
            if rec.startswith("E"):
                raise self._start_error("the learner's shell ends as soon as it starts")

    # -- the protocol ------------------------------------------------------------------------------------------

    def send(self, line: str) -> None:
        """A line to the keeper; SessionError if the keeper is gone (its end of the pipe is closed)."""
        try:
            os.write(self.ctl_w, line.encode() + b"\n")
        except BrokenPipeError:
            self.closed = True
            raise self._start_error("the sandbox stopped") from None

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def read_records(self) -> None:
        """Move whatever the status pipe holds into `records`; SessionError if the sandbox is gone."""
        try:
            data = os.read(self.status_r, 65536)
        except BlockingIOError:
            return
        if not data:
            self.closed = True
            raise self._start_error("the sandbox stopped")
        # Bounded whatever arrives: at most MAX_RECORD_BYTES held back plus one read. A record without its NUL
        # that grows past the bound is dropped with what is held, and its bytes up to the next NUL after it.
        *complete, tail = data.split(b"\0")
        if complete:
            complete[0] = self._buf + complete[0]
            if self._dropping:
                complete[0] = b""
                self._dropping = False
            self._buf = tail
        elif not self._dropping:
            self._buf += tail
        if len(self._buf) > MAX_RECORD_BYTES:
            self._buf = b""
            self._dropping = True
        # Empty records are the separators the driver writes before its own (its first NUL ends a learner's
        # unfinished write, which then cannot swallow the driver's record).
        self.records.extend(r.decode("utf-8", "surrogateescape") for r in complete if r and len(r) <= MAX_RECORD_BYTES)

    def wait_record(self, kinds: str, timeout: float, nonce: str | None = None, fix: str | None = None) -> str:
        """The next record whose type is one of `kinds` (and, if given, carries `nonce`); others are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            while self.records:
                rec = self.records.popleft()
                if rec[:1] in kinds and (nonce is None or rec.split(" ", 2)[1:2] == [nonce] or rec[:1] == "E"):
                    return rec
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._start_error(f"the sandbox did not answer in time ({timeout:g} s)", fix=fix)
            ready, _, _ = select.select([self.status_r, self.master], [], [], min(left, 0.5))
            if self.master in ready:
                self._drain_pty_log()
            if self.status_r in ready:
                self.read_records()

    def _drain_pty_log(self) -> None:
        data = self.read_pty()
        if data:
            self.pty_log += data
            del self.pty_log[: max(0, len(self.pty_log) - 16384)]

    def read_pty(self) -> bytes:
        """Whatever the terminal has for us (b'' if nothing)."""
        try:
            return os.read(self.master, 65536)
        except (BlockingIOError, OSError):
            return b""

    def type(self, data: bytes) -> None:
        """Type bytes on the terminal, as a keyboard would."""
        view = memoryview(data)
        deadline = time.monotonic() + 2.0
        while view:
            try:
                n = os.write(self.master, view)
                view = view[n:]
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return
                self.read_pty()
                time.sleep(0.001)

    def free_outputs(self) -> tuple[OutputTerminal, OutputTerminal] | None:
        """A pair of output terminals no process of the sandbox but the keeper has open, if there is one."""
        if not self.outputs:
            return None
        held = self._held_files()
        for index in range(0, len(self.outputs) - 1, 2):
            pair = (self.outputs[index], self.outputs[index + 1])
            if all(_file_id(t.slave) not in held for t in pair):
                return pair
        return None

    def _held_files(self, limit: int = 500) -> set[tuple[int, int]]:
        """(device, inode) of every file the sandbox's processes but its keeper have open (at most `limit` of
        its processes are looked at)."""
        held: set[tuple[int, int]] = set()
        proc = -1
        try:
            if self.isolation == "bwrap":
                if self.fs is None:
                    return held
                # The sandbox's own /proc, through the root fd (never /proc/<pid>: the pid may be reused).
                proc = os.open(
                    "proc", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.fs.root_fd
                )
                pids = [n for n in os.listdir(proc) if n.isdigit() and n != "1"]
            else:
                proc = os.open("/proc", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
                pids = [str(p.pid) for p in self.processes() if p.pid != self.keeper_pid]
        except OSError:
            if proc >= 0:
                os.close(proc)
            return held
        try:
            for pid in pids[:limit]:
                try:
                    fds = os.open(f"{pid}/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=proc)
                except OSError:
                    continue
                try:
                    for name in os.listdir(fds):
                        with contextlib.suppress(OSError):
                            st = os.stat(name, dir_fd=fds)
                            held.add((st.st_dev, st.st_ino))
                except OSError:
                    pass
                finally:
                    os.close(fds)
        finally:
            os.close(proc)
        return held

    def _output_fds(self) -> list[int]:
        return [fd for t in self.outputs for fd in (t.master, t.slave)]

    def set_size(self, columns: int, rows: int) -> None:
        """The size of the terminal the learner sees: the shell's terminal and the output terminals."""
        raw = struct.pack("HHHH", max(rows, 2), max(columns, 10), 0, 0)
        for fd in (self.master, *(t.master for t in self.outputs)):
            with contextlib.suppress(OSError):
                fcntl.ioctl(fd, termios.TIOCSWINSZ, raw)

    def prepare_terminal(self) -> None:
        """Before typing a line: undo terminal settings that would garble it, drop unread typed input."""
        try:
            attrs = termios.tcgetattr(self.slave)
            base = self.baseline
            want = list(attrs)
            in_bits = termios.INLCR | termios.IGNCR | termios.ICRNL | termios.ISTRIP | termios.IXON
            want[0] = (attrs[0] & ~in_bits) | (base[0] & in_bits)
            l_bits = termios.ICANON | termios.ISIG | termios.IEXTEN
            want[3] = (attrs[3] & ~l_bits) | (base[3] & l_bits)
            want[6] = list(base[6])
            if want != attrs:
                termios.tcsetattr(self.slave, termios.TCSANOW, want)
            termios.tcflush(self.slave, termios.TCIFLUSH)
        except termios.error:
            pass

    def shell_sid(self) -> int | None:
        """The host pid of the session leader on the terminal: the learner's (outermost) shell."""
        try:
            raw = fcntl.ioctl(self.master, TIOCGSID, b"\0\0\0\0")
        except OSError:
            return None
        sid: int = struct.unpack("i", raw)[0]
        return sid if sid > 0 else None

    def fg_pgrp(self) -> int | None:
        """The host pid of the terminal's foreground process group."""
        try:
            pgrp = os.tcgetpgrp(self.master)
        except OSError:
            return None
        return pgrp if pgrp > 0 else None

    # -- processes ---------------------------------------------------------------------------------------------

    def processes(self) -> list[proctree.Proc]:
        """The sandbox's processes as the host sees them."""
        if self.isolation == "bwrap":
            if self.pidns is None:
                return []
            ns = self.pidns
            return proctree.in_pidns(ns)
        return proctree.with_marker(self.marker, self.run_uid)

    def process_count(self) -> int:
        """How many processes the sandbox has (cheap under bwrap: its own /proc)."""
        if self.isolation == "bwrap":
            if self.fs is None:
                return 0
            # The sandbox's own /proc, through the root fd (never /proc/<pid>: the pid may be reused).
            try:
                fd = os.open(
                    "proc", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.fs.root_fd
                )
            except OSError:
                return 0
            try:
                return sum(1 for n in os.listdir(fd) if n.isdigit())
            except OSError:
                return 0
            finally:
                os.close(fd)
        return len(self.processes())

    def kill_jobs(self, spare: set[int]) -> None:
        """Kill every process of the sandbox except the keeper and `spare`."""
        keep = set(spare) | {self.keeper_pid}
        proctree.kill_until_gone(self.processes, spare=keep, timeout=2.0)

    def alive(self) -> bool:
        return not self.closed and self.proc.poll() is None

    def close(self) -> list[proctree.Proc]:
        """Kill everything of the sandbox, release every fd; returns processes that survived (should be none)."""
        if self.closed and self.master < 0:
            return []
        self.closed = True
        survivors: list[proctree.Proc] = []
        with contextlib.suppress(OSError):
            os.write(self.ctl_w, b"quit\n")
        if self.isolation == "bwrap":
            # Killing the sandbox's pid 1 makes the kernel kill every process of its pid namespace.
            if self.keeper_fd >= 0:
                with contextlib.suppress(ProcessLookupError):
                    signal.pidfd_send_signal(self.keeper_fd, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            if self.pidns is not None:
                survivors = proctree.kill_until_gone(self.processes, timeout=2.0)
        else:
            for sid in {self.keeper_pid, self.shell_sid() or 0}:
                proctree.signal_group(sid, signal.SIGKILL)
            survivors = proctree.kill_until_gone(self.processes, timeout=2.0)
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        if self.fs is not None:
            self.fs.close()
        for bg in self.background:
            with contextlib.suppress(OSError):
                os.close(bg.fd)
        self.background.clear()
        for fd in (self.master, self.slave, self.ctl_w, self.status_r, self.keeper_fd, *self._output_fds()):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.master = self.slave = self.ctl_w = self.status_r = self.keeper_fd = -1
        self.outputs = ()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return survivors


def _file_id(fd: int) -> tuple[int, int] | None:
    try:
        st = os.fstat(fd)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _check_unisolated_drop() -> None:
    """As root, the unisolated mode runs the learner's shell as uid 65534 through setpriv; refuse clearly
    when that cannot work, rather than run a lesson's commands (`sudo tee -a /etc/hosts`) as root."""
    if shutil.which("setpriv", path="/usr/sbin:/usr/bin:/sbin:/bin") is None:
        raise SessionError(
            "running as root, the unisolated mode runs your commands as the unprivileged user nobody (65534), "
            "which needs setpriv",
            fix="sudo apt-get install util-linux",
        )


def _owner(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None
