"""The browser session's app (`shelltutor serve`): the login screen first, then the learner's own progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from shelltutor.course.catalog import Course, load_course
from shelltutor.progress import ProgressStore
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.screens.login import LoginScreen
from shelltutor.web.app import LEARNER_NAME_SETTING, ServedTutorApp, lobby_service
from shelltutor.web.learners import Roster

from .conftest import FIXTURE_COURSE
from .helpers import screen_text, type_command, wait_until

TOKEN = "copper-kettle-17"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course([FIXTURE_COURSE], include_builtin=False)


def served_app(course: Course, serve_dir: Path, tokens: Path | None = None, lang: str = "en") -> ServedTutorApp:
    return ServedTutorApp(lobby_service(course, lang), Roster(serve_dir, tokens))  # type: ignore[arg-type]


async def test_the_login_comes_first_and_a_name_opens_that_learners_progress(course: Course, tmp_path: Path) -> None:
    app = served_app(course, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert "Who are you?" in screen_text(app)
        assert not (tmp_path / "learners").exists(), "nothing is written before a learner is known"

        await pilot.press("enter")
        assert "Type your name first." in screen_text(app)
        await pilot.press(*"../..", "enter")
        assert "at least one letter or digit" in screen_text(app)
        assert isinstance(app.screen, LoginScreen)

        app.screen.query_one("Input").value = ""  # type: ignore[attr-defined]
        await pilot.press(*"Ada L.", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        assert app.learner is not None and app.learner.id == "ada-l"
        await pilot.press("enter")
        await type_command(pilot, "pwd")
        assert "PASSED" in screen_text(app)
    store = ProgressStore.open(tmp_path / "learners" / "ada-l")
    try:
        assert store.completed(), "the attempt is saved in the learner's own store"
        assert store.setting(LEARNER_NAME_SETTING) == "Ada L."
    finally:
        store.close()


async def test_f9_on_the_login_carries_korean_into_a_new_learners_session(course: Course, tmp_path: Path) -> None:
    app = served_app(course, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        assert "이름을 입력하고 Enter를 누르세요" in screen_text(app)
        await pilot.press("enter")
        assert "먼저 이름을 입력하세요." in screen_text(app)
        await pilot.press(*"minsu", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        assert app.lang == "ko"
        assert any("minsu 님, 반갑습니다" in n.message for n in app._notifications)


async def test_a_token_admits_only_the_teachers_learners(course: Course, tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"{TOKEN} Grace Hopper\n", encoding="utf-8")
    app = served_app(course, tmp_path / "serve", tokens)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "code your teacher gave you" in screen_text(app)
        await pilot.press(*"copper-kettle", "enter")
        assert "not on your teacher's list" in screen_text(app)
        field = app.screen.query_one("Input")
        assert field.disabled, "a wrong code locks the field for a moment"
        await wait_until(pilot, lambda: not field.disabled)
        await pilot.press(*TOKEN, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        assert app.learner is not None and app.learner.id == "grace-hopper"
    assert (tmp_path / "serve" / "learners" / "grace-hopper" / "progress.sqlite3").is_file()


async def test_progress_that_cannot_be_opened_is_said_on_the_login_screen(course: Course, tmp_path: Path) -> None:
    (tmp_path / "learners").mkdir()
    (tmp_path / "learners" / "ada").write_text("not a directory")
    app = served_app(course, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Ada", "enter")
        assert "Your progress cannot be opened on this" in screen_text(app)
        assert isinstance(app.screen, LoginScreen) and app.learner is None
