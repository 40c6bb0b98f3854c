"""The installed `shelltutor`: escape sequences from the learner or a lesson reach the terminal as visible text only.

Each test runs the real command and reads the raw bytes it wrote: they must be UTF-8, and hold no C0 control
but newline and tab, no DEL, no C1 control, no bidi control and no Unicode line separator.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e

BANNED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
OSC52 = "␛]52;c;aGk=␇"
"""How `\\e]52;c;aGk=\\a` (write "hi" to the clipboard) must look on screen."""
HOSTILE_DIR = r"$'\e]52;c;aGk=\a\e]0;pwned\e\\\u202e'"
"""A directory name in bash quoting: OSC 52 ended by BEL, OSC 0 (the window title) ended by ST, a bidi override."""
HOSTILE_DIR_SHOWN = "␛]52;c;aGk=␇␛]0;pwned␛\\<U+202E>"
HOSTILE_PRINTF = r"printf '\e]52;c;aGk=\a\e[2J\u009b31m\u009d0;t\u009c\u202eout\x7f\n'; printf '\e]0;pwned\e\\\n' >&2"
"""Output with OSC 52, CSI, 8-bit CSI and OSC, a bidi override and DEL on stdout, a title on stderr."""
HOSTILE_PRINTF_SHOWN = "␛]52;c;aGk=␇␛[2J<U+009B>31m<U+009D>0;t<U+009C><U+202E>out␡"

CLEAN_COURSE = """\
format_version: 1
title: {en: Clean, ko: 깨끗한}
chapters:
  - {number: 1, title: {en: Basics, ko: 기초}}
"""
CLEAN_LESSON = """\
format_version: 1
id: clean
chapter: 1
order: 1
title: {en: Files, ko: 파일}
summary: {en: Make files., ko: 파일을 만듭니다.}
explanation: {en: Files., ko: 파일.}
exercises:
  - id: report
    title: {en: Write a report, ko: 보고서 쓰기}
    prompt: {en: Write done into report.txt in your home., ko: 홈의 report.txt에 done을 쓰세요.}
    hints:
      - {en: "`echo done > report.txt`", ko: "`echo done > report.txt`"}
    solution: echo done > ~/report.txt
    expect:
      files:
        - {path: report.txt, type: file}
      cwd: "~"
  - id: say
    title: {en: Say hello, ko: 인사하기}
    prompt: {en: Print hello., ko: hello를 출력하세요.}
    hints:
      - {en: "`echo hello`", ko: "`echo hello`"}
    solution: echo hello
    expect:
      stdout: hello
"""
BROKEN_LESSON = r"""format_version: 1
id: broken
chapter: 1
order: 2
title: {en: Broken, ko: 고장}
summary: {en: Its solution prints escapes and fails., ko: 정답이 이스케이프를 출력하고 실패합니다.}
explanation: {en: Broken., ko: 고장.}
exercises:
  - id: noisy
    title: {en: Noisy, ko: 시끄러움}
    prompt: {en: Print hello., ko: hello를 출력하세요.}
    hints:
      - {en: "`echo hello`", ko: "`echo hello`"}
      - {en: "`echo hello`", ko: "`echo hello`"}
    solution: "printf '\\e]52;c;aGk=\\a\\e]0;pwned\\e\\\\\\n'"
    expect:
      stdout: hello
"""
MARK = "HOSTILE"
MARKED_COURSE = f"""\
format_version: 1
title: {{en: "Course {MARK}", ko: "코스 {MARK}"}}
chapters:
  - {{number: 1, title: {{en: "Chapter {MARK}", ko: "장 {MARK}"}}}}
