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
_GLOB = re.compile(r"[*?]")


def canonical(path: str, cwd: str = "") -> str | None:
    """`data/`, `./data`, `~/data`, `/home/learner/data` → `data`; `train.log` in the directory `logs` (`cwd`,
    relative to the home) → `logs/train.log`; None for what is not a path (options, globs, URLs, variables)."""
    if not path or _OPTION_OR_SPECIAL.search(path):
        return None
    if path == "~" or path.startswith("~/"):
        path = LESSON_HOME + path[1:]
    elif not path.startswith("/"):
        path = posixpath.join(LESSON_HOME, cwd, path)
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


def respell(
    text: str,
    learner_args: Iterable[str],
    solution_args: Iterable[str],
    *,
    learner_cwd: str = "",
    solution_cwd: str = "",
) -> str:
    """`text` (what the learner's command printed) with each path argument that names the same file as one
    of the solution's, but is spelled otherwise, spelled as the solution spells it. Relative paths are read
    from the directory each command ran in (relative to the home): `find .` run in `checkpoints` names what
    the solution's `find checkpoints` names."""
    wanted: dict[str, str] = {}
    for arg in solution_args:
        key = canonical(arg, solution_cwd)
        if key is not None:
            wanted.setdefault(key, printed(arg))
    globs = {arg for arg in solution_args if _GLOB.search(arg) and not arg.endswith("/")}
    for arg in set(learner_args):
        if arg.endswith("/") and arg.rstrip("/") in globs:
            text = _drop_glob_slash(text, arg.rstrip("/"))
    for arg in sorted(set(learner_args), key=len, reverse=True):
        key = canonical(arg, learner_cwd)
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


def _drop_glob_slash(text: str, glob: str) -> str:
    """`runs/exp3/` printed for the learner's `runs/*/` as `runs/exp3`, as the solution's `runs/*` prints it:
    a glob with a trailing slash matches the same directories and only adds the slash to each name."""
    body = "".join("[^/\\s]*" if c == "*" else "[^/\\s]" if c == "?" else re.escape(c) for c in glob)
    return re.sub(r"(?<![^\s'\"=(,\[])(" + body + r")/(?=[\s:'\"),;]|$)", r"\1", text)
