"""Snapshots of the key screens at 80×24 and 120×36, in English and Korean (fixture course, real sandbox).

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`, and look at
the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.course_map import CourseMapScreen

from .helpers import type_command, wait_ready, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
LANGS = ["en", "ko"]


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
