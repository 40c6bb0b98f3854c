"""OutcomeView: what a finished command left — output, notices, exit status and the verdict."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import VerticalScroll

from shelltutor.sandbox.exitsignals import signal_note
from shelltutor.tui.inline import inline_markdown
from shelltutor.tui.screens.lesson.base import LessonBase
from shelltutor.tui.strings import local, tr
from shelltutor.tui.widgets.files_view import FilesView
from shelltutor.tui.widgets.output_view import MAX_LINES_PER_COMMAND, OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from shelltutor.sandbox import FileEntry
    from shelltutor.service import Outcome

VERDICT_SIGNS = {
    "pass": ("✔", "verdict.pass", "bold green"),
    "fail": ("✘", "verdict.fail", "bold red"),
    "step": ("▸", "verdict.step", "bold blue"),
    "error": ("⚠", "verdict.error", "bold yellow"),
}
SHOW_DURATION_FROM_MS = 1000
"""Shorter commands feel instant; their duration is noise (and would make snapshots flaky)."""
CLEAR_SCREEN = re.compile(r"(?:\x1b\[[0-9;?]*[HJ]|\x1bc)+\n?")
"""What `clear`, `tput clear` and `printf '\\e[2J'` print: the terminal panel is cleared instead of showing it."""


def exit_status_line(exit_code: int | None, duration_ms: float, lang: str) -> Text:
    """`⏎ exit status 1 (failure)`, in words (with the signal a status above 128 usually means), with the time
    taken when it was long enough to notice."""
    status = Text()
    if exit_code == 0:
        status.append("⏎ " + tr("lesson.exit_ok", lang), style="green")
    elif exit_code is None:
        status.append("⏎ " + tr("lesson.exit_none", lang), style="bold yellow")
    else:
        status.append("⏎ " + tr("lesson.exit_fail", lang, code=exit_code), style="bold red")
        note = signal_note(exit_code, lang)
        if note is not None:  # bash's word for it (`Killed`), when shown, does not say it was the sandbox's limit
            status.append(f" — {note}", style="red")
    if duration_ms >= SHOW_DURATION_FROM_MS:
        status.append("  · " + tr("lesson.duration", lang, seconds=f"{duration_ms / 1000:.1f}"), style="dim")
    return status


def verdict_line(status: str, message: str, lang: str) -> Text:
    """The one-line verdict in the transcript: `✘ NOT YET — the headline`."""
    sign, key, style = VERDICT_SIGNS.get(status, VERDICT_SIGNS["error"])
    line = Text(f"{sign} {tr(key, lang)}", style=style)
    first = message.strip().splitlines()
    if first:  # Markdown: `code` and **bold** styled, not shown with their backticks and stars
        line.append_text(inline_markdown(" — " + first[0], style=style.replace("bold ", "")))
    return line


class OutcomeView(LessonBase):
    """Shows the outcome of a command: in the terminal panel, and a verdict in the panel on the left."""

    def _show_outcome(self, outcome: Outcome, label: str, files: list[FileEntry], *, show_streams: bool = True) -> None:
        lang = self.lang
        output = self.query_one(OutputView)
        result = outcome.result
        if result is not None and result.incomplete and outcome.verdict is None:
            # Not run, not an attempt: read the rest of it at a `> ` prompt (explained the first time).
            if not self._continued_before:
                output.notice(tr("lesson.continue", lang), style="dim italic")
                self._continued_before = True
            self._pending = result.command
            self._stop_spinner()
            return
        if result is not None:
            cleared = show_streams and bool(CLEAR_SCREEN.fullmatch(result.stdout)) and not result.stderr
            if cleared:
                output.clear()  # as a terminal does; the status and the verdict below still say what happened
            if result.background:
                output.add_background(
                    result.background, tr("lesson.background", lang), tr("lesson.background_more", lang)
                )
            if show_streams and not cleared and not self._streamed:
                if result.chunks:
                    for chunk in result.chunks:
                        output.add_output(chunk.stream, chunk.text)
                else:
                    output.add_output("stdout", result.stdout)
                    output.add_output("stderr", result.stderr)
            output.end_output()
            if output.capped:
                output.notice(tr("lesson.display_capped", lang, lines=MAX_LINES_PER_COMMAND), style="dim italic")
        for notice in outcome.notices:
            output.notice("⚠ " + local(notice, lang), style="bold yellow")
        if result is not None and not result.incomplete:  # an incomplete command was not run: the verdict says so
            output.write_text(exit_status_line(result.exit_code, result.duration_ms, lang))
        verdict = outcome.verdict
        if verdict is not None:
            output.write_text(verdict_line(verdict.status, local(verdict.message, lang), lang))
        output.write_text(Text(""))
        self._prompt = label
        self.query_one(FilesView).show(files)
        self._stop_spinner()
        if verdict is not None and verdict.status == "pass":
            self.passed_here = True
        self._render_texts()
        if verdict is None:
            return
        run = self.run
        verdict_view = self.query_one(VerdictView)
        verdict_view.show(
            verdict,
            saved=outcome.saved,
            is_last=self.index == len(self.lesson.exercises) - 1,
            solution_ready=bool(run and run.can_show_solution()) and self.solution is None,
            lang=lang,
        )
        self.query_one("#lesson-scroll", VerticalScroll).scroll_home(animate=False)
