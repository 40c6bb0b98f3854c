"""Diffs before and after the solution unlocks: where the learner's output differs, never what was expected."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from grader_fakes import FakeResult, FakeWorld, exercise

from shelltutor.course.model import CompareMode, Expectations, FileExpect, Lang, TextMatch
from shelltutor.grading.checks import evaluate
from shelltutor.grading.diff import MAX_DIFF_LINES, TextDiff, cell_width, how_line_differs, render_marked

LEGEND = {
    "en": "(≠ differs, + should not be there, - missing; what was expected is shown once the solution unlocks)",
    "ko": "(≠ 다른 줄, + 없어야 할 줄, - 빠진 줄. 기대한 결과는 정답을 볼 수 있게 되면 보여 줍니다)",
}
HEADER = {"en": "+++ yours", "ko": "+++ 내 결과"}


@dataclass(frozen=True)
class Case:
    id: str
    expected: str
    got: str
    marked: dict[str, list[str]]
    """The concealed rendering's body (after the header and the legend), per language."""
    secrets: tuple[str, ...]
    """Texts of the expected output that the learner did not print: never in the concealed rendering, always in
    the revealed one."""
    mode: CompareMode = "exact"


CASES = [
    Case(
        "count",
        "658\n",
        "8580\n",
        {
            "en": ["≠ 8580", "  ^ a different number is expected here"],
            "ko": ["≠ 8580", "  ^ 여기에는 다른 숫자가 와야 합니다"],
        },
        ("658",),
        "normalized",
    ),
    Case(
        "count-with-the-file-name",
        "658\n",
        "658 data/train.jsonl\n",
        {
            "en": ["≠ 658 data/train.jsonl", "     ^ column 4: from here on there is more than expected"],
            "ko": ["≠ 658 data/train.jsonl", "     ^ 4번째 글자부터는 기대한 것보다 더 있습니다"],
        },
        (),
        "normalized",
    ),
    Case(
        "a-number-expected",
        "total 12\n",
        "total twelve\n",
        {
            "en": ["≠ total twelve", "        ^ a number is expected here"],
            "ko": ["≠ total twelve", "        ^ 여기에는 숫자가 와야 합니다"],
        },
        ("12",),
    ),
    Case(
        "version-string",
        "5.2.15(1)-release\n",
        "/usr/bin/bash\n",
        {
            "en": ["≠ /usr/bin/bash", "  ^ differs from the start"],
            "ko": ["≠ /usr/bin/bash", "  ^ 처음부터 다릅니다"],
        },
        ("5.2.15", "release"),
    ),
    Case(
        "version-cut-short",
        "5.2.15(1)-release\n",
        "5.2.15\n",
        {
            "en": ["≠ 5.2.15", "        ^ column 7: the line ends too early, more is expected here"],
            "ko": ["≠ 5.2.15", "        ^ 7번째 글자에서 줄이 너무 일찍 끝납니다. 여기에 더 있어야 합니다"],
        },
        ("(1)-release",),
    ),
    Case(
        "missing-line",
        "epoch 1\nepoch 2\nepoch 3\n",
        "epoch 1\nepoch 3\n",
        {
            "en": ["  epoch 1", "- (1 line missing here)", "  epoch 3"],
            "ko": ["  epoch 1", "- (여기에 1줄이 빠져 있음)", "  epoch 3"],
        },
        ("epoch 2",),
    ),
    Case(
        "missing-lines-at-the-end",
        "train\nvalid\ntest\nholdout\n",
        "train\nvalid\n",
        {
            "en": ["  train", "  valid", "- (2 lines missing here)"],
            "ko": ["  train", "  valid", "- (여기에 2줄이 빠져 있음)"],
        },
        ("test", "holdout"),
    ),
    Case(
        "extra-line",
        "ERROR disk\nERROR net\n",
        "ERROR disk\nINFO ok\nERROR net\n",
        {"en": ["  ERROR disk", "+ INFO ok", "  ERROR net"], "ko": ["  ERROR disk", "+ INFO ok", "  ERROR net"]},
        (),
    ),
    Case(
        "reordered-lines",
        "alpha\nbeta\ngamma\n",
        "gamma\nbeta\nalpha\n",
        {
            "en": [
                "≠ gamma",
                "  ^ a right line, but in the wrong place",
                "  beta",
                "≠ alpha",
                "  ^ a right line, but in the wrong place",
            ],
            "ko": [
                "≠ gamma",
                "  ^ 맞는 줄이지만 위치가 다릅니다",
                "  beta",
                "≠ alpha",
                "  ^ 맞는 줄이지만 위치가 다릅니다",
            ],
        },
        (),
    ),
    Case(
        "whitespace-only",
        "a b\n",
        "a   b\n",
        {
            "en": ["≠ a   b", "    ^ column 3: only the spacing differs"],
            "ko": ["≠ a   b", "    ^ 3번째 글자부터 공백(띄어쓰기)만 다릅니다"],
        },
        (),
    ),
    Case(
        "trailing-spaces",
        "done\n",
        "done  \n",
        {
            "en": ["≠ done··", "      ^ only spaces or tabs at the end of the line differ (shown as · and →)"],
            "ko": ["≠ done··", "      ^ 줄 끝의 공백이나 탭만 다릅니다(· 와 → 로 표시)"],
        },
        (),
    ),
    Case(
        "case-only",
        "ERROR\n",
        "error\n",
        {
            "en": ["≠ error", "  ^ column 1: only upper and lower case differ"],
            "ko": ["≠ error", "  ^ 1번째 글자부터 대소문자만 다릅니다"],
        },
        ("ERROR",),
    ),
    Case(
        "uniq-counts",
        "     10 dog\n      7 cat\n",
        "      1 dog\n      1 cat\n",
        {
            "en": [
                "≠       1 dog",
                "        ^ a different number is expected here",
                "≠       1 cat",
                "        ^ a different number is expected here",
            ],
            "ko": [
                "≠       1 dog",
                "        ^ 여기에는 다른 숫자가 와야 합니다",
                "≠       1 cat",
                "        ^ 여기에는 다른 숫자가 와야 합니다",
            ],
        },
        ("10", "7"),
        "normalized",
    ),
    Case(
        "nothing-printed",
        "a.txt\nb.txt\n",
        "",
        {"en": ["  (nothing)", "- (2 lines missing here)"], "ko": ["  (아무것도 없음)", "- (여기에 2줄이 빠져 있음)"]},
        ("a.txt", "b.txt"),
    ),
    Case(
        "missing-final-newline",
        "42\n",
        "42",
        {
            "en": ["  42 (no newline at end)", "(a newline is expected at the end)"],
            "ko": ["  42 (끝에 줄바꿈 없음)", "(끝에 줄바꿈이 있어야 함)"],
        },
        (),
    ),
    Case(
        "sorted-mode",
        "cat\ndog\n",
        "bird\ndog\n",
        {
            "en": ["(lines compared in any order, shown sorted)", "≠ bird", "  ^ differs from the start", "  dog"],
            "ko": ["(줄 순서는 따지지 않음, 정렬해서 표시)", "≠ bird", "  ^ 처음부터 다릅니다", "  dog"],
        },
        ("cat",),
        "sorted",
    ),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_concealed_diff_marks_where_without_the_expected(case: Case, lang: Lang) -> None:
    rendered = TextDiff(case.expected, case.got, case.mode).render(lang, reveal=False)
    lines = rendered.splitlines()
    assert lines[:2] == [HEADER[lang], LEGEND[lang]]
    assert lines[2:] == case.marked[lang]
    for secret in case.secrets:
        assert secret not in rendered


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_revealed_diff_shows_both_sides(case: Case) -> None:
    rendered = TextDiff(case.expected, case.got, case.mode).render("en", reveal=True)
    assert rendered.splitlines()[:2] == ["--- expected", "+++ yours"]
    for secret in case.secrets:
        assert secret in rendered


LINES = [
    # (expected line, the learner's line, column, English, Korean)
    ("     17 airplane", "airplane", 1, "a number is expected here", "여기에는 숫자가 와야 합니다"),
    ("total 12", "total", 7, "a number is expected here", "여기에는 숫자가 와야 합니다"),
    (
        "     17 airplane",
        "      1 airplane",
        7,
        "a different number is expected here",
        "여기에는 다른 숫자가 와야 합니다",
    ),
    # The number and the word differ: the column of the number's start, none inside it.
    ("     14 car", "     12 cat", 6, "column 6: differs from here", "6번째 글자부터 다릅니다"),
    (
        "ERROR full",
        "ERROR disk full",
        7,
        "column 7: this word should not be there",
        "7번째 글자부터 시작하는 이 단어는 없어야 합니다",
    ),
    ("lr=0.01", "lr=0.1", 6, "column 6: differs from here", "6번째 글자부터 다릅니다"),
]


@pytest.mark.parametrize(("want", "have", "column", "en", "ko"), LINES)
def test_how_a_line_differs(want: str, have: str, column: int, en: str, ko: str) -> None:
    assert how_line_differs(want, have, "en") == (column, en)
    assert how_line_differs(want, have, "ko") == (column, ko)


def test_the_pointer_stands_under_the_column_in_wide_text() -> None:
    lines = render_marked("합계 3\n", "합계는 4\n", lang="ko").splitlines()
    assert lines[2:] == ["≠ 합계는 4", "      ^ 3번째 글자부터 다릅니다"]
    assert cell_width("≠ 합계") == 6  # the pointer's indent: the prefix and two wide characters


def test_only_changed_lines_and_their_context_are_shown() -> None:
    expected = "".join(f"step {i}\n" for i in range(30))
    got = expected.replace("step 15\n", "step 15 failed\n")
    body = render_marked(expected, got).splitlines()[2:]
    assert body == [
        "@@",
        "  step 13",
        "  step 14",
        "≠ step 15 failed",
        "         ^ column 8: from here on there is more than expected",
        "  step 16",
        "  step 17",
        "@@",
    ]


def test_long_output_is_cut_with_a_count() -> None:
    expected = "".join(f"{i}\n" for i in range(200))
    got = "".join(f"x{i}\n" for i in range(200))
    lines = render_marked(expected, got).splitlines()
    assert len(lines) == 2 + MAX_DIFF_LINES + 1
    assert lines[-1] == f"… {400 - MAX_DIFF_LINES} more lines"


def test_a_text_check_shows_the_learners_text_either_way() -> None:
    diff = TextDiff(None, "errors: 17\n")
    assert diff.render("en", reveal=False) == diff.render("en", reveal=True) == "errors: 17"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_file_content_diff_follows_the_same_rule(lang: Lang) -> None:
    built = exercise(Expectations(files=(FileExpect(path="report.txt", content="accuracy 0.91\nloss 0.23"),)))
    world = FakeWorld({"report.txt": "accuracy 0.88\nloss 0.23\n"})
    verdict = evaluate(built, ["cmd"], [FakeResult()], world)
    concealed = (verdict.diff_in(lang, reveal=False) or {})["file:report.txt"]
    assert "0.91" not in concealed
    number = "a different number is expected here" if lang == "en" else "여기에는 다른 숫자가 와야 합니다"
    assert concealed.splitlines()[2:] == ["≠ accuracy 0.88", f"           ^ {number}", "  loss 0.23"]
    assert "-accuracy 0.91" in (verdict.diff_in(lang, reveal=True) or {})["file:report.txt"].splitlines()


QUOTING = [
    pytest.param(
        Expectations(stdout=TextMatch(contains=("200", "404"))),
        FakeWorld(),
        "200 500\n",
        "404",
        "Your command's standard output is missing something the exercise looks for.",
        "명령어의 표준 출력에 찾는 내용 가운데 빠진 것이 있습니다.",
        id="stream-contains",
    ),
    pytest.param(
        Expectations(stdout=TextMatch(regex=r"^\d+ errors$")),
        FakeWorld(),
        "errors: 17\n",
        r"^\d+ errors$",
        "Your command's standard output does not contain what the exercise looks for.",
        "명령어의 표준 출력에서 찾는 내용이 보이지 않습니다.",
        id="stream-regex",
    ),
    pytest.param(
        Expectations(files=(FileExpect(path="env.sh", content=TextMatch(contains=("export LR=0.01",))),)),
        FakeWorld({"env.sh": "export LR=0.1\n"}),
        "",
        "export LR=0.01",
        "`env.sh` is missing something the exercise looks for.",
        "`env.sh` 파일에 찾는 내용 가운데 빠진 것이 있습니다.",
        id="file-contains",
    ),
    pytest.param(
        Expectations(files=(FileExpect(path="env.sh", content=TextMatch(regex=r"^export LR=0\.01$")),)),
        FakeWorld({"env.sh": "export LR=0.1\n"}),
        "",
        r"^export LR=0\.01$",
        "`env.sh` does not contain what the exercise looks for.",
        "`env.sh` 파일에서 찾는 내용이 보이지 않습니다.",
        id="file-regex",
    ),
]


@pytest.mark.parametrize(("expect", "world", "stdout", "quoted", "en", "ko"), QUOTING)
def test_messages_that_quote_the_expected_wait_for_the_reveal(
    expect: Expectations, world: FakeWorld, stdout: str, quoted: str, en: str, ko: str
) -> None:
    verdict = evaluate(exercise(expect), ["cmd"], [FakeResult(stdout=stdout)], world)
    assert quoted in verdict.message.en  # the grader's verdict, for authors: whole
    assert verdict.shown_message(reveal=False).en == en
    assert verdict.shown_message(reveal=False).ko == ko
    assert quoted in verdict.shown_message(reveal=True).en and quoted in verdict.shown_message(reveal=True).ko
    assert all(quoted not in (check["message"] or "") for check in verdict.to_json("en", reveal=False)["checks"])


def test_a_learners_verdict_asks_again_each_time_it_is_shown() -> None:
    built = exercise(Expectations(stdout=TextMatch(contains=("404",)), stderr=TextMatch(contains=("disk full",))))
    graded = evaluate(built, ["cmd"], [FakeResult(stdout="200\n", stderr="oops\n")], FakeWorld())
    unlocked = False
    verdict = graded.for_learner(lambda: unlocked)
    # Shown as it is, the learner's verdict gives nothing away (the terminal panel's one-line verdict does so).
    assert "404" not in verdict.message.en and "404" not in verdict.format("en")
    assert all("disk full" not in d.en for d in verdict.details)
    assert verdict.to_json("ko")["revealed"] is False
    unlocked = True  # F3 after the last hint: the verdict on screen shows what was expected when drawn again
    assert "404" in verdict.shown_message().en and "404" in verdict.format("en")
    assert any("disk full" in d.en for d in verdict.shown_details())
    assert verdict.to_json("en")["revealed"] is True


def test_a_verdict_for_an_unlocked_learner_is_whole_at_once() -> None:
    built = exercise(Expectations(stdout="658"))
    verdict = evaluate(built, ["cmd"], [FakeResult(stdout="8580\n")], FakeWorld()).for_learner(lambda: True)
    assert "-658" in (verdict.diff or {})["stdout"].splitlines()


def test_the_re_check_on_new_data_conceals_what_it_quotes() -> None:
    from shelltutor.grading.messages import STREAM_NAMES, STREAM_SUBJECTS, local, unveiled, veiled

    inner = local(
        "stream_contains", text="404", stream=STREAM_NAMES["stdout"], stream_subject=STREAM_SUBJECTS["stdout"]
    )
    outer = local("replay_failed", message=inner)
    assert "404" in outer.en and "404" in unveiled(veiled(outer)).ko
    assert "404" not in veiled(outer).en and "404" not in veiled(outer).ko
    assert veiled(outer).en.endswith(
        "On the new data: Your command's standard output is missing something the exercise looks for."
    )
