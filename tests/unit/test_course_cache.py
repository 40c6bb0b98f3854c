"""The course cache: used while nothing changed, rebuilt when a lesson file changes or the cache is damaged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from shelltutor.course import cache
from shelltutor.course.cache import cached_course
from shelltutor.course.catalog import Course, load_course
from shelltutor.course.loader import LESSON_SUFFIXES

TUI_COURSE = Path(__file__).parents[1] / "fixtures" / "tui-course"


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    """A copy of a small course, to change."""
    return Path(shutil.copytree(TUI_COURSE, tmp_path / "lessons"))


class Builds:
    """Counts the times the course is really loaded."""

    def __init__(self, lessons: Path) -> None:
        self.lessons = lessons
        self.count = 0

    def __call__(self) -> Course:
        self.count += 1
        return load_course([self.lessons], include_builtin=False)


def load(lessons: Path, builds: Builds, cache_dir: Path) -> Course:
    return cached_course([lessons], False, builds, directory=cache_dir)


def test_an_unchanged_course_comes_from_the_cache(lessons: Path, tmp_path: Path) -> None:
    builds = Builds(lessons)
    first = load(lessons, builds, tmp_path / "cache")
    second = load(lessons, builds, tmp_path / "cache")
    assert builds.count == 1
    assert [lesson.id for lesson in second.lessons] == [lesson.id for lesson in first.lessons]
    assert second.exercise("tui-where/pwd") == first.exercise("tui-where/pwd")


def test_a_changed_size_makes_it_stale(lessons: Path, tmp_path: Path) -> None:
    builds = Builds(lessons)
    load(lessons, builds, tmp_path / "cache")
    path = lessons / "tui-where.yaml"
    info = path.stat()
    path.write_text(path.read_text().replace("Where am I?", "Where am I now?", 1))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same time: the size alone tells
    course = load(lessons, builds, tmp_path / "cache")
    assert builds.count == 2
    lesson = course.lesson("tui-where")
    assert lesson is not None and lesson.title.en == "Where am I now?"


def test_a_changed_modification_time_makes_it_stale(lessons: Path, tmp_path: Path) -> None:
    builds = Builds(lessons)
    load(lessons, builds, tmp_path / "cache")
    path = lessons / "tui-where.yaml"
    text = path.read_text()
    path.write_text(text.replace("Where am I?", "Where am I!", 1))  # the same size
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    course = load(lessons, builds, tmp_path / "cache")
    assert builds.count == 2
    lesson = course.lesson("tui-where")
    assert lesson is not None and lesson.title.en == "Where am I!"


def test_a_new_or_removed_file_makes_it_stale(lessons: Path, tmp_path: Path) -> None:
    builds = Builds(lessons)
    load(lessons, builds, tmp_path / "cache")
    (lessons / "tui-count.yaml").unlink()
    course = load(lessons, builds, tmp_path / "cache")
    assert builds.count == 2
    assert course.lesson("tui-count") is None


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"], ids=["empty", "text", "truncated"])
def test_a_corrupt_cache_is_ignored_and_rebuilt(lessons: Path, tmp_path: Path, damage: bytes) -> None:
    builds = Builds(lessons)
    load(lessons, builds, tmp_path / "cache")
    [stored] = list((tmp_path / "cache").iterdir())
    stored.write_bytes(damage)
    course = load(lessons, builds, tmp_path / "cache")
    assert builds.count == 2
    assert course.lesson("tui-where") is not None
    load(lessons, builds, tmp_path / "cache")
    assert builds.count == 2  # written again, and good


def test_a_cache_others_could_write_is_not_read(lessons: Path, tmp_path: Path) -> None:
    builds = Builds(lessons)
    load(lessons, builds, tmp_path / "cache")
    [stored] = list((tmp_path / "cache").iterdir())
    stored.chmod(0o666)
    load(lessons, builds, tmp_path / "cache")
    assert builds.count == 2


def test_an_unwritable_cache_directory_is_no_error(lessons: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    builds = Builds(lessons)
    course = load(lessons, builds, blocked / "cache")
    assert course.lesson("tui-where") is not None


def test_load_course_uses_the_cache_only_when_asked(
    lessons: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_course([lessons], include_builtin=False)
    assert not (tmp_path / "xdg").exists()  # authoring tools (`shelltutor check`) always read the files
    course = load_course([lessons], include_builtin=False, cached=True)
    assert list((tmp_path / "xdg" / "shelltutor").glob("course-*.pickle"))
    assert course.lesson("tui-where") is not None


def test_the_cache_reads_the_files_the_loader_reads() -> None:
    assert cache.LESSON_SUFFIXES == LESSON_SUFFIXES
