"""Pilot tests of resizing the terminal while a lesson is open: nothing is cut off, nothing is left behind."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.widgets.output_view import REWRAP_DELAY, OutputView

from .helpers import screen_text, type_command, wait_ready


async def test_prompt_fits_after_resizing(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await wait_ready(pilot)
        label = screen.query_one("#prompt-label", Static)
        for size, prompt in (((80, 24), "~$ "), ((120, 36), "learner@shelltutor:~$ "), ((80, 24), "~$ ")):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert str(label.render()) == prompt
            assert label.region.width == cell_len(prompt), size  # neither a gap nor a cut-off prompt
            line = next(row for row in screen_text(app).splitlines() if "type a command" in row)
            assert f"│ {prompt}type a command" in line


async def test_transcript_is_wrapped_again_after_resizing(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(120, 36)) as pilot:
        words = " ".join(f"word{n}" for n in range(20))
        screen = await type_command(pilot, f"echo {words}")
        output = screen.query_one(OutputView)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(REWRAP_DELAY * 3)
        await pilot.pause()
        width = output.scrollable_content_region.width
        assert max(strip.cell_length for strip in output.lines) <= width
        assert output.virtual_size.width <= width  # no horizontal scrolling needed
        text = " ".join(strip.text.strip() for strip in output.lines)
        assert "word19" in text and "exit status 0" in text
        assert all(f"word{n}" in text for n in range(20))  # every word kept, none cut off
        # On screen too, once the panel is scrolled to them (the verdict below may take the rest of 24 rows).
        output.scroll_to(y=max(0, len(output.lines) - output.scrollable_content_region.height - 4), animate=False)
        await pilot.pause()
        shown = screen_text(app)
        assert "word0" in shown and "word19" in shown
