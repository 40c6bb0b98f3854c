"""`shelltutor serve` without a browser: learner ids, the tokens file, and the command's checks of its set-up."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shelltutor.cli import main
from shelltutor.cli.common import CliEnv, ExitCode
from shelltutor.web.learners import (
    MAX_ID_CHARS,
    REFUSED_EMPTY,
    REFUSED_NO_LETTERS,
    REFUSED_TOO_LONG,
    REFUSED_UNKNOWN_TOKEN,
    Learner,
    Roster,
    TokenFile,
    learner_id,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Ada Lovelace", "ada-lovelace"),
        ("  ADA   lovelace ", "ada-lovelace"),
        ("김민수", "김민수"),
        ("Ｋｉｍ　민수", "kim-민수"),  # full-width letters and space, as a Korean keyboard may send them
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("a/b\\c\x00d", "a-b-c-d"),
        ("..", ""),
        ("\u202eevil", "evil"),  # a bidi override is not a letter
        ("x" * 300, "x" * MAX_ID_CHARS),
    ],
)
def test_a_learner_id_is_letters_digits_and_dashes_only(typed: str, expected: str) -> None:
    ident = learner_id(typed)
    assert ident == expected
    assert "/" not in ident and not ident.startswith((".", "-")) and not ident.endswith("-")


def test_names_are_refused_with_a_reason(tmp_path: Path) -> None:
    roster = Roster(tmp_path)
    assert not roster.asks_token
    assert roster.identify("   ") == REFUSED_EMPTY
    assert roster.identify("?!/..") == REFUSED_NO_LETTERS
    assert roster.identify("a" * 201) == REFUSED_TOO_LONG
    assert roster.identify(" Ada ") == Learner("ada", "Ada")


def test_a_learners_directory_is_under_learners_and_private(tmp_path: Path) -> None:
    roster = Roster(tmp_path)
    learner = roster.identify("../../Ada")
    assert isinstance(learner, Learner)
    directory = roster.directory(learner)
    assert directory == tmp_path / "learners" / "ada"
    assert directory.stat().st_mode & 0o777 == 0o700


def test_the_tokens_file_names_learners_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "tokens.txt"
    path.write_text(
        "# Monday's class\n"
        "\n"
        "violet-lantern-42 Grace Hopper\n"
        "short\n"
        "violet-lantern-42 Someone Else\n"
        "amber-compass-77 grace   hopper\n"
        "quiet-harbour-15\n"
        "!!!!!!!!!!\n",
        encoding="utf-8",
    )
    tokens = TokenFile.read(path)
    assert tokens.learners == {
        "violet-lantern-42": Learner("grace-hopper", "Grace Hopper"),
        "quiet-harbour-15": Learner("quiet-harbour-15", "quiet-harbour-15"),
    }
    assert [(p.line, p.message) for p in tokens.problems] == [
        (4, "a token needs at least 8 characters (a short one is easy to guess)"),
        (5, "the same token as line 3"),
        (6, "the same learner id 'grace-hopper' as line 3 (progress would be shared)"),
        (8, "the name (or token) needs a letter or digit"),
    ]


def test_a_token_is_looked_up_exactly_and_read_again_at_every_login(tmp_path: Path) -> None:
    path = tmp_path / "tokens.txt"
    path.write_text("violet-lantern-42 Grace Hopper\n", encoding="utf-8")
    roster = Roster(tmp_path / "serve", path)
    assert roster.asks_token
    assert roster.identify(" violet-lantern-42 ") == Learner("grace-hopper", "Grace Hopper")
    assert roster.identify("VIOLET-LANTERN-42") == REFUSED_UNKNOWN_TOKEN
    assert roster.identify("Grace Hopper") == REFUSED_UNKNOWN_TOKEN, "a name is not a token"
    path.write_text("violet-lantern-42 Grace Hopper\namber-compass-77 Alan\n", encoding="utf-8")
    assert roster.identify("amber-compass-77") == Learner("alan", "Alan")
    path.unlink()
    assert roster.identify("violet-lantern-42") == REFUSED_UNKNOWN_TOKEN


def _serve(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    status = main(["serve", *args], env=CliEnv(stdout=io.StringIO(), stderr=err, environ={"LANG": "C.UTF-8"}))
    return status, err.getvalue()


def test_a_tokens_file_with_problems_stops_the_server_before_it_starts(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("violet-lantern-42 Ada\nshort\n", encoding="utf-8")
    status, err = _serve("--tokens", str(tokens), "--data", str(tmp_path / "serve"))
    assert status == ExitCode.BAD_INPUT
    assert f"{tokens}:2: a token needs at least 8 characters" in err


def test_an_empty_or_missing_tokens_file_is_refused(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("# nobody yet\n", encoding="utf-8")
    status, err = _serve("--tokens", str(tokens))
    assert status == ExitCode.BAD_INPUT and "holds no usable token" in err
    status, err = _serve("--tokens", str(tmp_path / "missing.txt"))
    assert status == ExitCode.BAD_INPUT and "cannot read" in err and "No such file" in err


def test_a_data_directory_that_cannot_be_made_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    status, err = _serve("--data", str(blocker / "serve"))
    assert status == ExitCode.BAD_INPUT and "cannot use" in err


def test_the_session_option_is_only_for_the_server(tmp_path: Path) -> None:
    status, err = _serve("--session", "--data", str(tmp_path))
    assert status == ExitCode.BAD_INPUT and "start `shelltutor serve` instead" in err


@pytest.mark.parametrize("bad", [["--max-sessions", "0"], ["--port", "70000"], ["--port", "http"]])
def test_bad_numbers_are_usage_errors(bad: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", *bad], env=CliEnv(stderr=io.StringIO()))
    assert exit_info.value.code == 2
