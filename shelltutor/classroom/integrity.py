"""Is a learner's file what shelltutor wrote? Its checksum chain (version 4) and its agreement with itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from shelltutor.classroom.exports import Attempt, LearnerFile
from shelltutor.classroom.messages import say
from shelltutor.course.model import LocalText
from shelltutor.progress import CHAIN_ALGORITHM, CHAIN_START, chain_link, export_seal

CLOCK_SLACK_S = 120.0
"""An attempt may be dated this much before the one before it (a clock set back by time sync), not more."""
SAME_TIME_S = 1e-3
"""A completion is dated with its passing attempt's very timestamp; this much apart is still the same."""
SHOWN_BREAKS = 3
"""Broken links named one by one; the rest are counted."""

Integrity = Literal["verified", "unchecked", "store", "edited"]
"""verified: a version-4 export whose checksums and consistency hold; unchecked: an older export (no
checksums), consistent; store: read from the tutor's database, consistent; edited: some check failed."""


@dataclass(frozen=True)
class Finding:
    """What a check found: a sign of editing (`edited`), or a note worth knowing."""

    edited: bool
    message: LocalText


def verify(learner: LearnerFile) -> list[Finding]:
    """Every check that applies to the file: the chain and seal of a version-4 export, then consistency."""
    findings: list[Finding] = []
    if learner.kind == "export" and learner.version >= 4:
        findings.extend(Finding(True, message) for message in chain_problems(learner.document))
    elif learner.kind == "export":
        findings.append(Finding(False, say("no_chain", version=learner.version)))
    findings.extend(Finding(True, message) for message in consistency_problems(learner))
    return findings


def integrity(learner: LearnerFile, findings: list[Finding]) -> Integrity:
    """The one word the report shows for the file."""
    if any(f.edited for f in findings):
        return "edited"
    if learner.kind == "store":
        return "store"
    return "verified" if learner.version >= 4 else "unchecked"


def chain_problems(document: dict[str, Any]) -> list[LocalText]:
    """Where a version-4 export's checksums do not hold: each attempt's link, the chain's head, the seal."""
    problems: list[LocalText] = []
    broken: list[int] = []
    previous = CHAIN_START
    for n, record in enumerate(document["attempts"], start=1):
        stored = record.get("hash")
        if not isinstance(stored, str) or chain_link(previous, record) != stored:
            broken.append(n)
        # Chained to what the file says came before: an edit shows at the attempt edited, not at every later one.
        previous = stored if isinstance(stored, str) else ""
    for n in broken[:SHOWN_BREAKS]:
        problems.append(say("chain_broken", n=n, exercise=document["attempts"][n - 1]["exercise"]))
    if len(broken) > SHOWN_BREAKS:
        problems.append(say("chain_more", count=len(broken) - SHOWN_BREAKS))
    seal = document.get("integrity")
    if not isinstance(seal, dict) or seal.get("algorithm") != CHAIN_ALGORITHM or "seal" not in seal:
        return [*problems, say("no_seal")]
    if seal.get("head") != previous:
        problems.append(say("head_broken"))
    if seal["seal"] != export_seal(document):
        problems.append(say("seal_broken"))
    return problems


def consistency_problems(learner: LearnerFile) -> list[LocalText]:
    """What the tutor never writes: a completion without the pass that made it, a pass without its completion,
    attempts out of order or dated after the export, a run that does not exist."""
    return [*_order_problems(learner), *_completion_problems(learner)]


def _order_problems(learner: LearnerFile) -> Iterator[LocalText]:
    previous: Attempt | None = None
    ids = {a.id: a for a in learner.attempts}
    late = learner.exported_at + CLOCK_SLACK_S if learner.exported_at is not None else None
    for attempt in learner.attempts:
        if previous is not None and attempt.id <= previous.id:
            yield say("ids_backwards", n=attempt.n)
            return
        if previous is not None and attempt.at < previous.at - CLOCK_SLACK_S:
            yield say("time_backwards", n=attempt.n, exercise=attempt.exercise)
            return
        if late is not None and attempt.at > late:
            yield say("after_export", n=attempt.n)
            return
        first = ids.get(attempt.run)
        if learner.version >= 4 and (first is None or first.exercise != attempt.exercise or first.n > attempt.n):
            yield say("bad_run", n=attempt.n, exercise=attempt.exercise)
            return
        previous = attempt


def first_passes(learner: LearnerFile) -> dict[str, Attempt]:
    """Each exercise's first passing attempt."""
    passes: dict[str, Attempt] = {}
    for attempt in learner.attempts:
        if attempt.status == "pass":
            passes.setdefault(attempt.exercise, attempt)
    return passes


def attempts_to_pass(learner: LearnerFile) -> dict[str, int]:
    """Per exercise passed, how many attempts (of any status) it took up to and including the first pass."""
    counts: dict[str, int] = {}
    taken: dict[str, int] = {}
    for attempt in learner.attempts:
        if attempt.exercise in taken:
            continue
        counts[attempt.exercise] = counts.get(attempt.exercise, 0) + 1
        if attempt.status == "pass":
            taken[attempt.exercise] = counts[attempt.exercise]
    return taken


def _completion_problems(learner: LearnerFile) -> Iterator[LocalText]:
    passes = first_passes(learner)
    taken = attempts_to_pass(learner)
    claimed = {c.exercise for c in learner.completions}
    for completion in learner.completions:
        passed = passes.get(completion.exercise)
        if passed is None:
            yield say("done_without_pass", exercise=completion.exercise)
            continue
        if abs(completion.at - passed.at) > SAME_TIME_S:
            yield say("done_elsewhen", exercise=completion.exercise)
        real = taken[completion.exercise]
        if completion.attempts != real:
            yield say("count_mismatch", exercise=completion.exercise, claimed=completion.attempts, real=real)
    for exercise in passes:
        if exercise not in claimed:
            yield say("pass_without_done", exercise=exercise)
