"""The class report's figures: each learner by chapter, each exercise tried, where learners are stuck, and the
wrong answers no lesson foresaw."""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shelltutor.classroom.exports import LearnerFile
from shelltutor.classroom.integrity import Finding, Integrity, attempts_to_pass, first_passes, integrity, verify
from shelltutor.classroom.messages import say
from shelltutor.classroom.sources import Skipped
from shelltutor.classroom.wrong_answers import Unforeseen, unforeseen
from shelltutor.course.catalog import Course
from shelltutor.course.model import Exercise, Lang

BREAK_S = 30 * 60.0
"""An exercise counts as started at the learner's attempt before its first one (reading the task is work too),
unless that was this long before: then it was a break, and the exercise starts at its first attempt."""
STUCK_SHOWN = 10
"""Exercises in the 'where learners are stuck' list of the text and HTML reports (the JSON has all)."""


@dataclass(frozen=True)
class ChapterProgress:
    """How much of one chapter a learner has done."""

    number: int
    done: int
    total: int


@dataclass
class LearnerRow:
    """One learner: where their file came from, whether it holds up, and their progress."""

    name: str
    path: Path
    kind: str
    version: int
    lang: str | None
    integrity: Integrity
    findings: list[Finding]
    counted: bool
    """Whether the class figures include this learner (an edited file is left out unless asked)."""
    done: int
    total: int
    chapters: list[ChapterProgress]
    attempts: int
    last_active: float | None
    current: str | None
    """The exercise of their latest attempt."""


@dataclass
class ExerciseRow:
    """One exercise, over the learners counted."""

    exercise: Exercise
    chapter: int
    tried: int = 0
    passed: int = 0
    median_attempts: float | None = None
    """Attempts up to the first pass, over the learners who passed."""
    median_seconds: float | None = None
    """From when the learner turned to the exercise (see BREAK_S) to the pass, over the learners who passed."""
    stuck: list[str] = field(default_factory=list)
    """Learners with a failed attempt and no pass."""
    stuck_failures: int = 0
    """The failed attempts of those learners."""


@dataclass
class ClassReport:
    """Everything the report shows, in whichever form."""

    course: Course
    lang: Lang
    generated_at: float
    learners: list[LearnerRow]
    exercises: list[ExerciseRow]
    """The exercises some counted learner tried, in course order."""
    stuck: list[ExerciseRow]
    """Exercises with stuck learners, the most stuck first."""
    unforeseen: list[Unforeseen]
    skipped: list[Skipped]
    include_edited: bool = False

    @property
    def counted(self) -> list[LearnerRow]:
        """The learners the class figures are over."""
        return [row for row in self.learners if row.counted]


def build_report(
    learners: Sequence[LearnerFile],
    skipped: Sequence[Skipped],
    course: Course,
    *,
    lang: Lang = "en",
    extra_findings: Mapping[str, list[Finding]] | None = None,
    include_edited: bool = False,
) -> ClassReport:
    """Verify every file, then total up the learners counted (the edited ones only with `include_edited`)."""
    rows: list[LearnerRow] = []
    counted: list[LearnerFile] = []
    for learner in sorted(learners, key=lambda learner: learner.name.casefold()):
        findings = [*verify(learner), *(extra_findings or {}).get(learner.name, [])]
        unknown = [a for a in learner.attempts if course.exercise(a.exercise) is None]
        if unknown:
            findings.append(Finding(False, say("unknown_exercises", count=len(unknown), example=unknown[0].exercise)))
        row = _learner_row(learner, course, findings, include_edited)
        rows.append(row)
        if row.counted:
            counted.append(learner)
    exercises = _exercise_rows(counted, course)
    stuck = sorted(
        (row for row in exercises if row.stuck),
        key=lambda row: (-len(row.stuck), -row.stuck_failures, exercises.index(row)),
    )
    return ClassReport(
        course=course,
        lang=lang,
        generated_at=time.time(),
        learners=rows,
        exercises=exercises,
        stuck=stuck,
        unforeseen=unforeseen(counted, course),
        skipped=list(skipped),
        include_edited=include_edited,
    )


def _learner_row(learner: LearnerFile, course: Course, findings: list[Finding], include_edited: bool) -> LearnerRow:
    done = {c.exercise for c in learner.completions}
    chapters = [
        ChapterProgress(
            number,
            sum(1 for lesson in lessons for e in lesson.exercises if e.global_id in done),
            sum(len(lesson.exercises) for lesson in lessons),
        )
        for number, lessons in course.lessons_by_chapter()
    ]
    status = integrity(learner, findings)
    latest = max(learner.attempts, key=lambda a: a.at, default=None)
    return LearnerRow(
        name=learner.name,
        path=learner.path,
        kind=learner.kind,
        version=learner.version,
        lang=learner.lang,
        integrity=status,
        findings=findings,
        counted=status != "edited" or include_edited,
        done=sum(c.done for c in chapters),
        total=sum(c.total for c in chapters),
        chapters=chapters,
        attempts=len(learner.attempts),
        last_active=latest.at if latest else None,
        current=latest.exercise if latest else None,
    )


def _exercise_rows(learners: Sequence[LearnerFile], course: Course) -> list[ExerciseRow]:
    rows = {e.global_id: ExerciseRow(e, _chapter(course, e)) for e in course.exercises()}
    attempts: dict[str, list[int]] = {key: [] for key in rows}
    seconds: dict[str, list[float]] = {key: [] for key in rows}
    for learner in learners:
        passes = first_passes(learner)
        taken = attempts_to_pass(learner)
        started, failures = _timeline(learner, set(rows))
        for exercise_id, first_at in started.items():
            row = rows[exercise_id]
            row.tried += 1
            passed = passes.get(exercise_id)
            if passed is not None:
                row.passed += 1
                attempts[exercise_id].append(taken[exercise_id])
                seconds[exercise_id].append(max(0.0, passed.at - first_at))
            elif failures.get(exercise_id):
                row.stuck.append(learner.name)
                row.stuck_failures += failures[exercise_id]
    for key, row in rows.items():
        row.median_attempts = statistics.median(attempts[key]) if attempts[key] else None
        row.median_seconds = statistics.median(seconds[key]) if seconds[key] else None
    return [row for row in rows.values() if row.tried]


def _timeline(learner: LearnerFile, known: set[str]) -> tuple[dict[str, float], dict[str, int]]:
    """When the learner turned to each exercise they tried (BREAK_S), and how many of their attempts failed."""
    started: dict[str, float] = {}
    failures: dict[str, int] = {}
    previous: float | None = None
    for attempt in learner.attempts:
        if attempt.exercise in known and attempt.status != "error":
            if attempt.exercise not in started:
                near = previous is not None and attempt.at - previous <= BREAK_S
                started[attempt.exercise] = previous if near and previous is not None else attempt.at
            if attempt.status == "fail":
                failures[attempt.exercise] = failures.get(attempt.exercise, 0) + 1
        previous = attempt.at
    return started, failures


def _chapter(course: Course, exercise: Exercise) -> int:
    lesson = course.lesson(exercise.lesson_id)
    return lesson.chapter if lesson else 0
