"""ShellTutorApp and its composition root `make_app(service)`: the course map first, lessons on top of it."""

from __future__ import annotations

import asyncio
import gc
import importlib
import sys
import threading
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.terminal_theme import TerminalTheme
from textual import events, work
from textual.app import App
from textual.binding import BindingType
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.reactive import Reactive
from textual.screen import Screen

from shelltutor.tui.keys import GLOBAL_KEYS, bindings
from shelltutor.tui.printable import printable
from shelltutor.tui.screens.base import LangAware
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.session import SessionThread
from shelltutor.tui.strings import tr

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from shelltutor.sandbox import IsolationReport
    from shelltutor.service import TutorService
    from shelltutor.tui.watch import LessonWatcher

THEMES = ("textual-dark", "textual-light")
LIGHT_ANSI = TerminalTheme(
    (247, 247, 247),
    (0, 0, 0),
    [
        (0, 0, 0),
        (170, 55, 49),
        (68, 140, 39),
        (138, 94, 0),  # Textual's light yellow (203, 144, 0) is unreadable on a light background: 2:1
        (50, 92, 192),
        (122, 62, 157),
        (0, 131, 178),
        (247, 247, 247),
        (119, 119, 119),
    ],
    [(240, 80, 80), (96, 203, 0), (255, 188, 93), (0, 122, 204), (230, 76, 230), (0, 170, 203), (247, 247, 247)],
)
"""How the ANSI colours of the tutor's own texts (warnings in yellow …) look in the light theme: Textual's
light palette, with a yellow dark enough to read."""


PRELOAD_AFTER_SECONDS = 0.2
"""After the first frame: the lesson screen's modules load in the background while the course map is read."""
SWITCH_INTERVAL = 0.0005
"""Seconds a thread runs before another waiting for Python's lock may take it (Python's default: 0.005)."""
PRELOADED = (
    "shelltutor.exercise_run",
    "shelltutor.tui.screens.lesson",
    "shelltutor.grading.sessions",
    "shelltutor.sandbox.session",
)
TYPEAHEAD_KEYS = frozenset({"enter", "backspace", "space", "tab"})
MAX_TYPEAHEAD = 4096
TYPEAHEAD_SECONDS = 10.0


