"""Grading again, in the real sandbox, the commands behind a learner's completions (`class report --regrade`)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from shelltutor.classroom.exports import Attempt, LearnerFile
from shelltutor.classroom.integrity import Finding, first_passes
from shelltutor.classroom.messages import say
from shelltutor.course.catalog import Course
from shelltutor.course.model import Exercise, LocalText
from shelltutor.grading.verdict import Verdict

WORKERS = 2
QUOTED_CHARS = 120
"""How much of the commands a finding quotes."""

Grade = Callable[[Exercise, list[str], int], Verdict]
"""Grades commands on an exercise and seed (the real grader's `grade_commands`, or a test's stand-in)."""


@dataclass(frozen=True)
class Job:
    """One completion to grade again: the learner's whole passing attempt."""

    learner: str
    exercise: Exercise
    attempt: Attempt
    commands: list[str]


def regrade(
    learners: Sequence[LearnerFile], course: Course, *, per_learner: int, grade: Grade | None = None
) -> dict[str, list[Finding]]:
    """For each learner, up to `per_learner` completions chosen at random (so a file cannot count on which are
    checked) graded again from the commands that passed them: a completion whose commands do not pass is a sign
    of editing; one that cannot be replayed (cut when stored, typed into a full-screen program) is noted."""
    grade = grade or _real_grader()
    findings: dict[str, list[Finding]] = {learner.name: [] for learner in learners}
    jobs: list[Job] = []
    for learner in learners:
        chosen, skipped = _jobs(learner, course, per_learner)
        jobs.extend(chosen)
        findings[learner.name].extend(skipped)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        verdicts = list(pool.map(lambda job: grade(job.exercise, job.commands, job.attempt.seed or 1), jobs))
    passed: dict[str, int] = {}
    for job, verdict in zip(jobs, verdicts, strict=True):
        if verdict.status == "pass":
            passed[job.learner] = passed.get(job.learner, 0) + 1
        elif verdict.status == "error":
            why = say("why_error", error=verdict.message)
            findings[job.learner].append(
                Finding(False, say("regrade_skipped", exercise=job.exercise.global_id, why=why))
            )
        else:
            quoted = "; ".join(job.commands)
            quoted = quoted if len(quoted) <= QUOTED_CHARS else quoted[: QUOTED_CHARS - 1] + "…"
            message = say("regrade_failed", exercise=job.exercise.global_id, commands=quoted)
            findings[job.learner].append(Finding(True, message))
    for learner in learners:
        if passed.get(learner.name) and not any(f.edited for f in findings[learner.name]):
            findings[learner.name].append(Finding(False, say("regraded", count=passed[learner.name])))
    return findings


def _jobs(learner: LearnerFile, course: Course, per_learner: int) -> tuple[list[Job], list[Finding]]:
    from shelltutor.grading.shape import needs_terminal

    passes = first_passes(learner)
    jobs: list[Job] = []
    skipped: list[Finding] = []
    for completion in learner.completions:
        exercise = course.exercise(completion.exercise)
        attempt = passes.get(completion.exercise)
        if exercise is None or attempt is None:
            continue  # an exercise the course lacks is not counted; a pass that is missing is found already
        run = [a for a in learner.attempts if a.exercise == attempt.exercise and a.run == attempt.run]
        why: LocalText | None = None
        if any(a.cut_bytes for a in run if a.n <= attempt.n):
            why = say("why_cut")
        elif exercise.full_screen or any(needs_terminal(c) for c in learner.run_commands(attempt)):
            why = say("why_terminal")
        if why is not None:
            skipped.append(Finding(False, say("regrade_skipped", exercise=completion.exercise, why=why)))
        else:
            jobs.append(Job(learner.name, exercise, attempt, learner.run_commands(attempt)))
    if len(jobs) > per_learner:
        jobs = random.SystemRandom().sample(jobs, per_learner)
    return jobs, skipped


def _real_grader() -> Grade:
    from shelltutor.grading.grader import Grader

    grader = Grader(isolation="bwrap")  # learners' commands are hostile input: never run them unisolated

    def grade(exercise: Exercise, commands: list[str], seed: int) -> Verdict:
        return grader.grade_commands(exercise, commands, seed)[0]

    return grade
