"""The course as the tutor sees it: built-in lessons plus authoring directories, in course order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from shelltutor.course.model import Chapter, Exercise, Lesson, LocalText
from shelltutor.problems import Problem
from shelltutor.resources import data_dir

if TYPE_CHECKING:
    # The loader (YAML, validation) is imported only when lessons are read: not when the tutor starts from the
    # course cache.
    from shelltutor.course.loader import LoadResult

DEFAULT_TITLE = LocalText(en="The Unix shell", ko="유닉스 셸")


def builtin_lessons_dir() -> Path:
    """Where the lessons that ship with shelltutor are."""
    return data_dir("lessons")


@dataclass
class Course:
    """Chapters and lessons in course order, plus the problems of files that could not be loaded."""

    title: LocalText = DEFAULT_TITLE
    chapters: list[Chapter] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, if loaded."""
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def exercise(self, global_id: str) -> Exercise | None:
        """The exercise `lesson-id/exercise-id`, if loaded."""
        lesson_id, _, exercise_id = global_id.partition("/")
        lesson = self.lesson(lesson_id)
        if lesson is None:
            return None
        return next((e for e in lesson.exercises if e.id == exercise_id), None)

    def exercises(self) -> Iterator[Exercise]:
        """Every exercise in course order."""
        for lesson in self.lessons:
            yield from lesson.exercises

    def chapter_title(self, number: int) -> LocalText:
        """The title of chapter `number` (a plain "Chapter N" when no course.yaml names it)."""
        for chapter in self.chapters:
            if chapter.number == number:
                return chapter.title
        return LocalText(en=f"Chapter {number}", ko=f"{number}장")

    def lessons_by_chapter(self) -> list[tuple[int, list[Lesson]]]:
        """Lessons grouped by chapter, both in order."""
        groups: dict[int, list[Lesson]] = {}
        for lesson in self.lessons:
            groups.setdefault(lesson.chapter, []).append(lesson)
        return sorted(groups.items())


def _merge_chapters(results: Sequence[LoadResult]) -> list[Chapter]:
    by_number: dict[int, Chapter] = {}
    for result in results:
        for chapter in result.chapters:
            by_number[chapter.number] = chapter
    return [by_number[n] for n in sorted(by_number)]


def load_course(extra_dirs: Iterable[Path] = (), *, include_builtin: bool = True, cached: bool = False) -> Course:
    """The course: built-in lessons, then lessons from `extra_dirs` (which replace built-ins of the same id).

    Broken files are skipped and reported in `Course.problems`; the good lessons still load. With `cached`
    (the tutor's start-up), the course parsed the last time is used if no lesson file changed since
    (`course.cache`); authoring tools (`shelltutor check`) always read the files.
    """
    extra = list(extra_dirs)
    if cached:
        from shelltutor.course.cache import cached_course

        dirs = [builtin_lessons_dir(), *extra] if include_builtin else extra
        return cached_course(dirs, include_builtin, lambda: load_course(extra, include_builtin=include_builtin))
    from shelltutor.course import loader

    results: list[LoadResult] = []
    if include_builtin:
        results.append(loader.load_paths([builtin_lessons_dir()]))
    if extra:
        results.append(loader.load_paths(extra))
    chapters = _merge_chapters(results)
    lessons: dict[str, Lesson] = {}
    problems: list[Problem] = []
    for result in results:
        loader.check_chapters(result, chapters)
        problems.extend(result.problems)
        for lesson in result.lessons:
            lessons[lesson.id] = lesson
    title = next((c.title for r in reversed(results) for c in r.courses), DEFAULT_TITLE)
    ordered = sorted(lessons.values(), key=lambda lesson: (lesson.chapter, lesson.order, lesson.id))
    return Course(title=title, chapters=chapters, lessons=ordered, problems=problems)
