"""`--watch`: a saved lesson file shows in the running tutor; a broken one shows check's problems until fixed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.course.loader import load_file
from shelltutor.service import make_service
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.screens.problems import ProblemsScreen
from shelltutor.tui.watch import snapshot, watched_problems

from .conftest import FIXTURE_COURSE
from .helpers import screen_text, wait_ready, wait_until

SIZE = (140, 36)
OLD_PROMPT = "Print how many lines `app.log` has, and nothing else."
NEW_PROMPT = "Print the number of lines of `app.log`, and nothing more."


@pytest.fixture
def authoring(tmp_path: Path) -> Path:
    """A copy of the fixture course, as an author's directory being edited."""
    folder = tmp_path / "lessons"
    shutil.copytree(FIXTURE_COURSE, folder)
    return folder


def flat(app: object) -> str:
    """The screen's text with its lines joined (a long problem wraps)."""
    return " ".join(screen_text(app).split())  # type: ignore[arg-type]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_a_saved_edit_shows_and_a_broken_file_shows_its_problems_until_fixed(
    authoring: Path, tmp_path: Path
) -> None:
    service = make_service(
        lang="en", data_dir=tmp_path / "data", course=load_course([authoring], include_builtin=False)
    )
    lesson_file = authoring / "tui-count.yaml"
    app = make_app(service, exercise="tui-count/count", watch=[authoring])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_ready(pilot)
            assert "Print how many lines" in screen_text(app)

            edit(lesson_file, OLD_PROMPT, NEW_PROMPT)  # the author saves a change
            await wait_until(pilot, lambda: "Print the number of lines" in screen_text(app), timeout=20)
            screen = await wait_ready(pilot)
            assert screen.exercise.global_id == "tui-count/count"
            assert service.course.exercise("tui-count/count").prompt.en.strip() == NEW_PROMPT  # type: ignore[union-attr]

            edit(lesson_file, "    prompt:", "    promt:")  # and then a typo
            _, problems = load_file(lesson_file)
            where = f"{lesson_file}:{problems[0].line}:{problems[0].column}"
            await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen), timeout=20)
            await wait_until(pilot, lambda: where in screen_text(app))
            shown = flat(app)
            assert "unknown key 'promt'" in shown and "did you mean 'prompt'?" in shown
            assert not any(isinstance(s, LessonScreen) for s in app.screen_stack)  # it replaced the lesson

            edit(lesson_file, "    promt:", "    prompt:")  # fixed: the lesson comes back, at the same exercise
            await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen), timeout=20)
            screen = await wait_ready(pilot)
            assert screen.exercise.global_id == "tui-count/count"
            assert "Print the number of lines" in screen_text(app)
            assert not any(isinstance(s, ProblemsScreen) for s in app.screen_stack)
    finally:
        service.close()


async def test_esc_leaves_the_problems_for_the_map_and_a_fix_redraws_it(authoring: Path, tmp_path: Path) -> None:
    service = make_service(
        lang="ko", data_dir=tmp_path / "data", course=load_course([authoring], include_builtin=False)
    )
    lesson_file = authoring / "tui-count.yaml"
    app = make_app(service, watch=[authoring])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
            edit(lesson_file, "ko: 줄 세기}", "ko: 줄 세기")  # an unclosed {: the file cannot be read
            await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen), timeout=20)
            assert "레슨 파일에 문제가 있습니다" in screen_text(app)  # in the learner's language
            assert "YAML syntax error" in flat(app)
            assert service.course.lesson("tui-count") is None  # left out of the course meanwhile
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
            assert "줄 세기" not in screen_text(app)

            edit(lesson_file, "ko: 줄 세기\n", "ko: 줄 세기}\n")
            await wait_until(pilot, lambda: "줄 세기" in screen_text(app), timeout=20)
            assert isinstance(app.screen, CourseMapScreen)  # the learner chose the map: nothing reopens
    finally:
        service.close()


async def test_problems_there_at_the_start_are_shown_at_once(authoring: Path, tmp_path: Path) -> None:
    edit(authoring / "tui-where.yaml", "hints:", "hint:")
    service = make_service(
        lang="en", data_dir=tmp_path / "data", course=load_course([authoring], include_builtin=False)
    )
    app = make_app(service, watch=[authoring])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
            assert f"{authoring / 'tui-where.yaml'}:" in screen_text(app)
    finally:
        service.close()


def test_the_snapshot_sees_saves_and_the_problems_are_the_watched_ones(authoring: Path) -> None:
    before = snapshot([authoring])
    assert set(before) == {str(authoring / name) for name in ("course.yaml", "tui-count.yaml", "tui-where.yaml")}
    edit(authoring / "tui-count.yaml", "chapter: 2", "chapter: 9")
    assert snapshot([authoring]) != before
    assert snapshot([authoring / "missing"]) == {}
    course = load_course([authoring], include_builtin=False)
    assert [p.key_path for p in watched_problems(course, [authoring])] == ["chapter"]
    assert watched_problems(course, [authoring.parent / "elsewhere"]) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--watch"], "--watch needs --lessons DIR"),
        (["--lessons", "x", "--watch", "--plain"], "not with --plain"),
    ],
)
def test_watch_without_a_directory_or_with_plain_is_refused(argv: list[str], message: str) -> None:
    import io

    from shelltutor.cli import main
    from shelltutor.cli.common import CliEnv

    err = io.StringIO()
    assert main(argv, CliEnv(stdin=io.StringIO(), stdout=io.StringIO(), stderr=err)) == 2
    assert message in err.getvalue()
