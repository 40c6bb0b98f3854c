"""`shelltutor serve` in a real browser: login, the course map, an exercise and its verdict, vi, in English and
Korean; progress kept across reconnects; a session's process and sandbox ended when its tab closes; the cap."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from .tutor_page import Screen, Served, descendants, open_tutor, start_server, wait_ended

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TOKEN = "violet-lantern-42"


def test_a_learner_passes_an_exercise_uses_vi_and_finds_their_progress_again(
    server: Served, browser: BrowserContext
) -> None:
    screen = open_tutor(browser, server.url)
    screen.wait_for("Who are you?")
    pid = server.new_session_pid()
    screen.run("Ada Lovelace")
    screen.wait_for("0 of", "exercises done", "Getting around")
    screen.wait_for_cursor_on("Where am I?")
    screen.press("Enter")
    screen.wait_for("type a command")
    screen.run("pwd")
    screen.wait_for("✔ PASSED")

    # vi gets the browser's terminal, and the tutor comes back when it ends.
    screen.run("vi notes.txt")
    screen.wait_for('"notes.txt" [New]')
    screen.type("ihello from the browser")
    screen.press("Escape")
    screen.run(":wq")
    screen.wait_for("type a command", "Esc Course map")
    screen.run("cat notes.txt")
    screen.wait_for("1│ hello from the browser")

    sandbox = descendants(pid)
    assert sandbox, "the session's sandbox should run below its tutor process"
    screen.page.close()
    assert wait_ended({pid, *sandbox}) == set(), "the tab closed: its tutor and sandbox processes must end"

    progress = server.data / "learners" / "ada-lovelace" / "progress.sqlite3"
    assert progress.is_file()
    again = open_tutor(browser, server.url)
    again.wait_for("Who are you?")
    server.new_session_pid()
    again.run("ada lovelace")  # the same learner, however the name is capitalised
    again.wait_for("1 of", "exercises done")
    again.page.close()


def test_a_korean_learner_switches_with_f9_and_is_graded_in_korean(server: Served, browser: BrowserContext) -> None:
    screen = open_tutor(browser, server.url)
    screen.wait_for("Who are you?")
    server.new_session_pid()
    screen.press("F9")
    screen.wait_for("이름을 입력하고 Enter를 누르세요")
    screen.run("김민수")
    screen.wait_for("연습 문제", "개 완료")
    screen.wait_for_cursor_on("나는 지금 어디에 있을까?")
    screen.press("Enter")
    screen.wait_for("$ 명령어 입력")
    screen.run("pwd")
    screen.wait_for("✔ 통과")
    screen.page.close()
    assert (server.data / "learners" / "김민수" / "progress.sqlite3").is_file()


def test_tokens_and_the_cap(tmp_path: Path, browser: BrowserContext) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text(f"# the class of Monday\n{TOKEN} Grace Hopper\n", encoding="utf-8")
    served = start_server(tmp_path, "--tokens", str(tokens), "--max-sessions", "1", "--lang", "ko")
    try:
        first = open_tutor(browser, served.url)
        first.wait_for("선생님께 받은 코드를 입력하고")
        first.run("not-a-token")
        first.wait_for("선생님 목록에 없는 코드입니다")
        first.page.wait_for_timeout(1200)  # a wrong code locks the field for a second
        first.run(TOKEN)
        first.wait_for("개 완료")
        assert (served.data / "learners" / "grace-hopper" / "progress.sqlite3").is_file()

        with pytest.raises(urllib.error.HTTPError) as full:
            urllib.request.urlopen(served.url, timeout=10)
        assert full.value.code == 503
        second = browser.new_page()
        second.goto(served.url)
        page_text = second.inner_text("body")
        assert "All 1 places of this tutor are in use" in page_text
        assert "이 튜터의 자리 1개가 모두 사용 중입니다" in page_text

        first.page.close()  # the place is free again once its session has ended
        for _ in range(60):
            second.goto(served.url)
            if second.locator("#terminal").count():
                break
            second.wait_for_timeout(250)
        Screen(second).wait_for("선생님께 받은 코드를")
        served.new_session_pid()
        last = served.new_session_pid()

        served.stop()  # Ctrl+C in the teacher's terminal ends every session with the server
        assert served.process.returncode == 0
        assert wait_ended({last}) == set()
        second.close()
    finally:
        served.stop()
