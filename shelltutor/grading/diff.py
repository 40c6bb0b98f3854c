"""Expected-vs-got diffs a learner can read: whitespace and missing final newlines made visible, long output cut."""

from __future__ import annotations

import difflib
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

    def render(self, lang: Lang = "en") -> str:
        """A unified diff, `-` lines expected and `+` lines the learner's, with visible whitespace."""
        if self.expected is None:
            return render_text(self.got, lang=lang)
        return render_diff(self.expected, self.got, self.mode, lang=lang)


def render_diff(expected: str, got: str, mode: CompareMode = "exact", *, lang: Lang = "en") -> str:
    """The diff of two texts, compared in `mode` (normalized: trailing spaces ignored; sorted: as sorted lines)."""
    exp_lines, exp_open = _split(expected, mode)
    got_lines, got_open = _split(got, mode)
    notes: list[str] = []
    if len(exp_lines) > MAX_INPUT_LINES or len(got_lines) > MAX_INPUT_LINES:
        notes.append(text("diff_compared_first", lang, count=MAX_INPUT_LINES))
        exp_lines, got_lines = exp_lines[:MAX_INPUT_LINES], got_lines[:MAX_INPUT_LINES]
        exp_open = got_open = False
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
