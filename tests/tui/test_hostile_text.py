"""Pilot: escape sequences in lesson texts and in what the learner makes reach the screen as visible text only."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from textual import events
from textual.widgets._toast import Toast

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import Chapter, Lesson, LocalText
from shelltutor.sandbox import IsolationReport
from shelltutor.service import TutorService, make_service
from shelltutor.tui.app import ShellTutorApp, make_app
from shelltutor.tui.screens.confirm import ConfirmScreen
from shelltutor.tui.screens.course_map import CourseMapScreen
from shelltutor.tui.widgets.command_input import CommandInput
from shelltutor.tui.widgets.output_view import OutputView
from shelltutor.tui.widgets.verdict_view import VerdictView

from .helpers import rendered_text, screen_text, type_command, wait_ready, wait_until

SIZE = (160, 50)
EVIL = "\x1b]52;c;aGk=\x07\x1b]0;pwned\x1b\\\x9b2J\x9d0;t\x9c\u202eevil\u2066\x7f[b]markup[/b]"
"""OSC 52 (clipboard) ended by BEL, OSC 0 (title) ended by ST, 8-bit CSI and OSC, a bidi override, DEL, and Rich
markup."""
EVIL_SHOWN = "␛]52;c;aGk=␇␛]0;pwned␛"
"""The start of `EVIL` as the learner should see it (short enough not to be wrapped; Markdown takes the `\\`
after it as an escape)."""
BANNED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
)
"""What must never reach the terminal inside text: C0 but newline and tab, DEL, C1, bidi, separators, lone
surrogates."""
MARK = "HOSTILE"
COURSE = """\
format_version: 1
title: {en: Course, ko: 코스}
chapters:
  - {number: 1, title: {en: Chapter, ko: 장}}
"""
LESSON = f"""\
format_version: 1
id: hostile
chapter: 1
order: 1
title: {{en: "Lesson {MARK}", ko: "레슨 {MARK}"}}
summary: {{en: "Summary {MARK}", ko: "요약 {MARK}"}}
explanation: {{en: "Explanation {MARK}", ko: "설명 {MARK}"}}
exercises:
  - id: link
    title: {{en: "Exercise {MARK}", ko: "연습 {MARK}"}}
    prompt: {{en: "Prompt {MARK}", ko: "문제 {MARK}"}}
    explanation: {{en: "Teaching {MARK}", ko: "가르침 {MARK}"}}
    hints:
      - {{en: "Hint {MARK}", ko: "힌트 {MARK}"}}
    solution: "echo '{MARK}' > report.txt"
    wrong:
      - commands: ls
        explanation: {{en: "Wrong {MARK}", ko: "틀림 {MARK}"}}
    expect:
      files:
        - {{path: report.txt, type: file}}
      cwd: "~"
