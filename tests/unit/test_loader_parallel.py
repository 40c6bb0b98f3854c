"""A large batch of lesson files is loaded in worker processes, with the same result as one by one."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest

from shelltutor.course import loader

SOURCE = Path(__file__).parents[2] / "tests" / "fixtures" / "e2e-course" / "e2e-basics.yaml"


def _course(directory: Path, count: int) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    for i in range(count):
        (directory / f"l{i:04}.yaml").write_text(text.replace("id: e2e-basics", f"id: lesson-{i}"), encoding="utf-8")
    (directory / "zz-broken.yaml").write_text("format_version: 1\nid: broken\n  bad: indent\n", encoding="utf-8")


def test_parallel_and_sequential_loading_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    count = loader.PARALLEL_MIN_FILES + 20
    _course(tmp_path, count)
    pools: list[int] = []

    class SpyPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(1)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", SpyPool)
    # Other tests in this worker may have started the sandbox's thread; this batch only runs the loader.
    monkeypatch.setattr(loader.threading, "active_count", lambda: 1)
    monkeypatch.setattr(loader.os, "cpu_count", lambda: 2)
    parallel = loader.load_paths([tmp_path])
    assert pools == [1], "the batch was not spread over worker processes"
    monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 10**9)
    sequential = loader.load_paths([tmp_path])
    assert parallel.files == sequential.files == count + 1
    assert [lesson.id for lesson in parallel.lessons] == [lesson.id for lesson in sequential.lessons]
    assert parallel.lessons == sequential.lessons
    assert [lesson.source for lesson in parallel.lessons] == [lesson.source for lesson in sequential.lessons]
    assert parallel.problems == sequential.problems
    assert len(parallel.problems) == 1 and parallel.problems[0].path.endswith("zz-broken.yaml")


def test_checking_only_finds_the_same_problems_and_lessons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `shelltutor check` keeps only each lesson's id, chapter and file: the same problems, duplicate ids and
    # chapters as a full load, in worker processes and one by one.
    _course(tmp_path, loader.PARALLEL_MIN_FILES + 20)
    (tmp_path / "zz-duplicate.yaml").write_text(
        SOURCE.read_text(encoding="utf-8").replace("id: e2e-basics", "id: lesson-3"), encoding="utf-8"
    )
    monkeypatch.setattr(loader.threading, "active_count", lambda: 1)
    monkeypatch.setattr(loader.os, "cpu_count", lambda: 2)
    for parallel in (True, False):
        if not parallel:
            monkeypatch.setattr(loader, "PARALLEL_MIN_FILES", 10**9)
        full = loader.load_paths([tmp_path])
        checked = loader.load_paths([tmp_path], contents=False)
        assert checked.lessons == [] and checked.files == full.files
        assert checked.refs == [loader.LessonRef(x.id, x.chapter, x.source) for x in full.lessons]
        loader.check_chapters(full, [])
        loader.check_chapters(checked, [])
        assert checked.problems == full.problems
        assert any("duplicate lesson id 'lesson-3'" in p.message for p in checked.problems)
        assert sum("is not in any course.yaml" in p.message for p in checked.problems) == len(full.lessons)
