"""Syntax colours for a bash command line: command names, options, strings, variables, operators, comments."""

from __future__ import annotations

import re

from rich.highlighter import Highlighter
from rich.text import Text

STYLES: dict[str, str] = {
    "command": "bold blue",
    "option": "cyan",
    "string": "green",
    "variable": "magenta",
    "operator": "bold yellow",
    "comment": "dim italic",
    "assignment": "magenta",
}

_TOKEN = re.compile(
    r"""
    (?P<comment>(?<![^\s;|&(])\#.*$)
  | (?P<string>'[^']*'?|"(?:\\.|[^"\\])*"?)
  | (?P<variable>\$\{[^}]*\}?|\$\(|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@#?$!*-])
  | (?P<operator>\|\||\|&|&&|;;|[0-9]?>>|&>>?|[0-9]?>&[0-9-]?|[0-9]?>|<<<|<<|<|\||&|;|\(|\)|`)
  | (?P<word>(?:\\.|[^\s'"$|&;<>()`])+)
  | (?P<space>\s+)
    """,
    re.VERBOSE,
)
_COMMAND_STARTERS = {"||", "|&", "&&", ";", ";;", "|", "&", "(", "$(", "`"}
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def tokens(line: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans of `line`; kinds are the keys of STYLES (plain words and spaces omitted)."""
    spans: list[tuple[int, int, str]] = []
    expect_command = True
    for match in _TOKEN.finditer(line):
        kind = match.lastgroup or "word"
        start, end = match.span()
        text = match.group()
        if kind == "space":
            continue
        if kind == "operator" or (kind == "variable" and text == "$("):
            spans.append((start, end, "operator" if kind == "operator" else "variable"))
            expect_command = text in _COMMAND_STARTERS
            continue
        if kind == "word":
            if expect_command and _ASSIGNMENT.match(text):
                spans.append((start, end, "assignment"))
                continue
            if expect_command:
                spans.append((start, end, "command"))
                expect_command = text in ("sudo", "time", "nohup", "xargs", "exec", "command", "env", "!")
                continue
            if text.startswith("-") and len(text) > 1:
                spans.append((start, end, "option"))
            continue
        spans.append((start, end, kind))
        expect_command = False
    return spans


def highlight_command(line: str) -> Text:
    """`line` as a styled Text (never interpreted as markup)."""
    text = Text(line)
    for start, end, kind in tokens(line):
        text.stylize(STYLES[kind], start, end)
    return text


class BashHighlighter(Highlighter):
    """A rich Highlighter for the command input."""

    def highlight(self, text: Text) -> None:
        """Style `text` in place."""
        for start, end, kind in tokens(text.plain):
            text.stylize(STYLES[kind], start, end)
