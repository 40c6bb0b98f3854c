"""`shelltutor check --format github`: every problem as a GitHub Actions `::error` annotation, escaped as the
Actions toolkit escapes, and the authoring directory of `--lessons` checked too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_check_cli import BAD, run_cli

from shelltutor.cli.check import annotation
from shelltutor.problems import Problem


def test_a_problem_is_an_error_annotation_with_its_location() -> None:
    path = BAD / "unknown_key_did_you_mean.yaml"
    code, out, _ = run_cli("check", "--format", "github", str(path))
    assert code == 2
    assert out.splitlines() == [
        f"::error file={path},line=12,col=5,title=exercises[0].promt::unknown key 'promt' (did you mean 'prompt'?)",
        "1 file checked: 1 problem",
    ]


def test_a_whole_file_problem_has_no_line() -> None:
    code, out, _ = run_cli("check", "--format", "github", str(BAD / "empty_file.yaml"))
    assert code == 2
    assert out.splitlines()[0] == (
        f"::error file={BAD / 'empty_file.yaml'}::is empty (start from the example in docs/lesson-format.md)"
    )


def test_percent_newlines_commas_and_colons_are_escaped() -> None:
    problem = Problem("dir,a:b/x%.yaml", 3, 7, "exercises[0].expect", "100% wrong:\nsee\r here, there", "fix: it")
    assert annotation(problem) == (
        "::error file=dir%2Ca%3Ab/x%25.yaml,line=3,col=7,title=exercises[0].expect"
        "::100%25 wrong:%0Asee%0D here, there (fix: it)"
    )
    # A key path holds no comma or colon today; if one did, it could not end the property list early.
    assert annotation(Problem("f.yaml", 1, 1, "a,b:c", "m")) == "::error file=f.yaml,line=1,col=1,title=a%2Cb%3Ac::m"


def test_the_lessons_option_is_checked_and_json_is_still_there(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("format_version: 1\nid: Bad Id\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--lessons", str(tmp_path), "--format", "github")
    assert code == 2
    assert out.startswith(f"::error file={tmp_path / 'broken.yaml'},line=")
    code, out, _ = run_cli("check", "--format", "json", str(tmp_path))
    assert code == 2 and json.loads(out)["files"] == 1
    code, out, _ = run_cli("check", "--json", str(tmp_path))
    assert code == 2 and json.loads(out)["problems"]


def test_two_formats_at_once_are_refused(tmp_path: Path) -> None:
    code, out, err = run_cli("check", "--json", "--format", "github", str(tmp_path))
    assert code == 2 and out == ""
    assert "--json and --format github ask for two formats" in err


def test_a_missing_shellcheck_is_mentioned(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(
        "format_version: 1\ntitle: {en: T, ko: 제목}\nchapters: [{number: 1, title: {en: A, ko: 가}}]\n"
    )
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "shellcheck" else real(name, *a, **k))
    code, _, err = run_cli("check", str(tmp_path))
    assert code == 0
    assert "`shellcheck` is not installed" in err
    monkeypatch.undo()
    code, _, err = run_cli("check", str(tmp_path))
    assert code == 0 and err == ""