class ShellTutorApp(App[int]):
    """The tutor. Everything it knows about lessons, shells and progress comes from the TutorService."""

    TITLE = "shelltutor"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = bindings(GLOBAL_KEYS)
    ansi_theme_light = Reactive(LIGHT_ANSI, init=False)
    watcher: LessonWatcher | None = None
    """With `--watch`: reloads the lessons of the authoring directories when they are saved (`tui.watch`)."""

    def __init__(
        self,
        service: TutorService,
        *,
        open_lesson: str | None = None,
        open_exercise: str | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.session = SessionThread()
        self.start_lesson = open_lesson
        self.start_exercise = open_exercise
        self.isolation_warning: tuple[str, str | None] | None = None
        """(warning, detail) shown on every screen while commands are not isolated."""
        self._isolation: IsolationReport | None = None
        self._sandbox_refused = False
        """The learner declined to run unisolated: exercises cannot start until the sandbox is fixed."""
        self.isolation_settled = asyncio.Event()
        """Set once the sandbox self-test ran and, if needed, the learner chose whether to go on unisolated."""
        saved = theme or service.setting("theme")
        self.theme = saved if saved in THEMES else THEMES[0]
        self.crashed = False
        """The app ended on an error (the CLI exits 2), not because the learner quit."""
        self._switch_interval = sys.getswitchinterval()
        self.typeahead: list[events.Key] | None = None
        """Keys typed while an exercise opens (before its command line exists): a fast typist's `pwd` and
        Enter, kept for the lesson screen instead of reaching the course map, which would drop them."""

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; on Linux one that survives input that is not UTF-8."""
        driver_class = super().get_driver_class()
        if driver_class.__name__ == "LinuxDriver":
            from shelltutor.tui.driver import ForgivingLinuxDriver

            return ForgivingLinuxDriver
        return driver_class

    def panic(self, *renderables: RenderableType) -> None:
        """End the app on an error Textual caught (also from its input thread), remembering that it crashed."""
        self.crashed = True
        super().panic(*renderables)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast; every widget's and screen's `notify` ends here. Its text (a queued command, a lesson title)
        is made printable and never read as markup (`markup` is ignored: the tutor's toasts are plain words, and
        a widget's `notify` always passes True), so `[…]` in what the learner typed stays as it is."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    @property
    def lang(self) -> str:
        """The tutor's language, as the service keeps it."""
        return str(self.service.lang)

    MAP_IS_DEFAULT: ClassVar[bool] = True
    """The course map is the app's first screen, drawn in its first frame (the served app shows a login first,
    then pushes the map)."""

    def get_default_screen(self) -> Screen[object]:
        """The course map, so that the first frame is the map, not a blank screen before it."""
        return CourseMapScreen() if self.MAP_IS_DEFAULT else super().get_default_screen()

    def on_mount(self) -> None:
        if not isinstance(self.screen, CourseMapScreen):
            self.push_screen(CourseMapScreen())
        if self.start_exercise is not None:
            self.open_exercise(self.start_exercise)
        elif self.start_lesson is not None:
            self.open_exercise(self.service.first_unfinished(self.start_lesson))
        # After the first frame: neither is needed to draw the course map, and both would slow it down.
        self.call_after_refresh(self._after_first_frame)

    def on_load(self) -> None:
        # Session calls (a prepared shell taken over, its prompt and files) are a few quick round trips to the
        # sandbox, each giving up Python's lock while it waits; getting the lock back from a UI thread busy
        # building a screen took up to the default 5 ms each time, which made opening an exercise wait for
        # the screen to be built before the shell could be shown in it.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)

    def _after_first_frame(self) -> None:
        if not gc.isenabled():  # the CLI paused the cycle collector for start-up
            gc.freeze()
            gc.enable()
        self.check_isolation()
        self.set_timer(PRELOAD_AFTER_SECONDS, self._preload)
        if self.watcher is not None:
            self.watcher.start()

    def _preload(self) -> None:
        """Import what opening an exercise needs on a background thread (a tenth of a second or more that Enter
        would otherwise wait for), once the course map is on the screen."""

        def load() -> None:
            for name in PRELOADED:
                try:
                    importlib.import_module(name)
                except Exception:  # opening the exercise imports it again, and shows the error
                    return

        threading.Thread(target=load, name="shelltutor-preload", daemon=True).start()

    def prepare(self, global_id: str | None) -> None:
        """Start the sandbox of an exercise the learner is likely to open next, in the background (the service
        keeps at most two and closes the ones not used). Also while the sandbox self-test runs: where the
        sandbox cannot run, that start fails as the test does, and opening the exercise says why."""
        if global_id is not None and not self._sandbox_refused and self.is_running:
            self.service.prepare(global_id)

    @work(group="isolation")
    async def check_isolation(self) -> None:
        """Probe the sandbox once, off the UI thread, and warn on every screen when commands are not isolated."""
        report = self._isolation = await self.session.call(self.service.isolation)
        if report.mode == "none" and self.service.isolation_mode() == "auto":
            from shelltutor.tui.screens.confirm import ConfirmScreen

            question = "\n\n".join(
                part
                for part in (
                    tr("app.unisolated_q", self.lang),
                    report.problem,
                    tr("app.unisolated_fix", self.lang, fix=report.fix) if report.fix else None,
                    tr("app.unisolated_continue", self.lang),
                )
                if part
            )
            if await self.push_screen_wait(ConfirmScreen(question)):
                self.service.allow_unisolated()
            else:
                self._sandbox_refused = True
        if report.mode == "none":
            self._apply_lang_everywhere()
        self.isolation_settled.set()

    def _apply_lang_everywhere(self) -> None:
        report = self._isolation
        if report is None or report.mode != "none":
            self.isolation_warning = None
        else:
            fix = tr("app.unisolated_fix", self.lang, fix=report.fix) if report.fix else None
            detail = " ".join(part for part in (report.problem, fix) if part)
            headline = "app.no_sandbox" if self._sandbox_refused else "app.unisolated"
            self.isolation_warning = (tr(headline, self.lang), detail or None)
        for screen in self.screen_stack:
            if isinstance(screen, LangAware) and screen.is_mounted:
                screen.apply_lang(self.lang)

    def open_exercise(self, global_id: str) -> None:
        """Open the lesson screen at exercise `lesson-id/exercise-id`."""
        from shelltutor.tui.screens.lesson import LessonScreen

        exercise = self.service.course.exercise(global_id)
        lesson = self.service.course.lesson(global_id.partition("/")[0])
        if exercise is None or lesson is None:
            self.notify(global_id, title="?", severity="error")
            return
        self._keep_typeahead()
        screen = LessonScreen(lesson, global_id)
        screen.begin_opening()  # the sandbox opens while the screen is built
        self.push_screen(screen)

    def _keep_typeahead(self) -> None:
        if self.typeahead is None:
            self.typeahead = []
            self.set_timer(TYPEAHEAD_SECONDS, self.drop_typeahead)  # should no lesson screen take them

    def drop_typeahead(self) -> None:
        """Stop keeping keys: no exercise is opening after all (Enter folded a chapter)."""
        self.typeahead = None

    async def on_event(self, event: events.Event) -> None:
        """While an exercise opens, the keys a command line takes are kept for it (see `typeahead`)."""
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key == "enter"
            and isinstance(self.screen, CourseMapScreen)
            and self.typeahead is None
        ):
            # Enter on the map opens an exercise a moment later; what is typed after it is for that one.
            await super().on_event(event)
            self._keep_typeahead()
            return
        if (
            self.typeahead is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and (event.is_printable or event.key in TYPEAHEAD_KEYS)
            and len(self.typeahead) < MAX_TYPEAHEAD
        ):
            self.typeahead.append(event)
            return
        await super().on_event(event)

    def take_typeahead(self) -> list[events.Key]:
        """The keys kept while the exercise opened (the lesson screen's command line takes them once)."""
        keys, self.typeahead = self.typeahead or [], None
        return keys

    def action_help(self) -> None:
        """F1: the key reference."""
        from shelltutor.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_lang(self) -> None:
        """F9: English ↔ 한국어, saved as a setting."""
        self.service.set_lang("ko" if self.lang == "en" else "en")
        self._apply_lang_everywhere()
        self.notify(tr("app.lang_switched", self.lang), timeout=2)

    def action_toggle_theme(self) -> None:
        """F10: light ↔ dark."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.service.set_setting("theme", self.theme)
        name = tr("theme.light" if self.theme == THEMES[1] else "theme.dark", self.lang)
        self.notify(tr("app.theme_switched", self.lang, theme=name), timeout=2)

    def action_help_quit(self) -> None:
        """Ctrl+C outside the command line: say how to quit, in the learner's language."""
        self.notify(tr("app.quit_hint", self.lang), timeout=3)

    def on_unmount(self) -> None:
        # Quitting waits for no command, grading or sandbox start on the session thread: every sandbox is
        # ended side by side from here (a command still running in one is killed with it).
        self.session.shutdown(wait=False, cancel=True)
        self.service.close_sessions()
        sys.setswitchinterval(self._switch_interval)


def make_app(
    service: TutorService,
    *,
    lesson: str | None = None,
    exercise: str | None = None,
    theme: str | None = None,
    watch: Sequence[Path] = (),
) -> ShellTutorApp:
    """Build the app from a service (the CLI, the tests and the benchmark all start here); with `watch`, the
    lessons of those directories are reloaded when saved (`--watch`)."""
    app = ShellTutorApp(service, open_lesson=lesson, open_exercise=exercise, theme=theme)
    if watch:
        from shelltutor.tui.watch import LessonWatcher

        app.watcher = LessonWatcher(app, watch)
    return app
