"""Deeply nested input through the whole grader: graded on its result, never a RecursionError.

The sessions are doubles that run nothing, so lines far beyond the sandbox's 4 KiB (which the real front door
refuses) reach every check that reads a command's shape: shape requirements, known wrong answers (by their
words and by their shape), the advice on the last command, the replay of a randomized exercise.
"""

from __future__ import annotations

from typing import Any

import pytest
from grader_fakes import FakeResult, FakeWorld, exercise

from shelltutor.course.model import CommandUse, Expectations, Fixture, ShapeCheck, TextMatch, WrongAnswer
from shelltutor.grading.grader import Grader
from shelltutor.sandbox import SessionSpec

DEPTH = 10_000
DEEP = {
    "arithmetic": "(" * DEPTH + "1" + ")" * DEPTH,
    "subshells": "( " * DEPTH + "grep -c ERROR app.log" + " )" * DEPTH,
    "substitutions": "echo " + "$(echo " * DEPTH + "$(grep -c ERROR app.log)" + ")" * DEPTH,
    "bare substitutions": "echo " + "$( " * DEPTH + "true" + " )" * DEPTH,
    "groups": "{ " * DEPTH + "grep -c ERROR app.log; " + "}; " * DEPTH,
    "test": "[[ " + "( " * DEPTH + "-f app.log" + " )" * DEPTH + " ]]",
    "quotes": "echo " + '"$(echo ' * DEPTH + "x" + ')"' * DEPTH,
    "arrays": "a=" + "(" * DEPTH + "x" + ")" * DEPTH,
}


class Session(FakeWorld):
    """Prints the count for any line that runs `grep -c ERROR`, nothing for others; runs nothing."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.seed = seed
        self.home = "/home/learner"

    def run(self, command: str, **_: Any) -> FakeResult:
        counted = "grep -c ERROR" in command
        return FakeResult(command, stdout=f"{self.seed % 7 + 3}\n" if counted else "", exit_code=0 if counted else 1)

    def close(self) -> None:
        pass


def _start(spec: SessionSpec) -> Session:
    return Session(spec.seed)


COUNT = exercise(
    Expectations(
        stdout=TextMatch(same_as_solution="normalized"),
        shape=ShapeCheck(uses=(CommandUse(command="grep", options=("-c",)),), avoids=("wc",)),
    ),
    solution=("grep -c ERROR app.log",),
    fixture=Fixture(generate="seq $SEED > app.log"),
    wrong=(
        WrongAnswer(commands=("grep ERROR app.log",), explanation=None),
        WrongAnswer(commands=("cat app.log | grep -c ERROR",), shape=ShapeCheck(uses=("cat",))),
    ),
    exercise_id="count",
)


@pytest.mark.parametrize("family", DEEP)
def test_ten_thousand_levels_are_graded_on_their_result(family: str) -> None:
    grader = Grader(start_session=_start)  # type: ignore[arg-type]
    line = DEEP[family]
    verdict, results = grader.grade_commands(COUNT, [line], seed=4)
    assert verdict.status != "error", verdict.message.en
    counted = "grep -c ERROR" in line
    assert verdict.status == ("pass" if counted else "fail"), verdict.message.en  # re-run on a second seed too
    assert [r.command for r in results] == [line]


def test_a_deep_line_among_others_is_still_matched_against_the_wrong_answers() -> None:
    grader = Grader(start_session=_start)  # type: ignore[arg-type]
    deep = "( " * DEPTH + "true" + " )" * DEPTH
    verdict, _ = grader.grade_commands(COUNT, [deep, "grep ERROR app.log"], seed=4)
    assert verdict.status == "fail"
