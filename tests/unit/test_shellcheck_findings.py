"""ShellCheck's findings on the learner's script: parsed, explained in English and Korean, shown, and never failing
a pass unless the exercise names the code in `shellcheck.fail_on`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from grader_fakes import FakeResult, FakeWorld, exercise

from shelltutor.course.model import Expectations, FileExpect, FileFixture, Fixture, ShellCheckExpect, TextMatch
from shelltutor.grading import lint
from shelltutor.grading.grader import Grader
from shelltutor.grading.lintcodes import EXPLANATIONS, LintFinding, ScriptLint
from shelltutor.grading.lintcodes import text as lint_text

COMMON = [
    "SC2086",
    "SC2164",
    "SC2002",
    "SC2046",
    "SC2006",
    "SC2034",
    "SC2162",
    "SC2148",
    "SC1091",
    "SC2155",
    "SC2045",
    "SC2013",
    "SC2181",
    "SC2115",
    "SC2068",
]
UNQUOTED = '#!/bin/bash\ncd $1\necho "done"\n'
"""A script with an unquoted variable (SC2086) and a `cd` without `|| exit` (SC2164)."""
CLEAN = '#!/bin/bash\ncd "$1" || exit 1\necho "done"\n'


def script_exercise(shellcheck: ShellCheckExpect | None = None, **files: str) -> object:
    return exercise(
        Expectations(stdout=TextMatch(normalized="done"), files=(FileExpect(path="run.sh"),), shellcheck=shellcheck),
        fixture=Fixture(files=tuple(FileFixture(path=p, content=c) for p, c in files.items())),
    )


def grade(ex: object, world: FakeWorld) -> object:
    return Grader().grade(ex, world, ["bash run.sh data"], [FakeResult("bash run.sh data", stdout="done\n")], 1)  # type: ignore[arg-type]


def test_json1_output_is_parsed_in_order() -> None:
    output = json.dumps(
        {
            "comments": [
                {"line": 3, "column": 6, "level": "info", "code": 2086, "message": "Double quote …"},
                {"line": 2, "column": 1, "level": "warning", "code": 2164, "message": "Use 'cd … || exit' …"},
            ]
        }
    )
    findings = lint.parse_json1(output)
    assert findings == (
        LintFinding("SC2164", 2, 1, "warning", "Use 'cd … || exit' …"),
        LintFinding("SC2086", 3, 6, "info", "Double quote …"),
    )
    assert lint.parse_json1("not json") is None
    assert lint.parse_json1('{"comments": [{"line": 1}]}') is None


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("run.sh", "#!/bin/bash\necho", (True, "bash")),
        ("run", "#!/usr/bin/env bash\necho", (True, "bash")),
        ("run", "#! /bin/sh -e\necho", (True, "sh")),
        ("tool.py", "#!/usr/bin/env python3\nprint(1)", (False, None)),
        ("odd.sh", "#!/usr/bin/python3\nprint(1)", (False, None)),
        ("env.sh", "export A=1\n", (True, None)),
        ("notes.txt", "echo hi\n", (False, None)),
    ],
)
def test_a_shell_script_is_told_by_its_shebang_or_its_name(path: str, text: str, expected: object) -> None:
    assert lint.script_shell(path, text) == expected


def test_the_real_shellcheck_finds_the_classics() -> None:
    findings = lint.shellcheck(UNQUOTED, "bash")
    assert findings is not None
    assert [(f.code, f.line) for f in findings] == [("SC2164", 2), ("SC2086", 2)]
    assert lint.shellcheck(CLEAN, "bash") == ()
    no_shebang = lint.shellcheck("echo $1\n")
    assert no_shebang is not None and "SC2148" in {f.code for f in no_shebang}


def test_shellcheck_reads_only_the_text_it_is_given() -> None:
    """A `source` directive naming a host file is not followed (only stdin is ShellCheck's input)."""
    findings = lint.shellcheck("#!/bin/bash\n# shellcheck source=/etc/passwd\nsource /etc/passwd\n", "bash")
    assert findings is not None and [f.code for f in findings] == ["SC1091"]


@pytest.mark.parametrize("code", COMMON)
def test_the_common_codes_are_explained_in_english_and_korean(code: str) -> None:
    explained = EXPLANATIONS[code]
    assert explained.en.strip() and explained.ko.strip() and explained.en != explained.ko
    assert re.search(r"[가-힣]", explained.ko) and not re.search(r"[가-힣]", explained.en)
    assert explained.en.count("`") % 2 == 0 and explained.ko.count("`") % 2 == 0, "unbalanced inline code"
    finding = LintFinding(code, 4, 2, "info", "ShellCheck's words")
    assert finding.format("en") == f"line 4: {explained.en} ({code})"
    assert finding.format("ko") == f"4번째 줄: {explained.ko} ({code})"


def test_an_unknown_code_shows_shellchecks_message() -> None:
    finding = LintFinding("SC9999", 1, 1, "style", "Some rare advice.")
    assert finding.explanation("en") == finding.explanation("ko") == "Some rare advice."


def test_every_text_has_the_same_fields_in_both_languages() -> None:
    from shelltutor.grading.lintcodes import TEXTS

    for key, value in TEXTS.items():
        assert sorted(re.findall(r"{(\w+)}", value.en)) == sorted(re.findall(r"{(\w+)}", value.ko)), key
    assert lint_text("more", "ko", count=3) == "(그 밖에 3개 더)"


def test_findings_never_turn_a_pass_into_a_fail() -> None:
    world = FakeWorld(files={"run.sh": UNQUOTED})
    verdict = grade(script_exercise(), world)
    assert verdict.status == "pass"  # type: ignore[attr-defined]
    (script,) = verdict.scripts  # type: ignore[attr-defined]
    assert script.path == "run.sh" and [f.code for f in script.findings] == ["SC2164", "SC2086"]
    assert script.failing == ()
    shown = verdict.format("ko")  # type: ignore[attr-defined]
    assert "`run.sh`에 대한 ShellCheck의 조언" in shown and "2번째 줄: `|| exit` 없는 `cd`" in shown
    report = verdict.to_json("en")  # type: ignore[attr-defined]
    assert report["shellcheck"][0]["findings"][1]["code"] == "SC2086"
    assert report["shellcheck"][0]["findings"][1]["explanation"] == EXPLANATIONS["SC2086"].en


def test_a_code_the_exercise_fails_on_fails_the_attempt() -> None:
    ex = script_exercise(ShellCheckExpect(fail_on=("SC2086",)))
    verdict = grade(ex, FakeWorld(files={"run.sh": UNQUOTED}))
    assert verdict.status == "fail"  # type: ignore[attr-defined]
    assert verdict.message.en.startswith("ShellCheck finds SC2086 in `run.sh` (line 2): Unquoted variable")  # type: ignore[attr-defined]
    assert "이 연습에서는 이것이 없는 스크립트를" in verdict.message.ko  # type: ignore[attr-defined]
    assert ("shellcheck", False) in [(c.key, c.passed) for c in verdict.checks]  # type: ignore[attr-defined]
    assert verdict.scripts[0].failing == ("SC2086",)  # type: ignore[attr-defined]
    fixed = grade(ex, FakeWorld(files={"run.sh": CLEAN}))
    assert fixed.status == "pass" and ("shellcheck", True) in [(c.key, c.passed) for c in fixed.checks]  # type: ignore[attr-defined]


def test_ignored_codes_are_not_shown_and_a_lint_turned_off_shows_nothing() -> None:
    world = FakeWorld(files={"run.sh": UNQUOTED})
    verdict = grade(script_exercise(ShellCheckExpect(ignore=("SC2164",))), world)
    assert [f.code for f in verdict.scripts[0].findings] == ["SC2086"]  # type: ignore[attr-defined]
    assert grade(script_exercise(ShellCheckExpect(enabled=False)), world).scripts == ()  # type: ignore[attr-defined]


def test_a_teammates_script_left_as_the_fixture_made_it_is_not_linted() -> None:
    ex = script_exercise(**{"run.sh": UNQUOTED})
    assert grade(ex, FakeWorld(files={"run.sh": UNQUOTED})).scripts == ()  # type: ignore[attr-defined]
    changed = grade(ex, FakeWorld(files={"run.sh": UNQUOTED + "echo more\n"}))
    assert [s.path for s in changed.scripts] == ["run.sh"]  # type: ignore[attr-defined]
    named = script_exercise(ShellCheckExpect(file="run.sh"), **{"run.sh": UNQUOTED})  # the author says it is theirs
    assert [s.path for s in grade(named, FakeWorld(files={"run.sh": UNQUOTED})).scripts] == ["run.sh"]  # type: ignore[attr-defined]


def test_what_is_not_a_readable_shell_script_is_left_alone() -> None:
    for files in (
        {"run.sh": "#!/usr/bin/env python3\nprint('done')\n"},  # another language
        {"run.sh": ("x" * (lint.MAX_SCRIPT_BYTES + 1))},  # too big
        {"run.sh": ("symlink", "/etc/passwd")},  # never read through a link
        {},  # missing
    ):
        assert grade(script_exercise(), FakeWorld(files=files)).scripts == (), files  # type: ignore[attr-defined]


def test_without_shellcheck_the_verdict_says_nothing_about_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint, "shellcheck_program", lambda: None)
    ex = script_exercise(ShellCheckExpect(fail_on=("SC2086",)))
    verdict = grade(ex, FakeWorld(files={"run.sh": UNQUOTED}))
    assert verdict.status == "pass" and verdict.scripts == ()  # type: ignore[attr-defined]
    assert "ShellCheck" not in verdict.format("en")  # type: ignore[attr-defined]


