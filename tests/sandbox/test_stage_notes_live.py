"""A wrong pipeline's verdict says after which stage its line counts part from the reference solution's."""

from __future__ import annotations

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.course.model import Exercise
from shelltutor.grading.grader import Grader
from shelltutor.grading.messages import veiled


@pytest.fixture(scope="module")
def exercise() -> Exercise:
    found = load_course().exercise("pipes/errors-per-component")
    assert found is not None and found.solution[-1] == (
        "grep ERROR logs/app.log | cut -d' ' -f4 | sort | uniq -c | sort -rn"
    )
    return found


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(isolation="bwrap")


def test_uniq_without_sort_is_named_at_its_stage(grader: Grader, exercise: Exercise) -> None:
    wrong = "grep ERROR logs/app.log | cut -d' ' -f4 | uniq -c | sort -rn"
    verdict, results = grader.grade_commands(exercise, [wrong], seed=1)
    assert verdict.status == "fail"
    counts = [s.lines for s in results[-1].stages]
    assert counts[0] == counts[1] and counts[2] is not None and counts[2] > 6
    note = next(d for d in verdict.details if "uniq" in d.en)
    assert note.en.startswith(f"After `uniq -c` you had {counts[2]:,} lines; the reference solution had ")
    assert "`uniq` saw unsorted input" in note.en and "정렬되지 않은 입력" in note.ko
    assert veiled(note) == note  # counts only: shown before the solution unlocks too
    reference = grader.reference(exercise, 1)
    assert [s.command for s in reference.stages][2:4] == ["sort", "uniq -c"]
    assert f"had {reference.stages[3].lines:,} at that point" in note.en


def test_no_note_when_the_counts_agree_or_the_answer_is_right(grader: Grader, exercise: Exercise) -> None:
    right, _ = grader.grade_commands(exercise, [exercise.solution[-1]], seed=1)
    assert right.status == "pass"
    assert all("After `" not in d.en for d in right.details)
    # the same counts at every paired stage, only the order of the last differs: nothing to say about stages
    wrong = "grep ERROR logs/app.log | cut -d' ' -f4 | sort | uniq -c | sort -n"
    verdict, _ = grader.grade_commands(exercise, [wrong], seed=1)
    assert verdict.status == "fail"
    assert all("After `" not in d.en for d in verdict.details)
