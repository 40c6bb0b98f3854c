"""Who a browser learner is: a name or a teacher's token, turned into a safe id and a progress directory."""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LEARNERS_DIR = "learners"
"""`<serve-dir>/learners/<learner-id>/` holds one learner's progress.sqlite3 and command history."""
MAX_ID_CHARS = 64
"""Longer names are cut (64 Hangul syllables are 192 bytes: within any file system's 255)."""
MAX_TYPED_CHARS = 200
"""What the login screen takes at most."""

REFUSED_EMPTY = "empty"
REFUSED_NO_LETTERS = "no_letters"
REFUSED_TOO_LONG = "too_long"
REFUSED_UNKNOWN_TOKEN = "unknown_token"
REFUSED_UNUSABLE = "unusable"
"""Why a login was refused (the last: the learner's progress cannot be opened); the login screen says each in
the learner's language."""


def learner_id(text: str) -> str:
    """A file-name-safe id for a name or token: NFKC, case-folded, each run of anything but letters and digits
    (any script: 김민수 stays 김민수) made one `-`, no `-` at either end, at most MAX_ID_CHARS. Only letters,
    digits and `-` remain, so it can never be `..`, hold a `/` or start with `.`; "" when nothing is left."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    parts: list[str] = []
    word: list[str] = []
    for char in folded:
        if char.isalnum() and char.isprintable():
            word.append(char)
        elif word:
            parts.append("".join(word))
            word = []
    if word:
        parts.append("".join(word))
    return "-".join(parts)[:MAX_ID_CHARS].strip("-")


@dataclass(frozen=True)
class Learner:
    """A learner once identified."""

    id: str
    """The directory name under `<serve-dir>/learners/`."""
    name: str
    """How to show them: the name typed, or the one the tokens file gives (else the id)."""


@dataclass(frozen=True)
class TokenProblem:
    """A line of the tokens file that cannot be used."""

    line: int
    message: str


@dataclass(frozen=True)
class TokenFile:
    """The teacher's tokens: one per line, `token` or `token name…`; blank lines and `#` comments are skipped."""

    learners: dict[str, Learner]
    """Learner by token."""
    problems: tuple[TokenProblem, ...]

    @classmethod
    def read(cls, path: Path) -> TokenFile:
        """Parse `path`; a line with a problem is left out (and reported). OSError when it cannot be read."""
        text = path.read_bytes().decode("utf-8", errors="replace")
        learners: dict[str, Learner] = {}
        problems: list[TokenProblem] = []
        first_line: dict[str, int] = {}
        id_line: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            token, _, name = line.strip().partition(" ")
            name = name.strip()
            if not token or token.startswith("#"):
                continue
            ident = learner_id(name or token)
            problem = None
            if len(token) < 8:
                problem = "a token needs at least 8 characters (a short one is easy to guess)"
            elif not ident:
                problem = "the name (or token) needs a letter or digit"
            elif token in first_line:
                problem = f"the same token as line {first_line[token]}"
            elif ident in id_line:
                problem = f"the same learner id {ident!r} as line {id_line[ident]} (progress would be shared)"
            if problem:
                problems.append(TokenProblem(number, problem))
                continue
            first_line[token] = id_line[ident] = number
            learners[token] = Learner(ident, name or ident)
        return cls(learners, tuple(problems))

    def find(self, typed: str) -> Learner | None:
        """The learner whose token was typed, compared in constant time."""
        typed_bytes = typed.strip().encode("utf-8", errors="replace")
        found = None
        for token, learner in self.learners.items():
            if hmac.compare_digest(token.encode("utf-8", errors="replace"), typed_bytes):
                found = learner
        return found


class Roster:
    """The learners of one server: by name (anyone may type one) or by the teacher's tokens file, which is read
    again at every login, so learners can be added while the server runs."""

    def __init__(self, serve_dir: Path, tokens: Path | None = None) -> None:
        self.serve_dir = serve_dir
        self.tokens = tokens

    @property
    def asks_token(self) -> bool:
        """Whether learners type a token (else a name)."""
        return self.tokens is not None

    def identify(self, typed: str) -> Learner | str:
        """The learner `typed` names, or why not (one of the REFUSED_ codes)."""
        text = typed.strip()
        if not text:
            return REFUSED_EMPTY
        if len(text) > MAX_TYPED_CHARS:
            return REFUSED_TOO_LONG
        if self.tokens is not None:
            try:
                found = TokenFile.read(self.tokens).find(text)
            except OSError:
                found = None
            return found or REFUSED_UNKNOWN_TOKEN
        ident = learner_id(text)
        return Learner(ident, text) if ident else REFUSED_NO_LETTERS

    def directory(self, learner: Learner) -> Path:
        """Where `learner`'s progress lives (made on first use, readable by the server's user only)."""
        path = self.serve_dir / LEARNERS_DIR / learner.id
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path
