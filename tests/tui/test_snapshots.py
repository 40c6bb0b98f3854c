"""Snapshots of the key screens at 80×24 and 120×36, in English and Korean (fixture course, real sandbox).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`, and look at
the SVGs before committing them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from shelltutor.course.catalog import load_course
from shelltutor.service import TutorService, make_service
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.output_view import OutputView

from .helpers import type_command, wait_ready, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
LANGS = ["en", "ko"]
STEPS_COURSE = Path(__file__).parents[1] / "fixtures" / "tui-steps-course"


async def steady(pilot: Pilot[object]) -> None:
    """Let pending refreshes land (the command line does not blink when headless)."""
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_course_map(
    snap_compare: Callable[..., bool], service_factory: Callable[..., TutorService], lang: str, size: tuple[int, int]
) -> None:
    service = service_factory(lang)

    async def run_before(pilot: Pilot[object]) -> None:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CourseMapScreen))
        await steady(pilot)

    assert snap_compare(make_app(service), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_with_failed_verdict(
    snap_compare: Callable[..., bool], service_factory: Callable[..., TutorService], lang: str, size: tuple[int, int]
) -> None:
    service = service_factory(lang)

    async def run_before(pilot: Pilot[object]) -> None:
        await wait_ready(pilot)
        await type_command(pilot, "ls")
        await steady(pilot)

    assert snap_compare(make_app(service, exercise="tui-where/pwd"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
def test_help(
    snap_compare: Callable[..., bool], service_factory: Callable[..., TutorService], lang: str, size: tuple[int, int]
) -> None:
    service = service_factory(lang)

    async def run_before(pilot: Pilot[object]) -> None:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CourseMapScreen))
        await pilot.press("f1")
        await steady(pilot)

    assert snap_compare(make_app(service), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_while_a_long_command_runs(
    snap_compare: Callable[..., bool], service_factory: Callable[..., TutorService], lang: str
) -> None:
    """Mid-way through a command that takes a while: its output so far, and how long it has run."""
    service = service_factory(lang)

    async def run_before(pilot: Pilot[object]) -> None:
        screen = await wait_ready(pilot)
        screen.query_one(CommandInput).insert_text_at_cursor("for i in 1 2 3; do echo epoch $i/300; done; sleep 30")
        await pilot.press("enter")
        output = screen.query_one(OutputView)
        await wait_until(pilot, lambda: any("epoch 3/300" in strip.text for strip in output.lines))
        await wait_until(pilot, lambda: "⏱" in str(screen.query_one("#prompt-label", Static).render()))
        # Stop the clock at 12 s (and the spinner at its first frame), so that the picture is always the same.
        assert screen._spinner is not None
        screen._spinner.pause()
        screen._spin = 0
        screen._running_since = time.monotonic() - 12.4
        screen._render_prompt()
        await steady(pilot)

    assert snap_compare(make_app(service, exercise="tui-count/count"), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_multi_step_exercise_mid_way(snap_compare: Callable[..., bool], tmp_path: Path, lang: str) -> None:
    """The first of two steps the task asks for is done: a neutral "step 1 of 2, keep going", no failure."""
    course = load_course([STEPS_COURSE], include_builtin=False)
    service = make_service(lang=lang, data_dir=tmp_path / "data", course=course)  # type: ignore[arg-type]

    async def run_before(pilot: Pilot[object]) -> None:
        await wait_ready(pilot)
        await type_command(pilot, "chmod +x run.sh")
        await steady(pilot)

    app = make_app(service, exercise="tui-steps/chmod-then-run")
    try:
        assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
    finally:
        service.close()
