"""Every spelling a program accepts is graded the same, on shipped exercises in real sessions."""

from __future__ import annotations

import pytest
from sandbox_helpers import shipped_exercise

from shelltutor.grading.grader import Grader

ex = shipped_exercise


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader()


@pytest.mark.parametrize(
    "answer",
    [
        "rm -r wandb/run-20240501-crashed",
        "rm -R wandb/run-20240501-crashed",
        "rm --recursive wandb/run-20240501-crashed/",
        "rm -rf ./wandb/run-20240501-crashed",
    ],
)
def test_every_spelling_of_recursive_removes_the_directory(grader: Grader, answer: str) -> None:
    verdict, _ = grader.grade_commands(ex("removing-files/rm-directory"), [answer])
    assert verdict.status == "pass", verdict.format()


@pytest.mark.parametrize("answer", ["ls -r data", "ls --reverse data"])
def test_a_long_option_of_a_known_mistake_is_that_mistake(grader: Grader, answer: str) -> None:
    verdict, _ = grader.grade_commands(ex("listing-files/ls-recursive"), [answer])
    assert verdict.status == "fail" and verdict.matched_wrong == 0, verdict.format()
