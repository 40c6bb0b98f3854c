"""Where the front ends call the sanitiser: the CLI's streams, JSON, argparse, plain mode, the TUI's texts and
command line."""

from __future__ import annotations

import io
import json
import re
import subprocess
from typing import Any, cast

import pytest

from shelltutor.cli import main
from shelltutor.cli.common import CliEnv, PrintableWriter, json_text, printable_env
from shelltutor.course.model import LocalText
from shelltutor.plain import PlainTutor
from shelltutor.tui.strings import local, tr
from shelltutor.tui.widgets.command_input import ansi_c_quoted, needs_quoting, typeable

BANNED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
)
EVIL = "\x1b]52;c;aGk=\x07\x1b]0;pwned\x1b\\\x9b2J\u202e\udc9b"
EVIL_SHOWN = "␛]52;c;aGk=␇␛]0;pwned␛\\<U+009B>2J<U+202E><0x9B>"


class Terminal(io.StringIO):
    """A StringIO that says it is a terminal, with a file descriptor."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 99


def test_cli_streams_are_printable_whatever_writes_to_them() -> None:
    out = Terminal()
    env = printable_env(CliEnv(stdout=out, stderr=io.StringIO()))
    assert printable_env(env).stdout is env.stdout  # wrapped once
    assert env.stdout.write(EVIL + "\n") == len(EVIL) + 1
    env.stdout.writelines(["a\x1b", "\t\n"])
    env.stdout.flush()
    assert out.getvalue() == EVIL_SHOWN + "\na␛\t\n"
    assert env.stdout.isatty() and env.stdout.fileno() == 99  # the rest is the stream's
    assert isinstance(env.stdout, PrintableWriter)


def test_json_escapes_what_a_terminal_would_obey_and_reads_back_the_same() -> None:
    payload = {"title": EVIL, "ko": "한글 \u2028", "n": 1}
    text = json_text(payload)
    assert not BANNED.search(text)
    assert "한글" in text and "\\u009b" in text and "\\u202e" in text and "\\udc9b" in text
    assert json.loads(text) == payload


def test_usage_errors_quote_arguments_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["lessons", EVIL])
    err = capsys.readouterr().err
    assert f"unrecognized arguments: {EVIL_SHOWN}" in err and not BANNED.search(err)


def test_grade_options_after_the_id_are_parsed_by_the_printable_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["grade", "some/exercise", "echo hi", f"--{EVIL}"])
    err = capsys.readouterr().err
    assert f"unrecognized arguments: --{EVIL_SHOWN}" in err and not BANNED.search(err)


def test_plain_mode_says_and_prompts_printably() -> None:
    out, stdin = io.StringIO(), Terminal("ls\n")
    tutor = PlainTutor(cast(Any, None), out, stdin, prompt=f"learner@shelltutor:~/{EVIL}\n$ ")
    tutor.say(f"Lesson: {EVIL}")
    assert list(tutor._lines()) == ["ls"]
    prompt = f"learner@shelltutor:~/{EVIL_SHOWN}␤$ "
    assert out.getvalue() == f"Lesson: {EVIL_SHOWN}\n{prompt}{prompt}"  # before the line, and before the end


def test_tui_texts_from_lessons_and_values_are_printable() -> None:
    assert local(LocalText(en=f"Title {EVIL}", ko=f"제목 {EVIL}"), "ko") == f"제목 {EVIL_SHOWN}"
    queued = tr("lesson.queued", "en", command=f"echo {EVIL}")
    assert EVIL_SHOWN in queued and not BANNED.search(queued)
    failed = tr("lesson.command_failed", "en", error=OSError(f"no {EVIL}"))
    assert EVIL_SHOWN in failed and not BANNED.search(failed)
    assert tr("lesson.exit_fail", "en", code=2) == tr("lesson.exit_fail", "en", code="2")  # numbers as they are


@pytest.mark.parametrize(
    "name",
    ["a\x1b]0;x\x07b", "tab\there", "new\nline", "quote's\\\x1b", "bidi\u202e", "c1\x9b", "raw\udc9bbyte", "del\x7f"],
)
def test_a_completed_name_goes_on_the_line_quoted_and_names_the_same_file(name: str) -> None:
    quoted = ansi_c_quoted(name)
    assert needs_quoting(name) and not needs_quoting(quoted)
    printed = subprocess.run(["bash", "-c", f"printf %s {quoted}"], capture_output=True, check=True).stdout
    assert printed == name.encode("utf-8", "surrogateescape")


def test_typeable_completions() -> None:
    assert typeable("plain-name.txt") == "plain-name.txt"
    assert typeable("dir\x1b/") == "$'dir\\E'/"  # the slash stays outside: completion goes on inside it
    assert typeable("sub/a\x1b") == "$'sub/a\\E'"
