"""The terminal as the learner saw it (stdout and stderr together), matched on each stream's own order.

The sandbox reads the two streams from two pipes, so lines that a command writes to both in quick succession
may be read in another order than they were written (`echo a; echo b >&2; echo c` can be recorded as `a c b`).
What is certain is the order within each stream. So a text passes for the terminal when it is an interleaving
of the two streams, line by line: its lines can be shared out between standard output and standard error so
that each stream printed exactly its share, in order. Patterns (`regex`, `contains`, …) read the terminal as
it was recorded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from shelltutor.course.model import CompareMode, TextMatch
from shelltutor.grading.observed import ResultLike
from shelltutor.grading.textmatch import Mismatch, as_text, check_text, normalized_lines, prepare

MAX_STATES = 512
"""Ways of sharing out lines the matcher follows at once; beyond, it compares the recorded order instead
(only output with many equal lines on both streams gets there)."""
MAX_WORK = 200_000
"""Ways followed in all, one line after another: the matcher stays well under a second whatever the output."""
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def recorded(result: ResultLike) -> str:
    """Both streams in the order the tutor read their pieces (standard output, then standard error, when the
    recording of the pieces was cut short by the display limit)."""
    stdout, stderr = as_text(result.stdout), as_text(result.stderr)
    chunks = getattr(result, "chunks", None) or ()
    shown = "".join(str(getattr(chunk, "text", "")) for chunk in chunks)
    return shown if len(shown) == len(stdout) + len(stderr) else stdout + stderr


def units(text: str, mode: CompareMode) -> list[str]:
    """The lines a comparison in `mode` matches one by one (with their newline in `exact`)."""
    if mode == "exact":
        return _LINE.findall(text)
    return normalized_lines(text)


def interleaves(
    left: Sequence[str], left_other: Sequence[str], right: Sequence[str], right_other: Sequence[str]
) -> bool | None:
    """Whether one sequence of lines is an interleaving both of (`left`, `left_other`) and of (`right`,
    `right_other`), each keeping its own order; None when there are too many ways to tell."""
    total = len(left) + len(left_other)
    if total != len(right) + len(right_other):
        return False
    if Counter(left) + Counter(left_other) != Counter(right) + Counter(right_other):
        return False
    frontier: set[tuple[int, int]] = {(0, 0)}
    work = 0
    for step in range(total):
        work += len(frontier)
        if work > MAX_WORK:
            return None
        following: set[tuple[int, int]] = set()
        for i, k in frontier:
            mine = [(_at(left, i), i + 1), (_at(left_other, step - i), i)]
            theirs = [(_at(right, k), k + 1), (_at(right_other, step - k), k)]
            for line, next_i in mine:
                if line is None:
                    continue
                for other, next_k in theirs:
                    if other == line:
                        following.add((next_i, next_k))
        if not following:
            return False
        if len(following) > MAX_STATES:
            return None
        frontier = following
    return True


def _at(lines: Sequence[str], index: int) -> str | None:
    return lines[index] if 0 <= index < len(lines) else None


def check_terminal(
    match: TextMatch, stdout: str, stderr: str, shown: str, reference: tuple[str, str] | None = None
) -> list[Mismatch]:
    """Every key of `match` that the terminal does not satisfy: `shown` is the recorded terminal, `stdout` and
    `stderr` its two streams; `reference` is the solution's two streams (for `same_as_solution`)."""
    out, err, screen = prepare(match, stdout), prepare(match, stderr), prepare(match, shown)
    compared = screen if screen != shown else None
    problems: list[Mismatch] = []
    for mode in ("exact", "normalized", "sorted"):
        expected: str | None = getattr(match, mode)
        if expected is not None:
            expected = prepare(match, expected)
            if not _same(mode, (expected, ""), (out, err), screen):
                problems.append(Mismatch(mode, expected, mode, got=compared))
    if match.same_as_solution is not None:
        if reference is None:
            raise ValueError("same_as_solution needs the reference solution's output")
        theirs = (prepare(match, reference[0]), prepare(match, reference[1]))
        if not _same(match.same_as_solution, theirs, (out, err), screen):
            problems.append(Mismatch("same_as_solution", theirs[0] + theirs[1], match.same_as_solution, got=compared))
    patterns = TextMatch(
        regex=match.regex,
        looks_for=match.looks_for,
        contains=match.contains,
        excludes=match.excludes,
        empty=match.empty,
    )
    if any(value not in (None, ()) for value in (match.regex, match.contains, match.excludes, match.empty)):
        problems.extend(replace_got(m, compared) for m in check_text(patterns, screen))
    return problems


def replace_got(mismatch: Mismatch, got: str | None) -> Mismatch:
    """The mismatch, saying which text was compared when it was not the recorded one."""
    if got is None or mismatch.got is not None:
        return mismatch
    return Mismatch(mismatch.key, mismatch.expected, mismatch.mode, mismatch.want_empty, mismatch.looks_for, got)


def _same(mode: CompareMode, expected: tuple[str, str], streams: tuple[str, str], screen: str) -> bool:
    """Whether the two streams could have shown what `expected` (one text, or the solution's two streams) shows."""
    if mode == "sorted":
        return sorted(units(expected[0], mode) + units(expected[1], mode)) == sorted(
            units(streams[0], mode) + units(streams[1], mode)
        )
    found = interleaves(
        units(expected[0], mode), units(expected[1], mode), units(streams[0], mode), units(streams[1], mode)
    )
    if found is None:  # too many equal lines to tell: the order the terminal recorded decides
        return units(expected[0] + expected[1], mode) == units(screen, mode)
    return found
