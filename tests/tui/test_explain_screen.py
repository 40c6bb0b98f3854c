"""F7 on the lesson screen: the command line (or the last command) explained in a dialog, against the exercise's
live shell; Esc closes it. With snapshots of the dialog in English and Korean.

Update the snapshots after an intended change with `pytest tests/tui/test_explain_screen.py --snapshot-update`,
and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.explain import ExplainScreen
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput

from .helpers import screen_text, type_command, wait_ready, wait_until

SIZE = (120, 36)
TYPED = "ls -l *.py $GREETING 2>&1 >out.txt | wc -l"


def _spans(screen: ExplainScreen) -> dict[str, tuple[str, ...] | None]:
    return {s.text: s.expands_to for s in screen.explanation.spans if s.kind == "expansion"}


async def _open_explain(pilot: Pilot[object]) -> ExplainScreen:
    await pilot.press("f7")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExplainScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ExplainScreen)
    return screen


async def _explain_line(pilot: Pilot[object], line: str) -> ExplainScreen:
    """Type `line` (without running it) and press F7."""
    lesson = await wait_ready(pilot)
    lesson.query_one(CommandInput).insert_text_at_cursor(line)
    return await _open_explain(pilot)


async def test_f7_explains_the_typed_line_against_the_live_shell(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        lesson = await type_command(pilot, "export GREETING=hello")
        explain = await _explain_line(pilot, TYPED)
        assert explain.explanation.command == TYPED
        assert explain.explanation.in_sandbox
        expansions = _spans(explain)
        assert expansions["*.py"] == ("train.py",)  # the exercise's cwd is ~/projects/sentiment
        assert expansions["$GREETING"] == ("hello",)  # the learner's own export counts
        shown = screen_text(app)
        assert "Explain: ls -l *.py" in shown
        assert "use a long listing format" in shown  # from ls's manual page
        assert "stderr goes where stdout goes *now*: the pipe to the next command" in shown
        assert "Esc closes this explanation." in shown

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        assert lesson.query_one(CommandInput).value == TYPED  # the line is kept, to be run or changed


async def test_f7_on_an_empty_line_explains_the_last_command(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        await type_command(pilot, "cd ..")
        explain = await _open_explain(pilot)
        assert explain.explanation.command == "cd .."
        assert any(s.kind == "command" and s.text == "cd" for s in explain.explanation.spans)
        await pilot.press("f7")  # F7 closes it again
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))


async def test_f7_with_nothing_to_explain_says_so(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("f7")
        await wait_until(pilot, lambda: any("Nothing to explain yet" in n.message for n in app._notifications))
        assert app.screen is screen


async def test_the_explanation_follows_a_language_switch(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        explain = await _explain_line(pilot, "ls -a | sort")
        assert explain.explanation.lang == "en"
        await pilot.press("f9")
        await wait_until(pilot, lambda: explain.explanation.lang == "ko")
        await pilot.pause()
        shown = screen_text(app)
        assert "명령어 설명: ls -a | sort" in shown
        assert "파이프" in shown and "Esc를 누르면 설명이 닫힙니다." in shown


async def test_a_syntax_error_is_shown_with_its_position(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/pwd")
    async with app.run_test(size=SIZE) as pilot:
        explain = await _explain_line(pilot, "ls )")
        assert explain.explanation.syntax_error
        shown = screen_text(app)
        assert "Cannot explain:" in shown
        assert "Syntax error at line 1, column 4 (offset 3)" in shown


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explain_snapshot(
    snap_compare: Callable[..., bool], service_factory: Callable[..., TutorService], lang: str
) -> None:
    service = service_factory(lang)

    async def run_before(pilot: Pilot[object]) -> None:
        await type_command(pilot, "export GREETING=hello")
        await _explain_line(pilot, TYPED)
        await pilot.pause()

    assert snap_compare(make_app(service, exercise="tui-where/pwd"), terminal_size=SIZE, run_before=run_before)
