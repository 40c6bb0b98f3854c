"""Text a program wrote to a terminal: as plain text for grading (colours dropped, `\\r` and backspace applied),
and line by line for a screen (colours kept or dropped, other escape sequences shown, never obeyed)."""

from __future__ import annotations

import re

from shelltutor.sandbox.textsafe import make_printable

_COSMETIC = re.compile(r"\x1b\[(?:[0-9;:]*m|[0-2]?K)")
"""Colours (SGR) and erase-to-end-of-line: all `ls --color` and `grep --color` send."""
_CONTROL_MOVES = re.compile(r"[\r\b]")


def _overwrite(line: str) -> str:
    """One line as a terminal leaves it: text after `\\r` written over the start, backspace one column back."""
    if not _CONTROL_MOVES.search(line):
        return line
    cells: list[str] = []
    col = 0
    for ch in line:
        if ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(0, col - 1)
        else:
            if col < len(cells):
                cells[col] = ch
            else:
                cells.append(ch)
            col += 1
    return "".join(cells)


def plain_text(text: str) -> str:
    """What remains of `text` once a terminal has drawn it, as plain text for grading: colours and the erase-to-end
    of line that come with them dropped (what programs add for a terminal: `ls --color`, `grep --color`),
    `\\r\\n` read as `\\n`, a line rewritten after `\\r` (a progress meter) as it was left, backspaces applied.
    Any other escape sequence stays: a program writes it to a pipe as well. Text with none of these comes back
    unchanged."""
    if "\x1b[" not in text and "\r" not in text and "\b" not in text:
        return text
    text = _COSMETIC.sub("", text)
    return "\n".join(_overwrite(line) for line in text.split("\n"))


def printable_with_colours(line: str, *, colours: bool = True) -> str:
    """One line of output for a screen: its colours (SGR sequences) kept (or, without `colours`, dropped) and
    the erase-to-end-of-line that `grep --color` sends with them dropped; every other escape sequence is shown
    as visible stand-ins (`␛[2J`), never obeyed; a line rewritten with `\\r` (a progress meter) as it was left."""
    line = line.removesuffix("\r")
    if "\r" in line:
        line = line.rsplit("\r", 1)[-1]
    parts: list[str] = []
    pos = 0
    for match in _COSMETIC.finditer(line):
        parts.append(make_printable(line[pos : match.start()]))
        if colours and match.group().endswith("m"):
            parts.append(match.group())
        pos = match.end()
    parts.append(make_printable(line[pos:]))
    return "".join(parts)
