"""The grader as a table: expectation × result → verdict, headline message and diff, for every expectation kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from grader_fakes import HOME, FakeResult, FakeState, FakeWorld, exercise

from shelltutor.course.model import (
    AliasExpect,
    CommandUse,
    Expectations,
    FileExpect,
    FileFixture,
    Fixture,
    LocalText,
    ShapeCheck,
    TextMatch,
    VariableExpect,
)
from shelltutor.grading.checks import GradingError, evaluate
from shelltutor.grading.observed import Reference


@dataclass
class Case:
    id: str
    expect: Expectations
    commands: tuple[str, ...] = ("cmd",)
    stdout: str = ""
    stderr: str = ""
    exit: int | None = 0
    status: str = "fail"
    message: str | None = None
    """The exact English headline (None: not asserted, for passes)."""
    diff: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Texts each rendered diff must contain."""
    world: FakeWorld = field(default_factory=FakeWorld)
    reference: Reference | None = None
    result: dict[str, Any] = field(default_factory=dict)
    details: tuple[str, ...] = ()
    no_results: bool = False
    fixture: Fixture = field(default_factory=Fixture)
    solution: tuple[str, ...] = ("true",)


E = Expectations
STDOUT_DIFFERS = "Your command's standard output is not what the exercise expects"

CASES: list[Case] = [
    # --- stdout / stderr: every TextMatch key -------------------------------------------------------
    Case("bare-string-is-normalized", E(stdout="a\nb"), stdout="a  \nb\n\n\n", status="pass"),
    Case(
        "normalized-differs",
        E(stdout=TextMatch(normalized="alpha\nbeta")),
        stdout="alpha\ngamma\n",
        message=STDOUT_DIFFERS + ".",
        diff={"stdout": ("-beta", "+gamma", " alpha")},
    ),
    Case("exact-pass", E(stdout=TextMatch(exact="42\n")), stdout="42\n", status="pass"),
    Case(
        "exact-missing-final-newline",
        E(stdout=TextMatch(exact="42\n")),
        stdout="42",
        message=STDOUT_DIFFERS + ": the text is right, but it does not end with a newline "
        "(`printf` adds none unless you write `\\n`).",
        diff={"stdout": ("-42", "+42 (no newline at end)")},
    ),
    Case(
        "exact-extra-final-newline",
        E(stdout=TextMatch(exact="42")),
        stdout="42\n",
        message=STDOUT_DIFFERS + ": the text is right, but it ends with an extra newline "
        "(`echo` adds one; `printf` does not).",
        diff={"stdout": ("-42 (no newline at end)", "+42")},
    ),
    Case(
        "exact-trailing-spaces-visible",
        E(stdout=TextMatch(exact="a\nb\n")),
        stdout="a  \nb\n",
        message=STDOUT_DIFFERS + ": the text is right except for spaces at the ends of lines (shown as ·).",
        diff={"stdout": ("+a··", "-a")},
    ),
    Case(
        "extra-blank-lines",
        E(stdout="step 1\nstep 2"),
        stdout="step 1\n\nstep 2\n",
        message=STDOUT_DIFFERS + ": the lines are right, but there are extra blank lines.",
        diff={"stdout": ("+",)},
    ),
    Case("sorted-pass", E(stdout=TextMatch(sorted="b\na\nc")), stdout="c\na\nb\n", status="pass"),
    Case(
        "sorted-differs",
        E(stdout=TextMatch(sorted="b\na\nc")),
        stdout="c\na\n",
        message=STDOUT_DIFFERS + ": some expected lines are missing.",
        diff={"stdout": ("(lines compared in any order, shown sorted)", "-b")},
    ),
    Case(
        "lines-in-other-order",
        E(stdout="a\nb\nc"),
        stdout="b\nc\na\n",
        message=STDOUT_DIFFERS + ": the lines are right but in a different order.",
    ),
    Case(
        "lines-reversed",
        E(stdout="3 lr=0.1\n2 lr=0.01\n1 lr=0.001"),
        stdout="1 lr=0.001\n2 lr=0.01\n3 lr=0.1\n",
        message=STDOUT_DIFFERS + ": the lines are right but in reverse order (check `sort`'s `-r`).",
    ),
    Case(
        "spacing",
        E(stdout="   3 GET\n   1 POST"),
        stdout="3 GET\n1 POST\n",
        message=STDOUT_DIFFERS + ": the words are right, but the spacing differs.",
    ),
    Case(
        "case",
        E(stdout="ERROR"),
        stdout="error\n",
        message=STDOUT_DIFFERS + ": the text is right except for upper and lower case.",
    ),
    Case(
        "extra-lines",
        E(stdout="ERROR disk\nERROR net"),
        stdout="ERROR disk\nINFO ok\nERROR net\n",
        message=STDOUT_DIFFERS + ": every expected line is there, plus lines that should not be.",
        diff={"stdout": ("+INFO ok",)},
    ),
    Case("regex-pass", E(stdout=TextMatch(regex=r"^\d+ errors$")), stdout="x\n17 errors\n", status="pass"),
    Case(
        "regex-fail",
        E(stdout=TextMatch(regex=r"^\d+ errors$")),
        stdout="errors: 17\n",
        message="Your command's standard output does not contain what the exercise looks for "
        "(the pattern `^\\d+ errors$`).",
        diff={"stdout": ("errors: 17",)},
    ),
    Case(
        "regex-fail-described",
        E(stdout=TextMatch(regex=r"^\d+ errors$", looks_for=LocalText(en="a count of errors", ko="에러 개수"))),
        stdout="errors: 17\n",
        message="Your command's standard output does not show what the exercise looks for: a count of errors.",
        diff={"stdout": ("errors: 17",)},
    ),
    Case("contains-pass", E(stdout=TextMatch(contains=("200", "404"))), stdout="200 404 500", status="pass"),
    Case(
        "contains-fail",
        E(stdout=TextMatch(contains=("200", "404"))),
        stdout="200 500\n",
        message="Your command's standard output should contain `404`, but it does not.",
    ),
    Case(
        "excludes-fail",
        E(stdout=TextMatch(excludes=("DEBUG",))),
        stdout="INFO a\nDEBUG b\n",
        message="Your command's standard output should not contain `DEBUG`.",
    ),
    Case("every-key-must-hold", E(stdout=TextMatch(contains=("a",), regex="z")), stdout="a", message=None),
    Case("empty-true-pass", E(stdout=TextMatch(empty=True)), stdout="", status="pass"),
    Case(
        "empty-true-fail",
        E(stdout=TextMatch(empty=True)),
        stdout="noise\n",
        message="The exercise expects nothing on standard output, but your command printed something there.",
        diff={"stdout": ("noise",)},
    ),
    Case(
        "empty-false-fail",
        E(stdout=TextMatch(empty=False)),
        stdout="",
        message="Your command printed nothing on standard output; the exercise expects output there.",
    ),
    Case(
        "expected-output-but-nothing",
        E(stdout="a\nb"),
        stdout="",
        message="Your command printed nothing on standard output; the exercise expects output there.",
        diff={"stdout": ("+(nothing)",)},
    ),
    Case(
        "same-as-solution-pass",
        E(stdout=TextMatch(same_as_solution="exact")),
        stdout="/home/learner/logs\n",
        reference=Reference(stdout="/home/learner/logs\n"),
        status="pass",
    ),
    Case(
        "same-as-solution-fail",
        E(stdout=TextMatch(same_as_solution="normalized")),
        stdout="/home/learner\n",
        reference=Reference(stdout="/home/learner/logs\n"),
        message=STDOUT_DIFFERS + ".",
        diff={"stdout": ("-/home/learner/logs", "+/home/learner")},
    ),
    Case(
        "same-as-solution-sorted",
        E(stdout=TextMatch(same_as_solution="sorted")),
        stdout="b\na\n",
        reference=Reference(stdout="a\nb\n"),
        status="pass",
    ),
    # --- the classic stream mistakes ------------------------------------------------------------------
    Case(
        "stdout-wanted-got-stderr",
        E(stdout="disk almost full"),
        stderr="disk almost full\n",
        message="Your command printed this on standard error; the exercise wants it on standard output.",
    ),
    Case(
        "stderr-wanted-got-stdout",
        E(stderr=TextMatch(contains=("error: missing config",)), stdout=TextMatch(empty=True)),
        commands=("echo 'error: missing config'",),
        stdout="error: missing config\n",
        message="Your command printed its error on standard output; the exercise wants it on standard error "
        "(send it there with `>&2`).",
        details=("The exercise expects nothing on standard output, but your command printed something there.",),
    ),
    Case(
        "stderr-not-silenced",
        E(stderr=TextMatch(empty=True)),
        commands=("find / -name '*.log'",),
        stdout="/var/log/a.log\n",
        stderr="find: '/root': Permission denied\n",
        exit=1,
        message="Error messages still reach the screen: send standard error away with `2>` "
        "(for example `2>/dev/null`).",
    ),
    Case(
        "stderr-shown-where-the-solution-sends-it-on",
        # The task wants the warnings counted (`2>&1 … |`): "send them to /dev/null" would be wrong advice.
        E(stdout="2", stderr=TextMatch(empty=True)),
        commands=("python3 train.py | grep -c clipped",),
        stdout="0\n",
        stderr="WARNING grad norm clipped\n",
        solution=("python3 train.py 2>&1 > progress.log | grep -c clipped",),
        details=("Error messages still reach the screen: here they belong with the output, not on the terminal.",),
    ),
    Case(
        "uniq-without-sort",
        E(stdout="  2 10.0.0.1\n  1 10.0.0.2"),
        commands=("cut -d' ' -f1 access.log | uniq -c",),
        stdout="  1 10.0.0.1\n  1 10.0.0.2\n  1 10.0.0.1\n",
        message="`uniq` only merges duplicate lines that are next to each other: sort first (`sort | uniq`) "
        "so that equal lines sit together.",
        diff={"stdout": ("-  2 10.0.0.1", "+  1 10.0.0.1")},
    ),
    Case(
        "wrong-path-beats-uniq-guess",
        E(stdout="  2 cat\n  1 dog", exit_code=0),
        commands=("uniq -c labels.txt",),
        stderr="uniq: labels.txt: No such file or directory\n",
        exit=1,
        message="Your command printed nothing on standard output, only an error on standard error: "
        "uniq: labels.txt: No such file or directory",
    ),
    Case(
        "job-notice-is-not-an-error",
        E(stdout="epoch 3"),
        commands=("tail -n 1 train.log &",),
        stderr="[1] 4242\n",
        message="Your command printed nothing on standard output; the exercise expects output there.",
    ),
    Case(
        "uniq-with-sort-but-wrong",
        E(stdout="a\nb"),
        commands=("sort f | uniq -u",),
        stdout="b\n",
        message=STDOUT_DIFFERS + ": some expected lines are missing.",
    ),
    # --- exit status ----------------------------------------------------------------------------------
    Case("exit-zero-pass", E(exit_code=0), status="pass"),
    Case(
        "exit-zero-wanted",
        E(exit_code=0),
        exit=2,
        message="Your command failed (exit status 2); the exercise expects it to succeed (exit status 0).",
    ),
    Case("exit-nonzero-pass", E(exit_code="nonzero"), exit=1, status="pass"),
    Case(
        "exit-nonzero-wanted",
        E(exit_code="nonzero"),
        exit=0,
        message="Your command succeeded (exit status 0), but the exercise expects it to fail (a nonzero exit status).",
    ),
    Case(
        "exit-value",
        E(exit_code=2),
        exit=1,
        message="Your command ended with exit status 1; the exercise expects 2.",
    ),
    Case(
        "exit-same-as-solution-pass",
        E(exit_code="same_as_solution"),
        exit=1,
        reference=Reference(exit_code=1),
        status="pass",
    ),
    Case(
        "exit-same-as-solution-fail",
        E(exit_code="same_as_solution"),
        exit=0,
        reference=Reference(exit_code=1),
        message="Your command ended with exit status 0; the exercise expects 1.",
    ),
    Case(
        "command-not-found",
        E(stdout="x", exit_code=0),
        commands=("sl",),
        stderr="bash: line 1: sl: command not found\n",
        exit=127,
        message="bash could not find the command `sl` (exit status 127): check its spelling.",
    ),
    Case(
        "script-run-without-dot-slash",
        E(stdout="x", exit_code=0),
        commands=("check_data.sh",),
        stderr="bash: check_data.sh: command not found\n",
        exit=127,
        message="bash looks for commands in the directories of `$PATH`, not in the current directory, so it did "
        "not find `check_data.sh` (exit status 127). To run the file from here, give its path, `./check_data.sh` "
        "(it needs the execute bit), or hand it to its interpreter: `bash check_data.sh`.",
    ),
    Case(
        "python-file-run-as-a-command",
        E(stdout="x", exit_code=0),
        commands=("train.py --epochs 3",),
        stderr="bash: train.py: command not found\n",
        exit=127,
        message="bash looks for commands in the directories of `$PATH`, not in the current directory, so it did "
        "not find `train.py` (exit status 127). To run the file from here, give its path, `./train.py` "
        "(it needs the execute bit), or hand it to its interpreter: `python3 train.py`.",
    ),
    Case(
        "assignment-with-spaces",
        E(variables=(VariableExpect(name="EPOCHS", value="10"),)),
        commands=("EPOCHS = 10",),
        stderr="bash: EPOCHS: command not found\n",
        exit=127,
        message="In bash, `EPOCHS = value` runs a command called `EPOCHS`: write the assignment without spaces, "
        "`EPOCHS=value`.",
        details=("The variable `EPOCHS` is not set in your shell.",),
    ),
    Case(
        "permission-denied-126",
        E(exit_code=0),
        commands=("./train.sh",),
        stderr="bash: ./train.sh: Permission denied\n",
        exit=126,
        message="The program could not be started (exit status 126, permission denied): "
        "a script needs the execute bit (`chmod +x`).",
    ),
    Case(
        "python-file-not-executable-126",
        E(exit_code=0),
        commands=("./check_data.py data/train",),
        stderr="bash: ./check_data.py: Permission denied\n",
        exit=126,
        message="The program could not be started (exit status 126, permission denied). A Python file is run by "
        "`python3`: `python3 check_data.py`. (Running it as `./check_data.py` also needs the execute bit and a "
        "first line `#!/usr/bin/env python3`; without that line bash reads it as shell code.)",
    ),
    Case(
        "stream-number-spaced-from-the-arrow",
        E(stderr=TextMatch(empty=True)),
        commands=("python3 train.py 2 > warnings.log",),
        stderr="UserWarning: lr is high\n",
        message="`2 >` with a space is two things: the argument `2`, handed to the command, and a redirection of "
        "standard output. Write the stream number against the arrow: `2>`.",
    ),
    Case(
        "a-number-argument-before-a-redirect-is-not-that-slip",
        E(stdout="x"),
        commands=("head -n 2 > top.txt",),
        message="Your command printed nothing on standard output; the exercise expects output there.",
    ),
    Case(
        "timed-out",
        E(stdout="x"),
        commands=("cat",),
        result={"timed_out": True, "duration_ms": 5000, "exit_code": None},
        exit=None,
        message="Your command was stopped after 5 s because it was still running. Was it waiting for input "
        "(a program like `cat` or `read` with no file reads the keyboard: give it a file or pipe something in), "
        "or stuck in a loop?",
    ),
    Case(
        "interrupted",
        E(stdout="x"),
        result={"interrupted": True},
        exit=130,
        message="Your command was interrupted (Ctrl-C) before it finished.",
    ),
    Case(
        "session-ended",
        E(stdout="x"),
        commands=("exit",),
        result={"session_ended": True},
        message="Your shell ended (did a command run `exit` or `exec`?), so the result could not be checked.",
    ),
    Case(
        "no-commands",
        E(stdout="x"),
        commands=(),
        no_results=True,
        message="Nothing has been run yet: type a command first.",
    ),
    # --- files ----------------------------------------------------------------------------------------
    Case("file-exists", E(files=(FileExpect(path="report.txt"),)), world=FakeWorld({"report.txt": ""}), status="pass"),
    Case("file-missing", E(files=(FileExpect(path="report.txt"),)), message="`report.txt` does not exist."),
    Case(
        "file-in-wrong-directory",
        E(files=(FileExpect(path="reports/summary.txt"),)),
        world=FakeWorld({"logs/summary.txt": "x", "reports": ("dir",)}, FakeState(cwd=f"{HOME}/logs")),
        message="`reports/summary.txt` does not exist, but there is a `summary.txt` in `~/logs`: it was created "
        "in another directory (the one you were in at the time).",
    ),
    Case("file-absent-pass", E(files=(FileExpect(path="tmp.txt", exists=False),)), status="pass"),
    Case(
        "file-absent-fail",
        E(files=(FileExpect(path="tmp.txt", exists=False),)),
        world=FakeWorld({"tmp.txt": "x"}),
        fixture=Fixture(files=(FileFixture(path="tmp.txt", content="x"),)),
        message="`tmp.txt` should not exist any more, but it is still there.",
    ),
    Case(
        "file-absent-made-by-learner",
        E(files=(FileExpect(path="2", exists=False),)),
        commands=("echo oops > 2", "echo oops >&2"),
        stderr="oops\n",
        world=FakeWorld({"2": "oops\n"}),
        message="`2` should not exist, but one of your commands made it. Remove it (`rm 2`) or start the "
        "exercise afresh, then try again.",
    ),
    Case(
        "file-absent-a-directory-holding-fixture-files",
        # The exercise's own `wandb/run-1/` (made for its files): not the learner's doing.
        E(files=(FileExpect(path="wandb/run-1", exists=False),)),
        world=FakeWorld({"wandb/run-1/out.log": "x"}),
        fixture=Fixture(files=(FileFixture(path="wandb/run-1/out.log", content="x"),)),
        message="`wandb/run-1` should not exist any more, but it is still there.",
    ),
    Case(
        "file-absent-made-by-learner-name-quoted",
        E(files=(FileExpect(path="my notes", exists=False),)),
        world=FakeWorld({"my notes": "x"}),
        message="`my notes` should not exist, but one of your commands made it. Remove it (`rm 'my notes'`) or "
        "start the exercise afresh, then try again.",
    ),
    Case(
        "stderr-shown-where-the-solution-throws-everything-away",
        E(stdout=TextMatch(empty=True), stderr=TextMatch(empty=True)),
        commands=("python3 train.py > /dev/null",),
        stderr="WARNING\n",
        solution=("python3 train.py > /dev/null 2>&1",),
        message="Error messages still reach the screen: send standard error away with `2>` "
        "(for example `2>/dev/null`).",
    ),
    Case(
        "file-absent-maybe-from-setup",
        E(files=(FileExpect(path="tmp.txt", exists=False),)),
        world=FakeWorld({"tmp.txt": "x"}),
        fixture=Fixture(setup=("touch tmp.txt",)),
        message="`tmp.txt` should not exist any more, but it is still there.",
    ),
    Case(
        "file-type-dir",
        E(files=(FileExpect(path="backup", type_="dir"),)),
        world=FakeWorld({"backup": "x"}),
        message="`backup` is a regular file, but the exercise expects a directory.",
    ),
    Case(
        "file-type-symlink-pass",
        E(files=(FileExpect(path="latest", type_="symlink", target="ckpt/epoch-10.pt"),)),
        world=FakeWorld({"latest": ("symlink", "ckpt/epoch-10.pt")}),
        status="pass",
    ),
    *[
        Case(
            f"symlink-same-file-{name}",
            E(files=(FileExpect(path=link, type_="symlink", target=want),)),
            world=FakeWorld({link: ("symlink", got)}),
            status="pass",
        )
        for name, link, got, want in (
            ("absolute", "latest", "/home/learner/ckpt/epoch-10.pt", "ckpt/epoch-10.pt"),
            ("dot-slash", "latest", "./ckpt/epoch-10.pt", "ckpt/epoch-10.pt"),
            ("not-canonical", "latest", "/home/learner/ckpt/../ckpt//epoch-10.pt", "ckpt/epoch-10.pt"),
            ("ln-sr-in-subdir", "runs/latest", "../ckpt/epoch-10.pt", "/home/learner/ckpt/epoch-10.pt"),
            ("tilde", "latest", "~/ckpt/epoch-10.pt", "ckpt/epoch-10.pt"),
            ("outside-home", "logs", "/mnt/nfs/./logs", "/mnt/nfs/logs"),
        )
    ],
    *[
        Case(
            f"symlink-other-file-{name}",
            E(files=(FileExpect(path=link, type_="symlink", target=want),)),
            world=FakeWorld({link: ("symlink", got)}),
        )
        for name, link, got, want in (
            ("relative-from-elsewhere", "runs/latest", "ckpt/epoch-10.pt", "/home/learner/ckpt/epoch-10.pt"),
            ("sibling", "latest", "/home/learner/ckpt/epoch-1.pt", "ckpt/epoch-10.pt"),
        )
    ],
    *[
        Case(
            f"path-spelling-{name}",
            E(stdout=TextMatch(exact=want)),
            commands=(typed,),
            stdout=printed,
            solution=(solution,),
            status="pass",
        )
        for name, typed, printed, solution, want in (
            (
                "tab-slash",
                "ls -R data/",
                "data/:\ntrain\n\ndata/train:\na\n",
                "ls -R data",
                "data:\ntrain\n\ndata/train:\na\n",
            ),
            ("du-slash", "du -sh checkpoints/", "1.2M\tcheckpoints/\n", "du -sh checkpoints", "1.2M\tcheckpoints\n"),
            ("find-slash", "find runs/ -type d", "runs/\nruns/a\n", "find runs -type d", "runs\nruns/a\n"),
            ("dot-slash", "find ./runs -type d", "./runs\n./runs/a\n", "find runs -type d", "runs\nruns/a\n"),
            ("tilde", "du -s ~/runs", "8\t/home/learner/runs\n", "du -s runs", "8\truns\n"),
        )
    ],
    *[
        Case(
            f"path-spelling-not-the-same-{name}",
            E(stdout=TextMatch(exact=want)),
            commands=(typed,),
            stdout=printed,
            solution=(solution,),
        )
        for name, typed, printed, solution, want in (
            ("other-folder", "du -sh runs2/", "1.2M\truns2/\n", "du -sh runs", "1.2M\truns\n"),
            ("longer-name", "find runs/ -type d", "runs/\nruns-old\n", "find runs -type d", "runs\nruns\n"),
            ("other-size", "du -sh runs/", "9.9M\truns/\n", "du -sh runs", "1.2M\truns\n"),
        )
    ],
    Case(
        "symlink-wrong-target",
        E(files=(FileExpect(path="latest", type_="symlink", target="ckpt/epoch-10.pt"),)),
        world=FakeWorld({"latest": ("symlink", "ckpt/epoch-9.pt")}),
        message="`latest` points to `ckpt/epoch-9.pt`; the exercise expects it to point to `ckpt/epoch-10.pt`.",
    ),
    Case(
        "content-pass",
        E(files=(FileExpect(path="out.txt", content="a\nb"),)),
        world=FakeWorld({"out.txt": "a\nb\n"}),
        status="pass",
    ),
    Case(
        "overwrite-instead-of-append",
        E(files=(FileExpect(path="notes.txt", content="day 1: baseline\nday 2: lr sweep"),)),
        commands=("echo 'day 2: lr sweep' > notes.txt",),
        world=FakeWorld({"notes.txt": "day 2: lr sweep\n"}),
        message="`notes.txt` lost its earlier content: `>` replaces what a file holds, `>>` appends to it.",
        diff={"file:notes.txt": ("-day 1: baseline", " day 2: lr sweep")},
    ),
    Case(
        "append-instead-of-overwrite",
        E(files=(FileExpect(path="status.txt", content="done"),)),
        commands=("echo done >> status.txt",),
        world=FakeWorld({"status.txt": "running\ndone\n"}),
        message="`status.txt` still has its old content before the new: `>>` appends; to replace the content, use `>`.",
    ),
    Case(
        "appended-twice",
        E(files=(FileExpect(path="log.txt", content="started"),)),
        world=FakeWorld({"log.txt": "started\nstarted\n"}),
        message="`log.txt` holds its content twice: `>>` appends every time the command runs.",
    ),
    Case(
        "redirect-order-2>&1-first",
        E(
            files=(
                FileExpect(path="all.txt", content=TextMatch(sorted="ls: cannot access 'nope': No such file\nok.txt")),
            )
        ),
        commands=("ls ok.txt nope 2>&1 > all.txt",),
        stdout="ls: cannot access 'nope': No such file\n",
        exit=2,
        world=FakeWorld({"all.txt": "ok.txt\n", "ok.txt": ""}),
        message="Some output went to the screen instead of `all.txt`: redirections are applied left to right, so "
        "`2>&1 > all.txt` points standard error at the screen *before* standard output moves to the file. "
        "Write `> all.txt 2>&1`.",
    ),
    Case(
        "redirect-order-inside-nohup-in-the-background",
        E(files=(FileExpect(path="train.log", content=TextMatch(sorted="epoch 1\nWARNING: lr high")),)),
        commands=("nohup python3 train.py 2>&1 > train.log &", "jobs"),
        stdout="[1]+  Running                 nohup python3 train.py 2>&1 > train.log &\n",
        world=FakeWorld({"train.log": "epoch 1\n"}),
        message="Some output went to the screen instead of `train.log`: redirections are applied left to right, "
        "so `2>&1 > train.log` points standard error at the screen *before* standard output moves to the file. "
        "Write `> train.log 2>&1`.",
    ),
    Case(
        "training-run-in-the-foreground",
        E(stdout=TextMatch(regex=r"\[1\]")),
        commands=("python3 train.py --epochs 300",),
        solution=("python3 train.py --epochs 300 &", "jobs"),
        exit=None,
        result={"timed_out": True, "duration_ms": 5000},
        message="`python3 train.py --epochs 300` ran in the foreground, so the prompt could not come back until it "
        "ended, and it was stopped. To keep working while it runs, start it in the background: put `&` at the end "
        "of the line.",
    ),
    Case(
        "cat-waiting-for-input-is-not-a-background-job",
        E(stdout="x"),
        commands=("cat",),
        solution=("python3 train.py &", "jobs"),
        exit=None,
        result={"timed_out": True, "duration_ms": 5000},
        message="Your command was stopped after 5 s because it was still running. Was it waiting for input "
        "(a program like `cat` or `read` with no file reads the keyboard: give it a file or pipe something in), "
        "or stuck in a loop?",
    ),
    Case(
        "script-name-typo",
        E(stdout="x", exit_code=0),
        commands=("bash check_dat.sh",),
        stderr="bash: check_dat.sh: No such file or directory\n",
        exit=127,
        message="`bash` ran, but there is no file `check_dat.sh` here to run (exit status 127): check the file's "
        "name with `ls`.",
    ),
    Case(
        "kill-pid-for-job-number",
        E(stdout=TextMatch(regex="Terminated"), exit_code=0),
        commands=("kill 2",),
        stderr="bash: kill: (2) - No such process\n",
        exit=1,
        message="`kill 2` sends the signal to the process whose ID (PID) is 2, and there is none. To name a job by "
        "its number in `jobs`, put `%` before it: `kill %2`.",
    ),
    Case(
        "kill-mistyped-pid-is-not-a-job",
        E(exit_code=0),
        commands=("kill 4242",),
        stderr="bash: kill: (4242) - No such process\n",
        exit=1,
        message="Your command failed (exit status 1); the exercise expects it to succeed (exit status 0).",
    ),
    Case(
        "redirect-order-right",
        E(
            files=(
                FileExpect(path="all.txt", content=TextMatch(sorted="ls: cannot access 'nope': No such file\nok.txt")),
            )
        ),
        commands=("ls ok.txt nope > all.txt 2>&1",),
        exit=2,
        world=FakeWorld({"all.txt": "ls: cannot access 'nope': No such file\nok.txt\n", "ok.txt": ""}),
        status="pass",
    ),
    Case(
        "stderr-not-redirected",
        E(
            files=(
                FileExpect(path="all.txt", content=TextMatch(sorted="ls: cannot access 'nope': No such file\nok.txt")),
            )
        ),
        commands=("ls ok.txt nope > all.txt",),
        stderr="ls: cannot access 'nope': No such file\n",
        exit=2,
        world=FakeWorld({"all.txt": "ok.txt\n", "ok.txt": ""}),
        message="Some lines went to the screen instead of `all.txt`: they were on standard error, which `>` does "
        "not redirect (add `2>&1` after it).",
    ),
    Case(
        "file-content-trailing-newline",
        E(files=(FileExpect(path="id.txt", content=TextMatch(exact="run-42\n")),)),
        world=FakeWorld({"id.txt": "run-42"}),
        message="The content of `id.txt` is not what the exercise expects: the text is right, but it does not end "
        "with a newline (`printf` adds none unless you write `\\n`).",
        diff={"file:id.txt": ("+run-42 (no newline at end)",)},
    ),
    Case(
        "file-empty",
        E(files=(FileExpect(path="out.txt", content="x"),)),
        world=FakeWorld({"out.txt": ""}),
        message="`out.txt` is empty.",
    ),
    Case(
        "file-content-regex",
        E(files=(FileExpect(path="env.sh", content=TextMatch(regex=r"^export LR=0\.01$")),)),
        world=FakeWorld({"env.sh": "LR=0.01\n"}),
        message="`env.sh` does not contain what the exercise looks for (the pattern `^export LR=0\\.01$`).",
    ),
    Case(
        "file-content-regex-described",
        E(
            files=(
                FileExpect(
                    path="env.sh",
                    content=TextMatch(regex=r"^export LR=", looks_for=LocalText(en="an export of LR", ko="LR export")),
                ),
            )
        ),
        world=FakeWorld({"env.sh": "LR=0.01\n"}),
        message="`env.sh` does not contain what the exercise looks for: an export of LR.",
    ),
    Case(
        "file-content-same-as-solution",
        E(files=(FileExpect(path="top.txt", content=TextMatch(same_as_solution="exact")),)),
        world=FakeWorld({"top.txt": "b\n"}),
        reference=Reference(files={"top.txt": "a\n"}),
        message="The content of `top.txt` is not what the exercise expects.",
        diff={"file:top.txt": ("-a", "+b")},
    ),
    Case(
        "mode-exact",
        E(files=(FileExpect(path="secrets.env", mode="0600"),)),
        world=FakeWorld({"secrets.env": ("K=v\n", 0o644)}),
        message="`secrets.env` has permissions 0644; the exercise expects 0600.",
    ),
    Case(
        "mode-pass-3-digits",
        E(files=(FileExpect(path="secrets.env", mode="600"),)),
        world=FakeWorld({"secrets.env": ("K=v\n", 0o600)}),
        status="pass",
    ),
    Case(
        "missing-execute-bit",
        E(files=(FileExpect(path="run.sh", executable=True),)),
        world=FakeWorld({"run.sh": ("#!/bin/bash\n", 0o644)}),
        message="`run.sh` is not executable: give it the execute bit with `chmod +x run.sh`.",
    ),
    Case(
        "executable-pass",
        E(files=(FileExpect(path="run.sh", executable=True),)),
        world=FakeWorld({"run.sh": ("#!/bin/bash\n", 0o755)}),
        status="pass",
    ),
    Case(
        "executable-unwanted",
        E(files=(FileExpect(path="data.csv", executable=False),)),
        world=FakeWorld({"data.csv": ("a,b\n", 0o755)}),
        message="`data.csv` should not be executable (remove the bit with `chmod -x data.csv`).",
    ),
    # --- shell state ----------------------------------------------------------------------------------
    Case("cwd-pass", E(cwd="~/logs"), world=FakeWorld(state_=FakeState(cwd=f"{HOME}/logs")), status="pass"),
    Case("cwd-home-pass", E(cwd="~"), status="pass"),
    Case("cwd-absolute-pass", E(cwd="/tmp"), world=FakeWorld(state_=FakeState(cwd="/tmp")), status="pass"),
    Case(
        "cwd-wrong-directory",
        E(cwd="~/logs"),
        world=FakeWorld(state_=FakeState(cwd=f"{HOME}/logs/old")),
        message="You are in `~/logs/old`; the exercise wants you to end up in `~/logs`.",
    ),
    Case(
        "variable-pass",
        E(variables=(VariableExpect(name="LR", value="0.01", exported=True),)),
        world=FakeWorld(state_=FakeState(variables={"LR": "0.01"}, exported=frozenset({"LR"}))),
        status="pass",
    ),
    Case(
        "variable-unset",
        E(variables=(VariableExpect(name="LR"),)),
        message="The variable `LR` is not set in your shell.",
    ),
    Case(
        "variable-value",
        E(variables=(VariableExpect(name="LR", value="0.01"),)),
        world=FakeWorld(state_=FakeState(variables={"LR": "0.1"})),
        message="`LR` is `0.1`; the exercise expects `0.01`.",
    ),
    Case(
        "variable-value-regex",
        E(variables=(VariableExpect(name="RUN", value=TextMatch(regex=r"^run-\d+$")),)),
        world=FakeWorld(state_=FakeState(variables={"RUN": "run-x"})),
        message="The value of `RUN` (`run-x`) is not what the exercise expects.",
    ),
    Case(
        "variable-value-regex-described",
        E(
            variables=(
                VariableExpect(
                    name="RUN",
                    value=TextMatch(
                        regex=r"^run-\d+$", looks_for=LocalText(en="`run-` and a number", ko="`run-`과 숫자")
                    ),
                ),
            )
        ),
        world=FakeWorld(state_=FakeState(variables={"RUN": "run-x"})),
        message="The value of `RUN` (`run-x`) is not what the exercise looks for: `run-` and a number.",
    ),
    Case(
        "variable-not-exported",
        E(variables=(VariableExpect(name="LR", exported=True),)),
        world=FakeWorld(state_=FakeState(variables={"LR": "0.01"})),
        message="`LR` is set but not exported, so the programs you start cannot see it: use `export LR`.",
    ),
    Case(
        "variable-exported-unwanted",
        E(variables=(VariableExpect(name="TMPVAR", exported=False),)),
        world=FakeWorld(state_=FakeState(variables={"TMPVAR": "1"}, exported=frozenset({"TMPVAR"}))),
        message="`TMPVAR` should be a plain shell variable, not exported.",
    ),
    Case(
        "alias-pass-spacing-insensitive",
        E(aliases=(AliasExpect(name="ll", value="ls -l"),)),
        world=FakeWorld(state_=FakeState(aliases={"ll": "ls  -l"})),
        status="pass",
    ),
    Case("alias-missing", E(aliases=(AliasExpect(name="ll"),)), message="There is no alias `ll` in your shell."),
    Case(
        "alias-value",
        E(aliases=(AliasExpect(name="ll", value="ls -l"),)),
        world=FakeWorld(state_=FakeState(aliases={"ll": "ls -la"})),
        message="The alias `ll` expands to `ls -la`; the exercise expects `ls -l`.",
    ),
    # --- shape ----------------------------------------------------------------------------------------
    Case("pipe-pass", E(shape=ShapeCheck(pipe=True)), commands=("cat a | wc -l",), status="pass"),
    Case(
        "pipe-missing",
        E(shape=ShapeCheck(pipe=True)),
        commands=("wc -l a",),
        message="This exercise is about pipes: connect the commands with `|`.",
    ),
    Case(
        "pipe-in-quotes-is-not-a-pipe",
        E(shape=ShapeCheck(pipe=True)),
        commands=("echo 'a | b'",),
        message="This exercise is about pipes: connect the commands with `|`.",
    ),
    Case(
        "pipe-forbidden",
        E(shape=ShapeCheck(pipe=False)),
        commands=("cat a | wc -l",),
        message="Solve this one without a pipe (`|`).",
    ),
    Case(
        "min-stages",
        E(shape=ShapeCheck(min_stages=3)),
        commands=("sort a | uniq -c",),
        message="Connect at least 3 commands in one pipeline (your longest has 2).",
    ),
    Case(
        "min-stages-pass", E(shape=ShapeCheck(min_stages=3)), commands=("sort a | uniq -c | sort -rn",), status="pass"
    ),
    Case(
        "redirect-append-missing",
        E(shape=ShapeCheck(redirects=(">>",))),
        commands=("echo x > log",),
        message="Use the redirection `>>`: append standard output to a file.",
    ),
    Case("redirect-1>-is->", E(shape=ShapeCheck(redirects=(">",))), commands=("echo x 1> log",), status="pass"),
    Case("redirect->&2-is-1>&2", E(shape=ShapeCheck(redirects=("1>&2",))), commands=("echo x >&2",), status="pass"),
    Case(
        "redirect-2>&1-missing",
        E(shape=ShapeCheck(redirects=("2>&1",))),
        commands=("make &> build.log",),
        message="Use the redirection `2>&1`: send standard error wherever standard output goes.",
    ),
    Case(
        "redirect-herestring",
        E(shape=ShapeCheck(redirects=("<<<", "2>"))),
        commands=('wc -w <<< "a b" 2> e',),
        status="pass",
    ),
    Case("redirect-|&", E(shape=ShapeCheck(redirects=("|&",))), commands=("make |& tee log",), status="pass"),
    Case("uses-pass", E(shape=ShapeCheck(uses=("grep",))), commands=("cat f | grep -c ERROR",), status="pass"),
    Case(
        "uses-missing",
        E(shape=ShapeCheck(uses=("grep",))),
        commands=("awk '/ERROR/' f",),
        message="Use the command `grep`.",
    ),
    Case(
        "uses-inside-substitution",
        E(shape=ShapeCheck(uses=("wc",))),
        commands=('echo "$(wc -l < f) lines"',),
        status="pass",
    ),
    Case(
        "uses-options-combined",
        E(shape=ShapeCheck(uses=(CommandUse(command="sort", options=("-r", "-n")),))),
        commands=("sort -rn scores.txt",),
        status="pass",
    ),
    Case(
        "uses-options-missing",
        E(shape=ShapeCheck(uses=(CommandUse(command="sort", options=("-r", "-n")),))),
        commands=("sort -n scores.txt",),
        message="Use `sort` with the option(s) `-r` `-n`.",
    ),
    Case(
        "uses-args-match",
        E(shape=ShapeCheck(uses=(CommandUse(command="scp", args_match=(r"^\w+@[\w.-]+:",)),))),
        commands=("scp model.pt gpu01:/data",),
        message="Give `scp` the argument the task asks for.",  # never the pattern itself
    ),
    Case(
        "uses-args-match-literal",
        E(shape=ShapeCheck(uses=(CommandUse(command="bash", args_match=(r"^hello\.sh$",)),))),
        commands=("bash ./hello2.sh",),
        message="Give `bash` the argument `hello.sh`.",
    ),
    Case(
        "uses-args-match-directory",
        E(shape=ShapeCheck(uses=(CommandUse(command="rm", args_match=(r"^wandb/?$",)),))),
        commands=("rm -r ./wandb-old",),
        message="Give `rm` the argument `wandb`.",
    ),
    Case(
        "uses-args-match-prefix",
        E(shape=ShapeCheck(uses=(CommandUse(command="cd", args_match=(r"^~/",)),))),
        commands=("cd /home/learner/data",),
        message="Give `cd` an argument that starts with `~/`.",
    ),
    Case(
        "uses-under-sudo",
        E(shape=ShapeCheck(uses=("apt",), starts_with="sudo")),
        commands=("sudo apt update",),
        status="pass",
    ),
    Case(
        "avoids",
        E(shape=ShapeCheck(avoids=("cat",))),
        commands=("cat access.log | grep 404",),
        message="Solve this one without `cat`.",
    ),
    Case("avoids-in-other-word-pass", E(shape=ShapeCheck(avoids=("cat",))), commands=("grep cat f",), status="pass"),
    Case(
        "starts-with",
        E(shape=ShapeCheck(starts_with="sudo")),
        commands=("apt update",),
        message="Start the command line with `sudo`.",
    ),
    Case("background-pass", E(shape=ShapeCheck(background=True)), commands=("python train.py > log &",), status="pass"),
    Case(
        "background-missing",
        E(shape=ShapeCheck(background=True)),
        commands=("python train.py && echo done",),
        message="Run the command in the background: end it with `&`.",
    ),
    Case(
        "background-forbidden",
        E(shape=ShapeCheck(background=False)),
        commands=("sleep 1 &",),
        message="Run it in the foreground, without `&`.",
    ),
    Case(
        "shape-over-every-command",
        E(shape=ShapeCheck(pipe=True, uses=("cd",))),
        commands=("cd logs", "grep x a | wc -l"),
        status="pass",
    ),
    # --- several failures: the headline is the most useful, the rest are details ---------------------------
    Case(
        "stdout-before-shape",
        E(stdout="3", shape=ShapeCheck(pipe=True)),
        commands=("wc -l f",),
        stdout="3 f\n",
        message=STDOUT_DIFFERS + ".",
    ),
    Case(
        "shape-once-the-result-is-right",
        E(stdout="3", shape=ShapeCheck(pipe=True)),
        commands=("wc -l < f",),
        stdout="3\n",
        message="This exercise is about pipes: connect the commands with `|`.",
    ),
    # --- typed-in output, the usual tool, one command ---------------------------------------------------
    Case(
        "typed-status-where-the-solution-reads-it",
        E(stdout="2"),
        commands=("ls nothing", "echo 2"),
        stdout="2\n",
        solution=("ls nothing", "echo $?"),
        message="Your command prints text you typed in yourself (`2`). It would print the same whatever the answer "
        "is: let the shell work it out (from the variable, the command or the status the task names).",
    ),
    Case(
        "typed-text-where-the-solution-types-it-too",
        E(stdout="hello"),
        commands=("printf 'hello\\n'",),
        stdout="hello\n",
        solution=('echo "hello"',),
        status="pass",
    ),
    Case(
        "worked-out-status-passes",
        E(stdout="2"),
        commands=("ls nothing", "printf '%s\\n' \"$?\""),
        stdout="2\n",
        solution=("ls nothing", "echo $?"),
        status="pass",
    ),
    Case(
        "prefers-another-tool-passes-with-a-tip",
        E(stdout="/home/learner", shape=ShapeCheck(prefers=("pwd",))),
        commands=("echo $PWD",),
        stdout="/home/learner\n",
        solution=("pwd",),
        status="pass",
        details=("You got there another way. The usual tool here is `pwd`: try it too.",),
    ),
    Case(
        "prefers-says-nothing-while-the-result-is-wrong",
        E(stdout="/home/learner", shape=ShapeCheck(prefers=("pwd",))),
        commands=("echo $HOME/x",),
        stdout="/home/learner/x\n",
        solution=("pwd",),
        message=STDOUT_DIFFERS + ".",
    ),
    Case(
        "single-command-refuses-two",
        E(exit_code=0, shape=ShapeCheck(single_command=True)),
        commands=("mkdir a", "mkdir b"),
        message="Do it with one command, as the task asks (you used 2: `mkdir a`; `mkdir b`).",
    ),
]


