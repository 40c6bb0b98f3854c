"""The verdict keeps what was expected back until the solution unlocks (real shipped exercises, real sandbox)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.grading.diff import TextDiff, render_marked
from shelltutor.progress import ProgressStore
from shelltutor.service import SOLUTION_AFTER_FAILURES, TutorService, make_service
from shelltutor.tui.app import ShellTutorApp, make_app
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.output_view import OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView, diff_text

from .helpers import rendered_text, screen_text, type_command, wait_ready

SIZE = (120, 36)
WHICH_BASH = "where-am-i/which-bash"
COUNT = "head-and-tail/count-examples"


@pytest.fixture
def shipped(tmp_path: Path) -> Iterator[TutorService]:
    """The real course (built-in lessons) with a private progress directory."""
    service = make_service(lang="en", data_dir=tmp_path / "data")
    yield service
    service.close()


def everything_shown(app: ShellTutorApp, screen: LessonScreen) -> str:
    """The screen, the whole verdict panel (also where it is scrolled out of view) and the terminal panel."""
    verdict = rendered_text(screen.query_one(VerdictView).content, width=200)
    output = "\n".join(strip.text for strip in screen.query_one(OutputView).lines)
    return "\n".join((screen_text(app), verdict, output))


def expected_stdout(screen: LessonScreen) -> str:
    """What the exercise expected of the last attempt's standard output (from the verdict, never the screen)."""
    assert screen.run is not None and screen.run.last_verdict is not None
    expected = screen.run.last_verdict.diffs["stdout"].expected
    assert expected is not None
    return expected.strip()


async def test_the_version_string_is_kept_back_until_the_third_failure(shipped: TutorService) -> None:
    app = make_app(shipped, exercise=WHICH_BASH)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await type_command(pilot, "echo $BASH")
        version = expected_stdout(screen)
        assert re.match(r"^\d+\.\d+", version), version
        shown = everything_shown(app, screen)
        assert "NOT YET" in shown
        assert version not in shown
        assert "≠ /usr/bin/bash" in shown or "≠ /bin/bash" in shown
        assert "^ differs from the start" in shown
        assert "what was expected is shown once the solution unlocks" in shown

        for attempt in range(2, SOLUTION_AFTER_FAILURES + 1):
            screen = await type_command(pilot, "echo $BASH")
            shown = everything_shown(app, screen)
            if attempt < SOLUTION_AFTER_FAILURES:
                assert version not in shown, f"attempt {attempt}"
        # The solution unlocks: the verdict on screen is the two-sided diff.
        visible = screen_text(app)
        assert f"− {version}" in visible and "− expected" in visible and "+ yours" in visible
        assert "The solution is available: F3." in visible


async def test_f3_after_the_last_hint_shows_the_expected_on_the_verdict_already_there(shipped: TutorService) -> None:
    app = make_app(shipped, exercise=WHICH_BASH)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        screen = await type_command(pilot, "echo $BASH")
        version = expected_stdout(screen)
        await pilot.press("f2", "f2")  # every hint: the solution unlocks
        await pilot.pause()
        assert version not in everything_shown(app, screen)
        await pilot.press("f3")
        await pilot.pause()
        assert screen.solution == ["echo $BASH_VERSION"]
        panel = rendered_text(screen.query_one(VerdictView).content, width=200)
        assert f"− {version}" in panel and "+ /" in panel


async def test_a_count_is_not_given_away_in_korean_either(tmp_path: Path) -> None:
    # A fixed seed: the count is not the lesson text's example (543), whatever the run.
    course = load_course([])
    service = TutorService(course, ProgressStore.open(tmp_path / "data"), lang="ko", seed_source=lambda: 5)
    try:
        app = make_app(service, exercise=COUNT)
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(pilot)
            screen = await type_command(pilot, "wc -w < data/train.jsonl")
            count = expected_stdout(screen)
            assert count.isdigit() and count != "543"
            shown = everything_shown(app, screen)
            assert "아직 아님" in shown
            assert not re.search(rf"(?<![\d.]){count}(?![\d.])", shown), f"{count} is on screen"
            assert "여기에는 다른 숫자가 와야 합니다" in shown
    finally:
        service.close()


def test_the_marked_text_keeps_its_pointer_under_the_column() -> None:
    rendered = diff_text(render_marked("658\n", "658 data/train.jsonl\n")).plain.splitlines()
    assert rendered[0] == "+ yours"
    assert rendered[2:] == ["≠ 658 data/train.jsonl", "     ^ column 4: from here on there is more than expected"]
    assert rendered[3].index("^") == rendered[2].index(" data")  # under the first character that differs


def test_a_learners_text_that_looks_like_a_header_is_shown_as_it_is() -> None:
    # What a `contains` check saw: the learner's own lines, even when the first one starts with `+++`.
    assert diff_text(TextDiff(None, "+++ b/notes.txt\n@@ -1 +1 @@\n").render()).plain.splitlines() == [
        "  +++ b/notes.txt",
        "  @@ -1 +1 @@",
    ]
