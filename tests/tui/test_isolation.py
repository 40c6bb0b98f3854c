"""When the sandbox cannot isolate: the learner is asked, warned on every screen, and the choice holds."""

from __future__ import annotations

import pytest

from shelltutor.sandbox import IsolationReport
from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.screens.course_map import CourseMapScreen

from .helpers import screen_text, type_command, wait_until

UNAVAILABLE = IsolationReport(
    mode="none", ok=False, problem="bwrap cannot create a user namespace.", fix="sudo sysctl -w kernel.x=1"
)


@pytest.fixture
def unisolated(service: TutorService, monkeypatch: pytest.MonkeyPatch) -> TutorService:
    """The service on a machine where bwrap does not work."""
    monkeypatch.setattr(service, "isolation", lambda: UNAVAILABLE)
    return service


async def test_declining_keeps_commands_from_running(unisolated: TutorService) -> None:
    app = make_app(unisolated)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "cannot be isolated" in screen_text(app) and "sudo sysctl" in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen) and app.isolation_settled.is_set())
        await pilot.pause()
        assert "NO SANDBOX" in screen_text(app)
        assert unisolated.isolation_mode() == "auto"


async def test_accepting_runs_unisolated_with_a_warning(unisolated: TutorService) -> None:
    app = make_app(unisolated, exercise="tui-count/count")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        screen = await type_command(pilot, "wc -l < app.log")
        assert unisolated.isolation_mode() == "none"
        assert "NOT ISOLATED" in screen_text(app)
        assert screen.query_one("#verdict").verdict.status == "pass"  # type: ignore[attr-defined]