def _run(case: Case):  # type: ignore[no-untyped-def]
    results = []
    if not case.no_results:
        fields: dict[str, Any] = {
            "command": case.commands[-1] if case.commands else "",
            "stdout": case.stdout,
            "stderr": case.stderr,
            "exit_code": case.exit,
        }
        fields.update(case.result)
        results.append(FakeResult(**fields))
    built = exercise(case.expect, fixture=case.fixture, solution=case.solution)
    return evaluate(built, list(case.commands), results, case.world, case.reference, seed=1)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_grading_table(case: Case) -> None:
    verdict = _run(case)
    assert verdict.status == case.status, verdict.format()
    if case.message is not None:
        assert verdict.message.en == case.message
    if case.status == "pass":
        assert verdict.diff is None
        assert all(check.passed for check in verdict.checks)
    else:
        assert any(not check.passed for check in verdict.checks)
    rendered = verdict.diff or {}
    for key, needles in case.diff.items():
        assert key in rendered, f"no diff for {key}: {rendered}"
        for needle in needles:
            assert needle in rendered[key].splitlines() or needle in rendered[key], (needle, rendered[key])
    for detail in case.details:
        assert detail in [d.en for d in verdict.details]


def test_table_covers_every_case_id_once() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))


KOREAN = {
    "exact-missing-final-newline": "명령어의 표준 출력이 기대한 것과 다릅니다. 내용은 맞지만 마지막에 줄바꿈이 없습니다"
    "(`printf`는 `\\n`을 쓰지 않으면 줄바꿈을 넣지 않습니다).",
    "stdout-wanted-got-stderr": "명령어가 이 내용을 표준 에러로 출력했습니다. 이 문제는 표준 출력으로 나와야 합니다.",
    "stderr-wanted-got-stdout": "명령어가 에러 메시지를 표준 출력으로 내보냈습니다. "
    "이 문제는 표준 에러로 나와야 합니다 (`>&2`로 보낼 수 있습니다).",
    "overwrite-instead-of-append": "`notes.txt` 파일의 기존 내용이 사라졌습니다. `>`는 파일 내용을 덮어쓰고, `>>`는 "
    "끝에 덧붙입니다.",
    "missing-execute-bit": "`run.sh` 파일에 실행 권한이 없습니다. `chmod +x run.sh`로 실행 권한을 주세요.",
    "cwd-wrong-directory": "지금 위치는 `~/logs/old`입니다. 이 문제는 `~/logs`에서 끝나야 합니다.",
    "pipe-missing": "이 문제는 파이프 연습입니다. 명령어를 `|`로 연결하세요.",
    "regex-fail-described": "명령어의 표준 출력에서 찾는 내용이 보이지 않습니다. 찾는 것: 에러 개수",
    "typed-status-where-the-solution-reads-it": "직접 입력한 글자(`2`)를 그대로 출력했습니다. 그러면 답이 무엇이든 "
    "똑같이 출력됩니다. 셸이 직접 알아내게 하세요(문제에서 말하는 변수, 명령어 또는 종료 코드를 이용해서).",
    "single-command-refuses-two": "문제에서 요구한 대로 명령어 하나로 해 보세요(지금은 2개를 썼습니다: "
    "`mkdir a`; `mkdir b`).",
}


