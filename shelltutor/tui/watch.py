"""`--watch`: the tutor reloads the course when a lesson file under the authoring directories is saved, shows the
problems `check` finds instead of the lesson until a save fixes them, then reopens the lesson where it was."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from shelltutor.course.catalog import Course, builtin_lessons_dir, load_course
from shelltutor.course.loader import iter_lesson_files

if TYPE_CHECKING:
    from shelltutor.problems import Problem
    from shelltutor.tui.app import ShellTutorApp

POLL_SECONDS = 0.5
"""How often the lesson files' times and sizes are looked at. A change is loaded once two looks in a row agree
(an editor may still be writing the file at the first)."""

Snapshot = dict[str, tuple[int, int]]


def snapshot(dirs: Iterable[Path]) -> Snapshot:
    """Every lesson file below `dirs` (as the loader finds them) with its modification time and size."""
    found: Snapshot = {}
    for path in iter_lesson_files(d for d in dirs if d.is_dir()):
        with contextlib.suppress(OSError):  # removed while we looked: the next look sees it gone
            info = path.stat()
            found[str(path)] = (info.st_mtime_ns, info.st_size)
    return found


def watched_problems(course: Course, dirs: Sequence[Path]) -> list[Problem]:
    """The course's problems in files below `dirs` (the built-in lessons' are not the author's to fix)."""
    roots = [d.resolve() for d in dirs]

    def inside(path: str) -> bool:
        resolved = Path(path).resolve()
        return any(resolved == root or root in resolved.parents for root in roots)

    return sorted(p for p in course.problems if inside(p.path))


class LessonWatcher:
    """Polls the authoring directories from the app's event loop; loads a changed course on a worker thread
    (always from the files: the course cache is for start-up) and applies it on the event loop."""

    def __init__(self, app: ShellTutorApp, dirs: Iterable[Path], load: Callable[[], Course] | None = None) -> None:
        self.app = app
        self.dirs = [Path(d) for d in dirs]
        self._load = load or self._load_from_files
        self.seen: Snapshot = {}
        """The files the course on screen was loaded from."""
        self._pending: Snapshot | None = None
        self._loading = False
        self._stale = False
        """A course was loaded while a dialog was open: the screens follow once it is closed."""
        self.reopen: str | None = None
        """The exercise to reopen once the problems are fixed (the one on screen when they appeared)."""
        self.reloads = 0
        """Courses loaded since the start (for tests and the curious)."""

    def _load_from_files(self) -> Course:
        builtin = builtin_lessons_dir().resolve()
        lessons = self.app.service.course.lessons
        include_builtin = not lessons or any(builtin in Path(lesson.source).resolve().parents for lesson in lessons)
        return load_course(self.dirs, include_builtin=include_builtin, cached=False)

    def start(self) -> None:
        """Begin watching; problems the files have already are shown at once."""
        self.seen = snapshot(self.dirs)
        self.app.set_interval(POLL_SECONDS, self.poll, name="lesson-watch")
        if watched_problems(self.app.service.course, self.dirs):
            self._stale = True
            self._follow()

    def poll(self) -> None:
        """One look at the files; a change that has settled is loaded in the background."""
        if self._stale:
            self._follow()
        if self._loading:
            return
        now = snapshot(self.dirs)
        if now == self.seen:
            self._pending = None
            return
        if now != self._pending:
            self._pending = now
            return
        self._loading = True
        self.app.run_worker(lambda: self._reload(now), thread=True, group="lesson-watch", exit_on_error=False)

    def _reload(self, now: Snapshot) -> None:
        try:
            course: Course | None = self._load()
        except Exception:  # the loader collects problems and never raises for a lesson; this is a bug or an OS error
            course = None
        self.app.call_from_thread(self.apply, course, now)

    def apply(self, course: Course | None, now: Snapshot) -> None:
        """The course loaded from `now`: in the service from now on, and on screen."""
        self._loading = False
        self.seen = now
        self._pending = None
        if course is None:
            return
        self.reloads += 1
        service = self.app.service
        service.course = course
        service.grader.clear_cache()  # reference outcomes of the old exercises
        self._stale = True
        self._follow()

    def _follow(self) -> None:
        """Bring the screens in line with the course: problems instead of a lesson, a changed lesson reopened,
        the map redrawn. Waits while a dialog (help, a question) is open."""
        from shelltutor.tui.screens.course_map import CourseMapScreen
        from shelltutor.tui.screens.lesson import LessonScreen
        from shelltutor.tui.screens.problems import ProblemsScreen

        app = self.app
        screen = app.screen
        if not isinstance(screen, CourseMapScreen | LessonScreen | ProblemsScreen):
            return
        self._stale = False
        course = app.service.course
        problems = watched_problems(course, self.dirs)
        if problems:
            if isinstance(screen, ProblemsScreen):
                screen.show(problems)
                return
            if isinstance(screen, LessonScreen):
                self.reopen = screen.exercise.global_id
                app.pop_screen()
            app.push_screen(ProblemsScreen(problems), self._dismissed)
            return
        if isinstance(screen, ProblemsScreen):
            target, self.reopen = self.reopen, None
            app.pop_screen()
            if target is not None:
                self._open(target, 0)
        elif isinstance(screen, LessonScreen):
            fresh = course.lesson(screen.lesson.id)
            if fresh != screen.lesson:
                global_id, index = screen.exercise.global_id, screen.index
                app.pop_screen()
                self._open(global_id, index)
        current = app.screen
        if isinstance(current, CourseMapScreen):
            current.refresh_overview()

    def _dismissed(self, _: object) -> None:
        """Esc on the problems: the learner chose the map; nothing reopens when the problems are fixed."""
        self.reopen = None

    def _open(self, global_id: str, index: int) -> None:
        """Open `global_id` again in the new course; renamed, the exercise at its place in its lesson."""
        course = self.app.service.course
        if course.exercise(global_id) is None:
            lesson = course.lesson(global_id.partition("/")[0])
            if lesson is None:
                return
            global_id = lesson.exercises[min(index, len(lesson.exercises) - 1)].global_id
        self.app.open_exercise(global_id)
