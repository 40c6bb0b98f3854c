"""Hostile lessons, caught by `check` and the loader: fixture paths and modes, graded paths, alias bombs, texts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shelltutor.course import yamlbounds
from shelltutor.course.jsonschema import lesson_schema
from shelltutor.course.loader import load_file, load_paths
from shelltutor.course.model import SANDBOX_HOME, Lesson
from shelltutor.problems import Problem
from shelltutor.sandbox import bwrap

HOSTILE = Path(__file__).parent / "bad_lessons" / "hostile"
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    key_path: str
    message: str
    """The start of the message."""
    suggestion: str | None = None
    """The start of the suggestion."""


FIXTURE = "exercises[0].fixture.files"
DUPLICATE = "give each file, directory or symlink once"
CONTROL = "a terminal acts on control characters instead of showing them"
BIDI = "which makes text display in another order than it is written"

CASES: dict[str, Expected] = {
    # Fixture paths: each once, never inside a file or symlink of the fixture.
    "fixture_duplicate_path.yaml": Expected(
        21, 17, f"{FIXTURE}[1].path", "'link' is given twice: files[0] on line 18 creates it already", DUPLICATE
    ),
    "fixture_same_path_dot.yaml": Expected(
        20,
        17,
        f"{FIXTURE}[1].path",
        "'./notes.txt' is the same path as 'notes.txt': files[0] on line 18 creates it already",
        DUPLICATE,
    ),
    "fixture_same_path_slashes.yaml": Expected(
        19, 17, f"{FIXTURE}[1].path", "'logs//app.log' is the same path as 'logs/app.log'", DUPLICATE
    ),
    "fixture_inside_symlink.yaml": Expected(
        21,
        17,
        f"{FIXTURE}[1].path",
        "'etc/motd' is inside 'etc', which files[0] on line 18 makes a symlink: nothing is ever created through a "
        "symlink",
        "make 'etc' a directory (type: dir)",
    ),
    "fixture_inside_file.yaml": Expected(
        20, 17, f"{FIXTURE}[1].path", "'notes/more.txt' is inside 'notes', which files[0] on line 18 makes a file"
    ),
    "fixture_file_above_entry.yaml": Expected(
        19,
        17,
        f"{FIXTURE}[1].path",
        "'data/raw' is a file, but files[0] on line 18 puts 'data/raw/a.csv' inside it",
        "make it `type: dir`",
    ),
    "fixture_names_home.yaml": Expected(
        18, 17, f"{FIXTURE}[0].path", "'./' names the home itself", "give a path below the home"
    ),
    # Modes: permission bits only.
    "fixture_mode_setuid.yaml": Expected(
        19,
        17,
        f"{FIXTURE}[0].mode",
        "mode '4755' sets the setuid bit: a fixture may set only permission bits (at most 0777)",
        "write '0755'",
    ),
    "fixture_mode_setuid_setgid.yaml": Expected(
        20, 17, f"{FIXTURE}[0].mode", "mode '6777' sets the setuid and setgid bits", "write '0777'"
    ),
    "fixture_mode_sticky.yaml": Expected(
        20, 17, f"{FIXTURE}[0].mode", "mode '1777' sets the sticky bit", "write '0777'"
    ),
    # Graded paths: only what the learner's commands can make.
    "expect_path_host_file.yaml": Expected(
        18,
        17,
        "exercises[0].expect.files[0].path",
        "'/etc/shadow' is outside the learner's home and /tmp: the grader reads only files the learner's commands "
        "can make",
        "write a path relative to the home",
    ),
    "expect_path_dotdot.yaml": Expected(
        18,
        17,
        "exercises[0].expect.files[0].path",
        "'../../etc/shadow' climbs with '..': the grader reads only files in the learner's home and /tmp",
        "write the path without '..'",
    ),
    "expect_path_tmp_dotdot.yaml": Expected(
        18, 17, "exercises[0].expect.files[0].path", "'/tmp/../etc/shadow' climbs with '..'", "write the path"
    ),
    # YAML: bounded alias expansion, no alias inside its own anchor, bounded nesting. Column 44: the 8th alias
    # of line 7, where the count of values passes the bound.
    "alias_bomb.yaml": Expected(
        7, 44, "", "the YAML alias *x3 makes this file expand past 100,000 values", "write the values out"
    ),
    "alias_cycle.yaml": Expected(
        20, 18, "", "the alias *shape is inside the anchor &shape it refers to: it would never end"
    ),
    "nesting_too_deep.yaml": Expected(
        18, 314, "", "lists and mappings are nested more than 64 levels deep here", "a lesson needs only a few"
    ),
    # Control characters in texts the learner sees, at the character when the file holds it as it is.
    "control_escape_in_title.yaml": Expected(
        11, 17, "exercises[0].title.en", f"the text holds U+001B (escape): {CONTROL}"
    ),
    "control_bidi_in_prompt.yaml": Expected(
        12, 28, "exercises[0].prompt.en", f"the text holds U+202E (right-to-left override), {BIDI}", "remove it"
    ),
    "control_isolate_in_summary.yaml": Expected(
        11, 9, "summary.ko", f"the text holds U+2066 (left-to-right isolate), {BIDI}"
    ),
    "control_c1_in_hint.yaml": Expected(
        14, 14, "exercises[0].hints[0].en", "the text holds U+009B (control sequence introducer)"
    ),
    "control_del_in_wrong_explanation.yaml": Expected(
        18, 27, "exercises[0].wrong[0].explanation.en", "the text holds U+007F (delete)"
    ),
    "control_bell_in_fixture_path.yaml": Expected(18, 17, f"{FIXTURE}[0].path", "the text holds U+0007 (bell)"),
    "control_escape_in_solution.yaml": Expected(15, 23, "exercises[0].solution[1]", "the text holds U+001B (escape)"),
    "control_carriage_return_in_alias.yaml": Expected(
        18, 17, "exercises[0].expect.aliases[0].name", "the text holds U+000D (carriage return)"
    ),
    "raw_control_character.yaml": Expected(
        8, 24, "", "YAML error: the character U+001B is not allowed in a YAML file", "remove it; where a file's"
    ),
}


def test_every_hostile_fixture_has_a_case() -> None:
    assert {p.name for p in HOSTILE.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_fixture_reports_one_problem_at_its_place(name: str) -> None:
    expected = CASES[name]
    lesson, problems = load_file(HOSTILE / name)
    assert lesson is None
    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.line, problem.column) == (expected.line, expected.column), problem.format()
    assert problem.key_path == expected.key_path
    assert problem.message.startswith(expected.message), problem.message
    if expected.suggestion is not None:
        assert problem.suggestion is not None and problem.suggestion.startswith(expected.suggestion)


# -- variations on one good lesson ---------------------------------------------------------------------------

BASE = """\
format_version: 1
id: base
chapter: 1
order: 1
title: {en: "TITLE", ko: 제목}
summary: {en: A summary., ko: 요약입니다.}
explanation:
  en: |
    Some **Markdown**.
  ko: 약간의 마크다운.
