"""Problems found in an author's files, collected (never raised) and reported with file:line:column."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a lesson file, with where it is and what to do about it."""

    path: str
    line: int
    """1-based; 0 when the problem concerns the whole file."""
    column: int
    """1-based; 0 when the problem concerns the whole file."""
    key_path: str
    """Where in the document, e.g. `exercises[2].expect.stdout`; empty for the whole file."""
    message: str
    suggestion: str | None = None

    def format(self) -> str:
        """`path:line:column: key.path: message (suggestion)`, the way editors and `check` print it."""
        where = f"{self.path}:{self.line}:{self.column}"
        text = f"{where}: {self.key_path}: {self.message}" if self.key_path else f"{where}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "key_path": self.key_path,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The one of `choices` that `word` is most likely a misspelling of, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """`did you mean 'x'?` for the closest of `choices`, or None when nothing is close."""
    close = closest(word, choices)
    return f"did you mean {close!r}?" if close else None
