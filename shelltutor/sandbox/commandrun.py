"""One command in the learner's shell: trigger it, collect its streams, enforce its limits, read its status."""

from __future__ import annotations

import codecs
import contextlib
import os
import secrets
import select
import shlex
import signal
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from shelltutor.sandbox import proctree
from shelltutor.sandbox.box import MAX_BACKGROUND_FIFOS, BackgroundFifo, Box, OutputTerminal
from shelltutor.sandbox.escape import EscapeWatch
from shelltutor.sandbox.pipetaps import TapPlan, plan_taps, read_stages, record_names
from shelltutor.sandbox.results import Chunk, CommandResult, Notice, Stage
from shelltutor.sandbox.termstreams import MarkedStream

Mode = Literal["c", "n", "t"]
"""c: captured and recorded in history; n: captured, not recorded (setup); t: on the terminal."""

SIGINT_GRACE = 0.3
"""After Ctrl-C, how long the command has to end before the tutor looks at what is left."""
START_SETTLE = 0.2
"""A Ctrl-C that came before the command started waits this long for a job to take the terminal; then it goes
to the shell, which is running the command itself (a loop, a function)."""
KILL_GRACE = 0.7
FLOOD_CHECK = 0.5
"""How often a running command's sandbox is checked for a flood of background processes."""
POLL = 0.02
SHELL_GRACE = 1.5
KEYS_SETTLE = 0.05
KEYS_FALLBACK = 1.0
BACKGROUND_CAP = 65536
MAX_EXPANDED_BYTES = 1 << 20
"""History expansion can at most multiply a line's length by the history's; more is cut."""
STAGE_RECORD_BYTES = 8192
"""A tap's record is a line of counts and at most 4 KiB of first lines."""
END_MARK_SECONDS = 1.0
"""After the command's status: how long its output terminals may take to deliver its end marks (they are written
before the status, so only a terminal full of a background job's output makes this wait at all)."""


