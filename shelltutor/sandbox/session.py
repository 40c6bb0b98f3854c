"""A learner's session: one persistent shell in one sandboxed home, driven command by command."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import struct
import termios
import threading
import time
import tty
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Literal

from shelltutor.sandbox import proctree
from shelltutor.sandbox.box import COLS, ROWS, Box
from shelltutor.sandbox.commandrun import CommandRun, Mode, flooded, process_limit_notice
from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.frontdoor import check_command
from shelltutor.sandbox.history import HISTSIZE, bounded
from shelltutor.sandbox.probe import probe_isolation
from shelltutor.sandbox.procinfo import ProcessInfo, learner_processes
from shelltutor.sandbox.results import Chunk, CommandResult, FileEntry, Notice, ShellState
from shelltutor.sandbox.spec import SessionSpec

SHELL_ENDED_BETWEEN = Notice(
    "shell_ended_between", "the shell had ended after the last command; a new shell was started"
)

QUERY_SECONDS = 3.0
"""How long state() and complete() wait for the shell."""


SETUP_FORK_SECONDS = 0.5
"""After the exercise's setup, how long to wait for the jobs it started with `&` to start their programs: a
learner reads the exercise first, but a fast typist (or a script) could meet `sleep 600 &` while it is still a
copy of the shell, which `pkill sleep` does not find. A setup that leaves a subshell running costs this once."""
ZOMBIE_REAP_SECONDS = 2.0
"""How long a contained flood's processes may take to be reaped before the next command runs."""


