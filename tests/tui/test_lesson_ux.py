"""Pilot tests of small lesson-screen behaviours: the badge after a pass, the command line while a command
runs, typing with the focus elsewhere, and a footer that fits at 80 columns."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.cells import cell_len

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.keys import GLOBAL_KEYS, LESSON_KEYS, MAP_KEYS
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.screens.help import HelpScreen, help_renderable
from shelltutor.tui.strings import tr
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.key_bar import KeyBar

from .helpers import rendered_text, screen_text, type_command, wait_ready, wait_until

SIZE = (120, 36)


def badge(app: object) -> str:
    return str(app.screen.query_one("#exercise-box").border_subtitle)  # type: ignore[attr-defined]


async def test_badge_says_just_passed_then_already_done(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/mkdir")
    async with app.run_test(size=SIZE) as pilot:
        await type_command(pilot, "mkdir ~/reports")
        assert service.is_completed("tui-where/mkdir")
        assert badge(app) == "✔ passed just now"
        await pilot.press("f9")
        assert badge(app) == "✔ 방금 통과"
        await pilot.press("f9")
        await pilot.press("ctrl+b")  # away and back: now it was done before
        await wait_ready(pilot)
        await pilot.press("ctrl+n")
        await wait_ready(pilot)
        assert badge(app) == "✔ already done"


async def test_no_placeholder_while_a_command_runs(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        assert command.placeholder == "type a command"
        await pilot.press(*"sleep 5", "enter")
        await wait_until(pilot, lambda: screen.running)
        await pilot.pause()
        assert command.placeholder == ""
        assert "type a command" not in screen_text(app)
        assert "running…" in screen_text(app) or "⏱" in screen_text(app)  # from a second on, how long it has run
        await pilot.press("ctrl+c")
        await wait_ready(pilot)
        assert command.placeholder == "type a command"


async def test_typing_with_the_focus_elsewhere_goes_to_the_command_line(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is not command
        await pilot.press(*"wc -l")
        assert app.focused is command
        assert command.value == "wc -l"
        await pilot.press(*" < app.log", "enter")
        await wait_ready(pilot)
        assert service.is_completed("tui-count/count")

        await pilot.press("f5")  # keys in a dialog keep their meaning: N answers no, nothing is typed
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_ready(pilot)
        assert command.value == ""
        assert service.is_completed("tui-count/count")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_footer_fits_at_80_columns_with_quit(service_factory: Callable[..., TutorService], lang: str) -> None:
    """At 80×24 every footer key is shown, on two rows; with room (160 columns), on one."""
    service = service_factory(lang)
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        rows = screen_text(app).splitlines()[-2:]
        footer = " ".join(rows)
        quit_label = "Ctrl+Q " + tr("key.quit", lang)
        assert quit_label in footer and "…" not in footer
        for key in (*LESSON_KEYS, *GLOBAL_KEYS):
            if key.short:
                assert key.label.split(" / ")[0] + " " in footer, key.label  # F5, F6, F10 too
        assert all(cell_len(row.rstrip()) <= 80 for row in rows)
        shown = app.screen.query_one(KeyBar).shown
        assert len(shown) == len([k for k in (*LESSON_KEYS, *GLOBAL_KEYS) if k.short])
        assert app.screen.query_one(KeyBar).size.height == 2

        await pilot.resize_terminal(160, 48)  # one row when there is room
        await pilot.pause()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "F10" in footer and quit_label in footer and "F6" in footer
        assert app.screen.query_one(KeyBar).size.height == 1

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert quit_label in footer and "…" not in footer

        await pilot.press("f1")  # the help screen lists every key, footer or not
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed = rendered_text(help_renderable(lang))
        for key in (*GLOBAL_KEYS, *LESSON_KEYS, *MAP_KEYS):
            assert key.label in listed


async def test_page_keys_scroll_the_lesson_and_the_terminal_while_typing(service: TutorService) -> None:
    # The command line has the focus; PgUp/PgDn (the lesson) and Shift+PgUp/PgDn (the terminal) still work.
    from textual.containers import VerticalScroll

    from shelltutor.tui.widgets.output_view import OutputView

    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await type_command(pilot, "seq 200")
        assert isinstance(app.focused, CommandInput)
        lesson = screen.query_one("#lesson-scroll", VerticalScroll)
        output = screen.query_one(OutputView)
        assert lesson.max_scroll_y > 0 and output.max_scroll_y > 0
        await pilot.press("pagedown")
        assert lesson.scroll_y > 0
        await pilot.press("pageup")
        assert lesson.scroll_y == 0
        bottom = output.scroll_y
        await pilot.press("shift+pageup")
        await pilot.pause()
        assert output.scroll_y < bottom
        assert isinstance(app.focused, CommandInput)
