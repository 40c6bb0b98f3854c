"""Expected-vs-got diffs a learner can read, and the learner's text with where it differs marked (no expected text)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from shelltutor.course.model import CompareMode, Lang
from shelltutor.grading.messages import text
from shelltutor.grading.textmatch import normalized_lines, sorted_lines

MAX_DIFF_LINES = 40
"""Diff lines shown before the rest is summarised in one line."""
MAX_LINE_CHARS = 160
"""Characters shown of one line before it is cut with `…`."""
MAX_INPUT_LINES = 2000
"""Lines of each text compared at most (difflib is slow on huge inputs; the notice says so)."""
CONTEXT_LINES = 2

SPACE_MARK = "·"
TAB_MARK = "→"
CR_MARK = "␍"


def visible(line: str, *, all_tabs: bool = True) -> str:
    """The line with trailing spaces, tabs and carriage returns made visible, and cut when very long."""
    body = line.rstrip(" \t\r")
    tail = line[len(body) :]
    tail = tail.replace(" ", SPACE_MARK).replace("\t", TAB_MARK).replace("\r", CR_MARK)
    body = body.replace("\r", CR_MARK)
    if all_tabs:
        body = body.replace("\t", TAB_MARK)
    shown = body + tail
    if len(shown) > MAX_LINE_CHARS:
        shown = shown[: MAX_LINE_CHARS - 1] + "…"
    return shown


def _split(value: str, mode: CompareMode) -> tuple[list[str], bool]:
    """The lines to compare and whether the text ends without a newline (meaningful in exact mode only)."""
    if mode == "normalized":
        return normalized_lines(value), False
    if mode == "sorted":
        return sorted_lines(value), False
    if value == "":
        return [], False
    lines = value.split("\n")
    if lines[-1] == "":
        lines.pop()
        return lines, False
    return lines, True


@dataclass(frozen=True)
class TextDiff:
    """The difference between an expected and an actual text, rendered per language on demand."""

    expected: str | None
    """None when there is no expected text to show (a regex or `contains` check): only `got` is shown."""
    got: str
    mode: CompareMode = "exact"

    def render(self, lang: Lang = "en", *, reveal: bool = True) -> str:
        """A unified diff, `-` lines expected and `+` lines the learner's, with visible whitespace; without
        `reveal`, the learner's text with where it differs marked (`render_marked`)."""
        if self.expected is None:
            return render_text(self.got, lang=lang)
        if not reveal:
            return render_marked(self.expected, self.got, self.mode, lang=lang)
        return render_diff(self.expected, self.got, self.mode, lang=lang)


def _compared_lines(
    expected: str, got: str, mode: CompareMode, lang: Lang
) -> tuple[list[str], bool, list[str], bool, list[str]]:
    """Both texts as the lines compared in `mode`, each with whether it lacks a final newline, cut to
    MAX_INPUT_LINES (then the notes say so and the final newlines are not compared)."""
    exp_lines, exp_open = _split(expected, mode)
    got_lines, got_open = _split(got, mode)
    notes: list[str] = []
    if len(exp_lines) > MAX_INPUT_LINES or len(got_lines) > MAX_INPUT_LINES:
        notes.append(text("diff_compared_first", lang, count=MAX_INPUT_LINES))
        exp_lines, got_lines = exp_lines[:MAX_INPUT_LINES], got_lines[:MAX_INPUT_LINES]
        exp_open = got_open = False
    return exp_lines, exp_open, got_lines, got_open, notes


def render_diff(expected: str, got: str, mode: CompareMode = "exact", *, lang: Lang = "en") -> str:
    """The diff of two texts, compared in `mode` (normalized: trailing spaces ignored; sorted: as sorted lines)."""
    exp_lines, exp_open, got_lines, got_open, notes = _compared_lines(expected, got, mode, lang)
    no_newline = text("diff_no_newline", lang)
    exp_shown = [visible(line) for line in exp_lines]
    got_shown = [visible(line) for line in got_lines]
    # A last line without its newline must not compare equal to the same line with one.
    if exp_open and exp_shown:
        exp_shown[-1] += " " + no_newline
    if got_open and got_shown:
        got_shown[-1] += " " + no_newline
    out = [f"--- {text('diff_expected', lang)}", f"+++ {text('diff_got', lang)}"]
    if mode == "sorted":
        out.append(text("diff_sorted_note", lang))
    body: list[str] = []
    for line in difflib.unified_diff(exp_shown, got_shown, n=CONTEXT_LINES, lineterm=""):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            body.append("@@")
            continue
        body.append(line)
    if not exp_shown and not got_shown:
        body.append(" " + text("diff_both_empty", lang))
    elif not got_shown:
        body.append("+" + text("diff_nothing", lang))
    elif not exp_shown:
        body.insert(0, "-" + text("diff_nothing", lang))
    if len(body) > MAX_DIFF_LINES:
        hidden = len(body) - MAX_DIFF_LINES
        body = [*body[:MAX_DIFF_LINES], text("diff_more_lines", lang, count=hidden)]
    return "\n".join(out + body + notes)