@pytest.mark.parametrize("case_id", sorted(KOREAN))
def test_korean_messages(case_id: str) -> None:
    case = next(c for c in CASES if c.id == case_id)
    assert _run(case).message.ko == KOREAN[case_id]


def test_korean_diff_labels() -> None:
    case = next(c for c in CASES if c.id == "exact-missing-final-newline")
    rendered = _run(case).diff_in("ko")
    assert rendered is not None
    assert rendered["stdout"].splitlines()[:2] == ["--- 기대한 결과", "+++ 내 결과"]
    assert "+42 (끝에 줄바꿈 없음)" in rendered["stdout"].splitlines()


def test_same_as_solution_without_reference_is_an_error_of_the_machinery() -> None:
    with pytest.raises(GradingError):
        evaluate(
            exercise(E(stdout=TextMatch(same_as_solution="exact"))), ["pwd"], [FakeResult(stdout="x")], FakeWorld()
        )


def test_bad_author_regex_is_an_error_not_a_fail() -> None:
    from shelltutor.grading.textmatch import PatternError

    with pytest.raises(PatternError):
        evaluate(exercise(E(stdout=TextMatch(regex="("))), ["x"], [FakeResult(stdout="x")], FakeWorld())


def test_symlink_is_reported_and_never_read() -> None:
    world = FakeWorld({"out.txt": ("symlink", "/etc/passwd")})
    verdict = evaluate(
        exercise(E(files=(FileExpect(path="out.txt", content="root"),))),
        ["ln -s /etc/passwd out.txt"],
        [FakeResult()],
        world,
    )
    assert verdict.status == "fail"
    assert verdict.message.en == (
        "`out.txt` is a symbolic link (to `/etc/passwd`), not a regular file; the grader does not follow links."
    )
    assert world.reads == []


