"""The command line is a product surface: every subcommand has --help and is documented in the README."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from shelltutor.cli import build_parser, main
from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    for action in parser._actions:
        if action.dest == "command":
            return sorted(action.choices)  # type: ignore[arg-type]
    raise AssertionError("no subcommands")


def test_the_contracted_subcommands_exist() -> None:
    assert set(_subcommands()) == {
        "check",
        "schema",
        "lessons",
        "exec",
        "grade",
        "verify",
        "progress",
        "class",
        "new",
        "explain",
    }


@pytest.mark.parametrize("name", _subcommands())
def test_every_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: shelltutor {name}")
    assert len(out.splitlines()) >= 4, "help should say what the command does"


@pytest.mark.parametrize("name", _subcommands())
def test_every_subcommand_is_in_the_readme(name: str) -> None:
    assert re.search(rf"`shelltutor {name}\b", README), f"README does not document `shelltutor {name}`"


def test_global_options_are_documented() -> None:
    for option in ("--lang", "--lessons", "--plain", "--lesson", "--exercise"):
        assert option in README


def test_exit_codes_are_documented() -> None:
    assert [int(code) for code in ExitCode] == [0, 1, 2]
    for code in ExitCode:
        assert f"**{int(code)}**" in README


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert re.fullmatch(r"shelltutor \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_unknown_subcommand_is_a_usage_error() -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"], env=CliEnv(stderr=err))
    assert exit_info.value.code == 2


REQUIRED = {"exec": ["echo hi"], "grade": ["lesson/exercise"], "new": ["lesson", "x"]}
"""Positional arguments the subcommands need to parse."""


@pytest.mark.parametrize("name", [n for n in _subcommands() if n != "grade"])
def test_global_options_are_accepted_after_the_subcommand(name: str) -> None:
    """`shelltutor progress --lang ko` works like `shelltutor --lang ko progress`, as the README shows."""
    parser = build_parser()
    after = parser.parse_args([name, "--lang", "ko", "--lessons", "B", *REQUIRED.get(name, [])])
    before = parser.parse_args(["--lang", "ko", "--lessons", "A", name, *REQUIRED.get(name, [])])
    assert after.lang == before.lang == "ko"
    assert extra_lesson_dirs(after) == [Path("B")] and extra_lesson_dirs(before) == [Path("A")]
    both = parser.parse_args(["--lessons", "A", name, "--lessons", "B", *REQUIRED.get(name, [])])
    assert extra_lesson_dirs(both) == [Path("A"), Path("B")]
    assert parser.parse_args([name, *REQUIRED.get(name, [])]).lang is None


def test_progress_in_korean_after_the_subcommand(tmp_path: Path) -> None:
    out = io.StringIO()
    code = main(["progress", "--lang", "ko"], CliEnv(stdout=out, stderr=io.StringIO(), data_dir=tmp_path))
    assert code == 0 and "연습 문제" in out.getvalue()
