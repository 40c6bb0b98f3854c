"""F8 in the lesson: the last pipeline's stages, counted while it ran (real service, real sandbox)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from shelltutor.service import TutorService
from shelltutor.tui.app import ShellTutorApp, make_app
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.screens.pipeline import PipelineScreen

from .helpers import screen_text, type_command, wait_ready, wait_until

PIPELINE = "cat app.log | grep -v INFO | wc -l"


def _view_text(pilot: Pilot[object]) -> str:
    assert isinstance(pilot.app, ShellTutorApp) and isinstance(pilot.app.screen, PipelineScreen)
    return screen_text(pilot.app)


async def test_f8_shows_the_last_pipeline_stage_by_stage(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, PipelineScreen))
        assert "No pipeline yet" in _view_text(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))

        await type_command(pilot, PIPELINE)
        await type_command(pilot, "echo not a pipeline")  # the view keeps the last pipeline
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, PipelineScreen))
        text = _view_text(pilot)
        assert "cat app.log → 3 → grep -v INFO → 1 → wc -l → 1" in text
        assert "1. cat app.log" in text and "3 lines, 37 bytes" in text
        assert "│ ERROR disk full" in text and "1 line, 16 bytes" in text
        assert "exit 0" in text and "stderr → the screen" in text
        app.action_toggle_lang()
        await pilot.pause()
        assert "3줄, 37바이트" in _view_text(pilot)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pipeline_view_snapshot(
    snap_compare: Callable[..., bool], service_factory: Callable[..., TutorService], lang: str
) -> None:
    service = service_factory(lang)

    async def run_before(pilot: Pilot[object]) -> None:
        await type_command(pilot, "printf '\\e[31mred\\e[0m\\nb\\na\\nb\\n' | sort | uniq -c | sort -rn")
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PipelineScreen))
        await pilot.pause()

    assert snap_compare(make_app(service, exercise="tui-count/count"), terminal_size=(100, 30), run_before=run_before)