"""
MARKED_LESSON = f"""\
format_version: 1
id: hostile
chapter: 1
order: 1
title: {{en: "Lesson {MARK}", ko: "레슨 {MARK}"}}
summary: {{en: "Summary {MARK}", ko: "요약 {MARK}"}}
explanation: {{en: "Explanation {MARK}", ko: "설명 {MARK}"}}
exercises:
  - id: say
    title: {{en: "Exercise {MARK}", ko: "연습 {MARK}"}}
    prompt: {{en: "Prompt {MARK}", ko: "문제 {MARK}"}}
    hints:
      - {{en: "Hint {MARK}", ko: "힌트 {MARK}"}}
      - {{en: "`echo hello`", ko: "`echo hello`"}}
    solution: echo hello
    wrong:
      - commands: echo nope
        explanation: {{en: "Wrong {MARK}", ko: "틀림 {MARK}"}}
      - commands: "echo hello  # {MARK}"
        explanation: {{en: "It passes, so verify reports it.", ko: "통과하므로 verify가 보고합니다."}}
    expect:
      stdout: hello
"""
"""A lesson whose every text has `MARK` in it, for `MARK` to become escape sequences."""
EVIL_YAML = r"\e]52;c;aGk=\a\e]0;pwned\e\\\x9b2J\u202e"
"""Escape sequences as a YAML double-quoted string writes them: OSC 52 (BEL), OSC 0 (ST), 8-bit CSI, bidi."""
EVIL = "\x1b]52;c;aGk=\x07\x1b]0;pwned\x1b\\\x9b2J\u202e"
EVIL_SHOWN = "␛]52;c;aGk=␇␛]0;pwned␛\\<U+009B>2J<U+202E>"
UNCHECKED = f"""\
\"\"\"`shelltutor` on lessons whose texts get escape sequences after they were loaded (as if never checked).\"\"\"

import dataclasses
import sys

import shelltutor.cli.verify
from shelltutor.cli import main
from shelltutor.course import loader


