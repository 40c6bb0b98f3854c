"""LessonScreen: the explanation and exercise on the left, a terminal and the files of the home on the right."""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections import deque
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Collapsible, Markdown, Static

from shelltutor.tui.highlight import highlight_command
from shelltutor.tui.inline import inline_markdown
from shelltutor.tui.keys import GLOBAL_KEYS, LESSON_KEYS, bindings
from shelltutor.tui.printable import printable, printable_line
from shelltutor.tui.screens.base import TutorScreen
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.strings import local, tr
from shelltutor.tui.widgets.banner import Banner
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.files_view import FilesView
from shelltutor.tui.widgets.key_bar import KeyBar
from shelltutor.tui.widgets.output_view import MAX_LINES_PER_COMMAND, OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView

if TYPE_CHECKING:
    from shelltutor.course.model import Exercise, Lesson, LocalText
    from shelltutor.sandbox import FileEntry
    from shelltutor.service import ExerciseRun, Outcome

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
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


def fit_prompt(label: str, width: int) -> str:
    """The prompt, shortened for a narrow terminal: `user@host:~/dir$ `, then `~/dir$ `, then `…/dir$ `."""
    if cell_len(label) <= width:
        return label
    short = label.partition(":")[2] or label
    if cell_len(short) <= width:
        return short
    tail = short[-max(width - 1, 4) :]
    return "…" + tail


def set_markdown(widget: Markdown, source: str) -> None:
    """Show `source` in `widget`, unless it already does (an update re-mounts every block)."""
    if widget.source != source:
        widget.update(source)


def exit_status_line(exit_code: int | None, duration_ms: float, lang: str) -> Text:
    """`⏎ exit status 1 (failure)`, in words, with the time taken when it was long enough to notice."""
    status = Text()
    if exit_code == 0:
        status.append("⏎ " + tr("lesson.exit_ok", lang), style="green")
    elif exit_code is None:
        status.append("⏎ " + tr("lesson.exit_none", lang), style="bold yellow")
    else:
        status.append("⏎ " + tr("lesson.exit_fail", lang, code=exit_code), style="bold red")
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


CONTINUATION_PROMPT = "> "
"""bash's PS2: the prompt for the next line of a command that is not finished."""
MAX_CANDIDATES_SHOWN = 60
"""Tab lists at most this many completions (a bare `p` matches hundreds of commands)."""