"""


def poisoned(value: object) -> object:
    """`value` (a lesson, or any part of it) with `MARK` replaced by `EVIL` in every text: a lesson nobody
    checked, built past the loader (which may refuse control characters in a file)."""
    if isinstance(value, str):
        return value.replace(MARK, EVIL)
    if isinstance(value, tuple):
        return tuple(poisoned(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: poisoned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        copy = dataclasses.replace(value, **changes)
        for f in dataclasses.fields(value):
            if not f.init:
                object.__setattr__(copy, f.name, getattr(value, f.name))
        return copy
    return value


@pytest.fixture
def hostile_service(tmp_path: Path) -> Iterator[TutorService]:
    """A service on one lesson whose every text, the course's and chapter's titles too, carries `EVIL`."""
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "hostile.yaml").write_text(LESSON)
    (tmp_path / "lessons" / "course.yaml").write_text(COURSE)
    loaded = load_course([tmp_path / "lessons"], include_builtin=False)
    assert not loaded.problems and len(loaded.lessons) == 1
    course = Course(
        title=LocalText(en=f"Course {EVIL}", ko=f"코스 {EVIL}"),
        chapters=[Chapter(number=1, title=LocalText(en=f"Chapter {EVIL}", ko=f"장 {EVIL}"))],
        lessons=[cast(Lesson, poisoned(lesson)) for lesson in loaded.lessons],
    )
    service = make_service(lang="en", data_dir=tmp_path / "data", course=course)
    yield service
    service.close()


def assert_clean(app: ShellTutorApp) -> str:
    """What the screen shows, asserting that it holds no control, bidi or undecodable character."""
    shown = screen_text(app)
    bad = BANNED.findall(shown)
    assert not bad, f"raw characters reached the screen: {bad!r}"
    return shown


def assert_transcript_clean(app: ShellTutorApp) -> str:
    """The whole terminal transcript (scrolled out of view too), asserting the same."""
    lines = app.screen.query_one(OutputView).lines
    text = "\n".join("".join(segment.text for segment in strip) for strip in lines)
    assert not BANNED.findall(text), f"raw characters in the transcript: {BANNED.findall(text)!r}"
    return text


async def test_lesson_texts_are_shown_not_obeyed(hostile_service: TutorService) -> None:
    app = make_app(hostile_service)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen))
        await pilot.pause(0.2)
        shown = assert_clean(app)
        assert f"Course {EVIL_SHOWN}" in shown and f"Chapter {EVIL_SHOWN}" in shown and "<U+009B>2J" in shown
        # the lesson in the tree and in the details, its summary, its exercise, where Enter opens it
        assert shown.count(EVIL_SHOWN) == 7
        await pilot.press("r")  # nothing done yet: a toast names the lesson
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause(0.3)
        assert assert_clean(app).count(EVIL_SHOWN) == 8
        toast = rendered_text(app.screen.query_one(Toast).render(), width=200)
        assert "[b]markup[/b]" in toast  # shown, not read as markup

        app.open_exercise("hostile/link")
        screen = await wait_ready(pilot)
        shown = assert_clean(app)  # chapter and lesson in the header, the exercise's title, prompt, teaching
        assert f"Chapter {EVIL_SHOWN}" in shown and shown.count(EVIL_SHOWN) >= 6
        await pilot.press("f2")  # the only hint: the solution opens too
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause(0.2)
        shown = assert_clean(app)
        assert shown.count(EVIL_SHOWN) >= 8 and f"'{EVIL_SHOWN}" in shown  # the hint, the solution

        screen = await type_command(pilot, "ls")  # the known wrong answer: its explanation
        assert screen.query_one(VerdictView).verdict is not None
        shown = assert_clean(app)
        assert "Wrong" in shown and shown.count(EVIL_SHOWN) >= 9  # the known wrong answer's explanation
        assert_transcript_clean(app)

        await pilot.press("f5")  # reset asks first
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert_clean(app)


async def test_what_the_learner_makes_is_shown_not_obeyed(hostile_service: TutorService) -> None:
    evil = r"$'\e]52;c;aGk=\a\e]0;pwned\e\\\x9b2J\u202eevil'"  # bash's quoting of a hostile name
    evil_shown = "␛]52;c;aGk=␇␛]0;pwned␛\\<0x9B>2J<U+202E>evil"  # \\x9b is a byte, not UTF-8
    app = make_app(hostile_service, exercise="hostile/link")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_ready(pilot)

        screen = await type_command(pilot, f"mkdir {evil} && cd {evil}")  # the prompt shows the directory
        assert evil_shown in screen._short_prompt()
        assert_clean(app)
        assert_transcript_clean(app)

        # A symlink whose target is hostile: the files view and the verdict (which quotes the target and the
        # directory the learner is in) show it.
        screen = await type_command(pilot, f"ln -s {evil} ~/report.txt")
        verdict = screen.query_one(VerdictView).verdict
        assert verdict is not None and "symbolic link" in verdict.message.en
        shown = assert_clean(app)
        assert f"report.txt -> {evil_shown}" in shown
        assert evil_shown in shown.replace("\n", "")  # quoted in the verdict

        # Output: stdout and stderr with every kind of sequence.
        await type_command(pilot, r"printf '\e]52;c;aGk=\a\e[2Jout\u009b31m\u202eRTL\n'; printf 'E\e]0;t\e\\\n' >&2")
        shown = assert_clean(app)
        assert "␛]52;c;aGk=␇␛[2Jout<U+009B>31m<U+202E>RTL" in assert_transcript_clean(app)

        # Tab: several hostile candidates are listed; one is completed in bash's quoting.
        await type_command(pilot, r"cd; touch $'a\e]0;x\a1' $'a\e]0;x\a2' $'b\e[2Jz'")
        command = screen.query_one(CommandInput)
        await pilot.press("ctrl+u", *"cat a", "tab")
        await wait_until(pilot, lambda: "a␛]0;x␇1" in assert_transcript_clean(app))
        assert "\x1b" not in command.value
        assert_clean(app)
        await pilot.press("ctrl+u", *"cat b", "tab")
        await wait_until(pilot, lambda: command.value != "cat b")
        assert command.value == r"cat $'b\E[2Jz' "
        assert_clean(app)
        await pilot.press("enter")  # the quoted name is the file: cat finds it
        screen = await wait_ready(pilot)
        assert "No such file" not in assert_transcript_clean(app)

        # A paste with raw control characters: the command line shows them as text (and runs what it shows).
        command.post_message(events.Paste("echo pasted\x1b]0;x\x07\u202e"))
        await wait_until(pilot, lambda: "pasted" in command.value)
        assert command.value == "echo pasted␛]0;x␇<U+202E>"
        assert_clean(app)


async def test_the_sandboxs_own_words_are_shown_not_obeyed(
    hostile_service: TutorService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The self-test's problem and fix can quote a program's error output: the question and the banner show it.
    report = IsolationReport(mode="none", ok=False, problem=f"bwrap said {EVIL}", fix=f"try {EVIL}")
    monkeypatch.setattr(hostile_service, "isolation", lambda: report)
    app = make_app(hostile_service)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        quoted = re.compile("bwrap said.{0,300}?" + re.escape(EVIL_SHOWN), re.S)  # maybe wrapped to the next line
        assert quoted.search(assert_clean(app))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CourseMapScreen) and app.isolation_settled.is_set())
        await pilot.pause()
        assert quoted.search(assert_clean(app))  # the banner's detail
