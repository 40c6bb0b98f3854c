"""Diffs: whitespace and missing final newlines visible, long output cut, both languages."""

from __future__ import annotations

from shelltutor.grading.diff import MAX_DIFF_LINES, render_diff, render_text, visible


def test_visible_whitespace() -> None:
    assert visible("a b  ") == "a b··"
    assert visible("a\tb\t") == "a→b→"
    assert visible("line\r") == "line␍"


def test_missing_final_newline_shown_on_the_side_that_lacks_it() -> None:
    lines = render_diff("42\n", "42").splitlines()
    assert lines == ["--- expected", "+++ yours", "@@", "-42", "+42 (no newline at end)"]


def test_normalized_mode_hides_what_does_not_count() -> None:
    lines = render_diff("a\nb\n", "a   \nc\n\n\n", "normalized").splitlines()
    assert lines == ["--- expected", "+++ yours", "@@", " a", "-b", "+c"]


def test_sorted_mode_diffs_sorted_lines_and_says_so() -> None:
    lines = render_diff("c\na\n", "b\na\n", "sorted").splitlines()
    assert lines[2] == "(lines compared in any order, shown sorted)"
    assert lines[3:] == ["@@", " a", "-c", "+b"]


def test_nothing_printed() -> None:
    assert render_diff("a\n", "").splitlines()[-1] == "+(nothing)"


def test_long_output_is_cut_with_a_count() -> None:
    expected = "".join(f"line {i}\n" for i in range(200))
    got = "".join(f"LINE {i}\n" for i in range(200))
    lines = render_diff(expected, got).splitlines()
    assert len(lines) == 2 + MAX_DIFF_LINES + 1
    assert lines[-1] == f"… {400 + 1 - MAX_DIFF_LINES} more lines"


def test_very_long_line_is_cut() -> None:
    rendered = render_diff("x\n", "y" * 5000 + "\n")
    longest = max(len(line) for line in rendered.splitlines())
    assert longest <= 161
    assert rendered.splitlines()[-1].endswith("…")


def test_huge_inputs_compare_a_prefix_and_say_so() -> None:
    rendered = render_diff("a\n" * 10000, "b\n" * 10000)
    assert rendered.splitlines()[-1] == "(only the first 2000 lines compared)"


def test_korean_labels() -> None:
    lines = render_diff("a", "b\n", lang="ko").splitlines()
    assert lines[:2] == ["--- 기대한 결과", "+++ 내 결과"]
    assert "-a (끝에 줄바꿈 없음)" in lines


def test_render_text() -> None:
    assert render_text("a \nb") == "a·\nb (no newline at end)"
    assert render_text("") == "(nothing)"
    assert render_text("x\n" * 30, max_lines=2).splitlines() == ["x", "x", "… 28 more lines"]
