"""Text comparison for streams, file contents and variable values: every TextMatch key, and near-miss diagnosis."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Literal

from shelltutor.course.model import CompareMode, LocalText, TextMatch

MatchKey = Literal["exact", "normalized", "sorted", "regex", "contains", "excludes", "same_as_solution", "empty"]

NearMiss = Literal[
    "missing_final_newline",
    "extra_final_newline",
    "trailing_spaces",
    "extra_blank_lines",
    "missing_blank_lines",
    "spacing",
    "case",
    "reversed",
    "order",
    "doubled",
    "duplicates",
    "missing_lines",
    "extra_lines",
    "empty",
]
"""A recognisable way in which a text differs from the expected one (each has a message in messages.py)."""


class PatternError(ValueError):
    """An author's regular expression does not compile (an error of the lesson, not of the learner)."""


def as_text(data: str | bytes) -> str:
    """Text from a stream or a file: bytes are decoded as UTF-8, undecodable bytes replaced."""
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data


def as_match(value: TextMatch | str) -> TextMatch:
    """A TextMatch; a bare string means `normalized`."""
    return TextMatch(normalized=value) if isinstance(value, str) else value


def normalized_lines(text: str) -> list[str]:
    """Lines without trailing whitespace (and without `\\r`), blank lines at the end dropped."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def normalize(text: str) -> str:
    """The text with trailing whitespace on each line and blank lines at the end ignored."""
    return "\n".join(normalized_lines(text))


def sorted_lines(text: str) -> list[str]:
    """The normalized lines in sorted order: equal when two texts hold the same lines, in any order."""
    return sorted(normalized_lines(text))


def equal(mode: CompareMode, expected: str, got: str) -> bool:
    """Whether `got` equals `expected` compared this way."""
    if mode == "exact":
        return got == expected
    if mode == "normalized":
        return normalize(got) == normalize(expected)
    return sorted_lines(got) == sorted_lines(expected)


@dataclass(frozen=True)
class Mismatch:
    """One key of a TextMatch that does not hold."""

    key: MatchKey
    expected: str | None = None
    """The expected text (exact, normalized, sorted, same_as_solution), the pattern or the (un)wanted text."""
    mode: CompareMode | None = None
    """How the expected text was compared, for the diff; None for regex, contains, excludes and empty."""
    want_empty: bool | None = None
    """For `empty`: whether nothing was wanted (True) or something (False)."""
    looks_for: LocalText | None = None
    """For `regex`: what the pattern looks for, in the author's words."""
    got: str | None = None
    """The text as it was compared, when the match's `rewrite` or `trim` changed it (None: as it was)."""


def check_text(match: TextMatch | str, got: str, reference: str | None = None) -> list[Mismatch]:
    """Every key of `match` that `got` does not satisfy (empty list: it matches).

    `reference` is the reference solution's text, needed only for `same_as_solution`.
    """
    match = as_match(match)
    raw = got
    got = prepare(match, got)
    problems: list[Mismatch] = []
    for mode in ("exact", "normalized", "sorted"):
        expected: str | None = getattr(match, mode)
        if expected is not None and not equal(mode, expected := prepare(match, expected), got):
            problems.append(Mismatch(mode, expected, mode))
    if match.same_as_solution is not None:
        if reference is None:
            raise ValueError("same_as_solution needs the reference solution's output")
        if not equal(match.same_as_solution, reference := prepare(match, reference), got):
            problems.append(Mismatch("same_as_solution", reference, match.same_as_solution))
    if match.regex is not None and compile_pattern(match.regex).search(got) is None:
        problems.append(Mismatch("regex", match.regex, looks_for=match.looks_for))
    problems.extend(Mismatch("contains", text) for text in match.contains if text not in got)
    problems.extend(Mismatch("excludes", text) for text in match.excludes if text in got)
    if match.empty is not None and (got == "") != match.empty:
        problems.append(Mismatch("empty", want_empty=match.empty))
    if got != raw:
        problems = [replace(problem, got=got) for problem in problems]
    return problems


def prepare(match: TextMatch, text: str) -> str:
    """`text` as `match` compares it: its rewrites made in order, then trimmed when it asks."""
    for rewrite in match.rewrite:
        try:
            text = compile_pattern(rewrite.regex).sub(rewrite.replace, text)
        except (re.error, IndexError) as error:
            raise PatternError(f"the rewrite of {rewrite.regex!r} to {rewrite.replace!r} fails: {error}") from error
    return trim(text) if match.trim else text


def trim(text: str) -> str:
    """Every line without the spaces at its start and end, and without blank lines at the start and end."""
    lines = [line.strip() for line in text.split("\n")]
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return "".join(line + "\n" for line in lines[start:end])


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """The author's pattern in multiline mode; PatternError when it does not compile."""
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as error:
        raise PatternError(f"the regular expression {pattern!r} does not compile: {error}") from error


def needs_reference(match: TextMatch | str | None) -> bool:
    """Whether checking `match` needs the reference solution's output."""
    return match is not None and not isinstance(match, str) and match.same_as_solution is not None


def near_miss(expected: str, got: str, mode: CompareMode) -> NearMiss | None:
    """How `got` is close to `expected`, when it is in a way a learner can be told about in one sentence.

    Checked from the most specific to the broadest, so the message names the smallest fix.
    """
    if not got.strip() and expected.strip():
        return "empty"
    if mode == "exact":
        if got + "\n" == expected:
            return "missing_final_newline"
        if got == expected + "\n":
            return "extra_final_newline"
        if normalize(got) == normalize(expected):
            if got.rstrip("\n") == expected.rstrip("\n"):
                return "extra_final_newline" if len(got) > len(expected) else "missing_final_newline"
            return "trailing_spaces"
    exp_lines, got_lines = normalized_lines(expected), normalized_lines(got)
    if mode != "sorted":
        if [ln for ln in exp_lines if ln] == [ln for ln in got_lines if ln]:
            return "extra_blank_lines" if len(got_lines) > len(exp_lines) else "missing_blank_lines"
        if _squeeze(exp_lines) == _squeeze(got_lines):
            return "spacing"
        if [ln.lower() for ln in exp_lines] == [ln.lower() for ln in got_lines]:
            return "case"
        if Counter(exp_lines) == Counter(got_lines):
            return "reversed" if list(reversed(exp_lines)) == got_lines else "order"
    if len(got_lines) == 2 * len(exp_lines) and got_lines == exp_lines * 2:
        return "doubled"
    exp_count, got_count = Counter(exp_lines), Counter(got_lines)
    if set(exp_count) == set(got_count) and got_count != exp_count:
        return "duplicates"
    if not exp_count - got_count and got_count - exp_count:
        return "extra_lines"
    if not got_count - exp_count and exp_count - got_count:
        return "missing_lines"
    return None


def _squeeze(lines: list[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines]
