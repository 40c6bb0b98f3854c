"""Pilot tests of the course map: first lesson selected on a fresh start, resume later, open any lesson, reset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.cells import cell_len

from shelltutor.course.catalog import load_course
from shelltutor.service import TutorService, make_service
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.screens.course_map import CourseMapScreen, CourseTree
from shelltutor.tui.screens.help import HelpScreen, help_renderable

from .conftest import FIXTURE_COURSE
from .helpers import rendered_text, screen_text, type_command, wait_ready, wait_until

SIZE = (100, 30)


def cursor_id(app: object) -> str | None:
    """The id of the course tree's highlighted item."""
    tree = app.screen.query_one(CourseTree)  # type: ignore[attr-defined]
    node = tree.cursor_node
    return node.data.id if node is not None and node.data is not None else None


async def test_fresh_start_selects_first_lesson_and_any_lesson_opens(service: TutorService) -> None:
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen) and cursor_id(app) is not None)
        assert cursor_id(app) == "tui-where"
        assert "Welcome!" in screen_text(app)
        await pilot.press("down", "down", "down")  # past lesson 1, chapter 2's title, to lesson tui-count
        assert cursor_id(app) == "tui-count"
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-count/count"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))


async def test_later_start_resumes_and_reset_asks_first(service_factory: Callable[..., TutorService]) -> None:
    first = service_factory()
    app = make_app(first)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: cursor_id(app) == "tui-where")
        await pilot.press("enter")
        await type_command(pilot, "pwd")
        await pilot.press("f4")
        await wait_ready(pilot)

    second = service_factory()
    app = make_app(second)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: cursor_id(app) == "tui-where")
        assert "Welcome back" in screen_text(app)
        await pilot.press("enter")  # resumes at the second exercise, where the learner left off
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-where/mkdir"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # No keeps the progress
        assert second.is_completed("tui-where/pwd")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        assert not second.is_completed("tui-where/pwd")


async def test_help_lists_keys_and_closes(service: TutorService) -> None:
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Keys" in screen_text(app)
        text = rendered_text(help_renderable("en"), width=100)
        for key in ("Ctrl+Q", "F1", "F2", "F3", "F4", "F5", "F6", "F9", "F10", "Esc", "Ctrl+C", "Ctrl+L", "Ctrl+W"):
            assert key in text
        assert "Show the next hint" in text and "다음 힌트 보기" in rendered_text(help_renderable("ko"), width=100)
        await pilot.press("escape")
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("f10")
        assert app.theme == "textual-light"
        assert service.setting("theme") == "textual-light"


async def test_reset_with_nothing_done_does_not_ask(service: TutorService) -> None:
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: cursor_id(app) == "tui-where")
        await pilot.press("r")  # the lesson: nothing done yet
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await wait_until(pilot, lambda: any("Nothing to reset" in n.message for n in app._notifications))
        await pilot.press("right", "down")  # its first exercise, not done either
        assert cursor_id(app) == "tui-where/pwd"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_long_lesson_titles_are_cut_before_the_scrollbar(tmp_path: Path) -> None:
    course = load_course([FIXTURE_COURSE, Path(__file__).parent / "lessons"], include_builtin=False)
    service = make_service(lang="ko", data_dir=tmp_path / "data", course=course)
    try:
        app = make_app(service)
        async with app.run_test(size=(80, 10)) as pilot:
            await wait_until(pilot, lambda: cursor_id(app) == "tui-where")
            await pilot.press("right", *["down"] * 5)  # its exercises shown: the tree needs its scrollbar
            assert cursor_id(app) == "tui-teach"
            await pilot.pause()
            tree = app.screen.query_one(CourseTree)
            assert tree.show_vertical_scrollbar
            right = tree.content_region.right - tree.styles.scrollbar_size_vertical
            row = next(line for line in screen_text(app).splitlines() if "○ 여든" in line)
            assert "…  0/3" in row  # cut with an ellipsis, the count still shown
            assert cell_len(row[: row.index("0/3") + 3]) <= right

            await pilot.resize_terminal(220, 12)  # wide enough: the whole title again
            await pilot.pause(0.1)
            await pilot.pause()
            assert any(
                "들어가지 않는 아주 긴 레슨 제목으로 편집하기  0/3" in line for line in screen_text(app).splitlines()
            )
    finally:
        service.close()


async def test_the_banner_and_enter_agree_after_an_exercise_is_passed(service: TutorService) -> None:
    """Back on the map after passing the last exercise of a lesson, Enter opens what the banner says it
    continues with (the cursor used to stay on the finished lesson)."""
    app = make_app(service, exercise="tui-where/mkdir")
    async with app.run_test(size=SIZE) as pilot:
        await type_command(pilot, "mkdir ~/reports")
        assert service.is_completed("tui-where/mkdir")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen) and cursor_id(app) == "tui-count")
        banner = screen_text(app)
        continues = service.course.exercise("tui-count/count")
        assert continues is not None and continues.title.en in banner
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-count/count"


def test_resume_never_offers_a_passed_exercise_while_others_wait(service: TutorService) -> None:
    """The saved position was passed, and so was the next one: continue with the first one still waiting."""
    service.store.record_attempt("tui-where/mkdir", ["mkdir ~/reports"], "pass")
    service.store.record_attempt("tui-count/count", ["wc -l < app.log"], "pass")
    service.store.set_position("tui-where/mkdir")
    assert service.resume_target() == ("tui-where", "tui-where/pwd")
