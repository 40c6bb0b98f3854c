"""Keys that arrive together (a fast typist, a terminal multiplexer) are applied in the order they were typed."""

from __future__ import annotations

from textual import events

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.widgets.command_input import CommandInput

from .helpers import wait_ready, wait_until
from .test_lesson import transcript

SIZE = (120, 36)


async def test_editing_keys_in_a_burst_act_in_order(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        command.focus()
        await pilot.pause()

        def burst(*keys: str) -> None:
            # All queued before any is handled, as when one read from the terminal holds them all.
            for key in keys:
                character = key if len(key) == 1 else None
                command.post_message(events.Key(key, character))

        burst(*"echo hi", "ctrl+a", "X")
        await pilot.pause()
        assert command.value == "Xecho hi"
        burst("ctrl+e", "ctrl+w", *"there", "ctrl+a", "ctrl+k", *"wc -l")
        await pilot.pause()
        assert command.value == "wc -l"


async def test_keys_typed_while_an_exercise_opens_reach_its_command_line(service: TutorService) -> None:
    """Enter on the map, then `pwd` and Enter at once, as a fast typist does: none of it is lost (the keys
    used to go to the course map, which was still on screen, and only the Enter arrived)."""
    app = make_app(service)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        for key, char in (("enter", "\r"), ("p", "p"), ("w", "w"), ("d", "d"), ("enter", "\r")):
            app.post_message(events.Key(key, char))  # all queued before any is handled
        screen = await wait_ready(pilot)
        await wait_until(pilot, lambda: "/home/learner" in transcript(screen), timeout=20)
        assert "$ pwd" in transcript(screen)
