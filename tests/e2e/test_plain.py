"""Plain mode end to end: commands piped into the installed `shelltutor --plain`, graded and saved."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pexpect

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")
PLAIN = ("--lessons", E2E_COURSE, "--plain")


def _progress(shelltutor_bin: str, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [shelltutor_bin, "--lessons", E2E_COURSE, "progress", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def _plain(shelltutor_bin: str, env: dict[str, str], stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `shelltutor` run with `args`, `stdin` piped in."""
    return subprocess.run([shelltutor_bin, *args], input=stdin, env=env, capture_output=True, text=True, timeout=60)


def test_piped_right_answer_passes_and_is_saved(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _plain(
        shelltutor_bin, tutor_env, "ls\npwd\n", "--lessons", E2E_COURSE, "--plain", "--exercise", "e2e-basics/pwd"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "NOT YET" in proc.stdout  # `ls` was graded and failed first
    assert "PASSED" in proc.stdout
    assert "/home/learner/projects/sentiment" in proc.stdout
    assert "exit status: 0" in proc.stdout
    progress = _progress(shelltutor_bin, tutor_env)
    assert "e2e-basics/pwd" in progress["completed"]
    assert progress["attempts"] == 2


def test_input_ending_before_a_pass_exits_1(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _plain(shelltutor_bin, tutor_env, "ls /nonexistent\n", *PLAIN, "--exercise", "e2e-basics/pwd")
    assert proc.returncode == 1
    assert "stderr: ls: cannot access '/nonexistent'" in proc.stdout
    assert "exit status: 2" in proc.stdout
    assert "e2e-basics/pwd" not in _progress(shelltutor_bin, tutor_env)["completed"]


def test_plain_mode_in_korean(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _plain(shelltutor_bin, tutor_env, ":hint\nls\npwd\n", *PLAIN, "--lang", "ko", "--exercise", "e2e-basics/pwd")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "힌트 1/" in proc.stdout
    # the diff after `ls` is in Korean too, down to its headers
    assert "표준 출력 (stdout) 차이 (- 기대, + 내 결과):" in proc.stdout
    assert "--- 기대한 결과" in proc.stdout and "+++ 내 결과" in proc.stdout
    assert "통과" in proc.stdout


def test_unknown_exercise_is_bad_input(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _plain(shelltutor_bin, tutor_env, "", "--plain", "--exercise", "nope/nothing")
    assert proc.returncode == 2
    assert "no exercise 'nope/nothing'" in proc.stderr


def test_a_memorized_answer_fails_on_the_second_seed(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    # Learn the right count for seed 5, then answer with just that number on the same seed: the grader re-runs
    # the attempt on regenerated data, where the hard-coded number is wrong.
    grade = [shelltutor_bin, "--lessons", E2E_COURSE, "grade", "e2e-basics/count-errors", "--seed", "5", "--json"]
    right = subprocess.run([*grade, "grep -c ERROR app.log"], env=tutor_env, capture_output=True, text=True)
    assert right.returncode == 0, right.stdout + right.stderr
    count = json.loads(right.stdout)["results"][0]["stdout"].strip()
    memorized = subprocess.run([*grade, f"echo {count}"], env=tutor_env, capture_output=True, text=True)
    assert memorized.returncode == 1
    verdict = json.loads(memorized.stdout)
    assert verdict["status"] == "fail"
    assert "freshly generated data" in verdict["message"]


def test_a_here_document_is_read_over_several_lines(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    # The lines of an unfinished command are joined, as bash does at its `>` prompt, and it runs once whole.
    proc = _plain(
        shelltutor_bin,
        tutor_env,
        "cat > note.txt <<'EOF'\nfirst\n\nEOF\ncat -A note.txt\npwd\n",
        *PLAIN,
        "--exercise",
        "e2e-basics/pwd",
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "first$\n$\n" in proc.stdout
    assert "incomplete" not in proc.stdout
    assert _progress(shelltutor_bin, tutor_env)["attempts"] == 3  # the here-document counted once


def test_texts_are_read_without_markdown_marks(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    # For screen readers and plain terminals: no emphasis stars, tags, backticks or code fences (the built-in
    # first lesson has all of them); code blocks are indented instead.
    proc = _plain(shelltutor_bin, tutor_env, "pwd\n", "--plain", "--exercise", "where-am-i/pwd")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "full path" in proc.stdout and "written ~." in proc.stdout
    for mark in ("**", "<kbd>", "`", "```"):
        assert mark not in proc.stdout, mark


def test_piped_commands_are_echoed_and_plurals_are_right(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """A transcript of piped input reads like a terminal session: each command after its prompt."""
    proc = _plain(shelltutor_bin, tutor_env, "ls\npwd\n", *PLAIN, "--exercise", "e2e-basics/pwd")
    assert "learner@shelltutor:~/projects/sentiment$ ls\n" in proc.stdout
    assert "learner@shelltutor:~/projects/sentiment$ pwd\n" in proc.stdout
    assert "The exercise is passed." in proc.stdout and "exercise(s)" not in proc.stdout
    proc = _plain(shelltutor_bin, tutor_env, "", *PLAIN, "--lesson", "e2e-basics")
    assert "2 exercises not passed yet." in proc.stdout
    proc = _plain(shelltutor_bin, tutor_env, "ls\n", *PLAIN, "--exercise", "e2e-basics/pwd")
    assert "1 exercise not passed yet." in proc.stdout


def _pty(shelltutor_bin: str, env: dict[str, str], *args: str) -> pexpect.spawn:
    child = pexpect.spawn(shelltutor_bin, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(30, 100))
    child.expect_exact("learner@shelltutor:~/projects/sentiment$ ")
    return child


def test_ctrl_c_interrupts_the_command_not_the_tutor(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    child = _pty(shelltutor_bin, tutor_env, *PLAIN, "--exercise", "e2e-basics/pwd")
    try:
        child.sendline("sleep 30")
        time.sleep(1.0)
        started = time.monotonic()
        child.sendintr()
        child.expect_exact("^C (interrupted)")
        child.expect_exact("learner@shelltutor:~/projects/sentiment$ ")
        assert time.monotonic() - started < 10
        child.sendintr()  # at an empty prompt: a new prompt, as in bash
        child.expect_exact("learner@shelltutor:~/projects/sentiment$ ")
        assert child.isalive()
        child.sendline("pwd")
        child.expect_exact("PASSED")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_the_command_line_has_editing_and_history(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """Up recalls the last line (readline), instead of printing ^[[A; Left and a typed letter edit it."""
    child = _pty(shelltutor_bin, tutor_env, *PLAIN, "--exercise", "e2e-basics/pwd")
    try:
        child.sendline("echo one")
        child.expect_exact("NOT YET")
        child.expect_exact("learner@shelltutor:~/projects/sentiment$ ")
        child.send("\x1b[A")  # Up: `echo one` again
        child.send("\x1b[D\x1b[D\x1b[Dx")  # Left three times, then `x`: `echo xone`
        child.send("\r")
        child.expect_exact("xone")
        assert "^[[A" not in (child.before or "")
        child.sendline("pwd")
        child.expect_exact("PASSED")
    finally:
        child.close(force=True)
