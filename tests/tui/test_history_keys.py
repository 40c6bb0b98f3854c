"""The command line's history is the shell's: Up after a restart of the tutor, and Ctrl-R reverse search."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.output_view import OutputView

from .helpers import screen_text, type_command, wait_ready, wait_until

SIZE = (180, 36)
"""Wide enough for the search prompt and the match next to the shell's prompt."""


def transcript(screen: LessonScreen) -> str:
    """The terminal panel's text."""
    return "\n".join(strip.text for strip in screen.query_one(OutputView).lines)


def prompt_row(app: object) -> str:
    """The screen row of the command line: the last line with the shell's prompt on it, or with readline's search
    prompt, which takes the shell prompt's place during Ctrl-R."""
    marks = ("learner@shelltutor:", "i-search)", "역방향 검색")
    rows = [row for row in screen_text(app).splitlines() if any(m in row for m in marks)]  # type: ignore[arg-type]
    return rows[-1]


async def test_up_recalls_the_commands_of_the_last_run_of_the_tutor(
    service_factory: Callable[..., TutorService],
) -> None:
    first = make_app(service_factory("en"), exercise="tui-count/count")
    async with first.run_test(size=SIZE) as pilot:
        await type_command(pilot, "echo from-the-last-run")
        await type_command(pilot, "ls")
    # A new tutor on the same data directory, another exercise: the shell and the command line have it.
    again = make_app(service_factory("en"), exercise="tui-where/pwd")
    async with again.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        assert command.history == ["echo from-the-last-run", "ls"]
        await pilot.press("up")
        assert command.value == "ls"
        await pilot.press("up")
        assert command.value == "echo from-the-last-run"
        await pilot.press("up")  # the oldest stays
        assert command.value == "echo from-the-last-run"
        await pilot.press("down", "down")
        assert command.value == ""
        screen = await type_command(pilot, "history")
        assert "    1  echo from-the-last-run" in transcript(screen)
        assert "    3  history" in transcript(screen)
        screen = await type_command(pilot, "!1")
        assert "1│ from-the-last-run" in transcript(screen)
        await pilot.press("up")  # the line as bash recorded it, not `!1`
        assert command.value == "echo from-the-last-run"


async def test_ctrl_r_searches_back_and_enter_runs_the_match(service: TutorService) -> None:
    for entry in ("grep ERROR app.log", "wc -l app.log", "echo no match here", "grep -c INFO app.log"):
        service.history.append(entry)
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        await pilot.press("ctrl+r")
        assert command.search is not None
        assert "(reverse-i-search)`': " in prompt_row(app)
        await pilot.press(*"grep")
        assert "(reverse-i-search)`grep': grep -c INFO app.log" in prompt_row(app)
        await pilot.press("ctrl+r")  # further back
        assert "(reverse-i-search)`grep': grep ERROR app.log" in prompt_row(app)
        await pilot.press("ctrl+r")  # nothing older: readline says so and keeps the last match
        assert "(failed reverse-i-search)`grep': grep ERROR app.log" in prompt_row(app)
        await pilot.press("backspace")  # undoes the last key: the failed Ctrl-R
        assert "(reverse-i-search)`grep': grep ERROR app.log" in prompt_row(app)
        await pilot.press("backspace")  # and the one before
        assert "(reverse-i-search)`grep': grep -c INFO app.log" in prompt_row(app)
        await pilot.press("backspace")  # and the `p`
        assert "(reverse-i-search)`gre': grep -c INFO app.log" in prompt_row(app)
        await pilot.press("p", "ctrl+r")
        assert "(reverse-i-search)`grep': grep ERROR app.log" in prompt_row(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.ready and "grep ERROR app.log" in transcript(screen))
        await wait_ready(pilot)
        assert command.search is None and command.value == ""
        assert "learner@shelltutor:~$ grep ERROR app.log" in transcript(screen)
        assert command.history[-1] == "grep ERROR app.log"
        # Ctrl-R with nothing typed searches for what the last search found.
        await pilot.press("ctrl+r", "ctrl+r")
        assert "`grep': grep ERROR app.log" in prompt_row(app)
        await pilot.press("escape")


