"""The result of grading one attempt: pass / fail / error, why in plain words, and a diff per differing stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from shelltutor.course.model import Lang, LocalText
from shelltutor.grading.diff import TextDiff
from shelltutor.grading.lintcodes import ScriptLint
from shelltutor.grading.messages import local, unveiled, veiled

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

    def to_json(self, lang: Lang = "en", *, reveal: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (without `reveal`, the message does not quote what was expected)."""
        message = None if self.message is None else (unveiled if reveal else veiled)(self.message).get(lang)
        return {"key": self.key, "passed": self.passed, "message": message}


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
    scripts: tuple[ScriptLint, ...] = ()
    """ShellCheck's findings on the learner's scripts: advice shown with the verdict (`grading.lint`)."""
    reveal: Callable[[], bool] | None = field(default=None, compare=False, repr=False)
    """Asked each time the verdict is shown: may the learner see what was expected (the expected side of the
    diffs, the pattern or text a check looks for)? Set by the learner's exercise run (`for_learner`); None for a
    verdict made outside one (authors' tools, tests): everything is shown."""

    @property
    def passed(self) -> bool:
        """Whether the attempt passed."""
        return self.status == "pass"

    @property
    def revealed(self) -> bool:
        """Whether what was expected may be shown now."""
        return self.reveal is None or self.reveal()

    def for_learner(self, reveal: Callable[[], bool]) -> Verdict:
        """The verdict as a learner's run gives it: what was expected is shown only while `reveal()` says so,
        asked again whenever it is shown (the solution key unlocks it on a verdict already on screen). Its
        messages are the concealed ones unless `reveal()` holds now, so that code showing `message` as it is
        gives nothing away."""
        if reveal():
            return replace(self, reveal=reveal)
        return replace(
            self,
            message=veiled(self.message),
            details=tuple(veiled(d) for d in self.details),
            reveal=reveal,
        )

    def shown_message(self, reveal: bool | None = None) -> LocalText:
        """The headline as it may be shown (`reveal`, default: `revealed`)."""
        return (unveiled if self._reveal(reveal) else veiled)(self.message)

    def shown_details(self, reveal: bool | None = None) -> tuple[LocalText, ...]:
        """The further problems and notes as they may be shown (`reveal`, default: `revealed`)."""
        show = unveiled if self._reveal(reveal) else veiled
        return tuple(show(d) for d in self.details)

    @property
    def diff(self) -> dict[str, str] | None:
        """The diffs rendered in English as they may be shown, or None when nothing differs."""
        return self.diff_in("en")

    def diff_in(self, lang: Lang, reveal: bool | None = None) -> dict[str, str] | None:
        """The diffs rendered in `lang`, or None when nothing differs: two-sided when what was expected may be
        shown (`reveal`, default: `revealed`), else the learner's text with where it differs marked."""
        if not self.diffs:
            return None
        shown = self._reveal(reveal)
        return {key: value.render(lang, reveal=shown) for key, value in self.diffs.items()}

    def to_json(self, lang: Lang = "en", reveal: bool | None = None) -> dict[str, Any]:
        """The grade contract's fields (without exercise and results, which the caller adds)."""
        shown = self._reveal(reveal)
        return {
            "status": self.status,
            "message": self.shown_message(shown).get(lang),
            "details": [d.get(lang) for d in self.shown_details(shown)],
            "diff": self.diff_in(lang, shown),
            "revealed": shown,
            "wrong_explanation": self.wrong_explanation.get(lang) if self.wrong_explanation else None,
            "matched_wrong": self.matched_wrong,
            "checks": [c.to_json(lang, reveal=shown) for c in self.checks],
            "seed": self.seed,
            "replay_seed": self.replay_seed,
            "shellcheck": [script.to_json(lang) for script in self.scripts],
        }

    def format(self, lang: Lang = "en", reveal: bool | None = None) -> str:
        """A readable multi-line rendering for the terminal (plain text, no markup)."""
        shown = self._reveal(reveal)
        mark = {"pass": "PASS", "fail": "FAIL", "step": "STEP", "error": "ERROR"}[self.status]
        lines = [f"{mark}: {self.shown_message(shown).get(lang)}"]
        lines.extend(f"  - {d.get(lang)}" for d in self.shown_details(shown))
        if self.wrong_explanation:
            lines.extend(["", self.wrong_explanation.get(lang).rstrip()])
        for key, rendered in (self.diff_in(lang, shown) or {}).items():
            lines.extend(["", f"[{key}]", rendered])
        for script in self.scripts:
            if script.findings:
                lines.extend(["", script.title(lang), *(f"  {line}" for line in script.lines(lang))])
        return "\n".join(lines)

    def _reveal(self, reveal: bool | None) -> bool:
        return self.revealed if reveal is None else reveal


def error_verdict(reason: str, *, seed: int | None = None) -> Verdict:
    """The machinery failed (the sandbox, a broken lesson): not the learner's fault."""
    return Verdict("error", local("error", reason=reason), seed=seed)
