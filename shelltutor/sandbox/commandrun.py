"""One command in the learner's shell: trigger it, wait for it, read its status and make its result (reading its
output is commandoutput's, stopping it commandstop's)."""

from __future__ import annotations

import codecs
import contextlib
import os
import secrets
import select
import shlex
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from shelltutor.sandbox.box import MAX_BACKGROUND_FIFOS, BackgroundFifo, Box, OutputTerminal
from shelltutor.sandbox.commandoutput import CommandStream, Mode, Reason
from shelltutor.sandbox.commandstop import POLL, SIGINT_GRACE, CommandStopping, flooded, process_limit_notice
from shelltutor.sandbox.escape import EscapeWatch
from shelltutor.sandbox.pipetaps import TapPlan, plan_taps, read_stages, record_names
from shelltutor.sandbox.results import Chunk, CommandResult, Notice, Stage
from shelltutor.sandbox.termstreams import MarkedStream

__all__ = ["CommandRun", "Mode", "flooded", "process_limit_notice"]

FLOOD_CHECK = 0.5
"""How often a running command's sandbox is checked for a flood of background processes."""
KEYS_SETTLE = 0.05
KEYS_FALLBACK = 1.0
MAX_EXPANDED_BYTES = 1 << 20
"""History expansion can at most multiply a line's length by the history's; more is cut."""
STAGE_RECORD_BYTES = 8192
"""A tap's record is a line of counts and at most 4 KiB of first lines."""


@dataclass
class CommandRun(CommandStopping):
    """The state of one command while it runs; `execute()` returns its result. What it writes is read by
    CommandOutput, and stopping it is CommandStopping's."""

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
    streams: list[CommandStream] = field(default_factory=list)
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
    reason: Reason | None = None
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
            self.streams = [CommandStream("stdout", *out), CommandStream("stderr", *err)]
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

    # -- after the command ---------------------------------------------------------------------------------------

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
