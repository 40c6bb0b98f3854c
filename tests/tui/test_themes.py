"""Pilot tests of the light and dark themes: the tutor's own coloured texts stay readable on both."""

from __future__ import annotations

import pytest
from rich.color import Color
from textual.widgets import Static

from shelltutor.service import TutorService
from shelltutor.tui.app import THEMES, make_app
from shelltutor.tui.widgets.output_view import OutputView

from .helpers import type_command, wait_ready

MIN_CONTRAST = 3.0
"""WCAG's minimum for large or bold text; the texts checked here are bold."""


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", THEMES)
async def test_prompt_and_warnings_are_readable(service: TutorService, theme: str) -> None:
    app = make_app(service, exercise="tui-count/count", theme=theme)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_ready(pilot)
        label = screen.query_one("#prompt-label", Static).rich_style
        assert label.color is not None and label.bgcolor is not None
        assert contrast(label.color.get_truecolor(), label.bgcolor.get_truecolor()) >= MIN_CONTRAST

        screen = await type_command(pilot, "yes | head -c 10M")  # stopped at the output cap: warnings in yellow
        output = screen.query_one(OutputView)
        background = output.background_colors[1].rgb
        row = next(strip for strip in output.lines if "no exit status" in strip.text)
        colours = {
            segment.style.color.name: segment.style.color
            for segment in row
            if segment.text.strip() and segment.style is not None and segment.style.color is not None
        }
        assert "yellow" in colours
        for colour in colours.values():
            shown = Color.get_truecolor(colour, app.ansi_theme)  # as Textual draws an ANSI colour in this theme
            assert contrast(shown, background) >= MIN_CONTRAST, (theme, colour.name, shown)
