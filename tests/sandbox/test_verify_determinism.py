"""`verify` proves that generated data depends on the seed only (bash re-seeds $RANDOM inside $( ))."""

from __future__ import annotations

from pathlib import Path

from shelltutor.course.catalog import load_course
from shelltutor.grading.grader import Grader
from shelltutor.grading.harness import fixture_fingerprint, verify_exercise

LESSON = """\
format_version: 1
id: nondet
chapter: 1
order: 1
title: {{en: N, ko: N}}
summary: {{en: N, ko: N}}
explanation: {{en: N, ko: N}}
exercises:
  - id: count
    title: {{en: C, ko: C}}
    prompt: {{en: C, ko: C}}
    hints: [{{en: a, ko: a}}, {{en: b, ko: b}}]
    solution: grep -c ERROR app.log
    wrong:
      - commands: grep ERROR app.log
    fixture:
      generate: |
        RANDOM=$SEED
        {loop}
      setup:
        - {setup}
    expect:
      stdout: {{same_as_solution: normalized}}
"""
LINE = 'if ((RANDOM % 3)); then echo "INFO $i"; else echo "ERROR $i"; fi'
# Each $( ) is a subshell that re-seeds $RANDOM: thirty such draws never repeat from one run to the next.
FLAKY = 'for i in $(seq 1 30); do echo "ERROR $(echo $RANDOM)"; done > app.log'
STABLE = f"n=$((20 + RANDOM % 20)); for ((i = 1; i <= n; i++)); do {LINE}; done > app.log"


def _exercise(tmp_path: Path, loop: str, setup: str = "true"):  # type: ignore[no-untyped-def]
    (tmp_path / "nondet.yaml").write_text(LESSON.format(loop=loop, setup=setup), encoding="utf-8")
    course = load_course([tmp_path])
    assert not course.problems, course.problems
    exercise = course.exercise("nondet/count")
    assert exercise is not None
    return exercise


def test_generation_that_ignores_the_seed_is_reported(tmp_path: Path) -> None:
    grader = Grader()
    report = verify_exercise(grader, _exercise(tmp_path, FLAKY), builtin=False)
    determinism = [finding for finding in report.findings if finding.check == "determinism"]
    assert len(determinism) == 1
    assert determinism[0].verdict == "first difference: app.log"
    assert not report.ok


def test_seeded_generation_is_stable_and_verifies(tmp_path: Path) -> None:
    grader = Grader()
    exercise = _exercise(tmp_path, STABLE)
    assert fixture_fingerprint(grader, exercise, 7) == fixture_fingerprint(grader, exercise, 7)
    assert fixture_fingerprint(grader, exercise, 7) != fixture_fingerprint(grader, exercise, 8)
    report = verify_exercise(grader, exercise, builtin=False)
    assert report.ok, [finding.format() for finding in report.findings]


def test_what_setup_starts_is_not_generated_data(tmp_path: Path) -> None:
    """Setup starts programs (a server logging each request with its time): what they write differs from run to
    run whatever the seed, and is not the generated data the determinism check is about."""
    grader = Grader()
    exercise = _exercise(tmp_path, STABLE, setup="date +%s%N > started.log")
    assert fixture_fingerprint(grader, exercise, 7) == fixture_fingerprint(grader, exercise, 7)
    assert "started.log" not in [entry[0] for entry in fixture_fingerprint(grader, exercise, 7)]
    report = verify_exercise(grader, exercise, builtin=False)
    assert report.ok, [finding.format() for finding in report.findings]
