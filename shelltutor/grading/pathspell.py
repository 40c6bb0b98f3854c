"""Paths spelled as a learner types them: `data/` (Tab completion), `./data`, `~/data` and `/home/learner/data`
name the folder the solution calls `data`. Programs print a path as it was given (`ls -R data/` prints
`data/:`, `du -sh ckpt/` prints `ckpt/`), so output that differs only in such spellings is respelled the
solution's way before it is compared."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

LESSON_HOME = "/home/learner"
_DELIMITERS = frozenset(" \t\n\r:'\"),;")
_OPTION_OR_SPECIAL = re.compile(r"^-|[*?\[\]{}$`]|://")


def canonical(path: str) -> str | None:
    """`data/`, `./data`, `~/data`, `/home/learner/data` → `data`; None for what is not a path (options,
    globs, URLs, variables)."""
    if not path or _OPTION_OR_SPECIAL.search(path):
        return None
    if path == "~" or path.startswith("~/"):
        path = LESSON_HOME + path[1:]
    norm = posixpath.normpath(path)
    if norm == LESSON_HOME:
        return "~"
    if norm.startswith(LESSON_HOME + "/"):
        return norm[len(LESSON_HOME) + 1 :]
    return norm


def printed(path: str) -> str:
    """How a program prints `path` given as an argument: as typed, with bash's `~` expanded."""
    if path == "~" or path.startswith("~/"):
        return LESSON_HOME + path[1:]
    return path


def respell(text: str, learner_args: Iterable[str], solution_args: Iterable[str]) -> str:
    """`text` (what the learner's command printed) with each path argument that names the same file as one
    of the solution's, but is spelled otherwise, spelled as the solution spells it."""
    wanted: dict[str, str] = {}
    for arg in solution_args:
        key = canonical(arg)
        if key is not None:
            wanted.setdefault(key, printed(arg))
    for arg in sorted(set(learner_args), key=len, reverse=True):
        key = canonical(arg)
        if key is None or key not in wanted:
            continue
        mine, theirs = printed(arg).rstrip("/"), wanted[key].rstrip("/")
        if mine and mine != theirs:
            text = _replace(text, mine, theirs or "/")
        elif printed(arg).endswith("/") and not wanted[key].endswith("/"):
            text = _replace(text, mine, theirs)
    return text


def _replace(text: str, mine: str, theirs: str) -> str:
    """Every printing of the path `mine` (`mine`, `mine/` before a delimiter, `mine/...` as a prefix) as
    `theirs`; a longer name that merely starts with it (`data2`) is left alone."""
    pattern = re.compile(r"(?<![^\s'\"=(,\[])" + re.escape(mine) + r"(/*)(.?)", re.DOTALL)

    def swap(found: re.Match[str]) -> str:
        slashes, after = found.group(1), found.group(2)
        if after == "" or after in _DELIMITERS:
            return theirs + after
        if slashes:
            return theirs.rstrip("/") + "/" + after
        return found.group(0)

    return pattern.sub(swap, text)
