"""An explanation as terminal text: the command with a caret marker and a number under each part, then each
part's explanation (the parts inside it indented below), then what could not be explained, with a caret at its
position. Every piece of the learner's text is made printable; columns are counted in terminal cells."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from shelltutor.explain.model import Explanation, Problem, Span
from shelltutor.explain.wording import say
from shelltutor.grading.diff import cell_width
from shelltutor.sandbox.textsafe import make_printable

MAX_SHOWN_TEXT = 28
"""Cells of a part's text shown before its explanation (longer ones are cut with …)."""
_INDENT = "  "
MAX_SHOWN_DEPTH = 8
"""Parts nested deeper (`$( $( $( … ) ) )`) are indented no further."""


@dataclass(frozen=True)
class Entry:
    """One line of the list under the diagram."""

    number: int | None
    """The label under the command (top-level parts only)."""
    span: Span
    text: str
    """The part's text, printable and cut to MAX_SHOWN_TEXT cells."""
    kind: str
    """The part's kind in the learner's language."""
    explanation: str
    """Printable; ends with the English marker when it is not in the learner's language."""

    @property
    def indent(self) -> int:
        """How far the part is indented under the one it lies in."""
        return min(self.span.depth, MAX_SHOWN_DEPTH)


def shown(text: str) -> str:
    """Learner text as one printable line (a tab shows as ␉, a newline as ␤)."""
    return make_printable(text.replace("\t", "\u2409"), single_line=True)


def cut(text: str, cells: int) -> str:
    """`text` cut to `cells` terminal cells, ending in … when cut."""
    if cell_width(text) <= cells:
        return text
    out = ""
    for char in text:
        if cell_width(out + char) > cells - 1:
            break
        out += char
    return out + "…"


def entries(explanation: Explanation) -> list[Entry]:
    """The parts in order, top-level ones numbered."""
    found: list[Entry] = []
    number = 0
    for span in explanation.spans:
        if span.depth == 0:
            number += 1
        said = make_printable(span.explanation)
        if span.lang != explanation.lang:
            said += " " + say("render.english", explanation.lang)
        found.append(
            Entry(
                number if span.depth == 0 else None,
                span,
                cut(shown(span.text), MAX_SHOWN_TEXT),
                say(f"kind.{span.kind}", explanation.lang),
                said,
            )
        )
    return found


def command_diagram(explanation: Explanation, width: int = 80) -> list[str]:
    """The command, a line of carets under each top-level part, and the parts' numbers; long lines wrapped."""
    command = explanation.command
    top = [s for s in explanation.spans if s.depth == 0]
    labels = {id(span): str(index + 1) for index, span in enumerate(top)}
    rows: list[str] = []
    offset = 0
    for line in command.split("\n"):
        rows.extend(_line_diagram(line, offset, top, labels, max(width, 20)))
        offset += len(line) + 1
    return rows


def _line_diagram(line: str, offset: int, top: list[Span], labels: dict[int, str], width: int) -> list[str]:
    pieces = [shown(char) for char in line]
    rows: list[str] = []
    start = 0
    while start < len(pieces) or not rows:
        end = start
        used = 0
        while end < len(pieces) and used + cell_width(pieces[end]) <= width:
            used += cell_width(pieces[end])
            end += 1
        end = max(end, start + 1) if pieces else end
        rows.extend(_chunk(pieces, start, end, offset, top, labels))
        start = end
        if not pieces:
            break
    return rows


def _chunk(pieces: list[str], start: int, end: int, offset: int, top: list[Span], labels: dict[int, str]) -> list[str]:
    text = "".join(pieces[start:end])
    columns = [0]
    for piece in pieces[start:end]:
        columns.append(columns[-1] + cell_width(piece))
    marks = [" "] * columns[-1]
    label_rows: list[list[str]] = []
    for span in _overlapping(top, offset + start, offset + end):
        first = max(span.start - offset, start)
        last = min(span.end - offset, end)
        if first >= last:
            continue
        for index in range(first, last):
            for cell in range(columns[index - start], columns[index - start + 1]):
                marks[cell] = "^" if index == first and cell == columns[index - start] else "~"
        if span.start - offset >= start:  # the label where the part begins
            _place(label_rows, columns[first - start], labels[id(span)])
    rows = [text, "".join(marks).rstrip()]
    rows.extend("".join(row).rstrip() for row in label_rows)
    return rows


def _overlapping(top: list[Span], start: int, end: int) -> list[Span]:
    """The top-level spans (in order, none inside another) that reach into characters `start`…`end`."""
    low = bisect.bisect_left([s.end for s in top], start + 1)
    found: list[Span] = []
    for span in top[low:]:
        if span.start >= end:
            break
        found.append(span)
    return found


def _place(label_rows: list[list[str]], column: int, label: str) -> None:
    for row in label_rows:
        if all(cell == " " for cell in row[max(column - 1, 0) : column + len(label) + 1]):
            break
    else:
        row = []
        label_rows.append(row)
    if len(row) < column + len(label):
        row.extend(" " * (column + len(label) - len(row)))
    row[column : column + len(label)] = list(label)


def wrap(text: str, width: int, indent: int, head: str = "") -> list[str]:
    """`head` then `text` in lines of at most `width` cells, the lines after the first indented by `indent`."""
    lines: list[str] = []
    current, used = head, cell_width(head)
    fresh = True  # nothing of `text` on the current line yet
    for word in text.split(" "):
        size = cell_width(word)
        if not fresh and used + 1 + size > width:
            lines.append(current)
            current, used = " " * indent + word, indent + size
        else:
            current, used = current + ("" if fresh else " ") + word, used + size + (0 if fresh else 1)
        fresh = False
    lines.append(current)
    return lines


def problem_lines(explanation: Explanation, problem: Problem, width: int) -> list[str]:
    """The command's line with a caret at the problem, and the message."""
    line_text = explanation.command.split("\n")[problem.line - 1] if explanation.command else ""
    before = "".join(shown(c) for c in line_text[: problem.column - 1])
    shown_line = "".join(shown(c) for c in line_text)
    caret = " " * cell_width(before) + "^"
    return [_INDENT + shown_line, _INDENT + caret, *wrap(make_printable(problem.message), width, 4, _INDENT)]


def render_text(explanation: Explanation, width: int = 80, *, diagram: bool = True) -> str:
    """The whole explanation as terminal text; without `diagram`, the parts in words only (for screen readers)."""
    lines = [_INDENT + row for row in command_diagram(explanation, width - 2)] if explanation.spans and diagram else []
    listing = entries(explanation)
    if listing:
        if lines:
            lines.append("")
        name_width = min(max(cell_width(e.text) + 2 * e.indent for e in listing), MAX_SHOWN_TEXT + 4)
        for entry in listing:
            number = f"{entry.number:>3}" if entry.number is not None else "   "
            name = _INDENT * entry.indent + entry.text
            pad = " " * max(name_width - cell_width(name), 0)
            head = f"{number}  {name}{pad}  {entry.kind}: "
            lines.extend(wrap(entry.explanation, width, cell_width(f"{number}  ") + name_width + 2, head))
    if explanation.problems:
        lines.append("")
        lines.append(say("render.problems", explanation.lang))
        for problem in explanation.problems:
            lines.extend(problem_lines(explanation, problem, width))
    if explanation.notes:
        lines.append("")
        lines.extend(part for note in explanation.notes for part in wrap(make_printable(note), width, 2, "• "))
    return "\n".join(lines) + "\n"