exercises:
  - id: one
    title: {en: One pwd, ko: pwd 하나}
    prompt: {en: "PROMPT", ko: 출력하세요.}
    hints:
      - {en: "HINT", ko: 힌트.}
    solution: ["SOLUTION"]
    wrong:
      - commands: ["WRONG"]
        explanation: {en: "WHY", ko: 틀렸습니다.}
    fixture:
      files:
        - {path: "FIXTURE_PATH"}
        - {path: link, type: symlink, target: "TARGET"}
    expect:
      stdout: {regex: '.', looks_for: {en: "LOOKS_FOR", ko: 무언가}}
      files:
        - {path: "EXPECT_PATH", exists: true}
      aliases:
        - {name: "ALIAS", value: "ALIAS_VALUE"}
      shape:
        uses: ["USES", {command: "COMMAND"}]
        avoids: ["AVOIDS"]
        starts_with: "STARTS"
"""
PLAIN_VALUES = {
    "TITLE": "Title",
    "PROMPT": "Print it.",
    "HINT": "Use pwd.",
    "SOLUTION": "pwd",
    "WRONG": "ls",
    "WHY": "That lists.",
    "FIXTURE_PATH": "data/a.txt",
    "TARGET": "data/a.txt",
    "LOOKS_FOR": "anything",
    "EXPECT_PATH": "data/a.txt",
    "ALIAS": "ll",
    "ALIAS_VALUE": "ls -l",
    "USES": "pwd",
    "COMMAND": "pwd",
    "AVOIDS": "rm",
    "STARTS": "pwd",
}
KEY_PATHS = {
    "TITLE": "title.en",
    "PROMPT": "exercises[0].prompt.en",
    "HINT": "exercises[0].hints[0].en",
    "SOLUTION": "exercises[0].solution[0]",
    "WRONG": "exercises[0].wrong[0].commands[0]",
    "WHY": "exercises[0].wrong[0].explanation.en",
    "FIXTURE_PATH": "exercises[0].fixture.files[0].path",
    "TARGET": "exercises[0].fixture.files[1].target",
    "LOOKS_FOR": "exercises[0].expect.stdout.looks_for.en",
    "EXPECT_PATH": "exercises[0].expect.files[0].path",
    "ALIAS": "exercises[0].expect.aliases[0].name",
    "ALIAS_VALUE": "exercises[0].expect.aliases[0].value",
    "USES": "exercises[0].expect.shape.uses[0]",
    "COMMAND": "exercises[0].expect.shape.uses[1].command",
    "AVOIDS": "exercises[0].expect.shape.avoids[0]",
    "STARTS": "exercises[0].expect.shape.starts_with",
}


def quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar: control characters and bidi overrides as `\\u` escapes."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def lesson_text(**changes: str) -> str:
    text = BASE
    for slot, value in {**PLAIN_VALUES, **changes}.items():
        text = text.replace(f'"{slot}"', quoted(value))
    return text


def load_text(tmp_path: Path, text: str, name: str = "lesson.yaml") -> tuple[object, list[Problem]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_file(path)


def test_the_base_lesson_is_good(tmp_path: Path) -> None:
    lesson, problems = load_text(tmp_path, lesson_text())
    assert problems == [] and isinstance(lesson, Lesson)


REFUSED_CHARACTERS = [
    "\x00",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\r",
    "\x1b",
    "\x1f",
    "\x7f",
    "\x80",
    "\x85",
    "\x9b",
    "\x9f",
    *(chr(c) for c in range(0x202A, 0x202F)),
    *(chr(c) for c in range(0x2066, 0x206A)),
]


@pytest.mark.parametrize("character", REFUSED_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_is_refused_in_a_title(tmp_path: Path, character: str) -> None:
    lesson, problems = load_text(tmp_path, lesson_text(TITLE=f"Tit{character}le"))
    assert lesson is None
    assert [(p.line, p.key_path) for p in problems] == [(5, "title.en")]
    assert problems[0].message.startswith(f"the text holds U+{ord(character):04X} (")


@pytest.mark.parametrize("slot", sorted(KEY_PATHS))
@pytest.mark.parametrize("character", ["\x1b", "\x9b", "\u202e"], ids=["ESC", "CSI", "RLO"])
def test_control_characters_are_refused_in_every_shown_text(tmp_path: Path, slot: str, character: str) -> None:
    lesson, problems = load_text(tmp_path, lesson_text(**{slot: PLAIN_VALUES[slot] + character + "x"}))
    assert lesson is None
    assert [p.key_path for p in problems] == [KEY_PATHS[slot]], [p.format() for p in problems]
    assert problems[0].line > 0 and problems[0].column > 0


@pytest.mark.parametrize("text", ["tab\there", "two\nlines", "한국어 텍스트", "emoji 🙂", "a\u200db", "\u00e9\u00a0x"])
def test_tabs_newlines_and_ordinary_unicode_are_allowed(tmp_path: Path, text: str) -> None:
    _, problems = load_text(tmp_path, lesson_text(TITLE=text, PROMPT=text, HINT=text))
    assert problems == []


def test_control_characters_are_refused_in_course_titles(tmp_path: Path) -> None:
    course = (
        'format_version: 1\ntitle: {en: Course, ko: 과정}\nchapters:\n  - number: 1\n    title: {en: "A\\eB", ko: 장}\n'
    )
    _, problems = load_text(tmp_path, course, "course.yaml")
    assert [(p.line, p.column, p.key_path) for p in problems] == [(5, 17, "chapters[0].title.en")]


def test_the_text_of_file_contents_and_expected_output_may_hold_control_characters(tmp_path: Path) -> None:
    # Not shown as lesson text: a log with colour codes or CRLF line ends is a fair fixture.
    text = lesson_text().replace('- {path: "data/a.txt"}', '- {path: "data/a.txt", content: "red\\e[31m\\r\\n"}')
    _, problems = load_text(tmp_path, text)
    assert problems == []


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (["{path: a, type: dir}", "{path: a, type: dir}"], "'a' is given twice"),
        (["{path: a/b}", "{path: a/./b}"], "'a/./b' is the same path as 'a/b'"),
        (["{path: a, type: dir}", "{path: a/, type: dir}"], "'a/' is the same path as 'a'"),
        (["{path: l, type: symlink, target: /}", "{path: l, content: x}"], "'l' is given twice"),
        (["{path: l, type: symlink, target: /}", "{path: l/deep/x}"], "'l/deep/x' is inside 'l'"),
        (["{path: f}", "{path: f/x, type: symlink, target: y}"], "'f/x' is inside 'f'"),
        (["{path: a/b/c}", "{path: a, type: symlink, target: /tmp}"], "'a' is a symlink, but files[0]"),
        (['{path: "."}'], "'.' names the home itself"),
    ],
)
def test_overlapping_fixture_paths(tmp_path: Path, entries: list[str], message: str) -> None:
    listing = "\n".join(f"        - {e}" for e in entries)
    text = lesson_text().replace(
        '        - {path: "data/a.txt"}\n        - {path: link, type: symlink, target: "data/a.txt"}', listing
    )
    assert text != lesson_text()
    _, problems = load_text(tmp_path, text)
    assert len(problems) == 1 and problems[0].message.startswith(message), [p.format() for p in problems]
    assert problems[0].key_path.startswith("exercises[0].fixture.files[")


@pytest.mark.parametrize(
    "entries",
    [
        ['{path: a, type: dir, mode: "0700"}', "{path: a/b}", "{path: a/c/d}"],
        ["{path: a/b}", '{path: a, type: dir, mode: "0700"}'],  # a directory above an earlier entry
        ["{path: a/b, type: symlink, target: /etc}", "{path: a/c}"],  # siblings of a symlink
        ['{path: x, mode: "0777"}', '{path: y, mode: "755"}', '{path: z, mode: "0000"}'],
    ],
)
def test_fixtures_that_do_not_overlap_are_fine(tmp_path: Path, entries: list[str]) -> None:
    listing = "\n".join(f"        - {e}" for e in entries)
    text = lesson_text().replace(
        '        - {path: "data/a.txt"}\n        - {path: link, type: symlink, target: "data/a.txt"}', listing
    )
    _, problems = load_text(tmp_path, text)
    assert problems == [], [p.format() for p in problems]


@pytest.mark.parametrize("mode", ["4755", "04755", "2755", "1777", "7777", "6777"])
def test_fixture_modes_with_special_bits_are_refused(tmp_path: Path, mode: str) -> None:
    text = lesson_text().replace('- {path: "data/a.txt"}', f'- {{path: "data/a.txt", mode: "{mode}"}}')
    _, problems = load_text(tmp_path, text)
    assert [p.key_path for p in problems] == ["exercises[0].fixture.files[0].mode"]
    assert problems[0].message.startswith(f"mode '{mode}' sets the ")


def test_an_expectation_may_still_check_special_bits_the_learner_sets(tmp_path: Path) -> None:
    text = lesson_text().replace('{path: "EXPECT_PATH", exists: true}', '{path: shared, mode: "1777"}')
    _, problems = load_text(tmp_path, text)
    assert problems == []


@pytest.mark.parametrize(
    ("path", "ok"),
    [
        ("out.txt", True),
        ("~/out.txt", True),
        (f"{SANDBOX_HOME}/out.txt", True),
        ("/tmp/out.txt", True),
        ("/etc/shadow", False),
        ("/etc/passwd", False),
        ("/proc/1/environ", False),
        ("/root/.ssh/id_rsa", False),
        (f"{SANDBOX_HOME}2/x", False),
        ("/tmpfile", False),
        (f"{SANDBOX_HOME}/../../etc/shadow", False),
        ("logs/../../x", False),
        ("/opt/shelltutor/driver.bash", False),
    ],
)
def test_graded_paths_are_in_the_home_or_tmp(tmp_path: Path, path: str, ok: bool) -> None:
    _, problems = load_text(tmp_path, lesson_text(EXPECT_PATH=path))
    assert (problems == []) == ok, [p.format() for p in problems]
    if not ok:
        assert [p.key_path for p in problems] == ["exercises[0].expect.files[0].path"]


def test_the_lessons_home_is_the_sandboxs_home() -> None:
    assert SANDBOX_HOME == bwrap.HOME


# -- the JSON Schema for editors agrees where it can say it --------------------------------------------------

SCHEMA_ALSO_REJECTS = [
    "fixture_mode_setuid.yaml",
    "fixture_mode_setuid_setgid.yaml",
    "fixture_mode_sticky.yaml",
    "expect_path_host_file.yaml",
    "expect_path_dotdot.yaml",
    "expect_path_tmp_dotdot.yaml",
    "control_escape_in_title.yaml",
    "control_bidi_in_prompt.yaml",
    "control_isolate_in_summary.yaml",
    "control_c1_in_hint.yaml",
    "control_del_in_wrong_explanation.yaml",
    "control_bell_in_fixture_path.yaml",
    "control_carriage_return_in_alias.yaml",
]


@pytest.mark.parametrize("name", SCHEMA_ALSO_REJECTS)
def test_the_schema_rejects_it_too(name: str) -> None:
    schema = lesson_schema()
    data = yaml.load((HOSTILE / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)), f"the schema accepts {name}"


# -- alias bombs: bounded in time and memory, and the rest of the course loads -------------------------------

GOOD = (HOSTILE.parent.parent.parent / "fixtures" / "e2e-course" / "e2e-basics.yaml").resolve()


def big_bomb() -> str:
    """About 960 KB: nine levels of nine nested aliases, as shape checks the validator walks, with long texts."""
    filler = "lol " * 200
    lines = ["l0: &l0 {pipe: true, uses: [" + ", ".join([f'"{filler}"'] * 7) + "]}"]
    for i in range(1, 10):
        lines.append(f"l{i}: &l{i} {{any_of: [" + ", ".join([f"*l{i - 1}"] * 9) + "]}")
    text = (HOSTILE / "alias_bomb.yaml").read_text(encoding="utf-8").replace("*x6", "*l9")
    text = text.replace("format_version: 1\n", "format_version: 1\n" + "\n".join(lines) + "\n", 1)
    line = f"# {'padding ' * 12}\n"  # 99 bytes
    return line * ((960_000 - len(text.encode())) // len(line)) + text


def measure_load(directory: Path) -> dict[str, Any]:
    """Load `directory` in a fresh interpreter: seconds, peak RSS in MB, problems, lesson ids."""
    code = textwrap.dedent(
        f"""
        import json, sys, time
        from pathlib import Path
        from shelltutor.course.loader import load_paths
        t = time.monotonic()
        result = load_paths([Path({str(directory)!r})])
        print(json.dumps({{
            "seconds": time.monotonic() - t,
            # VmHWM, this program's own peak: ru_maxrss also counts the parent's size at the fork (a test
            # worker that ran other tests can be a gigabyte), which exec carries over.
            "rss_mb": int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) / 1024,
            "problems": [[p.line, p.column, p.message] for p in result.problems],
            "lessons": [lesson.id for lesson in result.lessons],
        }}))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return dict(json.loads(done.stdout))


