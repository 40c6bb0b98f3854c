"""Text a program wrote to a terminal, read as the terminal shows it: escape sequences obeyed or dropped, `\\r` and
backspace applied; with or without its colours (SGR), the rest made printable."""

from __future__ import annotations

import re

from shelltutor.sandbox.textsafe import make_printable

_SEQUENCE = re.compile(
    r"""
    (?: \x1b\[ | \x9b ) [0-?]* [ -/]* [@-~]              # CSI (colours, cursor moves, erase)
    | (?: \x1b[\]PX^_] | [\x90\x98\x9d\x9e\x9f] )         # OSC, DCS, SOS, PM, APC strings …
      [^\x07\x1b\x9c]* (?: \x07 | \x1b\\ | \x9c )?        # … up to BEL or ST (or the end)
    | \x1b [ -/]* [0-~]                                   # two-character escapes (charset, keypad modes)
    | \x1b                                                # a lone escape
    """,
    re.VERBOSE,
)
_SGR = re.compile(r"(?:\x1b\[|\x9b)[0-9;:]*m")
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
    """What a terminal shows of `text` as plain text: every escape sequence dropped (colours, cursor moves,
    titles), `\\r\\n` as `\\n`, a line rewritten after `\\r` (a progress meter) as it was left, backspaces applied.
    Text without any of these comes back unchanged."""
    if "\x1b" not in text and "\r" not in text and "\b" not in text and not re.search("[\x90-\x9f]", text):
        return text
    text = _SEQUENCE.sub("", text)
    return "\n".join(_overwrite(line) for line in text.split("\n"))


def printable_with_colours(line: str) -> str:
    """One line of output for a terminal the tutor draws on: its colours (SGR sequences) kept, every other
    escape sequence dropped, a rewritten line as it was left, everything else made printable."""
    line = line.removesuffix("\r")
    if "\r" in line:
        line = line.rsplit("\r", 1)[-1]
    parts: list[str] = []
    pos = 0
    for match in _SGR.finditer(line):
        parts.append(make_printable(_SEQUENCE.sub("", line[pos : match.start()])))
        parts.append("\x1b[" + match.group().lstrip("\x1b[\x9b"))
        pos = match.end()
    parts.append(make_printable(_SEQUENCE.sub("", line[pos:])))
    return "".join(parts)