def test_a_shellcheck_that_hangs_or_fails_gives_no_findings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "shellcheck"
    fake.write_text("#!/bin/sh\necho 'oops' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(lint, "shellcheck_program", lambda: str(fake))
    lint.shellcheck.cache_clear()
    assert lint.shellcheck("#!/bin/bash\necho $x\n", "bash") is None
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    monkeypatch.setattr(lint, "SHELLCHECK_SECONDS", 0.3)
    lint.shellcheck.cache_clear()
    assert lint.shellcheck("#!/bin/bash\necho $y\n", "bash") is None
    lint.shellcheck.cache_clear()


def test_a_script_lint_lists_at_most_a_few_findings() -> None:
    findings = tuple(LintFinding("SC2086", n, 1, "info", "m") for n in range(1, 12))
    lines = ScriptLint("a.sh", findings).lines("en", limit=8)
    assert len(lines) == 9 and lines[-1] == "(and 3 more)"


LESSON = """\
format_version: 1
id: lint-format
chapter: 1
order: 1
title: {{en: T, ko: 제목}}
summary: {{en: S., ko: 요약.}}
explanation: {{en: E., ko: 설명.}}
exercises:
  - id: ex
    title: {{en: T, ko: 제목}}
    prompt: {{en: P., ko: 문제.}}
    hints: [{{en: H., ko: 힌트.}}]
    solution: bash run.sh
    expect:
{expect}
"""


@pytest.mark.parametrize(
    ("expect", "line", "key_path", "message"),
    [
        (
            "      exit_code: 0\n      shellcheck: {fail_on: [SC2086, 2164]}",
            16,
            "exercises[0].expect.shellcheck.fail_on[1]",
            "'2164' is not a ShellCheck code: SC and four digits, as ShellCheck's messages write them "
            "(write it as 'SC2164')",
        ),
        (
            "      exit_code: 0\n      shellcheck: {fail_on: SC2086, ignore: [SC2086]}",
            16,
            "exercises[0].expect.shellcheck.ignore",
            "SC2086 is both in `fail_on` and in `ignore`: a finding cannot fail the attempt unseen (keep it in one "
            "of them)",
        ),
        (
            "      exit_code: 0\n      shellcheck: {enabled: false, fail_on: [SC2086]}",
            16,
            "exercises[0].expect.shellcheck.enabled",
            "`enabled: false` switches the lint off, so `fail_on` would never fail anything (remove `enabled: "
            "false` or `fail_on`)",
        ),
        (
            "      shellcheck: {file: run.sh, fail_on: [SC2086]}",
            15,
            "exercises[0].expect",
            "expects nothing, so every attempt would pass; give at least one of:",
        ),
        (
            "      exit_code: 0\n      shellcheck: {file: /etc/passwd}",
            16,
            "exercises[0].expect.shellcheck.file",
            "or one under /home/learner or /tmp",
        ),
    ],
)
def test_check_refuses_a_malformed_shellcheck_key(
    tmp_path: Path, expect: str, line: int, key_path: str, message: str
) -> None:
    from shelltutor.course.loader import load_file

    path = tmp_path / "lesson.yaml"
    path.write_text(LESSON.format(expect=expect), encoding="utf-8")
    _, problems = load_file(path)
    assert [(p.line, p.key_path) for p in problems] == [(line, key_path)]
    assert message in problems[0].format()


def test_a_well_formed_shellcheck_key_loads(tmp_path: Path) -> None:
    from shelltutor.course.loader import load_file

    path = tmp_path / "lesson.yaml"
    expect = "      exit_code: 0\n      shellcheck: {file: ~/bin/run.sh, fail_on: SC2086, ignore: [SC1091, SC2034]}"
    path.write_text(LESSON.format(expect=expect), encoding="utf-8")
    lesson, problems = load_file(path)
    assert problems == []
    config = lesson.exercises[0].expect.shellcheck  # type: ignore[union-attr]
    assert config == ShellCheckExpect(file="~/bin/run.sh", fail_on=("SC2086",), ignore=("SC1091", "SC2034"))