MARK_DIFFERS = "≠"
"""Starts a line of the learner's that differs from the expected line at its place (then a pointer line)."""
MARK_EXTRA = "+"
"""Starts a line of the learner's that should not be there at all."""
MARK_MISSING = "-"
"""Starts a note that expected lines are missing there (how many, never which)."""
POINTER = "^"
NUMBER = re.compile(r"[-+]?\d+(?:[.,:]\d+)*%?")
"""A token that is a number (a count, a size, a time, `0.95`, `12%`)."""


@dataclass(frozen=True)
class _Row:
    """One line of a marked text: a line of the learner's (`index`) or a note, and where it differs."""

    kind: str
    """same, differs, extra, missing or note."""
    index: int | None = None
    """The learner's line shown (same, differs, extra)."""
    column: int = 1
    note: str = ""


def render_marked(expected: str, got: str, mode: CompareMode = "exact", *, lang: Lang = "en") -> str:
    """The learner's text with where it differs from `expected` marked, and never a character of `expected`:

    a line that differs from the expected line at its place (`≠`) gets a pointer to the first differing column
    and what kind of difference it is (a different number, only spacing, only case, more than expected, ends too
    early, a right line in the wrong place); a line that should not be there is marked `+`; expected lines missing
    are counted where they are missing (`-`). Only the changed lines and a little context are shown.
    """
    exp_lines, exp_open, got_lines, got_open, notes = _compared_lines(expected, got, mode, lang)
    shown = [visible(line) for line in got_lines]
    if got_open and shown:
        shown[-1] += " " + text("diff_no_newline", lang)
    out = [f"+++ {text('diff_got', lang)}", text("mark_legend", lang)]
    if mode == "sorted":
        out.append(text("diff_sorted_note", lang))
    rows = _rows(exp_lines, got_lines, lang)
    if exp_open != got_open and mode == "exact" and exp_lines:
        rows.append(_Row("note", note=text("mark_newline_unwanted" if exp_open else "mark_newline_wanted", lang)))
    body: list[str] = []
    if not got_lines:
        body.append("  " + text("diff_nothing", lang))
    kept = _with_context(rows)
    for position, row in enumerate(rows):
        if position not in kept:
            if not body or body[-1] != "@@":
                body.append("@@")
            continue
        body.extend(_render_row(row, shown, got_lines))
    if len(body) > MAX_DIFF_LINES:
        hidden = len(body) - MAX_DIFF_LINES
        body = [*body[:MAX_DIFF_LINES], text("diff_more_lines", lang, count=hidden)]
    return "\n".join(out + body + notes)


def _rows(exp: list[str], got: list[str], lang: Lang) -> list[_Row]:
    """The learner's lines in order, each same, differing or extra, with notes where expected lines are missing.

    A line deleted in one place and added in another is a right line in the wrong place, not an extra line plus
    a missing one; when only the order differs, every line not at its expected place is one.
    """
    if exp != got and Counter(exp) == Counter(got):
        moved = text("mark_moved", lang)
        return [_Row("same", j) if line == exp[j] else _Row("differs", j, 1, moved) for j, line in enumerate(got)]
    opcodes = difflib.SequenceMatcher(None, exp, got, autojunk=False).get_opcodes()
    lost: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            lost.update(exp[i1:i2])
            added.update(got[j1:j2])
    moved_got = lost & added
    moved_exp = Counter(moved_got)
    rows: list[_Row] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            rows.extend(_Row("same", j) for j in range(j1, j2))
            continue
        pending: list[str] = []
        for line in exp[i1:i2]:
            if moved_exp[line] > 0:
                moved_exp[line] -= 1
            else:
                pending.append(line)
        for j in range(j1, j2):
            if moved_got[got[j]] > 0:
                moved_got[got[j]] -= 1
                rows.append(_Row("differs", j, 1, text("mark_moved", lang)))
            elif pending:
                column, note = how_line_differs(pending.pop(0), got[j], lang)
                rows.append(_Row("differs", j, column, note))
            else:
                rows.append(_Row("extra", j))
        if pending:
            count = len(pending)
            note = text("mark_missing_one", lang) if count == 1 else text("mark_missing", lang, count=count)
            rows.append(_Row("missing", note=note))
    return rows