def test_a_960_kb_alias_bomb_is_a_problem_and_the_course_still_loads(tmp_path: Path) -> None:
    bomb = big_bomb()
    assert 900_000 < len(bomb.encode()) < 1_000_000
    (tmp_path / "bomb.yaml").write_text(bomb, encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    measured = measure_load(tmp_path)
    assert measured["lessons"] == ["e2e-basics"]
    ((line, column, message),) = measured["problems"]
    assert message.startswith("the YAML alias *l") and "expand past" in message
    assert line > 9000 and column > 1
    assert measured["seconds"] < 10, measured
    assert measured["rss_mb"] < 300, measured


@pytest.mark.parametrize(
    ("bomb", "what"),
    [
        # Long texts, few copies: the characters bound.
        ('t: &t "' + "x" * 500_000 + '"\nu: [' + ", ".join(["*t"] * 12) + "]\n", "4,194,304 characters"),
        # Many copies of one value.
        ("v: &v [a, b]\nw: &w [" + ", ".join(["*v"] * 1000) + "]\nx: [" + ", ".join(["*w"] * 40) + "]\n", "values"),
    ],
)
def test_other_expansions_past_the_bounds(tmp_path: Path, bomb: str, what: str) -> None:
    _, problems = load_text(tmp_path, "format_version: 1\n" + bomb + lesson_text().split("\n", 1)[1])
    assert len(problems) == 1 and what in problems[0].message, [p.format() for p in problems]


def test_aliases_within_the_bounds_are_fine(tmp_path: Path) -> None:
    text = lesson_text().replace("      - commands:", "      - &wrong\n        commands:", 1)
    text = text.replace("    fixture:", "      - *wrong\n    fixture:", 1)
    lesson, problems = load_text(tmp_path, text)
    assert problems == [] and isinstance(lesson, Lesson) and len(lesson.exercises[0].wrong) == 2


def test_bounds_are_checked_before_the_validator_walks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlbounds, "MAX_ALIAS_VALUES", 3)
    text = lesson_text().replace("      - commands:", "      - &wrong\n        commands:", 1)
    text = text.replace("    fixture:", "      - *wrong\n    fixture:", 1)
    _, problems = load_text(tmp_path, text)
    assert [p.message for p in problems] == ["the YAML alias *wrong makes this file expand past 3 values"]


def test_an_alias_bomb_in_a_lessons_directory_leaves_the_cli_answering(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(big_bomb(), encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    for argv in (["check", str(tmp_path)], ["--lessons", str(tmp_path), "lessons"]):
        t = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "shelltutor", *argv], capture_output=True, text=True, timeout=60, check=False
        )
        assert time.monotonic() - t < 30
        assert "bomb.yaml" in done.stdout + done.stderr, argv
    assert "e2e-basics" in done.stdout


def test_load_paths_reports_the_bomb_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text((HOSTILE / "alias_bomb.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = load_paths([tmp_path])
    assert [(p.path, p.line) for p in result.problems] == [(str(tmp_path / "bomb.yaml"), 7)]