class LessonScreen(TutorScreen):
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

    def __init__(self, lesson: Lesson, exercise_id: str) -> None:
        super().__init__()
        self.lesson = lesson
        self.index = next((i for i, e in enumerate(lesson.exercises) if e.global_id == exercise_id), 0)
        self.run: ExerciseRun | None = None
        self.running = False
        self.hints: list[LocalText] = []
        self.solution: list[str] | None = None
        self._chunks: deque[tuple[str, str]] = deque()
        self._chunk_lock = threading.Lock()
        self._streamed = False
        self._spin = 0
        self._spinner: Timer | None = None
        self._prompt = ""
        self._generation = 0
        """Bumped whenever the session is closed; a session that finishes starting after that closes itself."""
        self._queue: deque[str] = deque()
        """Pasted lines waiting for the running command to finish (a terminal's type-ahead)."""
        self._continued_before = False
        self._pending: str | None = None
        """A command that is not finished yet (an open quote, here-document, `do` without `done`): the next
        lines are added to it at a `> ` prompt, as bash does, until it is whole and runs."""
        self.passed_here = False
        """The exercise on screen was passed since it was opened (the badge says so, not "already done")."""
        self._typeahead: list[events.Key] = []
        """Keys typed on the course map while this screen was being opened (see ShellTutorApp.typeahead)."""
        self._loaded_once = False

    @property
    def ready(self) -> bool:
        """The shell is up and no command is running."""
        return self.run is not None and not self.running

    @property
    def exercise(self) -> Exercise:
        """The exercise on screen."""
        return self.lesson.exercises[self.index]

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

    def _render_banner(self) -> None:
        warning = self.tutor.isolation_warning
        if warning:
            self.query_one(Banner).warn(warning[0], compact=True)

    def _render_texts(self) -> None:
        lang = self.lang
        exercise = self.exercise
        total = len(self.lesson.exercises)
        done = self.service.is_completed(exercise.global_id)
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(f"{self.lesson.chapter}. " + local(self.service.course.chapter_title(self.lesson.chapter), lang))
        header.append(" › ")
        header.append(local(self.lesson.title, lang), style="bold")
        header.append("   ")
        for i, other in enumerate(self.lesson.exercises):
            if i == self.index:
                header.append("◆", style="bold")
            elif self.service.is_completed(other.global_id):
                header.append("●", style="green")
            else:
                header.append("○", style="dim")
        self.query_one("#lesson-header", Static).update(header)
        self._render_teaching()
        box = self.query_one("#exercise-box")
        box.border_title = tr("lesson.exercise_n", lang, n=self.index + 1, total=total)
        badge = "lesson.passed_badge" if self.passed_here else "lesson.completed_badge"
        box.border_subtitle = f"✔ {tr(badge, lang)}" if done else ""
        self.query_one("#exercise-heading", Static).update(Text(local(exercise.title, lang)))
        set_markdown(self.query_one("#prompt", Markdown), local(exercise.prompt, lang))
        terminal = self.query_one("#terminal")
        terminal.border_title = tr("lesson.terminal", lang)
        terminal.border_subtitle = tr("lesson.legend", lang)
        files = self.query_one(FilesView)
        files.border_title = tr("lesson.files", lang)
        files.labels = {
            "new": "new" if lang == "en" else "새로 생김",
            "changed": "changed" if lang == "en" else "바뀜",
            "removed": "removed" if lang == "en" else "삭제됨",
        }
        self.query_one(KeyBar).set_lang(lang)
        self._render_prompt()

    def _render_teaching(self) -> None:
        """The teaching that leads up to this exercise: its own explanation (on the first exercise, the
        lesson's too) under a heading, and everything the lesson taught before it in a collapsed section."""
        lang = self.lang
        lesson = self.lesson
        texts = [lesson.explanation, *(e.explanation for e in lesson.exercises[: self.index + 1])]
        written = [local(text, lang) for text in texts if text is not None]
        own = 2 if self.index == 0 and lesson.exercises[0].explanation is not None else 1
        current = [] if self.index > 0 and self.exercise.explanation is None else written[-own:]
        earlier = written[: len(written) - len(current)]
        markdown = self.query_one("#explanation", Markdown)
        about = self.query_one("#about", Static)
        markdown.display = about.display = bool(current)
        set_markdown(markdown, "\n\n".join(current))
        about.update("📖 " + tr("lesson.about" if self.index == 0 else "lesson.before_exercise", lang))
        section = self.query_one("#earlier", Collapsible)
        section.display = bool(earlier)
        section.title = tr("lesson.about", lang)
        set_markdown(self.query_one("#earlier-text", Markdown), "\n\n".join(earlier))

    def _render_prompt(self) -> None:
        label = self.query_one("#prompt-label", Static)
        command_input = self.query_one(CommandInput)
        command_input.placeholder = "" if self.running or self.run is None else tr("lesson.placeholder", self.lang)
        if self.running or self.run is None:
            frame = SPINNER[self._spin % len(SPINNER)]
            key = "lesson.running" if self.run is not None else "lesson.starting"
            label.update(Text(f"{frame} {tr(key, self.lang)} ", no_wrap=True))
            label.add_class("-running")
            return
        label.remove_class("-running")
        label.update(Text(self._short_prompt(), no_wrap=True))

    def _short_prompt(self) -> str:
        """The prompt, leaving the command at least 20 columns (`> ` while a command is being continued).

        The learner sets the directory in it (`mkdir $'\\e]52;…'; cd` into it): it is made printable."""
        if self._pending is not None:
            return CONTINUATION_PROMPT
        width = self.query_one("#terminal").content_region.width or 60
        return fit_prompt(printable_line(self._prompt), max(width - 20, 12))

    def _render_hints(self) -> None:
        hints = self.query_one("#hints", Static)
        if not self.hints:
            hints.remove_class("-shown")
            return
        lang = self.lang
        total = len(self.exercise.hints)
        parts: list[RenderableType] = []
        for n, hint in enumerate(self.hints, 1):
            parts.append(Text("💡 " + tr("lesson.hint_n", lang, n=n, total=total), style="bold"))
            parts.append(RichMarkdown(local(hint, lang)))
        hints.update(Group(*parts))
        hints.add_class("-shown")

    def _render_solution(self) -> None:
        box = self.query_one("#solution", Static)
        if self.solution is None:
            box.remove_class("-shown")
            return
        parts: list[RenderableType] = [Text(tr("lesson.solution", self.lang), style="bold")]
        for line in self.solution:
            row = Text("$ ", style="bold green")
            row.append_text(highlight_command(printable(line)))
            parts.append(row)
        box.update(Group(*parts))
        box.add_class("-shown")

    # --- the exercise's session ---

    def load_exercise(self) -> None:
        """Show the current exercise and start its session."""
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

    @work(group="session")
    async def _open_session(self, global_id: str) -> None:
        self._close_session()
        self._type_ahead()
        generation = self._generation
        self._start_spinner()
        session = self.tutor.session
        await self.tutor.isolation_settled.wait()

        def start() -> tuple[ExerciseRun, str, list[FileEntry]] | None:
            if generation != self._generation:
                return None  # another exercise was chosen meanwhile
            run = self.service.open(global_id)
            if generation != self._generation:
                run.close()  # the learner moved on (or left) while the sandbox started
                return None
            return run, run.prompt_label(), run.files()

        try:
            opened = await session.call(start)
        except Exception as error:  # the machinery failed: say so, keep the UI alive
            if self.is_attached and generation == self._generation:
                self._stop_spinner()
                self.query_one(OutputView).notice(
                    "⚠ " + tr("lesson.open_failed", self.lang, error=error), style="bold yellow"
                )
            return
        if opened is None:
            return
        run, label, files = opened
        if not self.is_attached or generation != self._generation:
            session.submit(run.close)
            return
        self.run = run
        self._prompt = label
        self.hints = run.shown_hints()
        self._render_hints()
        self._stop_spinner()
        self.query_one(FilesView).show(files)
        self.query_one(CommandInput).focus()
        self._run_queued()

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
        if run.needs_terminal(command):
            self._run_attached(command)
        else:
            self.running = True  # at once, not when the worker starts: nothing else may run meanwhile
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
        output.notice(tr("lesson.needs_terminal", self.lang, command=command), style="italic")
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

    # --- actions ---

    def on_command_input_interrupt(self, event: CommandInput.Interrupt) -> None:
        """Ctrl-C: stop the running command, or drop the typed line as bash does (and any pasted lines, and a
        command being continued)."""
        self._queue.clear()
        if self.running and self.run is not None:
            self._pending = None
            self.run.interrupt()
            return
        output = self.query_one(OutputView)
        output.begin_command(self._short_prompt(), event.line)
        output.notice(tr("lesson.interrupted", self.lang), style="dim")
        self.query_one(CommandInput).value = ""
        self._pending = None
        self._render_prompt()

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

    def action_back(self) -> None:
        """Esc: back to the course map."""
        self._close_session()
        self.dismiss()

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
        self.tutor.session.submit(run.close)

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

    def action_toggle_files(self) -> None:
        """F6: show or hide the files view."""
        self.query_one(FilesView).toggle_class("-hidden")

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

    def on_unmount(self) -> None:
        with contextlib.suppress(Exception):
            self._close_session()

    def on_resize(self) -> None:
        self.call_after_refresh(self._render_prompt)