@dataclass
class _Stream:
    name: Literal["stdout", "stderr"]
    fd: int
    writer: int
    decoder: codecs.IncrementalDecoder = field(default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace"))
    parts: list[str] = field(default_factory=list)
    open: bool = True


@dataclass
class CommandRun:
    """The state of one command while it runs; `execute()` returns its result."""

    box: Box
    command: str
    data: bytes
    mode: Mode
    timeout: float | None
    on_chunk: Callable[[Chunk], None] | None = None
    keys: str | None = None
    interrupt: threading.Event | None = None
    wake_fd: int | None = None
    """Readable when `interrupt` was set from another thread."""
    tty_in: int | None = None
    """With `tty_out`: a real terminal attached (Session.attach); its keys go to the sandbox's terminal."""
    tty_out: int | None = None
    on_resize: Callable[[], None] | None = None
    terminal: bool = False
    """Captured modes: stdout and stderr are the sandbox's output terminals (what a program sees in a real
    terminal) instead of per-command FIFOs."""
    taps: bool = False
    """Run the line with taps between the stages of its top-level pipelines (see pipetaps.py)."""

    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    seq: int = 0
    streams: list[_Stream] = field(default_factory=list)
    marked: list[MarkedStream] = field(default_factory=list)
    others: list[OutputTerminal] = field(default_factory=list)
    """Output terminals this command does not use: what background jobs write there is read as background."""
    chunks: list[Chunk] = field(default_factory=list)
    shown: int = 0
    read_bytes: int = 0
    started: bool = False
    started_at: float = 0.0
    flood_check: float = float("inf")
    flood_contained: bool = False
    finished: bool = False
    done: bool = False
    status: int | None = None
    flag: str = "-"
    cwd: str | None = None
    shell_died: bool = False
    shell_status: int | None = None
    box_lost: bool = False
    reason: Literal["timeout", "truncate", "escape"] | None = None
    interrupted: bool = False
    interrupt_seen: bool = False
    interrupt_delivered: bool = False
    interrupted_groups: dict[int, str | None] = field(default_factory=dict)
    """The process groups sent Ctrl-C's SIGINT, with their leader's program name at the time."""
    alive_at_interrupt: frozenset[int] = frozenset()
    """When Ctrl-C went to the shell itself: the processes this command had started by then. A job among them
    that takes the terminal later was being started at that instant. Older background jobs (a later `fg`) and
    jobs started after the Ctrl-C are not among them: a terminal's Ctrl-C would not have reached them."""
    sync_due: bool = False
    """A SIGINT was just sent: if the shell is back in the foreground at the next look, ask it for the status."""
    delivery_lock: threading.Lock = field(default_factory=threading.Lock)
    phase: int = 0
    sigint_until: float = 0.0
    next_action: float = float("inf")
    interrupt_check: float = float("inf")
    sync_sent: bool = False
    broken: bool = False
    notices: list[Notice] = field(default_factory=list)
    background: list[str] = field(default_factory=list)
    background_size: int = 0
    # terminal mode
    term_state: Literal["before", "inside", "after"] = "before"
    term_buf: bytes = b""
    term_parts: list[str] = field(default_factory=list)
    term_decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace")
    )
    inside_since: float = 0.0
    keys_pending: bytes = b""
    escape: EscapeWatch | None = None
    """On an attached terminal: the learner's Ctrl-C / Ctrl-\\ presses, for the tutor's own way out."""
    tty_interrupt: bool = False
    """Ctrl-C came from the attached terminal: an interrupt only if the command did not go on to end normally
    (less catches SIGINT, ends a search and goes on until `q`)."""
    expanded: str = ""
    tap_plan: TapPlan | None = None
    stages: list[Stage] = field(default_factory=list)

    def execute(self) -> CommandResult:
        box = self.box
        assert box.fs is not None
        self.seq = box.next_seq()
        box.fs.run_write(f"c.{self.seq}", self.data)
        if self.taps:
            box.fs.run_unlink_prefix("p.")  # a tap killed with its command may have written after its cleanup
            self.tap_plan = plan_taps(self.data.decode("utf-8", "surrogateescape"), self.seq)
            if self.tap_plan is not None:
                box.fs.run_write(f"t.{self.seq}", self.tap_plan.line.encode("utf-8", "surrogateescape"))
        run = shlex.quote(box.run_dir)
        flag = ""
        if self.mode == "t":
            redirect = ""
        elif self.terminal and (pair := box.free_outputs()) is not None:
            self.marked = [MarkedStream(t, self.nonce) for t in pair]
            inside = [t.inside for t in pair]
            redirect = f' >"$__st_kfd/{inside[0]}" 2>"$__st_kfd/{inside[1]}"'
            flag = f" o{inside[0]}"
        else:
            out = box.fs.run_fifo(f"o.{self.seq}")
            err = box.fs.run_fifo(f"e.{self.seq}")
            self.streams = [_Stream("stdout", *out), _Stream("stderr", *err)]
            redirect = f" >{run}/o.{self.seq} 2>{run}/e.{self.seq}"
        if self.keys:
            self.keys_pending = self.keys.encode("utf-8", "surrogateescape")
        if self.tty_in is not None:
            self.escape = EscapeWatch(box)
        pre = f"\\__st_pre {self.nonce} {self.seq} {self.mode}{flag}"
        trigger = f'{pre};\\eval "$__st_c"{redirect};\\__st_post {self.nonce} $?\n'
        t0 = time.monotonic()
        deadline = t0 + self.timeout if self.timeout is not None else float("inf")
        self.next_action = deadline
        self.flood_check = t0 + FLOOD_CHECK  # a quick command is never looked at
        if self.terminal:
            self.others = [t for t in box.outputs if all(t is not ms.term for ms in self.marked)]
        box.prepare_terminal()
        for t in self.others:
            self._add_background(bytes(t.pending))
            t.pending.clear()
        for ms in self.marked:
            waiting = bytes(ms.term.pending)
            ms.term.pending.clear()
            self._take(ms, waiting)
        box.type(trigger.encode())
        try:
            self._loop(deadline)
            t1 = time.monotonic()
            self._finish_streams()
        finally:
            with self.delivery_lock:
                self.finished = True  # a late Ctrl-C must not reach whatever runs next
            self._retire()
        return self._result((t1 - t0) * 1000)

    # -- the loop ----------------------------------------------------------------------------------------------

    def _loop(self, deadline: float) -> None:
        box = self.box
        while not self.done and not self.shell_died and not self.box_lost:
            now = time.monotonic()
            pending = self.interrupt is not None and self.interrupt.is_set() and not self.interrupt_seen
            if pending and self.deliver_interrupt():
                self.interrupt_seen = True
                self.interrupted = True
                self.interrupt_check = now + SIGINT_GRACE
                pending = False
            if now >= self.interrupt_check:
                self.interrupt_check = float("inf")
                self._after_interrupt()
            if now >= self.flood_check:
                self.flood_check = now + FLOOD_CHECK
                self._contain_flood()
            if self.escape is not None and self.reason is None and self.escape.due(now):
                self._escape(now)
            if now >= self.next_action:
                if self.reason is None:
                    self.reason = "timeout"
                self._escalate(now)
            if self.on_resize is not None:
                self.on_resize()
            wait = min(self.next_action, self.interrupt_check, self.flood_check) - now
            if pending:
                wait = min(wait, POLL)  # until the command is under way
            if self.keys_pending and self.mode == "t" and self.term_state == "inside":
                wait = min(wait, 0.02)
            if self.tty_in is not None:
                wait = min(wait, 0.25)
            fds = [box.status_r, box.master] + [s.fd for s in self.streams if s.open]
            fds += [bg.fd for bg in box.background]
            fds += [ms.term.master for ms in self.marked]
            fds += [t.master for t in self.others]
            if self.wake_fd is not None:
                fds.append(self.wake_fd)
            if self.tty_in is not None:
                fds.append(self.tty_in)
            try:
                ready, _, _ = select.select(fds, [], [], max(0.0, min(wait, 1.0)))
            except InterruptedError:
                continue
            for fd in ready:
                if fd == box.status_r:
                    self._on_status()
                elif fd == box.master:
                    self._on_pty()
                elif fd == self.tty_in:
                    self._on_tty_in()
                elif fd == self.wake_fd:
                    with contextlib.suppress(BlockingIOError):
                        os.read(fd, 64)
                else:
                    self._on_fifo(fd)
            if self.keys_pending and self.mode == "t" and self.term_state == "inside":
                self._maybe_type_keys()

    def _on_status(self) -> None:
        box = self.box
        try:
            box.read_records()
        except Exception:
            self.box_lost = True
            return
        while box.records:
            rec = box.records.popleft()
            kind, _, rest = rec.partition(" ")
            if kind == "E":
                self.shell_died = True
                with contextlib.suppress(ValueError):
                    self.shell_status = int(rest.split()[0])
                return
            if kind == "R":
                continue
            nonce, _, rest = rest.partition(" ")
            if nonce != self.nonce:
                continue  # a late report of an earlier command
            if kind == "B":
                # The command was not run (no S): the session reruns it in the new shell.
                self._kill_shell("shell_broken", "the shell could no longer run commands (its eval was replaced)")
                self.broken = True
                continue
            if kind == "S":
                self.started = True
                self.started_at = time.monotonic()
                if self.keys_pending and self.mode != "t":
                    box.type(self.keys_pending)
                    self.keys_pending = b""
            elif kind == "D" and not self.broken:
                rc, flag, cwd = ([*rest.split(" ", 2), "", "", ""])[:3]
                with contextlib.suppress(ValueError):
                    self.status = int(rc)
                self.flag = flag
                self.cwd = cwd
                self.done = True

    def _on_pty(self) -> None:
        data = self.box.read_pty()
        if not data or self.mode != "t":
            return
        self.term_buf += data
        begin = b"\x1b_shelltutor:b:" + self.nonce.encode() + b"\x1b\\"
        end = b"\x1b_shelltutor:e:" + self.nonce.encode() + b"\x1b\\"
        if self.term_state == "before":
            i = self.term_buf.find(begin)
            if i < 0:
                self.term_buf = self.term_buf[-len(begin) :]
                return
            self.term_buf = self.term_buf[i + len(begin) :]
            self.term_state = "inside"
            self.inside_since = time.monotonic()
        if self.term_state == "inside":
            i = self.term_buf.find(end)
            if i >= 0:
                self._term_output(self.term_buf[:i])
                self.term_buf = b""
                self.term_state = "after"
            else:
                keep = len(end) - 1
                cut = max(0, len(self.term_buf) - keep)
                # Never hold back more than the part that could start the end marker.
                j = self.term_buf.rfind(b"\x1b", cut)
                cut = j if j >= 0 else len(self.term_buf)
                self._term_output(self.term_buf[:cut])
                self.term_buf = self.term_buf[cut:]

    def _term_output(self, data: bytes) -> None:
        if not data or self.sync_sent:
            return  # after a Ctrl-C the shell is back at its prompt: what comes is the echo of the status request
        if self.tty_out is not None:
            with contextlib.suppress(OSError):
                _write_all(self.tty_out, data)
            return
        self._count(len(data))
        if self.read_bytes <= self.box.limits.output_bytes:
            text = self.term_decoder.decode(data)
            self.term_parts.append(text)
            self._show("stdout", text)

    def _on_tty_in(self) -> None:
        assert self.tty_in is not None
        try:
            data = os.read(self.tty_in, 4096)
        except OSError:
            data = b""
        if data and self.term_state == "inside":
            self.box.type(data)
            if self.escape is not None:
                self.escape.typed(data, time.monotonic())
            key = self._interrupt_signal_key()
            if key is not None and key in data and not self.interrupt_seen:
                # Ctrl-C typed on the real terminal: bash drops the rest of the line, the tutor's code with it,
                # so look a moment later whether the shell is back and ask it for the status.
                self.interrupt_seen = self.interrupt_delivered = self.interrupted = self.sync_due = True
                self.tty_interrupt = True
                self.interrupt_check = time.monotonic() + SIGINT_GRACE

    def _escape(self, now: float) -> None:
        """The learner pressed the tutor's escape keys: stop the program as a timeout would (Ctrl-C, then SIGKILL
        for its job, then a new shell); no attached program can keep the learner from the tutor."""
        self.reason = "escape"
        self.interrupted = True
        self.next_action = now
        self.notices.append(
            Notice(
                "escaped",
                "the full-screen program did not let you out, so the tutor stopped it "
                "(Ctrl-\\ three times, or Ctrl-C three times when the program ignores it)",
            )
        )

    def _interrupt_signal_key(self) -> bytes | None:
        """The key that the sandbox's terminal turns into SIGINT, or None when it sends keys on as characters
        (`stty -isig`, a full-screen program in raw mode such as vi, for which Ctrl-C is an ordinary key)."""
        try:
            if not termios.tcgetattr(self.box.slave)[3] & termios.ISIG:
                return None
        except termios.error:
            pass
        return self._interrupt_key()

    def _interrupt_key(self) -> bytes:
        """The sandbox terminal's interrupt character (Ctrl-C unless `stty intr` changed it)."""
        try:
            key = termios.tcgetattr(self.box.slave)[6][termios.VINTR]
        except (termios.error, IndexError):
            return b"\x03"
        return key if isinstance(key, bytes) and key != b"\x00" else b"\x03"

    def _maybe_type_keys(self) -> None:
        """Type a full-screen step's keys once the program reads the keyboard: when it has put the terminal in raw
        mode (vi, less), or turned echo off for a password prompt (ssh, sudo; the prompt throws away what was typed
        before it), else after KEYS_FALLBACK."""
        now = time.monotonic()
        try:
            lflag = termios.tcgetattr(self.box.slave)[3]
        except termios.error:
            lflag = termios.ICANON | termios.ECHO
        reading = not (lflag & termios.ICANON) or not (lflag & termios.ECHO)
        settled = now - self.inside_since
        if (reading and settled >= KEYS_SETTLE + 0.1) or settled >= KEYS_FALLBACK:
            self.box.type(self.keys_pending)
            self.keys_pending = b""

    def _on_fifo(self, fd: int) -> None:
        for ms in self.marked:
            if ms.term.master == fd:
                self._read_marked(ms)
                return
        for t in self.others:
            if t.master == fd:
                with contextlib.suppress(OSError):
                    self._add_background(os.read(fd, 65536))
                return
        for s in self.streams:
            if s.fd == fd:
                self._read_stream(s)
                return
        for bg in list(self.box.background):
            if bg.fd == fd:
                self._read_background(bg)
                return

    def _read_stream(self, s: _Stream) -> bool:
        """Read once from a stream; False when there was nothing to read right now."""
        try:
            data = os.read(s.fd, 65536)
        except BlockingIOError:
            return False
        except OSError:
            data = b""
        if not data:
            s.open = False
            return False
        room = self.box.limits.output_bytes - self.read_bytes
        self._count(len(data))
        if room > 0:
            text = s.decoder.decode(data[:room])
            s.parts.append(text)
            self._show(s.name, text)
        return True

    def _read_marked(self, ms: MarkedStream) -> bool:
        """Read once from an output terminal; False when there was nothing to read right now."""
        try:
            data = os.read(ms.term.master, 65536)
        except (BlockingIOError, OSError):
            return False
        if not data:
            return False
        self._take(ms, data)
        return True

    def _take(self, ms: MarkedStream, data: bytes) -> None:
        background, command = ms.feed(data)
        self._add_background(background)
        self._add_output(ms, command)

    def _add_output(self, ms: MarkedStream, data: bytes) -> None:
        if not data:
            return
        room = self.box.limits.output_bytes - self.read_bytes
        self._count(len(data))
        if room > 0:
            text = ms.decoder.decode(data[:room])
            ms.parts.append(text)
            self._show(ms.name, text)

    def _add_background(self, data: bytes) -> None:
        if data and self.background_size < BACKGROUND_CAP:
            text = data[: BACKGROUND_CAP - self.background_size].decode("utf-8", "replace")
            self.background.append(text)
            self.background_size += len(text)

    def _count(self, n: int) -> None:
        self.read_bytes += n
        if self.read_bytes > self.box.limits.output_bytes and self.reason is None and not self.done:
            self.reason = "truncate"
            self.next_action = time.monotonic()

    def _show(self, stream: Literal["stdout", "stderr"], text: str) -> None:
        room = self.box.limits.display_bytes - self.shown
        if room <= 0 or not text:
            return
        piece = text[:room]
        self.shown += len(piece)
        if self.chunks and self.chunks[-1].stream == stream:
            self.chunks[-1].text += piece
        else:
            self.chunks.append(Chunk(stream, piece))
        if self.on_chunk is not None:
            self.on_chunk(Chunk(stream, piece))

    def _read_background(self, bg: BackgroundFifo) -> None:
        try:
            data = os.read(bg.fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            os.close(bg.fd)
            self.box.background.remove(bg)
            return
        self._add_background(data)

    # -- stopping a command ------------------------------------------------------------------------------------

    def _contain_flood(self) -> None:
        """A background job filling the process limit while this command runs (a spawn loop started earlier)
        leaves the command unable to fork: stop the background processes, spare the shell and this job."""
        box = self.box
        if self.flood_contained or not flooded(box):
            return
        spared = {g for g in (box.fg_pgrp(), box.shell_sid()) if g is not None}
        proctree.kill_until_gone(
            lambda: [p for p in box.processes() if p.pgid not in spared], spare={box.keeper_pid}, timeout=2.0
        )
        self.flood_contained = True
        self.notices.append(process_limit_notice(box.limits.processes))

    def deliver_interrupt(self) -> bool:
        """Ctrl-C: SIGINT for the foreground process group, once the command is under way (safe from any thread).

        Whether it has been sent. Not before the shell has started the command: at its prompt, the shell drops
        the signal or the line it is reading; in the tutor's code around the command, it can lose its footing.
        So the loop sends it as soon as a job has the terminal or, for a command the shell runs itself (a
        loop), a moment after it started."""
        with self.delivery_lock:
            if self.interrupt_delivered:
                return True
            if not self.started or self.done or self.finished or self.shell_died or self.box_lost:
                return False
            fg, sid = self.box.fg_pgrp(), self.box.shell_sid()
            if fg == sid and time.monotonic() < self.started_at + START_SETTLE:
                return False
            # Marked here, not only by the loop: a command the shell runs itself (a loop) is abandoned at once,
            # and the driver's prompt hook reports it before the loop looks again.
            self.interrupt_delivered = self.interrupted = True
            if fg is not None:
                self._sigint(fg)
                if fg == sid:
                    # The shell had the terminal: it may have been starting a job that takes the terminal next.
                    # Listed after the signal, so that a job forked meanwhile is among them.
                    # When the shell took the command, in the ticks since boot of start times (whole ticks).
                    ago = time.monotonic() - self.started_at
                    since = proctree.boot_ticks() - int(ago * proctree.CLOCK_TICKS) - 1
                    self.alive_at_interrupt = frozenset(p.pid for p in self.box.processes() if p.start >= since)
        return True

    def _sigint(self, pgid: int) -> None:
        proc = proctree.read_proc(pgid)
        self.interrupted_groups[pgid] = proc.comm if proc is not None else None
        self.sync_due = True
        proctree.signal_group(pgid, signal.SIGINT)

    def _after_interrupt(self) -> None:
        """Ctrl-C was sent: if the shell itself was interrupted back to its prompt, ask it for the status; if the
        signal missed the job that has the terminal, send it again. Looked at again while the command runs."""
        box = self.box
        if self.done or not self.started:
            return
        fg, sid = box.fg_pgrp(), box.shell_sid()
        sync_due, self.sync_due = self.sync_due, False
        if fg is not None and fg == sid:
            # Only just after a SIGINT: later, the shell in the foreground may be a builtin such as `read`
            # waiting for the keyboard, which would take the line as its input.
            if sync_due and not self.sync_sent:
                self._sync()
        elif fg is not None and self._missed_sigint(fg):
            # The signal reached the job while it was being started: either the shell before the job had the
            # terminal, or the job's process before it ran its program (still in the shell's code, which drops
            # it). A real Ctrl-C goes to the program that has the terminal: send it again, to that program.
            self._sigint(fg)
        self.interrupt_check = time.monotonic() + SIGINT_GRACE  # a loaded machine may take longer to start it

    def _missed_sigint(self, pgid: int) -> bool:
        """Whether this foreground group, already there at Ctrl-C, never got the SIGINT, or its leader has started
        another program since.

        A program that catches SIGINT and goes on (a `trap '' INT`, a Python loop that ignores
        KeyboardInterrupt) keeps its name, so it is not sent a second one."""
        if pgid not in self.interrupted_groups:
            return pgid in self.alive_at_interrupt
        proc = proctree.read_proc(pgid)
        before = self.interrupted_groups[pgid]
        return proc is not None and before is not None and proc.comm != before

    def _sync(self) -> None:
        """Bash abandons the whole line on Ctrl-C; typing __st_post again gets the status of the command. What
        the command wrote before is passed on first; the terminal's echo of the typed line is not (the learner
        would see `\\__st_post …` on their screen)."""
        if self.mode == "t":
            for _ in range(64):  # at most 4 MiB: a program still flooding the terminal is cut here
                if not select.select([self.box.master], [], [], 0)[0]:
                    break
                self._on_pty()
        self.sync_sent = True
        self.box.type(f"\\__st_post {self.nonce} $?\n".encode())

    def _escalate(self, now: float) -> None:
        """Stop the command step by step: Ctrl-C, then SIGKILL for its job, then a new shell, then a new sandbox."""
        box = self.box
        fg, sid = box.fg_pgrp(), box.shell_sid()
        job = fg if fg is not None and fg != sid else None
        back_at_prompt = fg is not None and fg == sid and self.started
        if self.phase == 0:
            reader = fg if job is not None else sid
            if (
                self.reason == "timeout"
                and fg is not None
                and proctree.job_reads_stdin(reader, tapped=self.tap_plan is not None)
            ):
                self.notices.append(
                    Notice(
                        "waiting_for_input",
                        "the command was waiting for input from the keyboard (stdin); give it a file, or type the "
                        "input with the command (e.g. `cat notes.txt` rather than `cat`)",
                    )
                )
            # Like Ctrl-C: ends most commands and makes bash abandon loops and lists.
            if fg is not None:
                proctree.signal_group(fg, signal.SIGINT)
            self.phase, self.sigint_until, self.next_action = 1, now + SIGINT_GRACE, now + POLL
        elif self.phase == 1:
            if back_at_prompt and not self.sync_sent:
                self._sync()
                self.phase, self.next_action = 2, now + KILL_GRACE
            elif now < self.sigint_until:
                self.next_action = now + POLL
            else:
                if job is not None:
                    self._kill_job(job)
                elif not self.started:
                    self._kill_shell("shell_ignored_command", "the shell did not take the command")
                elif not self.sync_sent:
                    self._sync()
                self.phase, self.next_action = 2, now + KILL_GRACE
        elif self.phase == 2:
            if job is not None:
                self._kill_job(job)
                self.phase, self.next_action = 3, now + KILL_GRACE
            elif back_at_prompt and not self.sync_sent:
                self._sync()
                self.phase, self.next_action = 3, now + KILL_GRACE
            else:
                self._kill_shell("shell_stuck", "the shell did not come back after the command was stopped")
                self.phase, self.next_action = 4, now + SHELL_GRACE
        elif self.phase == 3:
            self._kill_shell("shell_stuck", "the shell did not come back after the command was stopped")
            self.phase, self.next_action = 4, now + SHELL_GRACE
        else:
            self.notices.append(
                Notice("box_lost", "the sandbox stopped answering; a new one was started (files were lost)")
            )
            self.box_lost = True

    def _kill_job(self, pgrp: int) -> None:
        procs = self.box.processes()
        roots = {p.pid for p in procs if p.pgid == pgrp}
        sid = self.box.shell_sid()
        doomed = proctree.descendants(procs, roots) - {sid or -1, self.box.keeper_pid}
        proctree.signal_group(pgrp, signal.SIGKILL)
        proctree.signal_pids(doomed, signal.SIGKILL)

    def _kill_shell(self, key: str, why: str) -> None:
        sid = self.box.shell_sid()
        self.notices.append(Notice(key, f"{why}; a new shell was started (your files are kept)"))
        if sid is not None:
            proctree.signal_pids([sid], signal.SIGKILL)

    # -- after the command ---------------------------------------------------------------------------------------

    def _finish_streams(self) -> None:
        """Read what the command wrote before it ended (all of it is in the FIFOs by now)."""
        self._finish_marked()
        for s in self.streams:
            while s.open and self._read_stream(s):
                pass
            tail = s.decoder.decode(b"", final=True)
            if tail:
                s.parts.append(tail)
        if self.mode == "t" and self.done and self.term_state == "inside":
            deadline = time.monotonic() + 0.3
            while self.term_state == "inside" and time.monotonic() < deadline:
                ready, _, _ = select.select([self.box.master], [], [], 0.05)
                if ready:
                    self._on_pty()
            if self.term_state == "inside" and self.term_buf:
                self._term_output(self.term_buf)
                self.term_buf = b""

    def _finish_marked(self) -> None:
        """Read the output terminals up to the command's end marks (written before its status)."""
        deadline = time.monotonic() + (END_MARK_SECONDS if self.done else 0.2)
        while any(ms.state != "after" for ms in self.marked):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            fds = [ms.term.master for ms in self.marked if ms.state != "after"]
            ready, _, _ = select.select(fds, [], [], min(left, 0.05))
            for ms in self.marked:
                if ms.term.master in ready:
                    while self._read_marked(ms) and ms.state != "after":
                        pass
        for ms in self.marked:
            self._add_output(ms, ms.finish())
            tail = ms.decoder.decode(b"", final=True)
            if tail:
                ms.parts.append(tail)

    def _retire(self) -> None:
        """Unlink this command's files; its FIFOs stay open for background jobs (their output goes to `background`)."""
        box = self.box
        if box.fs is not None:
            # The driver leaves x.SEQ only when history expansion changed the line.
            expanded = box.fs.run_read(f"x.{self.seq}", MAX_EXPANDED_BYTES)
            if expanded:
                self.expanded = expanded.decode("utf-8", "replace")
                box.fs.run_unlink(f"x.{self.seq}")
            if self.tap_plan is not None:
                self._read_stages()
            with contextlib.suppress(OSError):
                box.fs.run_unlink(f"c.{self.seq}")
                for s in self.streams:
                    box.fs.run_unlink(f"{'o' if s.name == 'stdout' else 'e'}.{self.seq}")
        for s in self.streams:
            with contextlib.suppress(OSError):
                os.close(s.writer)
            if s.open and not box.closed:
                box.background.append(BackgroundFifo(s.fd, s.name))
            else:
                with contextlib.suppress(OSError):
                    os.close(s.fd)
        while len(box.background) > MAX_BACKGROUND_FIFOS:
            old = box.background.pop(0)
            with contextlib.suppress(OSError):
                os.close(old.fd)

    def _went_on_after_ctrl_c(self) -> bool:
        """Ctrl-C typed on the attached terminal was caught and the program ended normally later (exit < 128)."""
        caught = self.tty_interrupt and self.reason is None and self.done
        return caught and self.status is not None and self.status < 128

    def _result(self, duration_ms: float) -> CommandResult:
        if self.marked:
            stdout, stderr = ("".join(ms.parts) for ms in self.marked)
        else:
            stdout = "".join(self.streams[0].parts) if self.streams else "".join(self.term_parts)
            stderr = "".join(self.streams[1].parts) if self.streams else ""
        if self.mode == "t":
            stdout += self.term_decoder.decode(b"", final=True)
        exit_code: int | None = self.status
        if self.reason is not None or not self.done:
            exit_code = None
        if self.shell_died and self.reason is None and not self.done:
            exit_code = self.shell_status
        if self.reason == "timeout":
            limit = f"{self.timeout:g}" if self.timeout is not None else "?"
            self.notices.insert(0, Notice("timed_out", f"the command took longer than {limit} s and was stopped"))
        elif self.reason == "truncate":
            limit_bytes = self.box.limits.output_bytes
            self.notices.insert(
                0, Notice("truncated", f"the command wrote more than {limit_bytes} bytes and was stopped")
            )
        if self.shell_died and not any("new shell" in n for n in self.notices):
            self.notices.append(Notice("shell_ended", "the shell ended; a new shell was started (your files are kept)"))
        return CommandResult(
            command=self.command,
            stdout=stdout,
            stderr=stderr,
            exit_code=exit_code,
            duration_ms=duration_ms,
            timed_out=self.reason == "timeout",
            truncated=self.reason == "truncate",
            session_ended=self.shell_died or self.box_lost,
            interrupted=self.interrupted and not self._went_on_after_ctrl_c(),
            chunks=self.chunks,
            incomplete=self.flag == "i",
            cwd=self.cwd,
            background="".join(self.background),
            notices=self.notices,
            expanded=self.expanded,
            terminal=bool(self.marked),
            stages=self.stages,
        )

    def _read_stages(self) -> None:
        """The taps' records and the kept statuses (then removed), as the result's stages."""
        fs = self.box.fs
        plan = self.tap_plan
        assert fs is not None and plan is not None
        # on the terminal (vi, less) the last stage drew on the screen: nothing to count it by
        shown = None if self.mode == "t" else self._stdout()
        self.stages = read_stages(
            plan, self.seq, lambda name: fs.run_read(name, STAGE_RECORD_BYTES), shown, bool(self.marked)
        )
        for name in record_names(plan, self.seq):
            with contextlib.suppress(OSError):
                fs.run_unlink(name)

    def _stdout(self) -> str:
        if self.marked:
            return "".join(self.marked[0].parts)
        return "".join(self.streams[0].parts) if self.streams else "".join(self.term_parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            time.sleep(0.001)
            continue
        view = view[n:]


def flooded(box: Box) -> bool:
    """Whether the sandbox's processes fill its process limit (a fork bomb, a spawn loop)."""
    return box.process_count() >= max(4, box.limits.processes - 2)


def process_limit_notice(limit: int) -> Notice:
    """What the learner is told when a flood of processes was stopped."""
    return Notice(
        "process_limit",
        f"the sandbox reached its limit of {limit} processes; all background processes were stopped",
        processes=limit,
    )
