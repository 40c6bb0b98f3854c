"""The tutor service: ties course, sandbox, grader and progress together for the TUI, plain mode and CLI."""

from __future__ import annotations

import locale
import os
import random
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import LANGS, Exercise, Lang, Lesson, LocalText
from shelltutor.progress import ProgressStore, default_data_dir
from shelltutor.sandbox.history import HistoryFile
from shelltutor.spare import Closer, SpareKey, SpareSessions

if TYPE_CHECKING:
    # An exercise's run (and the grading names it brings) loads when the first exercise opens (`__getattr__`).
    from shelltutor.exercise_run import NOTICES, SANDBOX_NOTICES, SOLUTION_AFTER_FAILURES, ExerciseRun, Outcome

    # The grader (tree-sitter, text matching) loads when the first exercise opens, and the sandbox's session
    # machinery when the first one starts (a spare one, usually, while the course map is read): not at start-up.
    from shelltutor.grading.grader import Grader
    from shelltutor.sandbox import IsolationReport, Session, SessionSpec

__all__ = [
    "NOTICES",
    "SANDBOX_NOTICES",
    "SOLUTION_AFTER_FAILURES",
    "ChapterStatus",
    "CourseOverview",
    "ExerciseRun",
    "LessonStatus",
    "Outcome",
    "TutorService",
    "learner_lang",
    "locale_lang",
    "make_service",
]

Isolation = Literal["auto", "bwrap", "none"]
_FROM_EXERCISE_RUN = frozenset({"NOTICES", "SANDBOX_NOTICES", "SOLUTION_AFTER_FAILURES", "ExerciseRun", "Outcome"})