def how_line_differs(want: str, have: str, lang: Lang = "en") -> tuple[int, str]:
    """Where the learner's line `have` first differs from the expected `want` (a 1-based column of `have`) and
    what kind of difference it is, in words that never quote `want`."""
    column = len(_common_prefix(want, have)) + 1
    if want.rstrip(" \t\r") == have.rstrip(" \t\r"):
        return column, text("mark_trailing", lang)
    if want.split() == have.split():
        return column, text("mark_spacing", lang, column=column)
    if want.lower() == have.lower():
        return column, text("mark_case", lang, column=column)
    theirs = [m.group() for m in re.finditer(r"\S+", want)]
    mine = list(re.finditer(r"\S+", have))
    words = [m.group() for m in mine]
    if len(theirs) == len(words):
        differing = [k for k, (a, b) in enumerate(zip(words, theirs, strict=True)) if a != b]
        first = differing[0]
        if NUMBER.fullmatch(theirs[first]):
            # A number is told apart as a number, pointed at from its start: a column inside it would give away
            # how many of its digits are right.
            if len(differing) > 1:
                return mine[first].start() + 1, text("mark_differs", lang, column=mine[first].start() + 1)
            key = "mark_other_number" if NUMBER.fullmatch(words[first]) else "mark_number"
            return mine[first].start() + 1, text(key, lang)
    elif len(theirs) == len(words) + 1:
        missing = _one_more(theirs, words)
        if missing is not None and NUMBER.fullmatch(theirs[missing]):
            at = mine[missing].start() + 1 if missing < len(mine) else len(have.rstrip()) + 2
            return at, text("mark_number", lang)
    if have.startswith(want):
        return column, text("mark_more", lang, column=column)
    if want.startswith(have):
        return column, text("mark_ends_early", lang, column=column)
    if len(words) == len(theirs) + 1 and (extra := _one_more(words, theirs)) is not None:
        return mine[extra].start() + 1, text("mark_extra_word", lang, column=mine[extra].start() + 1)
    return column, text("mark_differs" if column > 1 else "mark_differs_start", lang, column=column)


def _one_more(longer: list[str], shorter: list[str]) -> int | None:
    """The index of the one word of `longer` without which it is `shorter`, if there is one."""
    for index in range(len(longer)):
        if longer[:index] + longer[index + 1 :] == shorter:
            return index
    return None


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]


def _with_context(rows: list[_Row]) -> set[int]:
    """The rows shown: every changed row and up to CONTEXT_LINES same rows on each side of one."""
    kept: set[int] = set()
    for position, row in enumerate(rows):
        if row.kind != "same":
            kept.update(range(max(0, position - CONTEXT_LINES), min(len(rows), position + CONTEXT_LINES + 1)))
    return kept


def _render_row(row: _Row, shown: list[str], got: list[str]) -> list[str]:
    if row.kind == "note":
        return [row.note]
    if row.kind == "missing":
        return [f"{MARK_MISSING} {row.note}"]
    assert row.index is not None
    line = shown[row.index]
    if row.kind == "same":
        return [f"  {line}"]
    if row.kind == "extra":
        return [f"{MARK_EXTRA} {line}"]
    # The pointer stands under the column in the line as shown (visible() keeps one character per character).
    before = line[: min(row.column - 1, len(got[row.index]), len(line))]
    return [f"{MARK_DIFFERS} {line}", " " * (2 + cell_width(before)) + f"{POINTER} {row.note}"]


def cell_width(value: str) -> int:
    """How many terminal cells `value` takes: wide (CJK) characters two, combining marks none."""
    width = 0
    for char in value:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def render_text(value: str, *, lang: Lang = "en", max_lines: int = 20) -> str:
    """A text shown on its own (for regex and contains checks): visible whitespace, cut after `max_lines`."""
    lines, open_end = _split(value, "exact")
    if not lines:
        return text("diff_nothing", lang)
    shown = [visible(line) for line in lines[:max_lines]]
    if open_end and len(lines) <= max_lines:
        shown[-1] += " " + text("diff_no_newline", lang)
    if len(lines) > max_lines:
        shown.append(text("diff_more_lines", lang, count=len(lines) - max_lines))
    return "\n".join(shown)
