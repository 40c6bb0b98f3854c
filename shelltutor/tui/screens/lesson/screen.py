"""LessonScreen: the explanation and exercise on the left, a terminal and the files of the home on the right."""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import Future
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Collapsible, Markdown, Static

from shelltutor.tui.keys import GLOBAL_KEYS, LESSON_KEYS, bindings
from shelltutor.tui.screens.lesson.actions import LessonActions
from shelltutor.tui.screens.lesson.commands import CommandRunner
from shelltutor.tui.screens.lesson.outcome import OutcomeView
from shelltutor.tui.screens.lesson.task import TaskPanel
from shelltutor.tui.strings import tr
from shelltutor.tui.widgets.banner import Banner
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.files_view import FilesView
from shelltutor.tui.widgets.key_bar import KeyBar
from shelltutor.tui.widgets.output_view import OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from shelltutor.sandbox import FileEntry
    from shelltutor.service import ExerciseRun, Outcome

PREPARE_NEXT_AFTER_SECONDS = 0.25
"""The learner rested this long with the shell ready: the next exercise's sandbox starts (F4 finds it ready)."""


class LessonScreen(LessonActions, CommandRunner, OutcomeView, TaskPanel):
    """One lesson, one exercise at a time, with a live sandboxed shell."""

    DEFAULT_CSS = """
    LessonScreen #lesson-header {
        height: 1; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis;
    }
    LessonScreen #prompt MarkdownParagraph:last-child { margin-bottom: 0; }
    LessonScreen #lesson-body { height: 1fr; }
    LessonScreen #lesson-pane { width: 45%; }
    LessonScreen #lesson-pane Markdown { margin: 0; padding: 0; background: $background 0%; }
    LessonScreen #lesson-pane MarkdownFence { overflow-x: hidden; margin: 1 0; }
    LessonScreen #lesson-pane MarkdownFence > Label { width: 1fr; padding: 0 1; }
    LessonScreen #exercise-box {
        height: auto; max-height: 50%; border: round $accent; padding: 0 1;
    }
    LessonScreen #exercise-heading { text-style: bold; }
    LessonScreen #lesson-scroll { height: 1fr; padding: 0 1; }
    LessonScreen #about { margin-top: 1; text-style: bold; color: $text-muted; }
    LessonScreen #earlier {
        margin-top: 1; padding: 0; border-top: none; background: $background 0%;
    }
    LessonScreen #earlier > CollapsibleTitle { padding: 0; text-style: bold; color: $text-muted; }
    LessonScreen #earlier > CollapsibleTitle:focus { color: $block-cursor-foreground; }
    LessonScreen #earlier > Contents { padding: 0 0 0 2; }
    LessonScreen #hints, LessonScreen #solution { height: auto; margin-top: 1; display: none; }
    LessonScreen #hints.-shown, LessonScreen #solution.-shown { display: block; }
    LessonScreen #hints { border: round $accent; padding: 0 1; }
    LessonScreen #solution { border: round $warning; padding: 0 1; }
    LessonScreen #term-pane { width: 1fr; }
    LessonScreen #terminal { height: 1fr; border: round $primary; padding: 0 0 0 1; }
    LessonScreen #terminal:focus-within { border: round $accent; }
    LessonScreen #prompt-line { height: 1; }
    LessonScreen #prompt-label { width: auto; color: $text-success; text-style: bold; }
    LessonScreen #prompt-label.-running { color: $text-warning; }
    LessonScreen #files { height: 35%; min-height: 5; border: round $primary 60%; }
    LessonScreen #files.-hidden { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings(LESSON_KEYS),
        # Priority: the terminal panel around the command line is a scrolling container whose own PgUp/PgDn
        # would take the keys first, and the lesson text would never scroll while the learner types.
        Binding("shift+pageup", "scroll_output(-1)", show=False, priority=True),
        Binding("shift+pagedown", "scroll_output(1)", show=False, priority=True),
        Binding("pageup", "scroll_lesson(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_lesson(1)", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Banner(id="banner")
        yield Static(id="lesson-header")
        with Horizontal(id="lesson-body"):
            with Vertical(id="lesson-pane"):
                with VerticalScroll(id="exercise-box"):
                    yield Static(id="exercise-heading")
                    yield Markdown(id="prompt")
                with VerticalScroll(id="lesson-scroll"):
                    yield VerdictView(id="verdict")
                    yield Static(id="hints")
                    yield Static(id="solution")
                    with Collapsible(id="earlier", title="", collapsed_symbol="▶ 📖", expanded_symbol="▼ 📖"):
                        yield Markdown(id="earlier-text")
                    yield Static(id="about")
                    yield Markdown(id="explanation")
            with Vertical(id="term-pane"):
                with Vertical(id="terminal"):
                    yield OutputView(id="output")
                    with Horizontal(id="prompt-line"):
                        yield Static(id="prompt-label")
                        yield CommandInput(id="command")
                yield FilesView(id="files")
        footer = (GLOBAL_KEYS[0], *LESSON_KEYS[1:], LESSON_KEYS[0], *GLOBAL_KEYS[1:])
        yield KeyBar(footer, id="keys")

    def on_mount(self) -> None:
        self._render_banner()
        self.query_one(CommandInput).focus()
        take = getattr(self.app, "take_typeahead", None)
        self._typeahead = take() if callable(take) else []
        self.load_exercise()

    def _type_ahead(self) -> None:
        """The keys typed while the exercise opened, as typed and in order: characters into the command
        line, Enter runs it (it waits until the shell is up)."""
        keys, self._typeahead = self._typeahead, []
        command_input = self.query_one(CommandInput)
        for key in keys:
            if key.key == "enter":
                self.on_input_submitted(CommandInput.Submitted(command_input, command_input.value))
            elif key.key == "backspace":
                command_input.action_delete_left()
            elif key.character and key.is_printable:
                command_input.insert_text_at_cursor(key.character)

    # --- language ---

    def apply_lang(self, lang: str) -> None:
        self._render_texts()
        self.query_one(VerdictView).render_lang(lang)
        self._render_hints()
        self._render_solution()
        self._render_banner()

    # --- the exercise's session ---

    def begin_opening(self) -> None:
        """Start opening the current exercise's session on the session thread now, while the screen is still
        being built and drawn (with a prepared sandbox the shell is then ready for the first frame)."""
        global_id = self.exercise.global_id
        if self._early is not None:
            if self._early[0] == global_id:
                return
            self._drop_early()

        def start() -> tuple[ExerciseRun, str, list[FileEntry]]:
            run = self.service.open(global_id)
            return run, run.prompt_label(), run.files()

        self._early = (global_id, self.tutor.session.submit(start))

    def _drop_early(self) -> None:
        """An exercise begun early will not be shown after all: close its session once it has opened."""
        early, self._early = self._early, None
        if early is not None:
            self._release_when_opened(early[1])

    def _release_when_opened(self, opening: Future[object]) -> None:
        service = self.service

        def opened(future: Future[object]) -> None:
            if not future.cancelled() and future.exception() is None:
                run = cast("tuple[ExerciseRun, str, list[FileEntry]]", future.result())[0]
                service.release(run)

        opening.add_done_callback(opened)

    def load_exercise(self) -> None:
        """Show the current exercise and start its session."""
        self.begin_opening()
        self.hints = []
        self.solution = None
        self.passed_here = False
        # Opened at a later exercise with no teaching of its own (resuming): the lesson's teaching is open.
        # Moving on from the previous exercise, the learner has just read it: it stays one key away.
        resumed = not self._loaded_once and self.exercise.explanation is None
        self._loaded_once = True
        self.query_one("#earlier", Collapsible).collapsed = not resumed
        self.query_one(VerdictView).clear()
        self._render_hints()
        self._render_solution()
        self.query_one(FilesView).clear_history()
        self._render_texts()
        self.query_one("#lesson-scroll", VerticalScroll).scroll_home(animate=False)
        self._open_session(self.exercise.global_id)

    def _open_session(self, global_id: str) -> None:
        """Close the session on screen and show `global_id`'s: at once when it has already opened (begun early,
        from a prepared sandbox), else once it has started."""
        early = self._early[1] if self._early is not None and self._early[0] == global_id else None
        if early is not None:
            self._early = None
        self._close_session()
        self._type_ahead()
        generation = self._generation
        if early is not None and early.done() and not early.cancelled() and early.exception() is None:
            self._opened(cast("tuple[ExerciseRun, str, list[FileEntry]]", early.result()), generation)
            return
        self._start_spinner()
        self._wait_for_session(global_id, early, generation)

    @work(group="session")
    async def _wait_for_session(self, global_id: str, early: Future[object] | None, generation: int) -> None:
        try:
            await self.tutor.isolation_settled.wait()
        except asyncio.CancelledError:  # the screen went away: what was begun early is closed once it opens
            if early is not None:
                self._release_when_opened(early)
            raise

        def start() -> tuple[ExerciseRun, str, list[FileEntry]] | None:
            if generation != self._generation:
                return None  # another exercise was chosen meanwhile
            run = self.service.open(global_id)
            if generation != self._generation:
                run.close()  # the learner moved on (or left) while the sandbox started
                return None
            return run, run.prompt_label(), run.files()

        opened: tuple[ExerciseRun, str, list[FileEntry]] | None = None
        if early is not None:
            # Begun before the sandbox self-test had settled, it may have failed where the learner has since
            # chosen to go on unisolated: then it starts again below, as chosen.
            try:
                opened = cast(
                    "tuple[ExerciseRun, str, list[FileEntry]]", await asyncio.shield(asyncio.wrap_future(early))
                )
            except asyncio.CancelledError:
                self._release_when_opened(early)
                raise
            except Exception:
                opened = None
        try:
            if opened is None:
                opened = await self.tutor.session.call(start)
        except Exception as error:  # the machinery failed: say so, keep the UI alive
            if self.is_attached and generation == self._generation:
                self._stop_spinner()
                self.query_one(OutputView).notice(
                    "⚠ " + tr("lesson.open_failed", self.lang, error=error), style="bold yellow"
                )
            return
        if opened is not None:
            self._opened(opened, generation)

    def _opened(self, opened: tuple[ExerciseRun, str, list[FileEntry]], generation: int) -> None:
        """The exercise's shell is up: show its prompt and files, run what was typed meanwhile."""
        run, label, files = opened
        if not self.is_attached or generation != self._generation:
            self.service.release(run)
            return
        self.run = run
        self._prompt = label
        self.hints = run.shown_hints()
        self._render_hints()
        self._stop_spinner()
        self.query_one(FilesView).show(files)
        self.query_one(CommandInput).focus()
        self._run_queued()
        self._prepare_next_soon()

    def _prepare_next_soon(self) -> None:
        """Prepare the exercise F4 opens once the learner rests (again after each command: it changed the
        history the next shell starts with)."""
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(PREPARE_NEXT_AFTER_SECONDS, self._prepare_next)

    def _prepare_next(self) -> None:
        self._prepare_timer = None
        if self.app.screen is not self or not self.ready:
            return  # a command runs (its outcome prepares again), or a dialog is open
        if self.index + 1 < len(self.lesson.exercises):
            self.tutor.prepare(self.lesson.exercises[self.index + 1].global_id)

    def _show_outcome(self, outcome: Outcome, label: str, files: list[FileEntry], *, show_streams: bool = True) -> None:
        super()._show_outcome(outcome, label, files, show_streams=show_streams)
        self._prepare_next_soon()

    def _close_session(self) -> None:
        """End the current session (on the session thread); a session still starting closes itself."""
        self._generation += 1
        self._queue.clear()
        self._pending = None
        run, self.run = self.run, None
        if run is None:
            return
        if self.running:
            run.interrupt()
        self.service.release(run)  # in the background: the next exercise's shell is not kept waiting

    @work(exclusive=True, group="session")
    async def _reset(self) -> None:
        run = self.run
        if run is None:
            return
        if self.running:
            run.interrupt()
        self.run = None
        self._queue.clear()
        self._pending = None
        generation = self._generation
        self._start_spinner()
        global_id = self.exercise.global_id

        def reset() -> tuple[str, list[FileEntry]]:
            self.service.reset_exercise(global_id)
            run.reset()
            return run.prompt_label(), run.files()

        label, files = await self.tutor.session.call(reset)
        if not self.is_attached or self._generation != generation:
            return
        self.run = run
        self._prompt = label
        self.hints = run.shown_hints()
        self.solution = None
        self.passed_here = False
        self.query_one(VerdictView).clear()
        self._render_hints()
        self._render_solution()
        output = self.query_one(OutputView)
        output.clear()
        output.notice("↻ " + tr("lesson.reset_done", self.lang), style="italic")
        files_view = self.query_one(FilesView)
        files_view.clear_history()
        files_view.show(files)
        self._stop_spinner()
        self._render_texts()
        self.query_one(CommandInput).focus()
        self._run_queued()  # lines typed during the reset run in the fresh shell

    def on_unmount(self) -> None:
        with contextlib.suppress(Exception):
            self._drop_early()
            self._close_session()

    def on_resize(self) -> None:
        self.call_after_refresh(self._render_prompt)
