"""Pilot tests of pasting into the command line: every pasted line runs, in order, one at a time, like a terminal."""

from __future__ import annotations

import threading
import time

from textual import events

from shelltutor.service import TutorService
from shelltutor.tui.app import ShellTutorApp, make_app
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput

from .helpers import type_command, wait_ready, wait_until
from .test_lesson import transcript

SIZE = (120, 36)


def count_runs(screen: LessonScreen) -> dict[str, int]:
    """Wrap the exercise's `run` to count commands and the most that ever ran at the same time."""
    run = screen.run
    assert run is not None
    real = run.run
    stats = {"calls": 0, "active": 0, "most": 0}
    lock = threading.Lock()

    def counted(command: str, **kwargs: object) -> object:
        with lock:
            stats["calls"] += 1
            stats["active"] += 1
            stats["most"] = max(stats["most"], stats["active"])
        try:
            return real(command, **kwargs)  # type: ignore[arg-type]
        finally:
            with lock:
                stats["active"] -= 1

    run.run = counted  # type: ignore[method-assign]
    return stats


async def paste(app: ShellTutorApp, text: str) -> None:
    """A bracketed paste, as the terminal delivers it."""
    app.post_message(events.Paste(text))


def prompts(screen: LessonScreen) -> list[str]:
    """The command lines echoed in the terminal panel, in order."""
    return [line.partition("$ ")[2] for line in transcript(screen).splitlines() if "$ " in line]


async def test_pasted_lines_run_in_order_each_graded(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        stats = count_runs(screen)
        command = screen.query_one(CommandInput)
        await paste(app, "echo one\n\necho two\n")
        await wait_until(pilot, lambda: stats["calls"] == 2 and screen.ready)
        assert prompts(screen) == ["echo one", "echo two"]  # the empty line is skipped
        out = transcript(screen)
        assert out.index("1│ one") < out.index("echo two") < out.index("1│ two")
        assert out.count("NOT YET") == 2  # each line graded like a typed one
        assert command.value == ""
        assert command.history == ["echo one", "echo two"]


async def test_paste_without_final_newline_leaves_the_last_line_to_finish(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        stats = count_runs(screen)
        command = screen.query_one(CommandInput)
        await pilot.press(*"echo ")  # the first pasted line joins what was typed, as in a terminal
        await paste(app, "start\nwc -l < app")
        await wait_until(pilot, lambda: stats["calls"] == 1 and screen.ready)
        assert prompts(screen) == ["echo start"]
        assert command.value == "wc -l < app"
        await pilot.press(*".log", "enter")
        await wait_ready(pilot)
        assert service.is_completed("tui-count/count")


async def test_paste_while_a_command_runs_waits_for_it(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        stats = count_runs(screen)
        await pilot.press(*"sleep 0.5", "enter")
        await wait_until(pilot, lambda: screen.running)
        await paste(app, "echo a\necho b\n")
        await paste(app, "echo c\n")
        await wait_until(pilot, lambda: stats["calls"] == 4 and screen.ready)
        assert stats["most"] == 1  # never two commands at once
        assert prompts(screen) == ["sleep 0.5", "echo a", "echo b", "echo c"]
        out = transcript(screen)
        assert out.index("1│ a") < out.index("1│ b") < out.index("1│ c")

        screen = await type_command(pilot, "echo typed")  # and the command line works as before
        assert prompts(screen)[-1] == "echo typed"


async def test_ctrl_c_drops_pasted_lines_not_yet_run(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await paste(app, "sleep 30\necho never\n")
        await wait_until(pilot, lambda: screen.running)
        await pilot.press("ctrl+c")  # as a terminal flushes its type-ahead on ^C
        await wait_ready(pilot)
        await pilot.pause(0.3)
        assert screen.ready
        assert "echo never" not in transcript(screen)


async def test_a_line_typed_while_a_command_runs_runs_after_it(service: TutorService) -> None:
    # Type-ahead, as in a terminal: Enter during a running command queues the line instead of refusing it.
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        stats = count_runs(screen)
        command = screen.query_one(CommandInput)
        await pilot.press(*"sleep 2", "enter")
        await wait_until(pilot, lambda: screen.running)
        command.insert_text_at_cursor("echo '[t]yped ahead'")
        await pilot.press("enter")
        assert screen.running, "the line was typed while the command ran"
        assert command.value == ""
        assert any("[t]yped ahead" in str(n.message) for n in app._notifications)  # shown as typed, not markup
        await wait_until(pilot, lambda: stats["calls"] == 2 and screen.ready)
        assert stats["most"] == 1
        assert prompts(screen) == ["sleep 2", "echo '[t]yped ahead'"]
        assert "1│ [t]yped ahead" in transcript(screen)
        assert command.history == ["sleep 2", "echo '[t]yped ahead'"]


async def test_ctrl_c_drops_lines_typed_ahead(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press(*"sleep 30", "enter")
        await wait_until(pilot, lambda: screen.running)
        await pilot.press(*"echo never", "enter")
        assert screen.running
        await pilot.press("ctrl+c")
        await wait_ready(pilot)
        await pilot.pause(0.3)
        assert "echo never" not in transcript(screen)


async def test_an_empty_line_typed_ahead_does_not_hold_up_the_next(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        stats = count_runs(screen)
        await pilot.press(*"sleep 4", "enter")  # long enough to type ten keys during it on a busy machine
        await wait_until(pilot, lambda: screen.running)
        await pilot.press("enter", *"echo two", "enter")
        assert screen.running and list(screen._queue) == ["", "echo two"]
        await wait_until(pilot, lambda: stats["calls"] == 2 and screen.ready)
        assert prompts(screen)[-1] == "echo two"


async def test_a_line_typed_during_a_reset_runs_in_the_fresh_shell(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        run = screen.run
        assert run is not None
        real_reset = run.reset

        def slow_reset() -> None:
            time.sleep(1)  # long enough to type during it
            real_reset()

        run.reset = slow_reset  # type: ignore[method-assign]
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # a learner reads it, then says y
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.run is None)
        screen.query_one(CommandInput).insert_text_at_cursor("echo after-reset")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.ready and "after-reset" in transcript(screen).split("↻")[-1])
        assert "1│ after-reset" in transcript(screen)