def test_symlink_inside_home_is_not_read_either() -> None:
    world = FakeWorld({"out.txt": ("symlink", "data/real.txt"), "data/real.txt": "expected\n"})
    verdict = evaluate(
        exercise(E(files=(FileExpect(path="out.txt", content="expected"),))),
        ["ln -s data/real.txt out.txt"],
        [FakeResult()],
        world,
    )
    assert verdict.status == "fail"
    assert "is a symbolic link (to `data/real.txt`)" in verdict.message.en
    assert world.reads == []


def test_symlinked_directory_component_is_refused() -> None:
    world = FakeWorld({"reports": ("symlink", "/etc"), "reports/passwd": "root:x:0:0\n"})
    verdict = evaluate(
        exercise(E(files=(FileExpect(path="reports/passwd", content="root:x:0:0"),))),
        ["ln -s /etc reports"],
        [FakeResult()],
        world,
    )
    assert verdict.status == "fail"
    assert verdict.message.en == (
        "`reports/passwd` is reached through a symbolic link; the grader does not follow links."
    )
    assert world.reads == []


def test_the_construct_is_not_given_away_while_the_result_is_wrong() -> None:
    # "Use `pwd`" or "connect the commands with `|`" would hand over the answer the hints reveal step by step:
    # while the output is wrong, the verdict is about the output only.
    (case,) = [c for c in CASES if c.id == "stdout-before-shape"]
    verdict = _run(case)
    assert verdict.status == "fail"
    assert all("pipe" not in detail.en for detail in verdict.details), verdict.details


@pytest.mark.parametrize(("typed", "installed"), [("pip", "pip3"), ("pip3", "pip"), ("python", "python3")])
def test_a_program_installed_under_its_other_name_is_not_called_missing(
    typed: str, installed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python` where only `python3` exists (and the like) is not a spelling mistake: say which name works."""
    from shelltutor.grading import checks

    def which(name: str, path: str | None = None) -> str | None:
        return f"/usr/bin/{name}" if name == installed else None

    monkeypatch.setattr(checks.shutil, "which", which)
    case = Case(
        "other-name",
        E(stdout="x", exit_code=0),
        commands=(f"{typed} --version",),
        stderr=f"bash: {typed}: command not found\n",
        exit=127,
    )
    verdict = _run(case)
    assert verdict.message.en.startswith(f"This system has no command `{typed}` (exit status 127), but it has")
    assert f"`{installed}`" in verdict.message.en and "spelling" not in verdict.message.en
    assert f"`{installed}`" in verdict.message.ko
    monkeypatch.setattr(checks.shutil, "which", lambda name, path=None: None)
    assert "check its spelling" in _run(case).message.en
