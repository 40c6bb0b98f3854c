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
