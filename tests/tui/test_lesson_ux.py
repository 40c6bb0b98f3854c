"""Pilot tests of the lesson screen's footer: it fits at 80 columns, and Ctrl+Q Quit always shows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.cells import cell_len

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.keys import GLOBAL_KEYS, LESSON_KEYS, MAP_KEYS
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.screens.help import HelpScreen, help_renderable
from shelltutor.tui.strings import tr
from shelltutor.tui.widgets.key_bar import KeyBar

from .helpers import rendered_text, screen_text, wait_ready, wait_until


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_footer_fits_at_80_columns_with_quit(service_factory: Callable[..., TutorService], lang: str) -> None:
    service = service_factory(lang)
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        footer = screen_text(app).splitlines()[-1]
        quit_label = "Ctrl+Q " + tr("key.quit", lang)
        assert quit_label in footer and "…" not in footer
        for essential in ("F1", "F2", "Esc"):
            assert essential in footer
        assert cell_len(footer.rstrip()) <= 80
        shown = app.screen.query_one(KeyBar).shown
        assert len(shown) < len([k for k in (*LESSON_KEYS, *GLOBAL_KEYS) if k.short])  # some left out …

        await pilot.resize_terminal(120, 36)  # … and all back when there is room
        await pilot.pause()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "F10" in footer and quit_label in footer and "F6" in footer

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
