"""LessonBase: the state the parts of the lesson screen share, and what each part offers the others."""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future
from typing import TYPE_CHECKING

from textual import events
from textual.timer import Timer

from shelltutor.tui.screens.base import TutorScreen

if TYPE_CHECKING:
    from shelltutor.course.model import Exercise, Lesson, LocalText
    from shelltutor.sandbox import FileEntry
    from shelltutor.service import ExerciseRun, Outcome
    from shelltutor.tui.widgets.command_input import CommandInput


class LessonBase(TutorScreen):
    """The lesson screen's state; `LessonScreen` puts the parts (task, commands, outcome, actions) together."""

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
        self._running_since: float | None = None
        """When the running command was started (Enter), for the elapsed time shown while it runs."""
        self._stopping = False
        """Ctrl-C was pressed while the command ran: the prompt line says it is being stopped."""
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
        self._early: tuple[str, Future[object]] | None = None
        """(exercise id, its opening on the session thread), begun before the screen was drawn (`begin_opening`)."""
        self._prepare_timer: Timer | None = None
        """Prepares the next exercise's sandbox once the learner rests (see LessonScreen._prepare_next_soon)."""

    @property
    def ready(self) -> bool:
        """The shell is up and no command is running."""
        return self.run is not None and not self.running

    @property
    def exercise(self) -> Exercise:
        """The exercise on screen."""
        return self.lesson.exercises[self.index]

    if TYPE_CHECKING:
        # Defined by the parts; declared here so that each part can call the others.
        def load_exercise(self) -> None: ...
        def _close_session(self) -> None: ...
        def _reset(self) -> object: ...
        def _render_texts(self) -> None: ...
        def _render_hints(self) -> None: ...
        def _render_solution(self) -> None: ...
        def _render_prompt(self) -> None: ...
        def _short_prompt(self) -> str: ...
        def _start_spinner(self) -> None: ...
        def _stop_spinner(self) -> None: ...
        def _run_queued(self) -> None: ...
        def on_input_submitted(self, event: CommandInput.Submitted) -> None: ...
        def _show_outcome(
            self, outcome: Outcome, label: str, files: list[FileEntry], *, show_streams: bool = True
        ) -> None: ...
