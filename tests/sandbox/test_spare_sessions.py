"""Spare sessions against the real sandbox: used when they fit, closed when they do not, none left at the end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.service import TutorService, make_service

TUI_COURSE = Path(__file__).parents[1] / "fixtures" / "tui-course"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[TutorService]:
    svc = make_service(lang="en", data_dir=tmp_path, course=load_course([TUI_COURSE], include_builtin=False))
    yield svc
    svc.close()


def started(service: TutorService) -> list[object]:
    """The spare sessions, once every one has started (waiting for them)."""
    futures = [spare.future for spare in service._spares._spares]
    return [future.result(timeout=30) for future in futures]


def eventually(condition: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return bool(condition())  # type: ignore[operator]


def test_open_takes_the_prepared_session_with_its_seed(service: TutorService) -> None:
    assert service.prepare("tui-where/pwd")
    assert not service.prepare("tui-where/pwd")  # already there: not started twice
    [spare] = started(service)
    run = service.open("tui-where/pwd")
    try:
        assert run._session is spare
        assert run.seed == spare.spec.seed  # type: ignore[attr-defined]
        assert not service.prepared_for("tui-where/pwd")
        assert run.run("pwd").verdict.status == "pass"  # type: ignore[union-attr]
    finally:
        run.close()


def test_a_third_spare_pushes_out_the_oldest_which_is_closed(service: TutorService) -> None:
    service.prepare("tui-where/pwd")
    first = started(service)[0]
    service.prepare("tui-where/mkdir")
    service.prepare("tui-count/count")
    assert [key.exercise_id for key in service._spares.spare_keys()] == ["tui-where/mkdir", "tui-count/count"]
    assert eventually(lambda: not first.alive)  # type: ignore[attr-defined]
    others = started(service)
    service.close_sessions()
    assert all(not session.alive for session in others)  # type: ignore[attr-defined]


def test_a_spare_started_with_an_older_history_is_not_used(service: TutorService) -> None:
    service.prepare("tui-where/mkdir")
    [stale] = started(service)
    service.history.append("echo typed since")
    run = service.open("tui-where/mkdir")
    try:
        assert run._session is not stale
        assert "echo typed since" in run.history
        assert eventually(lambda: not stale.alive)  # type: ignore[attr-defined]
    finally:
        run.close()


def test_a_spare_for_another_isolation_is_not_used(service: TutorService) -> None:
    service.prepare("tui-where/pwd")
    [spare] = started(service)
    service.allow_unisolated()
    run = service.open("tui-where/pwd")
    try:
        assert run._session is not spare
        assert run._session.isolation == "none"
    finally:
        run.close()
    assert eventually(lambda: not spare.alive)  # type: ignore[attr-defined]


def test_release_closes_in_the_background_and_close_ends_everything(service: TutorService) -> None:
    run = service.open("tui-where/pwd")
    other = service.open("tui-count/count")
    service.prepare("tui-where/mkdir")
    spares = started(service)
    service.release(run)
    assert eventually(lambda: not run._session.alive)
    service.close_sessions()
    assert not other._session.alive
    assert all(not session.alive for session in spares)  # type: ignore[attr-defined]
