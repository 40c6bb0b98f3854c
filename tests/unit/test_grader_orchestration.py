"""The Grader around the evaluator: reference cache, re-runs on a second seed, known wrong answers, errors.

Sessions are scripted doubles here (the real sandbox is exercised in tests/sandbox/test_grading_live.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from grader_fakes import FakeResult, FakeWorld, exercise

from shelltutor.course.model import (
    Expectations,
    FileExpect,
    Fixture,
    Keys,
    ProcessExpect,
    ShapeCheck,
    TextMatch,
    WrongAnswer,
)
from shelltutor.grading.grader import REPLAY_SEED_OFFSET, REPLAY_SEED_TRIES, Grader, replay_seed
from shelltutor.grading.messages import local
from shelltutor.grading.sessions import spec_for
from shelltutor.grading.verdict import Check, Verdict
from shelltutor.sandbox import SessionError, SessionSpec

Behaviour = Callable[[int, str], FakeResult]


class FakeSession(FakeWorld):
    def __init__(self, seed: int, behaviour: Behaviour) -> None:
        super().__init__()
        self.seed = seed
        self.behaviour = behaviour
        self.commands: list[tuple[str, bool, str | None]] = []
        self.closed = False
        self.home = "/home/learner"

    def run(self, command: str, *, terminal: bool = False, keys: str | None = None, **_: Any) -> FakeResult:
        self.commands.append((command, terminal, keys))
        return self.behaviour(self.seed, command)

    def close(self) -> None:
        self.closed = True


def answer(seed: int) -> str:
    """The data-dependent answer of the randomized fixture exercise on `seed`."""
    return f"{seed % 7 + 3}\n"


def behaviour(seed: int, command: str) -> FakeResult:
    if "grep -c" in command:
        return FakeResult(command, stdout=answer(seed))
    if command.startswith("echo "):
        return FakeResult(command, stdout=command[5:].removesuffix(" | cat") + "\n")
    if command == "grep ERROR app.log":
        return FakeResult(command, stdout="ERROR a\nERROR b\n")
    if command == "cat app.log | grep ERROR":
        return FakeResult(command, stdout="ERROR a\nERROR b\n")
    return FakeResult(command, stdout="")


class Starter:
    def __init__(self, fail: bool = False) -> None:
        self.specs: list[SessionSpec] = []
        self.sessions: list[FakeSession] = []
        self.fail = fail

    def __call__(self, spec: SessionSpec) -> FakeSession:
        if self.fail:
            raise SessionError("bwrap is not installed", fix="apt-get install bubblewrap")
        self.specs.append(spec)
        session = FakeSession(spec.seed, behaviour)
        self.sessions.append(session)
        return session  # type: ignore[return-value]


COUNT = exercise(
    Expectations(stdout=TextMatch(same_as_solution="normalized")),
    solution=("grep -c ERROR app.log",),
    fixture=Fixture(generate="seq $SEED > app.log"),
    wrong=(
        WrongAnswer(commands=("grep ERROR app.log",), explanation=None),
        WrongAnswer(
            commands=("cat app.log | grep -c ERROR",),
            shape=ShapeCheck(uses=("cat",)),
        ),
    ),
    exercise_id="count",
)


def test_solution_passes_and_is_rechecked_on_a_second_seed() -> None:
    starter = Starter()
    grader = Grader(start_session=starter)  # type: ignore[arg-type]
    verdict, results = grader.grade_commands(COUNT, ["grep -c ERROR app.log"], seed=4)
    assert verdict.status == "pass"
    assert verdict.message.en == "Correct! It also works on freshly generated data."
    assert verdict.replay_seed == replay_seed(4) == 1004
    assert [r.stdout for r in results] == [answer(4)]
    assert sorted(s.seed for s in starter.specs) == [4, 4, 1004, 1004]  # attempt, reference, replay, its reference
    assert all(s.closed for s in starter.sessions)


def test_hard_coded_answer_fails_on_the_second_seed() -> None:
    grader = Grader(start_session=Starter())  # type: ignore[arg-type]
    # Typed in, but not by echo alone (which is refused at once as typed-in output): only the re-check tells.
    verdict, _ = grader.grade_commands(COUNT, [f"echo {answer(4).strip()} | cat"], seed=4)
    assert verdict.status == "fail"
    assert verdict.message.en.startswith(
        "Your commands gave the right answer on this data, but not on freshly generated data: "
        "an answer must work on any data the task describes, not only on these files (nothing typed in, no case "
        "the task mentions left out). On the new data: "
    )
    assert verdict.replay_seed == 1004
    assert verdict.diff is not None and f"-{answer(1004).strip()}" in verdict.diff["stdout"]
    assert any(c.key == "replay" and not c.passed for c in verdict.checks)


def test_reference_is_cached_per_exercise_and_seed() -> None:
    starter = Starter()
    grader = Grader(start_session=starter)  # type: ignore[arg-type]
    for _ in range(3):
        grader.grade_commands(COUNT, ["grep -c ERROR app.log"], seed=2, replay=False)
    reference_runs = [s for s in starter.sessions if s.commands == [("grep -c ERROR app.log", False, None)]]
    assert len(starter.sessions) == 4  # three attempts, one reference
    assert len(reference_runs) == 4
    grader.grade_commands(COUNT, ["grep -c ERROR app.log"], seed=3, replay=False)
    assert len(starter.sessions) == 6  # a new seed needs its own reference


def test_known_wrong_answer_by_tokens_gets_its_explanation() -> None:
    explained = exercise(
        COUNT.expect,
        solution=COUNT.solution,
        fixture=COUNT.fixture,
        wrong=(WrongAnswer(commands=("grep ERROR app.log",), explanation=COUNT.prompt),),
    )
    grader = Grader(start_session=Starter(), match_wrong_output=False)  # type: ignore[arg-type]
    verdict, _ = grader.grade_commands(explained, ["grep  'ERROR'  app.log"], seed=1)
    assert verdict.status == "fail"
    assert verdict.matched_wrong == 0
    assert verdict.wrong_explanation == COUNT.prompt


def test_known_wrong_answer_by_shape() -> None:
    grader = Grader(start_session=Starter(), match_wrong_output=False)  # type: ignore[arg-type]
    verdict, _ = grader.grade_commands(COUNT, ["cat app.log | grep ERROR"], seed=1)
    assert verdict.status == "fail"
    assert verdict.matched_wrong == 1


def test_known_wrong_answer_by_output_on_the_same_seed() -> None:
    no_shape = exercise(
        COUNT.expect, solution=COUNT.solution, fixture=COUNT.fixture, wrong=(COUNT.wrong[0],), exercise_id="c2"
    )
    starter = Starter()
    grader = Grader(start_session=starter)  # type: ignore[arg-type]
    verdict, _ = grader.grade_commands(no_shape, ["cat app.log | grep ERROR"], seed=1)
    assert verdict.matched_wrong == 0
    grader_off = Grader(start_session=Starter(), match_wrong_output=False)  # type: ignore[arg-type]
    assert grader_off.grade_commands(no_shape, ["cat app.log | grep ERROR"], seed=1)[0].matched_wrong is None


def test_a_passing_attempt_never_gets_a_wrong_explanation() -> None:
    grader = Grader(start_session=Starter())  # type: ignore[arg-type]
    verdict, _ = grader.grade_commands(COUNT, ["cat app.log | grep -c ERROR"], seed=1)
    assert verdict.status == "pass"
    assert verdict.wrong_explanation is None and verdict.matched_wrong is None


def test_full_screen_attempt_is_not_replayed_and_says_so() -> None:
    starter = Starter()
    grader = Grader(start_session=starter)  # type: ignore[arg-type]
    vi = exercise(Expectations(), solution=(Keys(run="vi x", keys=":wq<Enter>"),), fixture=COUNT.fixture)
    verdict = grader.grade(vi, FakeWorld(), ["vi x"], [FakeResult("vi x")], seed=1)
    assert verdict.status == "pass"
    assert [d.en for d in verdict.details] == [
        "The re-check on freshly generated data was skipped: the attempt uses a full-screen program."
    ]
    assert starter.sessions == []


def test_keys_steps_are_replayed_on_a_terminal() -> None:
    starter = Starter()
    grader = Grader(start_session=starter)  # type: ignore[arg-type]
    vi = exercise(Expectations(), solution=(Keys(run="vi x", keys="ihi<Esc>:wq<Enter>"),), fixture=COUNT.fixture)
    verdict, _ = grader.grade_commands(vi, list(vi.solution), seed=1)
    # The fake's files are the same on every seed: the re-check tries further seeds, then runs on the last.
    assert verdict.status == "pass" and verdict.replay_seed == REPLAY_SEED_OFFSET + REPLAY_SEED_TRIES
    assert starter.sessions[0].commands == [("vi x", True, "ihi\x1b:wq\r")]


def test_sandbox_failure_is_an_error_verdict() -> None:
    grader = Grader(start_session=Starter(fail=True))  # type: ignore[arg-type]
    verdict, results = grader.grade_commands(COUNT, ["grep -c ERROR app.log"], seed=1)
    assert verdict.status == "error"
    assert verdict.message.en.startswith("Grading failed on our side, not because of your answer: bwrap is not")
    assert results == []


def test_reference_that_times_out_is_an_error_not_a_fail() -> None:
    def slow(seed: int, command: str) -> FakeResult:
        return FakeResult(command, timed_out=True, exit_code=None)

    grader = Grader(start_session=lambda spec: FakeSession(spec.seed, slow))  # type: ignore[arg-type,return-value]
    verdict = grader.grade(COUNT, FakeWorld(), ["x"], [FakeResult("x", stdout="1")], seed=1)
    assert verdict.status == "error"
    assert "the reference solution of test/count timed out on seed 1" in verdict.message.en


@pytest.mark.parametrize("mode", ["0644", "755"])
def test_spec_for_maps_the_fixture(mode: str) -> None:
    from shelltutor.course.model import FileFixture, LimitOverrides

    ex = exercise(
        Expectations(),
        fixture=Fixture(
            files=(
                FileFixture(path="bin/run.sh", content="#!/bin/sh\n", mode=mode),
                FileFixture(path="data", type_="dir"),
                FileFixture(path="latest", type_="symlink", target="data"),
            ),
            generate="echo $SEED > seed.txt",
            setup=("cd data",),
            cwd="data",
        ),
        limits=LimitOverrides(wall_seconds=2.5),
    )
    spec = spec_for(ex, 7, "none")
    assert [(h.path, h.kind, h.content, h.mode, h.target) for h in spec.home] == [
        ("bin/run.sh", "file", b"#!/bin/sh\n", int(mode, 8), None),
        ("data", "dir", b"", None, None),
        ("latest", "symlink", b"", None, "data"),
    ]
    assert (spec.generate, spec.seed, spec.setup, spec.cwd, spec.isolation) == (
        "echo $SEED > seed.txt",
        7,
        ("cd data",),
        "data",
        "none",
    )
    assert spec.limits.wall_seconds == 2.5


@pytest.mark.parametrize(
    ("solution", "typed", "status", "message"),
    [
        (("sleep 100 &", "jobs", "kill %1"), "jobs", "step", "`jobs` is step 2 of 3 of this exercise"),
        (("sleep 100 &", "jobs", "kill %1"), "sleep 100 &", "step", "`sleep 100 &` is step 1 of 3"),
        (("sleep 100 &", "jobs", "kill %1"), "kill 1", "fail", None),  # the answer's own program: a real miss
        (("cat > s.sh <<'EOF'\necho hi\nEOF", "chmod +x s.sh", "./s.sh"), "chmod +x s.sh", "step", "step 2 of 3"),
        (("grep -c ERROR app.log",), "ls", "step", "`ls` only looks around"),
        (("grep -c ERROR app.log",), "cat app.log", "step", "only looks around"),
        (("grep -c ERROR app.log",), "man grep", "step", "only looks around"),
        (("grep -c ERROR app.log",), "ls > listing.txt", "fail", None),  # writes a file: not just looking
        (("grep -c ERROR app.log",), "rm app.log", "fail", None),
        (("grep -c ERROR app.log",), "cat missing.log", "fail", None),  # failed: no step
        (("ls -S",), "ls -l", "fail", None),
        # Writing the script in vi where the solution writes it otherwise: the task asks for what it prints.
        (("printf 'echo hi\\n' > hi.sh", "bash hi.sh"), "vi hi.sh", "step", "You edited with `vi hi.sh`"),
        (("printf 'echo hi\\n' > hi.sh", "bash hi.sh"), "vim hi.sh && bash hi.sh", "fail", None),
        # tmux and crontab look with one subcommand and act with another.
        (("tmux attach -t train",), "tmux ls", "step", "only looks around"),
        (("tmux attach -t train",), "tmux -L x list-sessions", "step", "only looks around"),
        (("tmux attach -t train",), "tmux attach -t eval", "fail", None),
        (("tmux kill-session -t debug",), "tmux kill-server", "fail", None),
        (("crontab nightly.cron",), "crontab -l", "step", "only looks around"),
        (("crontab nightly.cron",), "crontab -r", "fail", None),
        (("crontab -l > crontab.bak",), "crontab -l", "fail", None),  # the answer's own program
        (("kill 4242",), "nvidia-smi", "step", "only looks around"),
    ],
)
def test_steps_on_the_way_are_not_failures(
    solution: tuple[str, ...], typed: str, status: str, message: str | None
) -> None:
    from shelltutor.grading.grader import as_step

    failed = Verdict("fail", local("stream_is_empty", stream="x", stream_subject="x"))
    exit_code = 1 if "missing" in typed else 0
    verdict = as_step(
        exercise(Expectations(stdout="1"), solution=solution), typed, FakeResult(typed, exit_code=exit_code), failed
    )
    assert verdict.status == status
    if message is not None:
        assert message in verdict.message.en and verdict.message.ko


KILL_THEN_LOOK = ("nvidia-smi", "kill $(pgrep -f ipykernel_launcher)", "sleep 1", "nvidia-smi")


@pytest.mark.parametrize(
    ("expect", "solution", "typed", "status"),
    [
        # Only the world is graded and the solution ends by looking: a look first is a step, whatever program.
        (Expectations(processes=(ProcessExpect(command="ipykernel"),)), KILL_THEN_LOOK, "nvidia-smi", "step"),
        (
            Expectations(processes=(ProcessExpect(command="ipykernel"),)),
            KILL_THEN_LOOK,
            "nvidia-smi --query-compute-apps=pid,process_name --format=csv",
            "step",
        ),
        (Expectations(processes=(ProcessExpect(command="ipykernel"),)), KILL_THEN_LOOK, "ps -fp 8", "step"),
        (Expectations(processes=(ProcessExpect(command="ipykernel"),)), KILL_THEN_LOOK, "pkill python3", "fail"),
        (Expectations(files=(FileExpect(path="b", content="x"),)), ("mv a b", "ls"), "ls -l", "step"),
        # Where the look's output is the answer, the same program used wrongly is a real miss.
        (Expectations(stdout="b"), ("mv a b", "ls"), "ls -l", "fail"),
    ],
)
def test_a_look_is_a_step_where_the_solution_only_ends_by_looking(
    expect: Expectations, solution: tuple[str, ...], typed: str, status: str
) -> None:
    """`nvidia-smi` before `kill` where the solution checks with `nvidia-smi` at the end: the look is on the way,
    not a wrong answer (a learner saw "✘ NOT YET" for the very command the prompt asks for)."""
    from shelltutor.grading.grader import as_step

    failed = Verdict("fail", local("stream_is_empty", stream="x", stream_subject="x"))
    verdict = as_step(exercise(expect, solution=solution), typed, FakeResult(typed), failed)
    assert verdict.status == status


def test_an_edit_is_the_answer_where_only_files_are_graded() -> None:
    """Where the task grades the file itself (fix the config), the vi session is the answer: a real verdict."""
    from shelltutor.grading.grader import as_step

    failed = Verdict("fail", local("stream_is_empty", stream="x", stream_subject="x"))
    only_files = Expectations(files=(FileExpect(path="train.yaml", content="lr: 0.01"),))
    verdict = as_step(
        exercise(only_files, solution=("sed -i s/0.1/0.01/ train.yaml",)),
        "vi train.yaml",
        FakeResult("vi train.yaml"),
        failed,
    )
    assert verdict.status == "fail"


def test_a_right_result_made_another_way_is_not_a_look_around() -> None:
    """`cat /etc/hostname` where the exercise asks for `hostname`: the output is right, the command is not the
    one asked for. The verdict says which to use; calling it "only looking around" would be wrong."""
    from shelltutor.grading.grader import as_step

    shape_only = Verdict(
        "fail",
        local("shape_uses", command="hostname"),
        checks=(Check("stdout", True), Check("shape.uses", False, local("shape_uses", command="hostname"))),
    )
    typed = "cat /etc/hostname"
    verdict = as_step(exercise(Expectations(stdout="x"), solution=("hostname",)), typed, FakeResult(typed), shape_only)
    assert verdict.status == "fail" and "hostname" in verdict.message.en
