"""Pilot tests of the lesson's teaching: every exercise shows what leads up to it, and the rest of the lesson's
explanation stays one key away (a collapsed "About this lesson"); code blocks are compact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Collapsible, Markdown
from textual.widgets._collapsible import CollapsibleTitle
from textual.widgets._markdown import MarkdownFence

from shelltutor.course.catalog import load_course
from shelltutor.service import TutorService, make_service
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput

from .conftest import FIXTURE_COURSE
from .helpers import screen_text, wait_ready, wait_until

LESSONS = Path(__file__).parent / "lessons"


@pytest.fixture
def teach_service(tmp_path: Path) -> Callable[[str], TutorService]:
    """A service on the fixture course plus tests/tui/lessons (a lesson with teaching between exercises)."""
    made: list[TutorService] = []

    def build(lang: str) -> TutorService:
        course = load_course([FIXTURE_COURSE, LESSONS], include_builtin=False)
        assert not course.problems, course.problems
        service = make_service(lang=lang, data_dir=tmp_path / "data", course=course)  # type: ignore[arg-type]
        made.append(service)
        return service

    yield build  # type: ignore[misc]
    for service in made:
        service.close()


def markdown_text(screen: LessonScreen, selector: str) -> str:
    return screen.query_one(selector, Markdown).source


async def test_every_exercise_reaches_the_lessons_teaching(teach_service: Callable[[str], TutorService]) -> None:
    service = teach_service("en")
    app = make_app(service, exercise="tui-teach/two")  # resumed at a later exercise, as the course map does
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        earlier = screen.query_one("#earlier", Collapsible)
        # exercise 2 has no teaching of its own: the lesson's is in "About this lesson", open on arrival
        assert earlier.display and not earlier.collapsed
        assert "LESSON-INTRO" in markdown_text(screen, "#earlier-text")
        assert "FIRST-STEP" in markdown_text(screen, "#earlier-text")
        assert not screen.query_one("#explanation", Markdown).display
        shown = screen_text(app)
        assert "▼ 📖 About this lesson" in shown and "LESSON-INTRO" in shown

        await pilot.press("f4")  # exercise 3: its own teaching shown, the earlier teaching collapsed
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-teach/three"
        assert earlier.collapsed
        assert "THIRD-STEP" in markdown_text(screen, "#explanation")
        assert "LESSON-INTRO" not in markdown_text(screen, "#explanation")
        assert "LESSON-INTRO" in markdown_text(screen, "#earlier-text")
        assert "THIRD-STEP" not in markdown_text(screen, "#earlier-text")
        shown = screen_text(app)
        assert "Before this exercise" in shown and "THIRD-STEP" in shown

        await pilot.press("ctrl+b")  # back to exercise 2, from exercise 3: the teaching is one key away
        screen = await wait_ready(pilot)
        assert earlier.display and earlier.collapsed
        shown = screen_text(app)
        assert "▶ 📖 About this lesson" in shown and "LESSON-INTRO" not in shown

        await pilot.press("ctrl+b")  # exercise 1: the lesson's explanation and its own, no section
        screen = await wait_ready(pilot)
        assert screen.index == 0
        assert not earlier.display
        text = markdown_text(screen, "#explanation")
        assert text.index("LESSON-INTRO") < text.index("FIRST-STEP")
        assert "About this lesson" in screen_text(app)


async def test_about_this_lesson_opens_from_the_keyboard_in_korean(
    teach_service: Callable[[str], TutorService],
) -> None:
    service = teach_service("ko")
    app = make_app(service, exercise="tui-teach/one")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+n")
        screen = await wait_ready(pilot)
        assert "▶ 📖 이 레슨에 대해" in screen_text(app)
        assert app.focused is screen.query_one(CommandInput)
        for _ in range(4):  # from the command line, Shift+Tab goes back through the panels to the section's title
            await pilot.press("shift+tab")
            if isinstance(app.focused, CollapsibleTitle):
                break
        assert isinstance(app.focused, CollapsibleTitle)
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.query_one("#earlier", Collapsible).collapsed
        assert "LESSON-INTRO" in screen_text(app)


async def test_code_blocks_in_the_lesson_are_compact(teach_service: Callable[[str], TutorService]) -> None:
    app = make_app(teach_service("en"), exercise="tui-teach/one")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.pause()
        fence = screen.query_one("#explanation").query_one(MarkdownFence)
        assert fence.outer_size.height == 1  # one line of code, no blank padding rows around it
        pane = [line[: screen.query_one("#lesson-pane").region.width] for line in screen_text(app).splitlines()]
        row = next(i for i, line in enumerate(pane) if ":wq" in line)
        assert pane[row - 1].strip() == "" and "quit with:" in pane[row - 2]  # one blank row above the code
        assert pane[row + 1].strip() == "" and "That is all" in pane[row + 2]  # and one below


async def test_teaching_follows_the_language(teach_service: Callable[[str], TutorService]) -> None:
    service = teach_service("en")
    app = make_app(service, exercise="tui-teach/three")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("f9")
        await wait_until(pilot, lambda: "세 번째" in markdown_text(screen, "#explanation"))
        assert "모드" in markdown_text(screen, "#earlier-text")
        shown = screen_text(app)
        assert "이 레슨에 대해" in shown and "이 연습 문제에 앞서" in shown
