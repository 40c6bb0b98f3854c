"""Stopping a running command: Ctrl-C when it is under way, then step by step up to a new sandbox; floods."""

from __future__ import annotations

import select
import signal
import termios
import threading
import time

from shelltutor.sandbox import proctree
from shelltutor.sandbox.box import Box
from shelltutor.sandbox.commandoutput import CommandOutput
from shelltutor.sandbox.pipetaps import TapPlan
from shelltutor.sandbox.results import Notice

SIGINT_GRACE = 0.3
"""After Ctrl-C, how long the command has to end before the tutor looks at what is left."""
START_SETTLE = 0.2
"""A Ctrl-C that came before the command started waits this long for a job to take the terminal; then it goes
to the shell, which is running the command itself (a loop, a function)."""
KILL_GRACE = 0.7
POLL = 0.02
SHELL_GRACE = 1.5


class CommandStopping(CommandOutput):
    """The stopping side of a CommandRun (which holds these fields): Ctrl-C from the learner, and the escalation
    when a command outlives its limits."""

    started: bool
    started_at: float
    finished: bool
    flood_contained: bool
    shell_died: bool
    box_lost: bool
    interrupted: bool
    interrupt_delivered: bool
    interrupted_groups: dict[int, str | None]
    alive_at_interrupt: frozenset[int]
    sync_due: bool
    delivery_lock: threading.Lock
    phase: int
    sigint_until: float
    interrupt_check: float
    notices: list[Notice]
    tap_plan: TapPlan | None

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
