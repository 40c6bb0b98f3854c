"""Whether bash accepts the line, asked of bash itself (`bash -n`: read, never run), and where it stops reading.

bash is the judge of what is a syntax error (tree-sitter-bash recovers from errors bash makes, and does not know
every form bash does); the position comes from bash's line and token, refined by tree-sitter's error nodes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

import tree_sitter

from shelltutor.explain.model import Problem
from shelltutor.explain.source import CommandText
from shelltutor.explain.wording import say

CHECK_SECONDS = 5.0
_LINE = re.compile(r"line (\d+): (.*)$")
_NEAR = re.compile(r"syntax error near unexpected token `(.*)'$")
_MATCHING = re.compile(r"unexpected EOF while looking for matching `(.)'")
_OPENERS = {")": "(", "}": "{", "]": "[", "'": "'", '"': '"', "`": "`"}


@dataclass(frozen=True)
class BashVerdict:
    """What `bash -n` said: nothing (accepted), or its message and line."""

    message: str | None = None
    line: int = 1
    heredoc_open: bool = False
    """A here-document had no end line (bash warns and reads it to the end)."""


def bash_check(command: str) -> BashVerdict | None:
    """`bash -n` on the line (None when no bash can be asked)."""
    bash = shutil.which("bash")
    if bash is None:
        return None
    try:
        done = subprocess.run(
            [bash, "--norc", "--noprofile", "-O", "extglob", "-n", "-c", command, "bash"],
            capture_output=True,
            timeout=CHECK_SECONDS,
            check=False,
            env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
    stderr = done.stderr.decode("utf-8", "replace")
    if "here-document at line" in stderr and "delimited by end-of-file" in stderr:
        return BashVerdict("here-document", heredoc_open=True)
    if done.returncode == 0:
        return BashVerdict()
    for raw in stderr.splitlines():
        found = _LINE.search(raw)
        if found is not None and ("syntax error" in raw or "unexpected EOF" in raw):
            return BashVerdict(found.group(2), int(found.group(1)))
    return BashVerdict(stderr.strip().splitlines()[0] if stderr.strip() else "syntax error", 1)


def problems(text: CommandText, root: tree_sitter.Node, lang: str) -> list[Problem]:
    """The syntax error of the line, if bash finds one, with its position."""
    verdict = bash_check(text.command)
    if verdict is None:
        verdict = BashVerdict("syntax error") if root.has_error else BashVerdict()
    if verdict.message is None:
        return []
    error = first_error(root)
    if verdict.heredoc_open:
        offset = len(text.command)
        return [_problem(text, "incomplete", offset, say("problem.heredoc", lang, **_where(text, offset)))]
    near = _NEAR.search(verdict.message)
    if near is not None:
        offset = _token_offset(text, verdict.line, near.group(1), error)
        said = say("problem.unexpected", lang, token=near.group(1), **_where(text, offset))
        return [_problem(text, "syntax", offset, said)]
    matching = _MATCHING.search(verdict.message)
    if matching is not None:
        opener = _OPENERS.get(matching.group(1), matching.group(1))
        offset = _opener_offset(text, opener, error)
        if opener in "({" and offset > 0 and text.command[offset - 1] == "$":
            offset, opener = offset - 1, "$" + opener  # `$(`, `${`
        said = say("problem.unclosed", lang, opener=opener, closer=matching.group(1), **_where(text, offset))
        return [_problem(text, "incomplete", offset, said)]
    if "unexpected end of file" in verdict.message:
        offset = len(text.command)
        missing = _missing(text, root)
        key = "problem.missing" if missing else "problem.unfinished"
        return [_problem(text, "incomplete", offset, say(key, lang, missing=missing, **_where(text, offset)))]
    offset = text.char(error.start_byte) if error is not None else 0
    said = say("problem.syntax", lang, message=verdict.message, **_where(text, offset))
    return [_problem(text, "syntax", offset, said)]


def _where(text: CommandText, offset: int) -> dict[str, int]:
    line, column = text.position(offset)
    return {"line": line, "column": column, "offset": offset}


def _problem(text: CommandText, kind: str, offset: int, message: str) -> Problem:
    line, column = text.position(offset)
    return Problem(kind, offset, line, column, message)  # type: ignore[arg-type]


def first_error(root: tree_sitter.Node) -> tree_sitter.Node | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return node
        stack.extend(reversed(node.children))
    return None


def _missing(text: CommandText, root: tree_sitter.Node) -> str:
    """What bash still waits for: `done`, `fi`, a command after `&&` … (from tree-sitter's missing nodes)."""
    error = first_error(root)
    if error is not None and error.is_missing:
        return error.type if not error.is_named else ""
    opened = [
        (keyword, closer)
        for keyword, closer in (("do", "done"), ("then", "fi"), ("case", "esac"), ("{", "}"), ("(", ")"))
        if keyword in text.command.split()
    ]
    for keyword, closer in opened:
        if text.command.split().count(closer) < text.command.split().count(keyword):
            return closer
    return ""


def _token_offset(text: CommandText, line: int, token: str, error: tree_sitter.Node | None) -> int:
    lines = text.command.split("\n")
    line = min(max(line, 1), len(lines))
    start = sum(len(part) + 1 for part in lines[: line - 1])
    if error is not None:
        at = text.char(error.start_byte)
        if start <= at <= start + len(lines[line - 1]) and text.command.startswith(token, at):
            return at
    found = lines[line - 1].find(token) if token and token != "newline" else -1
    return start + found if found >= 0 else start + len(lines[line - 1])


def _opener_offset(text: CommandText, opener: str, error: tree_sitter.Node | None) -> int:
    command = text.command
    if error is not None:
        at = command.find(opener, text.char(error.start_byte))
        if at >= 0:
            return at
    at = command.rfind(opener)
    return at if at >= 0 else len(command)