class Session:
    """One learner's shell in a sandbox. Thread-safe: calls are serialised, `interrupt()` may come from any thread."""

    def __init__(self, spec: SessionSpec, box: Box, isolation: Literal["bwrap", "none"], seed: int) -> None:
        self.spec = spec
        self.isolation: Literal["bwrap", "none"] = isolation
        self._box = box
        self._seed = seed
        self._lock = threading.RLock()
        self._interrupt = threading.Event()
        self._current: CommandRun | None = None
        self._closed = False
        # `interrupt()` wakes the running command's loop through this pipe, so Ctrl-C takes effect at once.
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self._wake_lock = threading.Lock()
        self._history: list[str] | None = None
        """The shell's history as the driver records it, when the session keeps one (`start(history=...)`)."""
        self._on_history: Callable[[str], object] | None = None
        self._loading_history = False
        self.terminal_output = False
        """Whether captured commands write to output terminals (as in the learner's terminal: `ls` in columns)
        rather than to pipes; set by `start(terminal_output=True)`."""
        self._size = (COLS, ROWS)

    # -- life cycle ------------------------------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        spec: SessionSpec,
        *,
        probed: bool = False,
        history: Sequence[str] | None = None,
        on_history: Callable[[str], object] | None = None,
        terminal_output: bool = False,
    ) -> Session:
        """Start a session; SessionError (with a fix) when the sandbox cannot run.

        `probed`: the isolation self-test itself is starting this session, so it is not asked first.
        `history`: the learner's saved history, loaded into the shell as bash loads HISTFILE (`history`, `!N`,
        `!!` see it); the session then keeps the shell's history (`history`) and gives it to every new shell
        it starts. `on_history` is called with each entry the shell records, as it records it.
        `terminal_output`: a captured command's stdout and stderr are terminals, as in the learner's own
        terminal (programs format for a terminal: `ls` in columns and colours, Python line-buffered); the tutor
        still reads the two streams apart. Without it they are pipes, as when a command's output is captured."""
        isolation = "bwrap" if probed and spec.isolation == "bwrap" else cls._choose_isolation(spec)
        box = cls._start_box(spec, isolation, spec.seed)
        session = cls(spec, box, isolation, spec.seed)
        session.terminal_output = terminal_output
        if history is not None:
            session._history = bounded(history)
            session._on_history = on_history
        try:
            session._load_history()
            session._run_setup()
        except BaseException:
            session.close()
            raise
        return session

    @staticmethod
    def _choose_isolation(spec: SessionSpec) -> Literal["bwrap", "none"]:
        if spec.isolation == "none":
            return "none"
        report = probe_isolation()
        if not report.ok:
            raise SessionError(
                f"the sandbox (bubblewrap) cannot run here: {report.problem}. "
                "Without it, commands would not be isolated; start the tutor unisolated only on your own machine "
                "(it then runs commands as you, in a temporary folder)",
                fix=report.fix,
            )
        return "bwrap"

    @staticmethod
    def _start_box(spec: SessionSpec, isolation: Literal["bwrap", "none"], seed: int) -> Box:
        return Box.start(spec, isolation, seed)

    def _run_setup(self) -> None:
        for command in self.spec.setup:
            result = self._run(command, mode="n", timeout=None)
            if result.timed_out or result.session_ended or result.exit_code not in (0, None) or result.truncated:
                raise SessionError(
                    f"the exercise's setup command {command!r} failed"
                    f" (exit {result.exit_code}{', timed out' if result.timed_out else ''}): {result.stderr.strip()}"
                )
        if self.spec.setup:
            deadline = time.monotonic() + SETUP_FORK_SECONDS
            while any(p.forking for p in learner_processes(self._box)) and time.monotonic() < deadline:
                time.sleep(0.01)

    @property
    def home(self) -> str:
        """The home as the learner sees it (/home/learner under bwrap)."""
        return self._box.home

    @property
    def alive(self) -> bool:
        """True until close(), as long as the sandbox runs."""
        return not self._closed and self._box.alive()

    def close(self) -> None:
        """End the session: when this returns, no process of it is left."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._box.close()
            with self._wake_lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_r = self._wake_w = -1

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            if not self._closed:
                self.close()

    def reset(self, seed: int | None = None, *, history: Sequence[str] | None = None) -> None:
        """A fresh shell in a fresh home from the same spec (and `seed`, if given); with `history`, a session
        that keeps the shell's history starts over from it, else it keeps the history it has."""
        with self._lock:
            self._check_open()
            new_seed = self._seed if seed is None else seed
            old = self._box
            self._box = self._start_box(self.spec, self.isolation, new_seed)
            self._box.set_size(*self._size)
            self._seed = new_seed
            old.close()
            if history is not None and self._history is not None:
                self._history = bounded(history)
            self._load_history()
            self._run_setup()

    # -- commands --------------------------------------------------------------------------------------------

    def run(
        self,
        command: str,
        *,
        timeout: float | None = None,
        on_chunk: Callable[[Chunk], None] | None = None,
        keys: str | None = None,
        terminal: bool = False,
    ) -> CommandResult:
        """Run one command as if typed at the prompt; CommandRefused before anything runs if it is unacceptable."""
        data = check_command(command)
        with self._lock:
            self._check_open()
            limit = self.spec.limits.wall_seconds if timeout is None else timeout
            return self._run(
                command, mode="t" if terminal else "c", timeout=limit, on_chunk=on_chunk, keys=keys, data=data
            )

    def _run(
        self,
        command: str,
        *,
        mode: Mode,
        timeout: float | None,
        on_chunk: Callable[[Chunk], None] | None = None,
        keys: str | None = None,
        data: bytes | None = None,
        tty_in: int | None = None,
        tty_out: int | None = None,
        on_resize: Callable[[], None] | None = None,
    ) -> CommandResult:
        if timeout is None and tty_in is None:
            timeout = self.spec.limits.wall_seconds
        # A Ctrl-C from now on is for this command, even one that comes before the shell has taken it; one
        # that came while nothing ran is not.
        self._interrupt = threading.Event()
        self._ensure_box()
        early = self._settle()

        def make() -> CommandRun:
            return CommandRun(
                box=self._box,
                command=command,
                data=command.encode() if data is None else data,
                mode=mode,
                timeout=timeout,
                on_chunk=on_chunk,
                keys=keys,
                interrupt=self._interrupt,
                wake_fd=self._wake_r,
                tty_in=tty_in,
                tty_out=tty_out,
                on_resize=on_resize,
                terminal=self.terminal_output and mode != "t",
                taps=self.spec.pipeline_taps and mode != "n",
            )

        run = self._current = make()
        try:
            result = run.execute()
            if run.shell_died and not run.started and not run.box_lost:
                # The shell ended before it took the command (PROMPT_COMMAND=exit, killed from the background):
                # the command never ran, so run it in a new shell.
                self._restart_shell()
                run = self._current = make()
                result = run.execute()
                early.append(SHELL_ENDED_BETWEEN)
        finally:
            self._current = None
        self._record_history(run, mode, result)
        result.notices[:0] = early
        if run.box_lost:
            self._replace_box()
        elif run.shell_died:
            self._restart_shell()
        else:
            self._contain_floods(result)
        return result

    def _settle(self) -> list[Notice]:
        """Before a command: notice a shell that ended between commands (PROMPT_COMMAND=exit, a kill from a
        background job) and a process flood left by an earlier command; deal with both."""
        box = self._box
        notes: list[Notice] = []
        try:
            box.read_records()
        except SessionError:
            self._replace_box()
            return [Notice("box_restarted", "the sandbox had stopped; a new one was started")]
        if any(r.startswith("E") for r in box.records):
            box.records.clear()
            self._restart_shell()
            notes.append(SHELL_ENDED_BETWEEN)
        box.records.clear()
        probe = CommandResult("", "", "", None, 0.0, False, False, False)
        self._contain_floods(probe)
        return notes + probe.notices

    def _contain_floods(self, result: CommandResult) -> None:
        """When the learner's processes fill the process limit (a fork bomb), stop every background process."""
        box = self._box
        if flooded(box):
            time.sleep(0.05)
            if flooded(box):
                sid = box.shell_sid()
                box.kill_jobs({sid} if sid else set())
                # The killed stay zombies until the keeper reaps them, and zombies count against the process
                # limit: the next command could not fork ("fork: retry") on a busy machine.
                reaped_by = time.monotonic() + ZOMBIE_REAP_SECONDS
                while flooded(box) and time.monotonic() < reaped_by:
                    time.sleep(0.01)
                if not any(n.key == "process_limit" for n in result.notices):  # said once per command
                    result.notices.append(process_limit_notice(box.limits.processes))

    def _ensure_box(self) -> None:
        if not self._box.alive():
            self._replace_box()

    def _replace_box(self) -> None:
        """The sandbox itself is gone or wedged: start a new one (the home is lost with it, not the history)."""
        self._box.close()
        self._box = self._start_box(self.spec, self.isolation, self._seed)
        self._box.set_size(*self._size)
        self._load_history()
        self._run_setup()

    def _restart_shell(self) -> None:
        box = self._box
        try:
            box.prepare_terminal()
            termios.tcsetattr(box.slave, termios.TCSANOW, box.baseline)
            box.send("restart")
            box.wait_ready()
        except (SessionError, OSError):
            self._replace_box()
            return
        self._load_history()

    # -- the shell's history ---------------------------------------------------------------------------------

    @property
    def history(self) -> list[str]:
        """The shell's history, oldest first, as `history` lists it: the saved history it started with and
        every command since, after history expansion, as the driver recorded it. Empty for a session started
        without `history`. Read without the session's lock: it may be asked while a command runs."""
        return list(self._history or ())

    def _load_history(self) -> None:
        """Give the shell the session's history, in place of its own (a new shell after a restart reads only
        what ~/.bash_history holds, which splits a multi-line command into lines). Not fatal: a shell that does
        not answer is restarted by the query, and that shell is given its history in turn."""
        if self._history is None or self._loading_history:
            return
        self._history = bounded(self._history)  # what the run directory (4 MiB) and a new shell can take
        data = b"".join(entry.encode("utf-8", "surrogateescape") + b"\0" for entry in self._history)
        self._loading_history = True
        try:
            for _ in range(2):  # a shell that did not answer was restarted by the query: give the new one its history
                try:
                    self._ensure_box()
                    fs = self._box.fs
                    assert fs is not None
                    fs.run_write("hist", data)
                    self._query("__st_history", "H")
                    fs.run_unlink("hist")
                    return
                except SessionError:
                    continue
                except (OSError, UnicodeEncodeError):
                    return
        finally:
            self._loading_history = False

    def _record_history(self, run: CommandRun, mode: Mode, result: CommandResult) -> None:
        """Keep the entry the driver has just added with `history -s`: under the driver's own condition (a
        command the shell took, not the tutor's own, not incomplete, no failed history expansion)."""
        if self._history is None or mode == "n" or not run.started or run.flag in ("h", "i"):
            return
        entry = result.expanded
        if not entry:
            return
        self._history.append(entry)
        del self._history[:-HISTSIZE]
        if self._on_history is not None:
            self._on_history(entry)

    def attach(self, command: str, stdin_fd: int, stdout_fd: int) -> CommandResult:
        """Give a real terminal to a full-screen command (vi, less, man, top) until it ends."""
        data = check_command(command)
        with self._lock:
            self._check_open()
            box = self._box
            size = [b""]

            def resize() -> None:
                try:
                    raw = fcntl.ioctl(stdin_fd, termios.TIOCGWINSZ, b"\0" * 8)
                except OSError:
                    return
                if raw != size[0] and struct.unpack("HHHH", raw)[0] > 0:
                    size[0] = raw
                    with contextlib.suppress(OSError):
                        fcntl.ioctl(self._box.master, termios.TIOCSWINSZ, raw)

            saved = None
            with contextlib.suppress(termios.error):
                saved = termios.tcgetattr(stdin_fd)
                tty.setraw(stdin_fd)
            resize()
            try:
                result = self._run(
                    command, mode="t", timeout=None, data=data, tty_in=stdin_fd, tty_out=stdout_fd, on_resize=resize
                )
            finally:
                if saved is not None:
                    termios.tcsetattr(stdin_fd, termios.TCSAFLUSH, saved)
                with contextlib.suppress(OSError):
                    fcntl.ioctl(box.master, termios.TIOCSWINSZ, struct.pack("HHHH", self._size[1], self._size[0], 0, 0))
            return result

    def set_size(self, columns: int, rows: int) -> None:
        """The size of the learner's terminal (the columns `ls` fills, `$COLUMNS`). Safe from any thread, and never
        waits for a running command: the terminals' size is set at once (a program sees SIGWINCH)."""
        self._size = (max(columns, 10), max(rows, 2))
        if not self._closed:
            self._box.set_size(*self._size)

    def interrupt(self) -> None:
        """Ctrl-C for the running command (safe from any thread); the shell survives. Before the shell has
        started the command, the command is stopped as soon as it starts."""
        run = self._current
        if run is not None and run.interrupt is not None:
            run.interrupt.set()  # that run's own event: the Ctrl-C and its delivery are for the same command
            run.deliver_interrupt()
        else:
            self._interrupt.set()  # the command about to run (between `run()` and the shell taking it)
        with self._wake_lock, contextlib.suppress(OSError):
            if self._wake_w >= 0:
                os.write(self._wake_w, b"!")  # full pipe: a wake-up is pending anyway

    # -- reading the shell and the home --------------------------------------------------------------------

    def _query(self, function: str, kind: str, arg: str | None = None) -> str:
        """Type a driver query (state, completion) and wait for its answer; restart a dead or stuck shell."""
        self._ensure_box()
        box = self._box
        nonce = secrets.token_hex(8)
        extra = ""
        if arg is not None:
            assert box.fs is not None
            seq = box.next_seq()
            box.fs.run_write(f"c.{seq}", arg.encode())
            extra = f" {seq}"
        box.prepare_terminal()
        box.type(f"\\{function} {nonce}{extra}\n".encode())
        try:
            rec = box.wait_record(kind + "E", QUERY_SECONDS, nonce=nonce)
        except SessionError:
            sid = box.shell_sid()
            if sid is not None:
                proctree.signal_pids([sid], 9)
            with contextlib.suppress(SessionError):
                box.wait_record("E", QUERY_SECONDS)
            self._restart_shell()
            raise SessionError("the shell did not answer; a new shell was started") from None
        if rec.startswith("E"):
            self._restart_shell()
            raise SessionError("the shell ended; a new shell was started")
        return nonce

    def state(self) -> ShellState:
        """The shell's state, read from the live shell."""
        with self._lock:
            self._check_open()
            nonce = self._query("__st_state", "Q")
            fs = self._box.fs
            assert fs is not None
            texts: dict[str, str] = {}
            for name in ("s.vn", "s.vars", "s.exp", "s.an", "s.alias", "s.func", "s.jobs", "s.hist"):
                texts[name] = fs.run_read(f"{name}.{nonce}").decode("utf-8", "replace")
                fs.run_unlink(f"{name}.{nonce}")

            def text(name: str) -> str:
                return texts[name]

            def pairs(name: str) -> dict[str, str]:
                raw = text(name).split("\0")
                return {raw[i]: raw[i + 1] for i in range(0, len(raw) - 1, 2)}

            variables = pairs("s.vars")
            return ShellState(
                cwd=variables.get("PWD", ""),
                home=self._box.home,
                variables=variables,
                exported=frozenset(text("s.exp").split()),
                aliases=pairs("s.alias"),
                functions=frozenset(f for f in text("s.func").split() if not f.startswith("__st_")),
                jobs=tuple(line for line in text("s.jobs").splitlines() if line.strip()),
                history=_parse_history(text("s.hist")),
            )

    def complete(self, word: str, *, command: bool = False) -> list[str]:
        """File names completing `word` relative to the shell's cwd (directories end in /); with `command`,
        the command names bash would offer in that place (aliases, functions, builtins, programs on PATH)."""
        check_command(word)
        with self._lock:
            self._check_open()
            nonce = self._query("__st_complete_command" if command else "__st_complete", "C", word)
            fs = self._box.fs
            assert fs is not None
            raw = fs.run_read(f"cmp.{nonce}").decode("utf-8", "replace")
            fs.run_unlink(f"cmp.{nonce}")
            fs.run_unlink(f"cmp.list.{nonce}")
            return sorted({x for x in raw.split("\0") if x})

    def files(self, limit: int = 2000) -> list[FileEntry]:
        """The home tree, never following symlinks."""
        with self._lock:
            self._check_open()
            assert self._box.fs is not None
            return self._box.fs.files(limit)

    def stat(self, path: str) -> FileEntry | None:
        """lstat of a path relative to the home or absolute inside the sandbox; None if absent."""
        with self._lock:
            self._check_open()
            assert self._box.fs is not None
            return self._box.fs.stat(path)

    def read_file(self, path: str, max_bytes: int = 1 << 20) -> bytes:
        """A file's bytes; raises if any component is a symlink, FileNotFoundError if absent."""
        with self._lock:
            self._check_open()
            assert self._box.fs is not None
            return self._box.fs.read_file(path, max_bytes)

    def process_count(self) -> int:
        """How many processes the session has (the keeper and the shell at rest); cheap under bwrap, which
        counts the sandbox's own /proc instead of scanning the host's."""
        with self._lock:
            self._check_open()
            return self._box.process_count()

    def pids(self) -> list[int]:
        """Host pids of the session's processes (for tests and diagnostics)."""
        with self._lock:
            return [p.pid for p in self._box.processes()]

    def processes(self) -> list[ProcessInfo]:
        """The learner's processes: every process of the sandbox but its keeper and the learner's shell, with
        their names and command lines (what the grader's process checks look at)."""
        with self._lock:
            self._check_open()
            return learner_processes(self._box)

    def listing(self, path: str, limit: int = 10_000) -> list[FileEntry]:
        """Every path below the directory `path` (relative to the home, or absolute under it or /tmp), relative
        to it, never through a symlink and as the learner could list them; at most `limit` (the list's `cut`
        says why it is incomplete). OSError when `path` is not a directory the learner can list."""
        with self._lock:
            self._check_open()
            assert self._box.fs is not None
            return self._box.fs.listing(path, limit)

    def _check_open(self) -> None:
        if self._closed:
            raise SessionError("the session is closed")


def _parse_history(text: str) -> tuple[str, ...]:
    """Entries of `history` output ("%5d%c %s" per entry; other lines continue the entry before)."""
    entries: list[str] = []
    number = None
    for line in text.split("\n"):
        m = _HISTORY_LINE.match(line)
        if m and (number is None or int(m.group(1)) == number + 1):
            number = int(m.group(1))
            entries.append(m.group(2))
        elif entries:
            entries[-1] += "\n" + line
    if entries and text.endswith("\n"):
        entries[-1] = entries[-1].removesuffix("\n")
    return tuple(entries)


_HISTORY_LINE = re.compile(r"^ *(\d+)[* ] (.*)$")
