"""Prepared sandboxes: the course map and the lesson start the next shell ahead of time, and none outlives its use."""

from __future__ import annotations

import os
import time
from pathlib import Path

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.course_map import CourseMapScreen, CourseTree

from .helpers import type_command, wait_ready, wait_until

SIZE = (100, 30)


def sandbox_processes() -> list[int]:
    """The sandboxes this process started and has not ended: its children (each sandbox's bwrap, or the
    unisolated keeper). Zombies count: an ended sandbox is waited for by whoever closes it."""
    mine = str(os.getpid())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if fields[1] == mine:
            found.append(int(entry.name))
    return found


def wait_for_no_sandboxes(timeout: float = 10.0) -> list[int]:
    """The sandboxes still there after waiting up to `timeout` for them to end (closes run in the background)."""
    deadline = time.monotonic() + timeout
    while sandbox_processes() and time.monotonic() < deadline:
        time.sleep(0.05)
    return sandbox_processes()


def spare_seed(service: TutorService, global_id: str) -> int | None:
    """The seed of the session prepared for `global_id`, if there is one."""
    return next((key.seed for key in service._spares.spare_keys() if key.exercise_id == global_id), None)


async def test_enter_on_the_map_opens_the_session_prepared_while_the_cursor_rested(service: TutorService) -> None:
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot, lambda: isinstance(app.screen, CourseMapScreen) and service.prepared_for("tui-where/pwd")
        )
        seed = spare_seed(service, "tui-where/pwd")
        await pilot.press("enter")
        screen = await wait_ready(pilot)
        assert screen.run is not None and screen.run.seed == seed  # the prepared sandbox, with its data
        assert not service.prepared_for("tui-where/pwd")  # taken, not kept as a spare too
        await type_command(pilot, "pwd")
        assert screen.run.passed


async def test_an_exercise_not_prepared_opens_a_fresh_session(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/mkdir")  # opened at once: nothing was prepared for it
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-where/mkdir"
        await type_command(pilot, "mkdir ~/reports")
        assert screen.run is not None and screen.run.passed


async def test_the_lesson_prepares_what_f4_opens(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: service.prepared_for("tui-where/mkdir"))
        seed = spare_seed(service, "tui-where/mkdir")
        await pilot.press("f4")
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-where/mkdir"
        assert screen.run is not None and screen.run.seed == seed


async def test_a_spare_made_stale_by_a_command_is_replaced(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: service.prepared_for("tui-where/mkdir"))
        before = spare_seed(service, "tui-where/mkdir")
        await type_command(pilot, "echo hello")  # the next shell's history now has this command
        await wait_until(pilot, lambda: spare_seed(service, "tui-where/mkdir") not in (None, before))
        await pilot.press("f4")
        screen = await wait_ready(pilot)
        assert screen.run is not None
        assert "echo hello" in screen.run.history  # the shell F4 opened knows the command run before


async def test_moving_over_the_map_keeps_at_most_two_spares_and_closes_the_rest(service: TutorService) -> None:
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: service.prepared_for("tui-where/pwd"))
        tree = app.screen.query_one(CourseTree)
        for _ in range(4):  # down to the lessons' exercises and back, resting on each
            await pilot.press("right", "down")
            await pilot.pause(0.5)
        assert len(service._spares.spare_keys()) <= 2
        assert tree.cursor_node is not None
        await pilot.press("ctrl+q")
    assert wait_for_no_sandboxes() == []


async def test_ctrl_q_leaves_no_sandbox_behind(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await wait_until(pilot, lambda: service.prepared_for("tui-where/mkdir"))
        screen.query_one("#command").insert_text_at_cursor("sleep 30")  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.running)
        assert sandbox_processes()
        await pilot.press("ctrl+q")
    # The app closed every sandbox side by side as it ended (the one running `sleep 30`, and the spare); the
    # grading of the interrupted command may still be ending its own sandboxes on the session thread.
    assert wait_for_no_sandboxes() == []


async def test_enter_before_the_redrawn_map_placed_its_cursor_opens_the_lesson(service: TutorService) -> None:
    """An Enter that arrives between the map's redraw and the cursor's placement (a busy machine, a browser) opens
    what the cursor was about to be on, instead of nothing."""
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        screen = app.screen
        assert isinstance(screen, CourseMapScreen)
        tree = screen.query_one(CourseTree)
        screen.refresh_overview()
        assert tree.pending is not None  # the cursor is placed after the next refresh
        tree.action_select_cursor()  # what Enter does, before that refresh
        opened = await wait_ready(pilot)
        assert opened.exercise.global_id == "tui-where/pwd"
