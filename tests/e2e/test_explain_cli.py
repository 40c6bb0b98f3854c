"""`shelltutor explain` end to end: the installed command (JSON for tools, text on a terminal), and `:explain` in
plain mode against an exercise's shell."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pexpect

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")


def _explain(shelltutor_bin: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [shelltutor_bin, "explain", *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_json_spans_of_a_pipeline(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    command = "ls -lah *.txt 2>&1 >out | wc -l"
    done = _explain(shelltutor_bin, tutor_env, "--json", command)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["command"] == command and found["lang"] == "en" and not found["syntax_error"]
    spans = {(s["start"], s["end"]): s for s in found["spans"]}
    for span in found["spans"]:
        assert command[span["start"] : span["end"]] == span["text"]
        assert set(span) >= {"start", "end", "kind", "text", "explanation", "lang", "source", "depth"}
    assert spans[(0, 2)]["kind"] == "command" and spans[(0, 2)]["source"] == "manual"
    assert spans[(3, 7)]["kind"] == "option" and "-l, -a, -h" in spans[(3, 7)]["explanation"]
    assert spans[(4, 5)]["explanation"] == "use a long listing format" and spans[(4, 5)]["depth"] == 1
    assert "where stdout goes *now*: the pipe" in spans[(14, 18)]["explanation"]
    assert "stderr still goes to the pipe" in spans[(19, 23)]["explanation"]
    assert spans[(24, 25)]["kind"] == "operator"


def test_json_in_korean(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    done = _explain(shelltutor_bin, tutor_env, "--json", "--lang", "ko", "tail -f app.log")
    assert done.returncode == 0, done.stderr
    spans = json.loads(done.stdout)["spans"]
    assert [s["kind"] for s in spans] == ["command", "option", "argument"]
    assert spans[1]["explanation"].startswith("파일이 늘어나는 대로") and spans[1]["lang"] == "ko"


def test_a_syntax_error_exits_2_with_its_position(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    done = _explain(shelltutor_bin, tutor_env, "--json", "echo ok\ncat 'notes")
    assert done.returncode == 2
    found = json.loads(done.stdout)
    assert found["syntax_error"]
    [problem] = found["problems"]
    assert (problem["kind"], problem["offset"], problem["line"], problem["column"]) == ("incomplete", 12, 2, 5)


def test_no_command_is_bad_input(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    done = _explain(shelltutor_bin, tutor_env)
    assert done.returncode == 2
    assert "give the command to explain" in done.stderr
    assert "Traceback" not in done.stderr


def test_text_on_a_terminal_marks_each_part(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    child = pexpect.spawn(
        shelltutor_bin,
        ["explain", "grep -c ERROR app.log"],
        env=tutor_env,
        encoding="utf-8",
        dimensions=(40, 100),
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = [line.rstrip() for line in (child.before or "").replace("\r\n", "\n").split("\n")]
    at = lines.index("  grep -c ERROR app.log")
    assert lines[at + 1] == "  ^~~~ ^~ ^~~~~ ^~~~~~~"
    assert lines[at + 2] == "  1    2  3     4"
    listing = "\n".join(lines[at + 3 :])
    assert "1  grep" in listing and "2  -c" in listing and "The pattern to look for." in listing


def test_plain_mode_explains_against_the_exercise_shell(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    typed = "export TOPIC=shells\n:explain echo $TOPIC *.py $(touch made-by-explain)\nls made-by-explain\npwd\n"
    done = subprocess.run(
        [shelltutor_bin, "--lessons", E2E_COURSE, "--plain", "--exercise", "e2e-basics/pwd"],
        input=typed,
        env=tutor_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "The value of the variable TOPIC. Now: `shells`." in out
    assert "In your sandbox it matches 1: train.py" in out
    assert "shelltutor does not run it" in out
    assert "^~" not in out  # no diagram in plain mode: a screen reader would spell it out
    # the `$(touch …)` was explained, never run
    assert "stderr: ls: cannot access 'made-by-explain': No such file or directory" in out
