"""Helpers for driving the real app with Pilot: wait for the session thread, type like a learner."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot

from shelltutor.tui.app import ShellTutorApp
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput


async def wait_until(pilot: Pilot[object], condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the app run until `condition` holds (sessions and commands finish on the session thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)
    await pilot.pause()


def lesson_screen(app: ShellTutorApp) -> LessonScreen:
    """The lesson on top of the stack."""
    screen = app.screen
    assert isinstance(screen, LessonScreen), f"expected the lesson screen, got {screen!r}"
    return screen


async def wait_ready(pilot: Pilot[object]) -> LessonScreen:
    """Wait until the lesson's shell is started and no command is running."""
    app = pilot.app
    assert isinstance(app, ShellTutorApp)
    await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.ready)
    return lesson_screen(app)


async def type_command(pilot: Pilot[object], command: str) -> LessonScreen:
    """Type a command into the command line, press Enter and wait for its verdict."""
    screen = await wait_ready(pilot)
    command_input = screen.query_one(CommandInput)
    command_input.focus()
    if len(command) <= 12:
        await pilot.press(*command, "enter")  # typed key by key, as a learner does
    else:
        command_input.insert_text_at_cursor(command)  # pasted: typing long lines key by key is slow under Pilot
        await pilot.press("enter")
    await pilot.pause()
    return await wait_ready(pilot)


def screen_text(app: ShellTutorApp) -> str:
    """What the learner sees, as plain text (the same render as a screenshot)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def rendered_text(renderable: object, width: int = 100) -> str:
    """A Rich renderable as plain text."""
    import io

    from rich.console import Console

    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()
