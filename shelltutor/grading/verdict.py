"""The result of grading one attempt: pass / fail / error, why in plain words, and a diff per differing stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from shelltutor.course.model import Lang, LocalText
from shelltutor.grading.diff import TextDiff
from shelltutor.grading.messages import local

Status = Literal["pass", "fail", "step", "error"]
"""pass: every expectation holds; fail: the learner's answer is wrong; step: not the answer yet, but a step on
the way (one the solution takes, or a look around), never counted as a failure; error: the machinery failed,
not the learner."""


@dataclass(frozen=True)
class Check:
    """One expectation and whether it held (`stdout`, `files[report.txt].content`, `shape.uses` …)."""

    key: str
    passed: bool
    message: LocalText | None = None

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"key": self.key, "passed": self.passed, "message": self.message.get(lang) if self.message else None}


@dataclass(frozen=True)
class Verdict:
    """What the grader says about one attempt."""

    status: Status
    message: LocalText
    """The headline: the most useful single thing to tell the learner."""
    details: tuple[LocalText, ...] = ()
    """Further problems after the headline, and notes (e.g. the re-check on fresh data was skipped)."""
    diffs: dict[str, TextDiff] = field(default_factory=dict)
    """Expected vs got per differing stream or file (`stdout`, `stderr`, `file:report.txt`)."""
    wrong_explanation: LocalText | None = None
    """The author's explanation when the attempt matches a known wrong answer."""
    matched_wrong: int | None = None
    """The index in `exercise.wrong` of the known wrong answer the attempt matches."""
    checks: tuple[Check, ...] = ()
    seed: int | None = None
    replay_seed: int | None = None
    """The second seed the attempt was re-run on (randomized exercises that passed the first seed)."""

    @property
    def passed(self) -> bool:
        """Whether the attempt passed."""
        return self.status == "pass"

    @property
    def diff(self) -> dict[str, str] | None:
        """The diffs rendered in English, or None when nothing differs."""
        return self.diff_in("en")

    def diff_in(self, lang: Lang) -> dict[str, str] | None:
        """The diffs rendered in `lang`, or None when nothing differs."""
        if not self.diffs:
            return None
        return {key: value.render(lang) for key, value in self.diffs.items()}

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        """The grade contract's fields (without exercise and results, which the caller adds)."""
        return {
            "status": self.status,
            "message": self.message.get(lang),
            "details": [d.get(lang) for d in self.details],
            "diff": self.diff_in(lang),
            "wrong_explanation": self.wrong_explanation.get(lang) if self.wrong_explanation else None,
            "matched_wrong": self.matched_wrong,
            "checks": [c.to_json(lang) for c in self.checks],
            "seed": self.seed,
            "replay_seed": self.replay_seed,
        }

    def format(self, lang: Lang = "en") -> str:
        """A readable multi-line rendering for the terminal (plain text, no markup)."""
        mark = {"pass": "PASS", "fail": "FAIL", "step": "STEP", "error": "ERROR"}[self.status]
        lines = [f"{mark}: {self.message.get(lang)}"]
        lines.extend(f"  - {d.get(lang)}" for d in self.details)
        if self.wrong_explanation:
            lines.extend(["", self.wrong_explanation.get(lang).rstrip()])
        for key, rendered in (self.diff_in(lang) or {}).items():
            lines.extend(["", f"[{key}]", rendered])
        return "\n".join(lines)


def error_verdict(reason: str, *, seed: int | None = None) -> Verdict:
    """The machinery failed (the sandbox, a broken lesson): not the learner's fault."""
    return Verdict("error", local("error", reason=reason), seed=seed)
