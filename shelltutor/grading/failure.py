"""What a failed expectation reports to the verdict, and the error of the machinery or the lesson (not the learner)."""

from __future__ import annotations

from dataclasses import dataclass

from shelltutor.course.model import LocalText
from shelltutor.grading.diff import TextDiff


class GradingError(RuntimeError):
    """The machinery or the lesson failed (reference missing, bad pattern): an `error` verdict, not a `fail`."""


@dataclass(frozen=True)
class Failure:
    """One expectation that does not hold: why, how it ranks among the others (lowest is the headline), a diff."""

    key: str
    message: LocalText
    rank: float
    diff: tuple[str, TextDiff] | None = None
