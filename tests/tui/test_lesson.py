"""Pilot tests of the lesson screen against the real service and sandbox: answer, verdict, hints, reset, language."""

from __future__ import annotations

import re
from collections.abc import Callable

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.course_map import CourseMapScreen, CourseTree
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.files_view import FilesView
from shelltutor.tui.widgets.output_view import MAX_BACKGROUND_LINES, OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView

from .helpers import screen_text, type_command, wait_ready, wait_until

SIZE = (120, 36)


def transcript(screen: LessonScreen) -> str:
    """The terminal panel's text."""
    return "\n".join(strip.text for strip in screen.query_one(OutputView).lines)


def files_text(screen: LessonScreen) -> str:
    """Every label in the files tree."""
    tree = screen.query_one(FilesView)
    labels: list[str] = []

    def walk(node: object) -> None:
        for child in node.children:  # type: ignore[attr-defined]
            labels.append(str(child.label))
            walk(child)

    walk(tree.root)
    return "\n".join(labels)


async def test_wrong_then_right_answer_shows_verdicts_and_saves(service: TutorService) -> None:
    app = make_app(service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        await pilot.press("enter")  # fresh start: the first lesson is selected; Enter opens its first exercise
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-where/pwd"
        assert app.focused is screen.query_one(CommandInput)

        screen = await type_command(pilot, "ls")
        out = transcript(screen)
        assert "ls" in out and "1│ train.py" in out
        assert "NOT YET" in out
        view = screen.query_one(VerdictView)
        assert view.verdict is not None and view.verdict.status == "fail"
        assert view.has_class("-fail")
        shown = screen_text(app)
        assert "✘ NOT YET" in shown and "which directory you are in" in shown  # the wrong-answer explanation

        screen = await type_command(pilot, "ls /nonexistent")
        assert "2│ ls: cannot access" in transcript(screen)
        assert "exit status 2 (failure)" in transcript(screen)

        screen = await type_command(pilot, "pwd")
        out = transcript(screen)
        assert "1│ /home/" in out and "PASSED" in out
        assert view.verdict is not None and view.verdict.status == "pass"
        assert service.is_completed("tui-where/pwd")


async def test_hints_solution_next_and_files(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/mkdir")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        assert screen.exercise.global_id == "tui-where/mkdir"
        await pilot.press("f2")
        assert len(screen.hints) == 1
        await pilot.press("f2")
        await pilot.press("f2")  # no third hint: a notice, no crash
        assert len(screen.hints) == 2
        await pilot.press("f3")  # every hint shown: the solution may be revealed
        assert screen.solution == ["mkdir ~/reports"]

        screen = await type_command(pilot, "mkdir ~/reports")
        assert "reports/" in files_text(screen) and "(new)" in files_text(screen)
        assert service.is_completed("tui-where/mkdir")
        await pilot.press("f4")  # last exercise of the lesson: back to the course map
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))


async def test_history_completion_and_ctrl_keys(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        await pilot.press(*"hist", "tab")  # a command name where a command goes
        await wait_until(pilot, lambda: command.value == "history ")
        await pilot.press("ctrl+u", *"ls | wc", "tab")  # after a pipe too
        await wait_until(pilot, lambda: command.value == "ls | wc ")
        await pilot.press("ctrl+u", *"nohup sle", "tab")  # after a word that runs the next one
        await wait_until(pilot, lambda: command.value == "nohup sleep ")
        await pilot.press("ctrl+u")
        await pilot.press(*"cat ap", "tab")  # a file name as an argument
        await wait_until(pilot, lambda: command.value == "cat app.log ")
        await pilot.press("ctrl+w")
        assert command.value == "cat "
        await pilot.press("ctrl+u")
        assert command.value == ""
        screen = await type_command(pilot, "echo one")
        screen = await type_command(pilot, "echo two")
        await pilot.press("up")
        assert command.value == "echo two"
        await pilot.press("up")
        assert command.value == "echo one"
        await pilot.press("down", "down")
        assert command.value == ""
        await pilot.press("ctrl+l")
        assert transcript(screen).strip() == ""

        await pilot.press(*"sleep 30", "enter")
        await wait_until(pilot, lambda: screen.running)
        await pilot.press("ctrl+c")
        await wait_ready(pilot)
        assert screen.ready

        screen = await type_command(pilot, "wc -l < app.log")
        assert service.is_completed("tui-count/count")


async def test_hostile_output_is_contained(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_command(pilot, r"printf '\e[2J\e]0;pwned\a[bold]x[/bold]\n'; yes | head -c 300000")
        out = transcript(screen)
        assert "\x1b" not in out and "␛" in out
        assert "[bold]x[/bold]" in out  # learner text is never read as markup
        assert "more output not shown" in out
        # The job waits before its flood, so that the flood arrives after the `&` command has returned (on a
        # loaded machine, output written at once could still count as that command's own).
        screen = await type_command(
            pilot, "(sleep 0.5; for i in $(seq 50); do echo bg $i; done; sleep 0.3; echo late) &"
        )
        screen = await type_command(pilot, "wait; echo still here")
        out = transcript(screen)
        assert "1│ still here" in out
        # A flood from a background job is shown capped, per command it arrived during: never all 50 lines.
        shown = re.findall(r"&│ bg (\d+)", out)
        assert shown[0] == "1" and "more lines" in out
        assert len(shown) <= 2 * MAX_BACKGROUND_LINES


async def test_reset_exercise_language_switch_and_back(service_factory: Callable[..., TutorService]) -> None:
    service = service_factory("en")
    app = make_app(service, exercise="tui-where/mkdir")
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_command(pilot, "mkdir ~/reports")
        assert service.is_completed("tui-where/mkdir")
        await pilot.press("f5")
        await pilot.press("y")
        await wait_ready(pilot)
        assert not service.is_completed("tui-where/mkdir")
        assert "reports" not in files_text(screen)
        assert screen.query_one(VerdictView).verdict is None

        await pilot.press("f9")
        assert service.lang == "ko"
        assert "연습 문제 2/2" in str(screen.query_one("#exercise-box").border_title)
        screen = await type_command(pilot, "ls")
        assert "단계 — 계속하세요" in transcript(screen)  # a look around is a step, not a failure
        screen = await type_command(pilot, "mkdir ~/report")
        assert "아직 아님" in transcript(screen)

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        tree = app.screen.query_one(CourseTree)
        labels = [str(node.label) for node in tree.root.children]
        assert any("둘러보기" in label for label in labels)

    again = service_factory()  # the language is a saved setting
    assert again.lang == "ko"


async def test_full_screen_program_without_a_terminal_says_so(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        assert screen.run is not None and screen.run.needs_terminal("less app.log")
        screen = await type_command(pilot, "less app.log")  # headless: the app cannot hand its terminal over
        assert "needs a real terminal" in transcript(screen)
        screen = await type_command(pilot, "echo ok")
        assert "1│ ok" in transcript(screen)


async def test_a_step_on_the_way_is_not_a_failure(service: TutorService) -> None:
    """`ls` before the answer is a look around: shown as a step, not NOT YET, and not a failed attempt."""
    app = make_app(service, exercise="tui-where/mkdir")
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_command(pilot, "ls -la")
        assert "STEP — KEEP GOING" in transcript(screen) and "NOT YET" not in transcript(screen)
        verdict = screen.query_one(VerdictView).verdict
        assert verdict is not None and verdict.status == "step"
        assert service.store.failed_attempts("tui-where/mkdir") == 0
        screen = await type_command(pilot, "mkdir ~/report")
        assert "NOT YET" in transcript(screen)
        assert service.store.failed_attempts("tui-where/mkdir") == 1
