"""Plain mode end to end: commands piped into the installed `shelltutor --plain`, graded and saved."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pexpect

from shelltutor.service import SOLUTION_AFTER_FAILURES

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
    # where the output after `ls` differs is marked in Korean too, down to its headers
    assert "내 표준 출력 (stdout)에서 다른 곳:" in proc.stdout
    assert "+++ 내 결과" in proc.stdout and "^ 처음부터 다릅니다" in proc.stdout
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
    typed = subprocess.run([*grade, f"echo {count}"], env=tutor_env, capture_output=True, text=True)
    assert typed.returncode == 1
    assert "you typed in yourself" in json.loads(typed.stdout)["message"]
    # Typed in less plainly, it is the re-check on other data that tells.
    memorized = subprocess.run([*grade, f"n={count}; echo $n"], env=tutor_env, capture_output=True, text=True)
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


WHICH_BASH_PROMPT = "learner@shelltutor:~$ "


def test_what_was_expected_waits_for_the_solution_to_unlock(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """The first wrong attempts mark where the output differs without the expected version string; the third
    failure unlocks the solution and shows the two-sided diff (a shipped exercise, on a terminal)."""
    child = pexpect.spawn(
        shelltutor_bin,
        ["--plain", "--exercise", "where-am-i/which-bash"],
        env=tutor_env,
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 200),
    )
    try:
        child.expect_exact(WHICH_BASH_PROMPT)
        before_unlock = ""
        for _ in range(SOLUTION_AFTER_FAILURES - 1):
            child.sendline("echo $BASH")
            child.expect_exact(WHICH_BASH_PROMPT)
            before_unlock += child.before or ""
        assert before_unlock.count("NOT YET") == SOLUTION_AFTER_FAILURES - 1
        assert "Your standard output (stdout), where it differs:" in before_unlock
        assert "\u2260 /" in before_unlock and "^ differs from the start" in before_unlock
        assert "what was expected is shown once the solution unlocks" in before_unlock
        assert "--- expected" not in before_unlock
        child.sendline(":solution")
        child.expect_exact("The solution opens after a few attempts")
        child.sendline("echo $BASH")
        child.expect_exact("Difference in standard output (stdout) (- expected, + yours):")
        child.expect(r"\r\n  -(\d+\.\d+[^\r\n]*)\r\n")
        version = child.match.group(1)
        assert version not in before_unlock  # the answer was not on screen before
        child.expect_exact(WHICH_BASH_PROMPT)
    finally:
        child.close(force=True)


def test_the_solution_key_shows_what_the_last_verdict_kept_back(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    proc = _plain(
        shelltutor_bin,
        tutor_env,
        "echo $BASH\n:hint\n:hint\n:solution\n",
        "--plain",
        "--exercise",
        "where-am-i/which-bash",
    )
    out = proc.stdout
    first, _, after = out.partition("Your last attempt again, now with what was expected:")
    assert after, out
    version = re.search(r"^  -(\d+\.\d+\S*)$", after, re.M)
    assert version is not None, after
    assert version.group(1) not in first
    assert "Difference in standard output (stdout) (- expected, + yours):" in after


def test_grade_shows_everything_unless_asked_to_show_it_as_a_learner(
    shelltutor_bin: str, tutor_env: dict[str, str]
) -> None:
    grade = [shelltutor_bin, "grade", "where-am-i/which-bash"]
    right = subprocess.run([*grade, "--json", "echo $BASH_VERSION"], env=tutor_env, capture_output=True, text=True)
    version = json.loads(right.stdout)["results"][0]["stdout"].strip()
    author = subprocess.run([*grade, "echo $BASH"], env=tutor_env, capture_output=True, text=True)
    assert author.returncode == 1 and f"-{version}" in author.stdout.splitlines()
    learner = subprocess.run([*grade, "--as-learner", "echo $BASH"], env=tutor_env, capture_output=True, text=True)
    assert learner.returncode == 1 and version not in learner.stdout
    assert "^ differs from the start" in learner.stdout
    payload = json.loads(
        subprocess.run(
            [*grade, "--as-learner", "--json", "echo $BASH"], env=tutor_env, capture_output=True, text=True
        ).stdout
    )
    assert payload["revealed"] is False and version not in payload["diff"]["stdout"]


def test_a_long_command_says_it_is_still_running(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """A command may run for a minute: plain mode says, on a line of its own (a screen reader reads it once), that
    it is still running and how to stop it — first after 5 s, then every 10 s — and Ctrl-C stops it."""
    child = pexpect.spawn(
        shelltutor_bin,
        [*PLAIN, "--exercise", "e2e-basics/count-errors"],
        env=tutor_env,
        encoding="utf-8",
        timeout=20,
        dimensions=(30, 100),
    )
    prompt = "learner@shelltutor:~$ "
    try:
        child.expect_exact(prompt)
        child.sendline("sleep 30")
        started = time.monotonic()
        child.expect_exact("… still running (5 s). Ctrl-C stops it.")
        assert 4.5 < time.monotonic() - started < 10
        assert "still running" not in (child.before or "")  # once, not a counter redrawn in place
        child.sendintr()
        child.expect_exact("^C (interrupted)")
        child.expect_exact(prompt)
        assert time.monotonic() - started < 12
        assert "still running" not in (child.before or "")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_up_and_ctrl_r_reach_the_commands_of_the_last_run(shelltutor_bin: str, tutor_env: dict[str, str]) -> None:
    """The history is kept across runs of the tutor (per learner, in its data directory) and readline has it:
    Up and Ctrl-R walk what the shell's `history` lists, and `:hint` and the like are not in it."""
    first = _plain(shelltutor_bin, tutor_env, "echo from-the-last-run\n:hint\n", *PLAIN, "--exercise", "e2e-basics/pwd")
    assert "from-the-last-run" in first.stdout, first.stdout + first.stderr
    args = [*PLAIN, "--exercise", "e2e-basics/count-errors"]
    child = pexpect.spawn(shelltutor_bin, args, env=tutor_env, encoding="utf-8", timeout=20, dimensions=(30, 100))
    try:
        child.expect_exact("learner@shelltutor:~$ ")
        child.send("\x1b[A")  # Up: the last command of the last run
        child.send("\r")
        child.expect_exact("from-the-last-run")
        child.expect_exact("NOT YET")
        child.expect_exact("learner@shelltutor:~$ ")
        child.sendline("history")
        child.expect(r"1  echo from-the-last-run\s+2  echo from-the-last-run\s+3  history")
        child.expect_exact("learner@shelltutor:~$ ")
        child.send("\x12")  # Ctrl-R, as in bash
        child.expect_exact("(reverse-i-search)")
        child.send("last-r\r")  # Enter runs what it found
        child.expect_exact("from-the-last-run")
        child.expect_exact("NOT YET")
        child.expect_exact("learner@shelltutor:~$ ")
        child.sendline("history")
        child.expect(r"4  echo from-the-last-run\s+5  history")  # `:hint` was no command of the shell
        child.expect_exact("learner@shelltutor:~$ ")
        child.sendline("grep -c ERROR app.log")
        child.expect_exact("PASSED")
    finally:
        child.close(force=True)


def test_ctrl_c_on_a_training_run_in_the_foreground_gets_the_ampersand_advice(
    shelltutor_bin: str, tutor_env: dict[str, str]
) -> None:
    child = pexpect.spawn(
        shelltutor_bin,
        ["--plain", "--exercise", "background-jobs/ampersand"],
        env=tutor_env,
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 200),
    )
    prompt = "learner@shelltutor:~$ "
    try:
        child.expect_exact(prompt)
        child.sendline("python3 train.py --epochs 300")
        time.sleep(1.5)  # it runs (plain mode prints its output once it ends)
        child.sendintr()
        child.expect_exact("^C (interrupted)")
        child.expect_exact("NOT YET: python3 train.py --epochs 300 ran in the foreground")
        child.expect_exact("put & at the end of the line.")
        child.expect_exact(prompt)
    finally:
        child.close(force=True)