def poisoned(value):
    if isinstance(value, str):
        return value.replace({MARK!r}, {EVIL!r})
    if isinstance(value, (tuple, list)):
        return type(value)(poisoned(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {{f.name: poisoned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}}
        copy = dataclasses.replace(value, **changes)
        for f in dataclasses.fields(value):
            if not f.init:
                object.__setattr__(copy, f.name, getattr(value, f.name))
        return copy
    return value


LOAD_PATHS = loader.load_paths


def load_paths(*args, **kwargs):
    result = LOAD_PATHS(*args, **kwargs)
    for name in ("lessons", "chapters", "courses"):
        setattr(result, name, poisoned(getattr(result, name)))
    return result


# The course loads through the loader module's attribute; verify may hold its own name for it.
loader.load_paths = load_paths
if hasattr(shelltutor.cli.verify, "load_paths"):
    shelltutor.cli.verify.load_paths = load_paths
sys.exit(main(sys.argv[1:]))
"""


def assert_no_raw(data: bytes, *, tty: bool = False) -> str:
    """`data` as text, asserting it is UTF-8 with nothing a terminal would obey in it (a pty's CR-LF is fine)."""
    text = data.decode("utf-8")  # strict: no byte that is not UTF-8 got through
    if tty:
        text = text.replace("\r\n", "\n")
    bad = BANNED.findall(text)
    assert not bad, f"raw characters reached the terminal: {bad!r}"
    return text


def _course(tmp_path: Path, name: str, course: str, *lessons: str) -> str:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "course.yaml").write_text(course)
    for number, lesson in enumerate(lessons):
        (folder / f"lesson{number}.yaml").write_text(lesson)
    return str(folder)


@pytest.fixture
def clean_course(tmp_path: Path) -> str:
    """A lesson directory with nothing hostile in it: whatever is hostile, the learner makes."""
    return _course(tmp_path, "clean", CLEAN_COURSE, CLEAN_LESSON)


@pytest.fixture
def marked_course(tmp_path: Path) -> str:
    """A lesson directory whose every text has `MARK` in it."""
    return _course(tmp_path, "marked", MARKED_COURSE, MARKED_LESSON)


@pytest.fixture
def hostile_course(tmp_path: Path) -> str:
    """A lesson directory whose texts hold escape sequences (a course pack downloaded from somewhere)."""
    evil = MARKED_LESSON.replace(MARK, EVIL_YAML)
    return _course(tmp_path, "hostile", MARKED_COURSE.replace(MARK, EVIL_YAML), evil)


@pytest.fixture
def unchecked(shelltutor_bin: str, tmp_path: Path) -> list[str]:
    """The command line that runs `shelltutor` with lesson texts poisoned after loading (`UNCHECKED`)."""
    script = tmp_path / "unchecked.py"
    script.write_text(UNCHECKED)
    return [str(Path(shelltutor_bin).with_name("python")), str(script)]


def _run(shelltutor_bin: str, env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [shelltutor_bin, *args], input=stdin.encode(), env=env, capture_output=True, timeout=120, check=False
    )


def test_exec_shows_commands_output_and_names_as_text(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _run(
        shelltutor_bin,
        tutor_env,
        "exec",
        HOSTILE_PRINTF,
        f"mkdir {HOSTILE_DIR} && cd {HOSTILE_DIR} && pwd",
        "echo \x1b]0;pwned\x07typed",  # the command itself, raw control characters and all
        r"touch $'\e[2J\x9bname' && ls",  # a name that is not UTF-8 either
    )
    assert proc.returncode == 0, proc.stderr
    out = assert_no_raw(proc.stdout)
    assert_no_raw(proc.stderr)
    assert HOSTILE_PRINTF_SHOWN in out and "! ␛]0;pwned␛\\" in out
    assert f"/home/learner/{HOSTILE_DIR_SHOWN}" in out
    assert "$ echo ␛]0;pwned␇typed" in out
    assert "$ touch $'\\e[2J\\x9bname' && ls\n␛[2J\ufffdname\n" in out


def test_exec_unisolated_says_so(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _run(shelltutor_bin, tutor_env, "exec", "--unisolated", "echo hi")
    assert proc.returncode == 0, proc.stderr
    lines = assert_no_raw(proc.stdout).splitlines()
    assert lines[0] == "WARNING: commands are NOT isolated: they can read and change your files."
    assert lines[1:3] == ["$ echo hi", "hi"]
    isolated = assert_no_raw(_run(shelltutor_bin, tutor_env, "exec", "echo hi").stdout)
    assert "NOT isolated" not in isolated


def test_grade_shows_output_and_verdicts_as_text(
    shelltutor_bin: str, tutor_env: dict[str, str], clean_course: str
) -> None:
    # The verdict quotes the symlink's target and the directory the learner ended in.
    link = _run(
        shelltutor_bin,
        tutor_env,
        "--lessons",
        clean_course,
        "grade",
        "clean/report",
        f"mkdir {HOSTILE_DIR} && ln -s {HOSTILE_DIR} ~/report.txt && cd {HOSTILE_DIR}",
    )
    assert link.returncode == 1, link.stdout + link.stderr
    out = assert_no_raw(link.stdout)
    assert_no_raw(link.stderr)
    assert f"FAIL: `report.txt` is a symbolic link (to `{HOSTILE_DIR_SHOWN}`)" in out
    assert f"You are in `~/{HOSTILE_DIR_SHOWN}`" in out
    # The output, and the diff that quotes it.
    say = _run(shelltutor_bin, tutor_env, "--lessons", clean_course, "grade", "clean/say", HOSTILE_PRINTF)
    assert say.returncode == 1, say.stdout + say.stderr
    out = assert_no_raw(say.stdout)
    assert_no_raw(say.stderr)
    assert out.count(HOSTILE_PRINTF_SHOWN) == 2 and "+" + HOSTILE_PRINTF_SHOWN in out  # the output, the diff
    assert "␛]0;pwned␛\\" in out


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("en", "WARNING: commands are NOT isolated: they can read and change your files."),
        ("ko", "경고: 명령어가 격리되지 않습니다. 내 파일을 읽고 바꿀 수 있습니다."),
    ],
)
def test_grade_unisolated_says_so(
    shelltutor_bin: str, tutor_env: dict[str, str], clean_course: str, lang: str, label: str
) -> None:
    args = ("--lessons", clean_course, "grade", "clean/say", "--lang", lang)
    proc = _run(shelltutor_bin, tutor_env, *args, "--isolation", "none", "echo hello")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert assert_no_raw(proc.stdout).splitlines()[0] == label
    isolated = _run(shelltutor_bin, tutor_env, *args, "echo hello")
    assert label not in assert_no_raw(isolated.stdout)


def test_unchecked_lesson_texts_are_shown_as_text(
    shelltutor_bin: str, tutor_env: dict[str, str], unchecked: list[str], marked_course: str
) -> None:
    def run(*args: str, stdin: str = "") -> str:
        proc = subprocess.run(
            [*unchecked, *args],
            input=stdin.encode(),
            env=tutor_env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert_no_raw(proc.stderr)
        return assert_no_raw(proc.stdout)

    extra = ("--lessons", marked_course)
    lessons = run(*extra, "lessons")
    assert f"1. Chapter {EVIL_SHOWN}" in lessons and f"hostile: Lesson {EVIL_SHOWN}" in lessons
    assert f"hostile/say  Exercise {EVIL_SHOWN}" in lessons
    assert f"Lesson {EVIL_SHOWN}  (hostile)" in run(*extra, "progress")
    assert f"레슨 {EVIL_SHOWN}  (hostile)" in run(*extra, "--lang", "ko", "progress")
    assert f"Wrong {EVIL_SHOWN}" in run(*extra, "grade", "hostile/say", "echo nope")  # the known wrong answer's note
    # JSON escapes the characters (as \\u001b, \\u009b, \\u202e): a program still reads them as they are.
    listed = json.loads(run(*extra, "lessons", "--json"))["lessons"]
    assert {"en": f"Lesson {EVIL}", "ko": f"레슨 {EVIL}"} in [lesson["title"] for lesson in listed]
    graded = json.loads(run(*extra, "grade", "hostile/say", "--json", "echo nope"))
    assert graded["wrong_explanation"] == f"Wrong {EVIL}"
    plain = run(*extra, "--plain", "--lesson", "hostile", stdin=":hint\necho nope\n")
    for shown in ("Lesson", "Explanation", "Exercise", "Prompt", "Hint 1 of 2: Hint", "Why: Wrong"):
        assert f"{shown} {EVIL_SHOWN}" in plain, shown
    verify = run("verify", "--exercise", "hostile/say", marked_course)
    assert f"command: echo hello  # {EVIL_SHOWN}" in verify  # the known wrong answer that passes


def test_a_hostile_lesson_file_reaches_no_terminal_raw(
    shelltutor_bin: str, tutor_env: dict[str, str], hostile_course: str
) -> None:
    # `shelltutor check` refuses control characters in a lesson's texts; a lesson that is not checked is
    # refused as it loads, with a problem naming the file, or (were it loaded) shown made harmless.
    outputs: list[str] = []
    extra = ("--lessons", hostile_course)
    for args in (
        (*extra, "lessons"),
        (*extra, "progress"),
        (*extra, "grade", "hostile/say", "echo nope"),
        (*extra, "--plain", "--lesson", "hostile"),
        ("verify", "--exercise", "hostile/say", hostile_course),
    ):
        proc = _run(shelltutor_bin, tutor_env, *args, stdin=":hint\n")
        outputs.append(assert_no_raw(proc.stdout) + assert_no_raw(proc.stderr))
    check = _run(shelltutor_bin, tutor_env, "check", hostile_course)
    outputs.append(assert_no_raw(check.stdout) + assert_no_raw(check.stderr))
    refused = "lesson0.yaml" in outputs[0] and "hostile:" not in outputs[0]
    assert refused or f"Lesson {EVIL_SHOWN}" in outputs[0], outputs[0]
    if refused:
        assert check.returncode == 2 and "lesson0.yaml" in outputs[-1]


def test_check_quotes_a_hostile_key_as_text(shelltutor_bin: str, tutor_env: dict[str, str], tmp_path: Path) -> None:
    lesson = tmp_path / "keys.yaml"
    lesson.write_text('format_version: 1\nid: keys\n"bad\\e]0;pwned\\a\\x9b": 1\n')
    for args in (("check", str(lesson)), ("check", "--json", str(lesson))):
        proc = _run(shelltutor_bin, tutor_env, *args)
        assert proc.returncode == 2
        out = assert_no_raw(proc.stdout)
        assert_no_raw(proc.stderr)
        assert "bad␛]0;pwned␇<U+009B>" in out or "bad\\u001b]0;pwned\\u0007\\u009b" in out


def test_verify_quotes_sandbox_output_as_text(
    shelltutor_bin: str, tutor_env: dict[str, str], clean_course: str
) -> None:
    broken = Path(clean_course) / "broken.yaml"
    broken.write_text(BROKEN_LESSON)
    proc = _run(shelltutor_bin, tutor_env, "verify", "--exercise", "broken/noisy", clean_course)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = assert_no_raw(proc.stdout)
    assert_no_raw(proc.stderr)
    assert "FAIL broken/noisy" in out and "␛]52;c;aGk=␇␛]0;pwned␛\\" in out  # the failing solution's output


def test_usage_errors_quote_arguments_as_text(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _run(shelltutor_bin, tutor_env, "lessons", "\x1b]0;pwned\x07")
    assert proc.returncode == 2
    assert "unrecognized arguments: ␛]0;pwned␇" in assert_no_raw(proc.stderr)


def _spawn_logged(shelltutor_bin: str, env: dict[str, str], *args: str) -> tuple[pexpect.spawn, io.BytesIO]:
    """The installed command on a pty 160 by 40, and the log of every byte it writes to the terminal."""
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "40"}
    child = pexpect.spawn(shelltutor_bin, list(args), env=env, dimensions=(40, 160), timeout=60)
    log = io.BytesIO()
    child.logfile_read = log
    return child, log


def test_plain_mode_on_a_terminal(shelltutor_bin: str, tutor_env: dict[str, str], clean_course: str) -> None:
    args = ("--lessons", clean_course, "--plain", "--exercise", "clean/report")
    child, log = _spawn_logged(shelltutor_bin, tutor_env, *args)
    try:
        child.expect_exact(b"learner@shelltutor:~$ ")
        child.sendline(f"mkdir {HOSTILE_DIR} && cd {HOSTILE_DIR}")
        child.expect_exact(f"learner@shelltutor:~/{HOSTILE_DIR_SHOWN}$ ".encode())  # the prompt
        child.sendline(HOSTILE_PRINTF)
        child.expect_exact(HOSTILE_PRINTF_SHOWN.encode())
        child.sendline(f"ln -s {HOSTILE_DIR} ~/report.txt; ls -a ~")
        child.expect_exact(f"symbolic link (to {HOSTILE_DIR_SHOWN})".encode())  # the verdict, without Markdown marks
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    text = assert_no_raw(log.getvalue(), tty=True)
    assert "stderr: ␛]0;pwned␛\\" in text


def test_the_tutor_on_a_terminal_writes_no_learner_escape(
    shelltutor_bin: str, tutor_env: dict[str, str], clean_course: str
) -> None:
    # Textual writes its own escape sequences, so the bytes are searched for the learner's: they must be shown.
    args = ("--lessons", clean_course, "--lang", "en", "--exercise", "clean/say")
    child, log = _spawn_logged(shelltutor_bin, tutor_env, *args)
    try:
        child.expect_exact(b"learner@shelltutor:~$")
        child.send(f"mkdir {HOSTILE_DIR} && cd {HOSTILE_DIR}\r")
        child.expect_exact(OSC52.encode())
        child.send(HOSTILE_PRINTF + "\r")
        child.expect_exact(b"out\xe2\x90\xa1")  # out␡: the output came
        child.expect_exact(b"NOT YET")
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    data = log.getvalue()
    for raw in (b"\x1b]52;", b"\x1b]0;pwned", b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x9c", b"\xe2\x80\xae", b"\x7f"):
        assert raw not in data, raw
    assert "␛]0;pwned␛".encode() in data
