"""CommandRunner: running what the learner types — the prompt line, streamed output, type-ahead, Tab, Ctrl-C."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import SuspendNotSupported
from textual.widgets import Static

from shelltutor.tui.printable import printable_line
from shelltutor.tui.screens.lesson.base import LessonBase
from shelltutor.tui.strings import tr
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.output_view import OutputView

if TYPE_CHECKING:
    from shelltutor.service import Outcome

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
SHOW_ELAPSED_FROM = 1.0
"""Seconds after which a running command shows how long it has run (`⏱ 12 s — Ctrl+C stops it`)."""
CONTINUATION_PROMPT = "> "
"""bash's PS2: the prompt for the next line of a command that is not finished."""
MAX_CANDIDATES_SHOWN = 60
"""Tab lists at most this many completions (a bare `p` matches hundreds of commands)."""


def fit_prompt(label: str, width: int) -> str:
    """The prompt, shortened for a narrow terminal: `user@host:~/dir$ `, then `~/dir$ `, then `…/dir$ `."""
    if cell_len(label) <= width:
        return label
    short = label.partition(":")[2] or label
    if cell_len(short) <= width:
        return short
    tail = short[-max(width - 1, 4) :]
    return "…" + tail


class CommandRunner(LessonBase):
    """Runs what the learner types in the exercise's shell, one line at a time, and streams its output."""

    def on_command_input_search_toggled(self, event: CommandInput.SearchToggled) -> None:
        """Ctrl-R: readline's search prompt takes the place of the shell's."""
        self.query_one("#prompt-label", Static).display = not event.active

    def _render_prompt(self) -> None:
        label = self.query_one("#prompt-label", Static)
        command_input = self.query_one(CommandInput)
        command_input.placeholder = "" if self.running or self.run is None else tr("lesson.placeholder", self.lang)
        if self.running or self.run is None:
            frame = SPINNER[self._spin % len(SPINNER)]
            label.update(Text(f"{frame} {self._status()} ", no_wrap=True))
            label.add_class("-running")
            return
        label.remove_class("-running")
        label.update(Text(self._short_prompt(), no_wrap=True))

    def _status(self) -> str:
        """What the shell is busy with: starting, or running a command — for how long, once that is noticeable
        (a command may run for a minute: the learner sees it is alive and how to stop it)."""
        if self.run is None:
            return tr("lesson.starting", self.lang)
        if self._stopping:
            return tr("lesson.stopping", self.lang)  # Ctrl-C was heard; the command, then its verdict, are on the way
        since = self._running_since
        elapsed = time.monotonic() - since if since is not None else 0.0
        if elapsed < SHOW_ELAPSED_FROM:
            return tr("lesson.running", self.lang)
        return tr("lesson.elapsed", self.lang, seconds=int(elapsed))

    def _short_prompt(self) -> str:
        """The prompt, leaving the command at least 20 columns (`> ` while a command is being continued).

        The learner sets the directory in it (`mkdir $'\\e]52;…'; cd` into it): it is made printable."""
        if self._pending is not None:
            return CONTINUATION_PROMPT
        width = self.query_one("#terminal").content_region.width or 60
        return fit_prompt(printable_line(self._prompt), max(width - 20, 12))

    def _start_spinner(self) -> None:
        self._spin = 0
        if self._spinner is None:
            self._spinner = self.set_interval(0.1, self._tick)
        self._render_prompt()

    def _stop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self._render_prompt()

    def _tick(self) -> None:
        self._spin += 1
        self._render_prompt()
        self._drain()

    # --- running commands ---

    def on_input_submitted(self, event: CommandInput.Submitted) -> None:
        """Run the line; typed while a command runs, it waits its turn, as a terminal keeps type-ahead."""
        event.stop()
        self.query_one(CommandInput).value = ""
        if not self.ready:
            self._queue.append(event.value)
            self.notify(tr("lesson.queued", self.lang, command=event.value), timeout=3, markup=False)
            return
        self._execute(event.value)

    def on_command_input_lines_pasted(self, event: CommandInput.LinesPasted) -> None:
        """Pasted lines run one after another, each as if typed; they wait while a command runs."""
        event.stop()
        self._queue.extend(event.commands)
        self._run_queued()

    def _run_queued(self) -> None:
        """Run the next pasted or typed-ahead line, if the shell is free."""
        if self._queue and self.ready and self.is_attached:
            self._execute(self._queue.popleft())

    def _execute(self, line: str) -> None:
        """Show `line` at the prompt and run it, or the unfinished command it continues (the shell is ready)."""
        run = self.run
        assert run is not None and not self.running
        self.query_one(OutputView).begin_command(self._short_prompt(), line)
        pending, self._pending = self._pending, None
        if pending is None:
            self.query_one(CommandInput).remember(line)
        command = line if pending is None else f"{pending}\n{line}"
        if not command.strip():
            self._run_queued()  # an empty line typed ahead must not hold up the lines after it
            return
        run.set_terminal_size(*self.query_one(OutputView).terminal_size())
        if run.needs_terminal(command):
            self._running_since = None
            self._run_attached(command)
        else:
            self.running = True  # at once, not when the worker starts: nothing else may run meanwhile
            self._running_since = time.monotonic()
            self._stopping = False
            self._run_command(command)

    @work(exclusive=True, group="command")
    async def _run_command(self, command: str) -> None:
        run = self.run
        assert run is not None
        self.running = True
        self._streamed = False
        self._start_spinner()

        def on_chunk(chunk: object) -> None:
            with self._chunk_lock:
                self._chunks.append((getattr(chunk, "stream", "stdout"), getattr(chunk, "text", "")))

        try:
            outcome, label, files = await self.tutor.session.call(
                lambda: (run.run(command, on_chunk=on_chunk), run.prompt_label(), run.files())
            )
        except Exception as error:
            self.running = False
            self._queue.clear()
            self._pending = None
            if self.is_attached and self.run is run:
                self._stop_spinner()
                self.query_one(OutputView).notice(
                    "⚠ " + tr("lesson.command_failed", self.lang, error=error), style="bold yellow"
                )
            return
        self.running = False
        if not self.is_attached or self.run is not run:
            return  # the learner left this exercise while the command ran
        if outcome.result is not None and outcome.result.incomplete and outcome.verdict is None:
            with self._chunk_lock:
                self._chunks.clear()  # bash's "unexpected end of file": the `> ` prompt says it better
        else:
            self._drain()
        self._show_outcome(outcome, label, files)
        self._run_queued()

    def _run_attached(self, command: str) -> None:
        run = self.run
        assert run is not None
        output = self.query_one(OutputView)
        way_back = "lesson.needs_terminal_tmux" if run.detaches_to_return(command) else "lesson.needs_terminal"
        output.notice(tr(way_back, self.lang, command=command), style="italic")
        try:
            with self.app.suspend():
                outcome = run.run_attached(command, sys.stdin.fileno(), sys.stdout.fileno())
        except SuspendNotSupported:
            output.notice("⚠ " + tr("lesson.no_terminal", self.lang), style="bold yellow")
            self.call_later(self._run_queued)
            return
        self.app.refresh(layout=True)
        self.running = True  # until the outcome is shown
        self._after_attached(outcome)

    @work(exclusive=True, group="command")
    async def _after_attached(self, outcome: Outcome) -> None:
        run = self.run
        assert run is not None
        try:
            label, files = await self.tutor.session.call(lambda: (run.prompt_label(), run.files()))
        finally:
            self.running = False
        if self.is_attached and self.run is run:
            self._show_outcome(outcome, label, files, show_streams=False)
            self._run_queued()

    def _drain(self) -> None:
        with self._chunk_lock:
            chunks = list(self._chunks)
            self._chunks.clear()
        if not chunks:
            return
        self._streamed = True
        output = self.query_one(OutputView)
        for stream, text in chunks:
            output.add_output(stream, text)

    def on_command_input_interrupt(self, event: CommandInput.Interrupt) -> None:
        """Ctrl-C: stop the running command, or drop the typed line as bash does (and any pasted lines, and a
        command being continued)."""
        self._queue.clear()
        if self.running and self.run is not None:
            self._pending = None
            self.run.interrupt()
            self._stopping = True
            self._render_prompt()
            return
        output = self.query_one(OutputView)
        output.begin_command(self._short_prompt(), event.line)
        output.notice(tr("lesson.interrupted", self.lang), style="dim")
        self.query_one(CommandInput).value = ""
        self._pending = None
        self._render_prompt()

    def on_command_input_completion_wanted(self, event: CommandInput.CompletionWanted) -> None:
        if self.running or self.run is None:
            return
        self._complete(event.word, event.command)

    @work(exclusive=True, group="complete")
    async def _complete(self, word: str, command: bool) -> None:
        run = self.run
        if run is None:
            return
        try:
            candidates = await self.tutor.session.call(lambda: run.complete(word, command=command))
        except Exception:
            return
        if not self.is_attached or self.run is not run:
            return
        listing = self.query_one(CommandInput).complete_with(word, candidates)
        output = self.query_one(OutputView)
        if not candidates:
            self.app.bell()
        elif listing:
            shown = listing[:MAX_CANDIDATES_SHOWN]
            names = "  ".join(
                printable_line(c.rstrip("/").rpartition("/")[2]) + ("/" if c.endswith("/") else "") for c in shown
            )
            if len(listing) > len(shown):
                names += "  " + tr("lesson.candidates_more", self.lang, count=len(listing) - len(shown))
            output.notice(tr("lesson.candidates", self.lang, names=names), style="dim")
