"""LessonActions: the lesson screen's keys — hint, solution, next and previous exercise, reset, files, explain,
pipeline, scrolling."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events, work
from textual.containers import VerticalScroll

from shelltutor.explain import explain
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.screens.explain import ExplainScreen
from shelltutor.tui.screens.lesson.base import LessonBase
from shelltutor.tui.screens.pipeline import PipelineScreen
from shelltutor.tui.strings import tr
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.files_view import FilesView
from shelltutor.tui.widgets.output_view import OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from shelltutor.explain import Explanation


class LessonActions(LessonBase):
    """What the lesson's keys do (see `tui.keys.LESSON_KEYS`)."""

    def on_key(self, event: events.Key) -> None:
        """A printable key typed while focus is elsewhere (the lesson text, the files) goes to the command line.

        Keys the focused widget binds (Space in the files tree) keep their meaning; dialogs are other screens.
        """
        command_input = self.query_one(CommandInput)
        if not event.is_printable or event.character is None or self.focused is command_input:
            return
        if event.key in self.active_bindings:
            return
        event.stop()
        event.prevent_default()
        command_input.focus()
        command_input.insert_text_at_cursor(event.character)

    def action_back(self) -> None:
        """Esc: back to the course map."""
        self._close_session()
        self.dismiss()

    def action_hint(self) -> None:
        """F2: the next hint."""
        if self.run is None:
            return
        hint = self.run.next_hint()
        if hint is None:
            self.notify(tr("lesson.no_more_hints", self.lang))
            return
        self.hints.append(hint)
        self._render_hints()
        self.call_after_refresh(self.query_one("#hints").scroll_visible, animate=False)

    def action_solution(self) -> None:
        """F3: the solution, once enough attempts failed."""
        if self.run is None:
            return
        if not self.run.can_show_solution():
            self.notify(tr("lesson.solution_locked", self.lang), severity="warning")
            return
        self.solution = self.run.solution_text()
        self._render_solution()
        verdict = self.query_one(VerdictView)
        verdict.solution_ready = False
        verdict.render_lang(self.lang)
        self.call_after_refresh(self.query_one("#solution").scroll_visible, animate=False)

    def action_next_exercise(self) -> None:
        """F4: the next exercise (or the course map after the last)."""
        if self.index + 1 >= len(self.lesson.exercises):
            done = sum(self.service.is_completed(e.global_id) for e in self.lesson.exercises)
            self.notify(tr("lesson.lesson_done", self.lang, done=done, total=len(self.lesson.exercises)))
            self.action_back()
            return
        self._switch(self.index + 1)

    def action_previous_exercise(self) -> None:
        """Shift+F4: the previous exercise."""
        if self.index == 0:
            self.notify(tr("lesson.first", self.lang))
            return
        self._switch(self.index - 1)

    def _switch(self, index: int) -> None:
        if self.running and self.run is not None:
            self.run.interrupt()
        self.index = index
        self.query_one(OutputView).clear()
        self.load_exercise()

    def action_reset_exercise(self) -> None:
        """F5: fresh files and shell, and the exercise marked unfinished — after asking."""

        def answered(yes: bool | None) -> None:
            if yes:
                self._reset()

        self.app.push_screen(ConfirmScreen(tr("lesson.reset_q", self.lang)), answered)

    def action_toggle_files(self) -> None:
        """F6: show or hide the files view."""
        self.query_one(FilesView).toggle_class("-hidden")

    def action_explain(self) -> None:
        """F7: explain the command line as typed, or the last command when the line is empty."""
        command_input = self.query_one(CommandInput)
        command = command_input.value
        if self._pending is not None and command.strip():
            command = f"{self._pending}\n{command}"  # the lines typed so far at the `> ` prompt, and this one
        if not command.strip():
            history = command_input.history
            command = history[-1] if history else ""
        if not command.strip():
            self.notify(tr("explain.nothing", self.lang))
            return
        self._explain(command)

    @work(exclusive=True, group="explain")
    async def _explain(self, command: str) -> None:
        run = self.run

        async def produce(lang: str) -> Explanation:
            if run is not None and not self.running and self.run is run:
                # on the session thread, against the exercise's live shell (read, never run)
                return await self.tutor.session.call(lambda: run.explain(command, lang))
            return await asyncio.to_thread(explain, command, lang, None, busy=run is not None)

        try:
            explanation = await produce(self.lang)
        except Exception as error:
            self.notify(tr("explain.failed", self.lang, error=error), severity="error", markup=False)
            return
        if self.is_attached and self.app.screen is self:
            self.app.push_screen(ExplainScreen(explanation, produce))

    def action_pipeline(self) -> None:
        """F8: the stages of the last pipeline run in this exercise, as counted while it ran."""
        results = self.run.results if self.run is not None else []
        last = next((r for r in reversed(results) if r.stages), None)
        self.app.push_screen(PipelineScreen(last.command if last else None, last.stages if last else ()))

    def action_clear_output(self) -> None:
        """Ctrl+L: clear the terminal."""
        self.query_one(OutputView).clear()

    def action_scroll_output(self, direction: int) -> None:
        """Shift+PgUp / Shift+PgDn: scroll the terminal back."""
        output = self.query_one(OutputView)
        if direction < 0:
            output.scroll_page_up(animate=False)
        else:
            output.scroll_page_down(animate=False)

    def action_scroll_lesson(self, direction: int) -> None:
        """PgUp / PgDn: scroll the lesson text."""
        scroll = self.query_one("#lesson-scroll", VerticalScroll)
        if direction < 0:
            scroll.scroll_page_up(animate=False)
        else:
            scroll.scroll_page_down(animate=False)
