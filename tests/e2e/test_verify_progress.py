"""`shelltutor verify` for people and for machines: a progress bar on a terminal, plain timed lines through a
pipe, and `--json` with each exercise's {exercise, ok, seconds, problems}."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pexpect
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

TIMED = re.compile(r"^ok   (?P<id>[\w-]+/count-errors)  \((?P<seconds>\d+\.\d\d) s, \d+ runs\)$", re.M)


def verify(shelltutor_bin: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `shelltutor verify` through pipes."""
    return subprocess.run(
        [shelltutor_bin, "verify", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def authoring(tmp_path: Path, shelltutor_bin: str, tutor_env: dict[str, str]) -> Path:
    """An authoring directory with two skeleton lessons (two exercises to verify)."""
    folder = tmp_path / "lessons"
    for name in ("first", "second"):
        made = subprocess.run(
            [shelltutor_bin, "new", "lesson", name, "--lessons", str(folder)],
            env=tutor_env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert made.returncode == 0, made.stderr
    return folder


def test_a_terminal_gets_a_progress_bar_and_timed_lines(
    authoring: Path, shelltutor_bin: str, tutor_env: dict[str, str]
) -> None:
    child = pexpect.spawn(
        shelltutor_bin,
        ["verify", "--jobs", "1", "--lessons", str(authoring)],
        env=tutor_env,
        encoding="utf-8",
        dimensions=(24, 100),
        timeout=120,
    )
    child.expect(pexpect.EOF)
    child.close()
    seen = child.before
    assert child.exitstatus == 0, seen
    assert "\r\x1b[Kverify ░░░░░░░░░░░░░░░░░░░░ 0/2" in seen  # drawn before the first exercise ends
    assert re.search(r"\r\x1b\[Kverify █{10}░{10} 1/2  \d+:\d\d  first/count-errors", seen)
    assert re.search(r"\r\x1b\[Kverify █{20} 2/2  \d+:\d\d  second/count-errors", seen)
    plain = re.sub(r"\r\x1b\[K(?:verify [^\r\n]*)?", "", seen).replace("\r\n", "\n")  # the bar taken away
    assert [m["id"] for m in TIMED.finditer(plain)] == ["first/count-errors", "second/count-errors"]
    assert "2 exercises verified in" in plain and plain.rstrip().endswith("0 to fix")


def test_a_pipe_gets_plain_lines_and_json_for_machines(
    authoring: Path, shelltutor_bin: str, tutor_env: dict[str, str]
) -> None:
    piped = verify(shelltutor_bin, tutor_env, "--lessons", str(authoring))
    assert piped.returncode == 0, piped.stdout + piped.stderr
    assert "\x1b" not in piped.stdout + piped.stderr and "█" not in piped.stderr and "\r" not in piped.stderr
    assert sorted(m["id"] for m in TIMED.finditer(piped.stdout)) == ["first/count-errors", "second/count-errors"]

    (authoring / "first.yaml").write_text(
        (authoring / "first.yaml").read_text(encoding="utf-8").replace("solution: grep -c", "solution: grep"),
        encoding="utf-8",
    )  # the solution no longer prints the count: the harness reports the known wrong answer passing
    machine = verify(shelltutor_bin, tutor_env, "--json", "--lessons", str(authoring))
    assert machine.returncode == 1, machine.stdout + machine.stderr
    report = json.loads(machine.stdout)
    assert report["ok"] is False
    exercises = {e["exercise"]: e for e in report["exercises"]}
    assert set(exercises) == {"first/count-errors", "second/count-errors"}
    for entry in exercises.values():
        assert {"exercise", "ok", "seconds", "problems"} <= set(entry)
        assert isinstance(entry["seconds"], float) and entry["seconds"] > 0
    assert exercises["second/count-errors"]["ok"] is True and exercises["second/count-errors"]["problems"] == []
    broken = exercises["first/count-errors"]
    assert broken["ok"] is False and broken["problems"]
    assert {"check", "message", "command", "verdict"} <= set(broken["problems"][0])
