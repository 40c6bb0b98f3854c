"""What an explanation is made of: spans of the command line with their meaning, and what could not be explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Kind = Literal[
    "command",
    "option",
    "argument",
    "expansion",
    "quoting",
    "redirection",
    "operator",
    "assignment",
    "keyword",
    "comment",
    "heredoc",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
Source = Literal["shelltutor", "manual", "translation", "bash", "table", "sandbox"]
"""Where an explanation's description came from: shelltutor's own wording, the program's manual page, the
program's own translation of its help, bash's `help`, shelltutor's table of Korean descriptions, or (for what an
expansion gives) the learner's live shell."""
ProblemKind = Literal["syntax", "unknown_command", "incomplete", "too_long"]


@dataclass(frozen=True)
class Span:
    """One part of the command line and what it means."""

    start: int
    """Character offset of its first character in the command."""
    end: int
    """Character offset just past its last character."""
    kind: Kind
    text: str
    """The command's text from `start` to `end`."""
    explanation: str
    lang: str = "en"
    """The language `explanation` is in: the learner's, or English where no translation exists."""
    source: Source = "shelltutor"
    depth: int = 0
    """How many spans it lies inside (the letters of `-lah` inside the word, a command inside `$( )`)."""
    expands_to: tuple[str, ...] | None = None
    """In an exercise, what the shell makes of it before the program runs (a variable's value, the files a glob
    matches); None where that is not known (outside an exercise, or never computed: `$(…)` is not run)."""

    def as_json(self) -> dict[str, object]:
        """The span as a JSON object."""
        found: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
            "explanation": self.explanation,
            "lang": self.lang,
            "source": self.source,
            "depth": self.depth,
        }
        if self.expands_to is not None:
            found["expands_to"] = list(self.expands_to)
        return found


@dataclass(frozen=True)
class Problem:
    """Something explain could not explain, with where it is."""

    kind: ProblemKind
    offset: int
    """Character offset in the command."""
    line: int
    """1-based."""
    column: int
    """1-based, in characters."""
    message: str

    def as_json(self) -> dict[str, object]:
        """The problem as a JSON object."""
        return {
            "kind": self.kind,
            "offset": self.offset,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Explanation:
    """A command line explained."""

    command: str
    lang: str
    spans: tuple[Span, ...] = ()
    """In order of their start; a span inside another follows it."""
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    """Remarks on the whole (descriptions left in English, values read from the exercise's shell)."""
    in_sandbox: bool = False
    """Expansions were shown against an exercise's live shell."""
    syntax_error: bool = False
    """bash itself would refuse the line."""

    def as_json(self) -> dict[str, object]:
        """The explanation as a JSON object (`shelltutor explain --json`)."""
        return {
            "command": self.command,
            "lang": self.lang,
            "in_sandbox": self.in_sandbox,
            "syntax_error": self.syntax_error,
            "spans": [span.as_json() for span in self.spans],
            "problems": [problem.as_json() for problem in self.problems],
            "notes": list(self.notes),
        }


@dataclass
class Collected:
    """The spans and problems found so far (the walkers add to it)."""

    spans: list[Span] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    english_fallbacks: int = 0
    """Descriptions given in English because no translation exists."""