def __getattr__(name: str) -> object:
    """The exercise run's names, imported when first asked for: drawing the course map needs none of them."""
    if name in _FROM_EXERCISE_RUN:
        from shelltutor import exercise_run

        return getattr(exercise_run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def learner_lang(requested: Lang | None, store: ProgressStore, environ: Mapping[str, str] | None = None) -> Lang:
    """The learner's language: the one asked for (`--lang`), else the saved setting, else the locale's."""
    saved = store.setting("lang")
    return requested or next((known for known in LANGS if known == saved), None) or locale_lang(environ)


def locale_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the locale asks for: Korean for ko_* locales, else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "ko" if current.lower().startswith("ko") else "en"


@dataclass(frozen=True)
class LessonStatus:
    """A lesson on the course map with how much of it is done."""

    lesson: Lesson
    done: int
    total: int

    @property
    def completed(self) -> bool:
        """Every exercise passed."""
        return self.done == self.total


@dataclass(frozen=True)
class ChapterStatus:
    """A chapter on the course map."""

    number: int
    title: LocalText
    lessons: tuple[LessonStatus, ...]


@dataclass(frozen=True)
class CourseOverview:
    """The course map: chapters, lessons and overall progress."""

    chapters: tuple[ChapterStatus, ...]
    done: int
    total: int


class TutorService:
    """Everything a front end needs: the course, opening exercises, grading, progress and settings."""

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        *,
        lang: Lang | None = None,
        isolation: Isolation = "auto",
        grader: Grader | None = None,
        seed_source: Callable[[], int] | None = None,
        history: HistoryFile | None = None,
    ) -> None:
        self.course = course
        self.store = store
        self.history = history or HistoryFile.in_dir(store.path.parent)
        """The learner's command history, kept across sessions next to the progress database."""
        self._requested_isolation = isolation
        self._grader = grader
        self._seed_source = seed_source or (lambda: random.SystemRandom().randrange(1, 2**31))
        self.lang: Lang = learner_lang(lang, store)
        self._report: IsolationReport | None = None
        self._closer = Closer()
        self._spares = SpareSessions(self._closer)
        self._runs: weakref.WeakSet[ExerciseRun] = weakref.WeakSet()
        """Exercises opened and not yet closed: ended together when the program ends (also those being closed
        after `release`, which may be waiting for a command or its grading to finish)."""
        self._runs_lock = threading.Lock()

    @property
    def grader(self) -> Grader:
        """The grader, made on first use (its imports are not needed to show the course map)."""
        if self._grader is None:
            from shelltutor.grading.grader import Grader

            self._grader = Grader(isolation=self._requested_isolation)
        return self._grader

    # -- settings -----------------------------------------------------------------------------------
    def set_lang(self, lang: Lang) -> None:
        """Switch the language and save it."""
        self.lang = lang
        self.store.set_setting("lang", lang)

    def setting(self, key: str) -> str | None:
        """A saved UI setting (e.g. theme)."""
        return self.store.setting(f"ui.{key}")

    def set_setting(self, key: str, value: str) -> None:
        """Save a UI setting."""
        self.store.set_setting(f"ui.{key}", value)

    def new_seed(self) -> int:
        """A fresh seed for generated exercise data."""
        return self._seed_source()

    # -- isolation ----------------------------------------------------------------------------------
    def isolation(self) -> IsolationReport:
        """The sandbox self-test (cached): whether commands are isolated, and how to fix it if not."""
        if self._report is None:
            from shelltutor.sandbox.probe import probe_isolation

            self._report = probe_isolation()
        return self._report

    def isolation_mode(self) -> Isolation:
        """The isolation sessions are started with."""
        return self._requested_isolation

    def allow_unisolated(self) -> None:
        """The learner chose the labelled unisolated mode (bwrap unavailable, local single user)."""
        self._requested_isolation = "none"
        if self._grader is not None:
            self._grader.isolation = "none"

    # -- the course map -----------------------------------------------------------------------------
    def overview(self) -> CourseOverview:
        """Chapters and lessons with completion counts."""
        completed = self.store.completed()
        chapters = []
        done_all = total_all = 0
        for number, lessons in self.course.lessons_by_chapter():
            statuses = []
            for lesson in lessons:
                done = sum(1 for e in lesson.exercises if e.global_id in completed)
                statuses.append(LessonStatus(lesson, done, len(lesson.exercises)))
                done_all += done
                total_all += len(lesson.exercises)
            chapters.append(ChapterStatus(number, self.course.chapter_title(number), tuple(statuses)))
        return CourseOverview(tuple(chapters), done_all, total_all)

    def completed(self) -> set[str]:
        """Ids of every exercise passed (one query; use it when drawing many)."""
        return self.store.completed()

    def is_completed(self, global_id: str) -> bool:
        """Whether the exercise has been passed."""
        return global_id in self.store.completed()

    def first_unfinished(self, lesson_id: str) -> str:
        """The lesson's first exercise not yet passed (its first one if all are)."""
        lesson = self._lesson(lesson_id)
        completed = self.store.completed()
        for exercise in lesson.exercises:
            if exercise.global_id not in completed:
                return exercise.global_id
        return lesson.exercises[0].global_id

    def resume_target(self) -> tuple[str, str]:
        """(lesson id, exercise id) to continue with: the saved position, else the first lesson's start."""
        position = self.store.position()
        if position and self.course.exercise(position) is not None:
            completed = self.store.completed()
            if position in completed:
                # The next exercise not yet passed, after the saved one in course order (then from the start):
                # never one already passed while others wait.
                ids = [e.global_id for e in self.course.exercises()]
                at = ids.index(position)
                waiting = [i for i in ids[at + 1 :] + ids[:at] if i not in completed]
                position = waiting[0] if waiting else position
            return position.partition("/")[0], position
        if not self.course.lessons:
            raise LookupError("no lessons are loaded")
        first = self.course.lessons[0]
        return first.id, self.first_unfinished(first.id)

    def next_exercise(self, global_id: str) -> str | None:
        """The exercise after `global_id` in course order, or None at the end of the course."""
        ids = [e.global_id for e in self.course.exercises()]
        try:
            index = ids.index(global_id)
        except ValueError:
            return None
        return ids[index + 1] if index + 1 < len(ids) else None

    def open(self, global_id: str) -> ExerciseRun:
        """Open an exercise: take the session prepared for it (`prepare`) if it still fits, else start one; and
        save it as the current position."""
        exercise = self.course.exercise(global_id)
        if exercise is None:
            raise KeyError(f"no exercise {global_id!r}")
        lesson = self._lesson(exercise.lesson_id)
        history = tuple(self.start_history(exercise))
        isolation = self.isolation_mode()

        def matches(key: SpareKey, spec: SessionSpec) -> bool:
            from shelltutor.grading.sessions import spec_for

            return (
                key.isolation == isolation
                and key.history == history
                and spec == spec_for(exercise, key.seed, isolation)
            )

        from shelltutor.exercise_run import ExerciseRun

        spare = self._spares.take(global_id, matches)
        try:
            run = ExerciseRun(self, exercise, lesson, (spare[0], spare[1].seed) if spare else None)
        except BaseException:
            if spare is not None:
                self._closer.close_soon(spare[0])
            raise
        with self._runs_lock:
            self._runs.add(run)
        self.store.set_position(global_id)
        return run

    # -- sessions ahead of time and in the background ----------------------------------------------
    def prepare(self, global_id: str) -> bool:
        """Start the sandbox of an exercise the learner is likely to open next, in the background, so that
        `open` finds it ready; False when there is already one (or no such exercise). At most two are kept:
        preparing another closes the oldest, and one never opened is closed when the program ends."""
        exercise = self.course.exercise(global_id)
        if exercise is None:
            return False
        seed, isolation = self.new_seed(), self.isolation_mode()
        history = tuple(self.start_history(exercise))
        key = SpareKey(global_id, seed, isolation, history)

        def start() -> Session:
            from shelltutor.grading.sessions import spec_for
            from shelltutor.sandbox.session import Session

            spec = spec_for(exercise, seed, isolation)
            return Session.start(spec, history=list(history), on_history=self.history.append, terminal_output=True)

        return self._spares.prepare(key, start)

    def prepared_for(self, global_id: str) -> bool:
        """Whether a session for `global_id` is prepared or being prepared."""
        return self._spares.prepared_for(global_id)

    def start_history(self, exercise: Exercise) -> list[str]:
        """What an exercise's shell starts with: the learner's saved history, unless it starts fresh."""
        return [] if exercise.fixture.fresh_history else self.history.entries()

    def release(self, run: ExerciseRun) -> None:
        """Close an exercise the learner left, in the background (a command still running is stopped)."""
        run.interrupt()
        self._closer.close_soon(run)

    def close_sessions(self) -> None:
        """End every sandbox this service started (open exercises, prepared ones, those being closed) side by
        side, and wait for them: when this returns, none of their processes is left."""
        self._spares.close()
        self._spares = SpareSessions(self._closer)  # the service may go on (a test opening another app)
        with self._runs_lock:
            runs, self._runs = list(self._runs), weakref.WeakSet()
        for run in runs:
            run.interrupt()
        self._closer.close_all(_Abandoning(run) for run in runs)

    def reset_lesson(self, lesson_id: str) -> None:
        """Forget the progress of a lesson."""
        self.store.reset(lesson_id)

    def reset_exercise(self, global_id: str) -> None:
        """Forget the progress of one exercise."""
        self.store.reset(global_id)

    def wall_seconds(self, exercise: Exercise) -> float:
        """The wall-clock limit per command in `exercise`."""
        from shelltutor.grading.sessions import spec_for

        return spec_for(exercise, 0, "none").limits.wall_seconds

    def _lesson(self, lesson_id: str) -> Lesson:
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            raise KeyError(f"no lesson {lesson_id!r}")
        return lesson

    def close(self) -> None:
        """End every sandbox (`close_sessions`) and close the progress store."""
        self.close_sessions()
        self.store.close()


@dataclass
class _Abandoning:
    """Closes an exercise's session without waiting for the command or grading it may be in (quitting)."""

    run: ExerciseRun

    def close(self) -> None:
        self.run.abandon()


def make_service(
    *,
    lang: Lang | None = None,
    extra_dirs: Iterable[Path] = (),
    data_dir: Path | None = None,
    isolation: Isolation = "auto",
    course: Course | None = None,
) -> TutorService:
    """The composition root: the course, the progress store, the command history and the grader, wired for a
    front end."""
    return TutorService(
        course or load_course(extra_dirs, cached=True),
        ProgressStore.open(data_dir),
        lang=lang,
        isolation=isolation,
        history=HistoryFile.in_dir(data_dir or default_data_dir()),
    )