async def test_esc_and_ctrl_g_cancel_and_other_keys_keep_the_match(service: TutorService) -> None:
    for entry in ("wc -l app.log", "head -n 3 app.log", "tail -n 2 app.log"):
        service.history.append(entry)
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        await pilot.press(*"draft")
        await pilot.press("ctrl+r", *"head")
        assert "`head': head -n 3 app.log" in prompt_row(app)
        await pilot.press("escape")  # cancels the search, not the lesson
        assert isinstance(app.screen, LessonScreen)
        assert command.search is None and command.value == "draft"
        assert "learner@shelltutor:~$ draft" in prompt_row(app)
        await pilot.press("ctrl+r", *"tail", "ctrl+g")
        assert command.search is None and command.value == "draft"

        await pilot.press("ctrl+u", "ctrl+r", *"head", "end")  # a cursor key ends the search on the match
        assert command.search is None
        assert command.value == "head -n 3 app.log" and command.cursor_position == len(command.value)
        await pilot.press("up")  # and Up goes on from the match, as in bash
        assert command.value == "wc -l app.log"
        await pilot.press("down", "down", "down")
        assert command.value == ""  # past the newest: the line typed before the search

        await pilot.press("ctrl+r", *"zzz")
        assert "(failed reverse-i-search)`zzz': " in prompt_row(app)
        await pilot.press("enter")  # nothing found: the line as it was runs (here: nothing)
        assert command.search is None and command.value == ""
        assert not any(entry == "zzz" for entry in command.history)


async def test_the_search_prompt_is_in_the_learners_language(service_factory: Callable[..., TutorService]) -> None:
    service = service_factory("ko")
    service.history.append("grep ERROR app.log")
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+r", *"ERR")
        assert "(역방향 검색)`ERR': grep ERROR app.log" in prompt_row(app)
        await pilot.press(*"X")
        assert "(역방향 검색 실패)`ERRX': grep ERROR app.log" in prompt_row(app)


async def test_a_multi_line_command_is_recalled_on_one_line_and_runs_whole(service: TutorService) -> None:
    service.history.append("for i in 1 2\ndo echo line-$i\ndone")
    service.history.append("echo \x1b]0;title\x07 \x1b[2J")  # saved by hand: shown, never obeyed
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        command = screen.query_one(CommandInput)
        await pilot.press("up")
        assert command.value == "echo ␛]0;title␇ ␛[2J"
        await pilot.press("up")
        assert command.value == "for i in 1 2␤do echo line-$i␤done"
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.ready and "line-2" in transcript(screen))
        assert "1│ line-1" in transcript(screen) and "1│ line-2" in transcript(screen)
        assert command.history[-1] == "for i in 1 2\ndo echo line-$i\ndone"  # one entry, as bash has it
        screen = await type_command(pilot, "history")
        assert "    3  for i in 1 2\ndo echo line-$i\ndone" in transcript(screen).replace("1│ ", "")


async def test_a_narrow_command_line_shortens_the_search_prompt(service: TutorService) -> None:
    service.history.append("grep -c INFO app.log")
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(80, 24)) as pilot:  # the terminal panel leaves the command line ~35 columns
        screen = await wait_ready(pilot)
        toggles: list[bool] = []
        command = screen.query_one(CommandInput)
        original = command.post_message

        def spy(message: Message) -> bool:
            if isinstance(message, CommandInput.SearchToggled):
                toggles.append(message.active)
            return original(message)

        command.post_message = spy  # type: ignore[method-assign]
        await pilot.press("ctrl+r", *"INFO")
        row = prompt_row(app)
        assert "(i-search)`INFO': grep -c INFO app.log" in row  # the match stays readable
        assert "reverse-i-search" not in row
        await pilot.press("escape")
        assert toggles == [True, False]  # the screen may show the search in place of the shell's prompt
