"""Text comparison: every TextMatch key, normalization, and near-miss diagnosis."""

from __future__ import annotations

import pytest

from shelltutor.course.model import TextMatch
from shelltutor.grading.textmatch import PatternError, check_text, near_miss, normalize, sorted_lines


def test_normalize_drops_trailing_whitespace_and_blank_tail_only() -> None:
    assert normalize("a  \n\tb\t\r\n\n  \n") == "a\n\tb"
    assert normalize("\n\na") == "\n\na"  # leading blank lines matter


def test_sorted_lines_is_a_multiset() -> None:
    assert sorted_lines("b\na\nb\n") == ["a", "b", "b"]
    assert check_text(TextMatch(sorted="a\nb"), "b\na\na\n")[0].key == "sorted"


@pytest.mark.parametrize(
    ("match", "got", "failed"),
    [
        ("x", "x \n\n", []),
        (TextMatch(exact="x\n"), "x", ["exact"]),
        (TextMatch(exact="x\n", contains=("y",)), "x\n", ["contains"]),
        (TextMatch(regex=r"^b$"), "a\nb\nc", []),
        (TextMatch(regex=r"^b$"), "ab", ["regex"]),
        (TextMatch(excludes=("secret",)), "a secret", ["excludes"]),
        (TextMatch(empty=True), "", []),
        (TextMatch(empty=False), "", ["empty"]),
        (TextMatch(normalized="a", regex="a", contains=("a",)), "b", ["normalized", "regex", "contains"]),
    ],
)
def test_every_key_given_must_hold(match: TextMatch | str, got: str, failed: list[str]) -> None:
    assert [m.key for m in check_text(match, got)] == failed


def test_same_as_solution_modes() -> None:
    assert check_text(TextMatch(same_as_solution="exact"), "a\n", "a\n") == []
    assert check_text(TextMatch(same_as_solution="exact"), "a", "a\n")[0].key == "same_as_solution"
    assert check_text(TextMatch(same_as_solution="normalized"), "a  \n", "a\n") == []
    assert check_text(TextMatch(same_as_solution="sorted"), "b\na\n", "a\nb\n") == []
    with pytest.raises(ValueError):
        check_text(TextMatch(same_as_solution="exact"), "a", None)


def test_bad_pattern_is_reported_as_the_authors() -> None:
    with pytest.raises(PatternError, match="does not compile"):
        check_text(TextMatch(regex="(unclosed"), "x")


@pytest.mark.parametrize(
    ("expected", "got", "mode", "near"),
    [
        ("42\n", "42", "exact", "missing_final_newline"),
        ("42", "42\n", "exact", "extra_final_newline"),
        ("a\n", "a \n", "exact", "trailing_spaces"),
        ("a\nb", "a\n\nb", "normalized", "extra_blank_lines"),
        ("a\n\nb", "a\nb", "normalized", "missing_blank_lines"),
        ("1 a", "1  a", "normalized", "spacing"),
        ("Error", "ERROR", "normalized", "case"),
        ("a\nb\nc", "c\nb\na", "normalized", "reversed"),
        ("a\nb\nc", "b\na\nc", "normalized", "order"),
        ("a\nb", "a\nb\na\nb", "normalized", "doubled"),
        ("a\nb", "a\nb\na", "normalized", "duplicates"),
        ("a\nb", "a\nb\nc", "normalized", "extra_lines"),
        ("a\nb\nc", "a\nc", "normalized", "missing_lines"),
        ("a", "", "normalized", "empty"),
        ("a\nb", "x\ny", "normalized", None),
    ],
)
def test_near_miss(expected: str, got: str, mode: str, near: str | None) -> None:
    assert near_miss(expected, got, mode) == near  # type: ignore[arg-type]
