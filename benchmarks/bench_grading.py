"""Grading benchmarks: `verify` over every shipped lesson, and the latency of grading one attempt.

Run: `.venv/bin/python benchmarks/bench_grading.py [--runs N] [--jobs N] [--skip-verify]`. Prints a table.

- verify: `verify_lessons` over the built-in course, in-process, real sandbox (every solution on its seeds,
  every wrong and trivial answer, the start state, the echo check), with the CLI's default parallelism.
- one attempt: `Grader.grade` against a live session right after the learner's command ran (what the tutor
  does on Enter), median of N. Three cases from the fixture course (tests/fixtures/lessons-grading):
  a trivial exercise (cwd check, no reference), `same_as_solution` with a warm reference cache, and with a
  cold one (the reference solution runs in a fresh session first). A randomized exercise (re-run on a second
  seed) is shown too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from shelltutor.course.catalog import load_course
from shelltutor.course.model import Exercise
from shelltutor.grading.grader import Grader
from shelltutor.grading.harness import default_jobs, verify_lessons
from shelltutor.grading.sessions import run_steps, spec_for
from shelltutor.sandbox import Session

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "lessons-grading" / "good"


def fixture(name: str) -> Exercise:
    course = load_course([FIXTURE_COURSE], include_builtin=False)
    exercise = course.exercise(f"grading-basics/{name}")
    if exercise is None:
        raise SystemExit(f"fixture exercise {name} is missing from {FIXTURE_COURSE}")
    return exercise


def grading_latency(exercise: Exercise, command: str, runs: int, make_grader: Callable[[], Grader]) -> float:
    """Median milliseconds of `Grader.grade` on a live session where `command` has just run."""
    timings: list[float] = []
    for _ in range(runs):
        grader = make_grader()
        with Session.start(spec_for(exercise, 1)) as session:
            results = run_steps(session, [command])
            started = time.perf_counter()
            verdict = grader.grade(exercise, session, [command], results, 1)
            timings.append((time.perf_counter() - started) * 1000)
        if not verdict.passed:
            raise SystemExit(f"{exercise.global_id}: `{command}` should pass: {verdict.format()}")
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="attempts per latency case (default 30)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="parallel exercises for verify")
    parser.add_argument("--skip-verify", action="store_true", help="only the latency cases")
    args = parser.parse_args()

    rows: list[tuple[str, str]] = []
    warm = Grader()
    pwd = fixture("pwd")
    warm.reference(pwd, 1)
    cases: list[tuple[str, Exercise, str, Callable[[], Grader]]] = [
        ("trivial exercise (cwd, no reference)", fixture("go-to-logs"), "cd logs", Grader),
        ("same_as_solution, warm reference cache", pwd, "pwd", lambda: warm),
        ("same_as_solution, cold reference cache", pwd, "pwd", Grader),
        ("randomized: cold reference + second seed", fixture("count-errors"), "grep -c ERROR app.log", Grader),
    ]
    for label, exercise, command, make in cases:
        rows.append((f"grade one attempt: {label}", f"{grading_latency(exercise, command, args.runs, make):.1f} ms"))

    if not args.skip_verify:
        course = load_course()
        started = time.perf_counter()
        report = verify_lessons(course.lessons, jobs=args.jobs)
        seconds = time.perf_counter() - started
        count = len(report.exercises)
        failed = sum(not e.ok for e in report.exercises)
        rows.append(
            (
                f"verify: {count} shipped exercises, {args.jobs} jobs",
                f"{seconds:.1f} s ({report.sessions} sessions, {failed} to fix)",
            )
        )

    width = max(len(label) for label, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 30}")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(f"(median of {args.runs} runs per latency case; python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
