"""Which pipelines of a line get taps, the line that runs with them, and the stages read back from the records."""

from __future__ import annotations

import pytest

from shelltutor.grading.stagenotes import divergence_note, first_divergence
from shelltutor.sandbox.pipetaps import plan_taps, read_stages, record_names
from shelltutor.sandbox.results import Stage

GROUP = '{{ {body} {op} \\__st_tap 9.{p}.{i}; \\builtin exit "${{PIPESTATUS[0]}}"; }}'


def _group(body: str, p: int, i: int, op: str = "|") -> str:
    return GROUP.format(body=body, op=op, p=p, i=i)


@pytest.mark.parametrize(
    ("line", "tapped"),
    [
        ("a | b", f"{_group('a', 0, 0)} | b"),
        ("a|b", f"{_group('a', 0, 0)}|b"),
        ("a | b | c", f"{_group('a', 0, 0)} | {_group('b', 0, 1)} | c"),
        ("a |& b", f"{_group('a', 0, 0, '|&')} | b"),
        ("a 2>&1 | b > out", f"{_group('a 2>&1', 0, 0)} | b > out"),
        ("! a | b", f"! {_group('a', 0, 0)} | b"),
        ("x && a | b || c", f"x && {_group('a', 0, 0)} | b || c"),
        ("a | b; c | d", f"{_group('a', 0, 0)} | b; {_group('c', 1, 0)} | d"),
        ("a | b # note", f"{_group('a', 0, 0)} | b # note"),
        ("a | b & c | d", f"a | b & {_group('c', 1, 0)} | d"),
    ],
)
def test_the_tapped_line(line: str, tapped: str) -> None:
    plan = plan_taps(line, 9)
    assert plan is not None
    assert plan.line == tapped


@pytest.mark.parametrize(
    "line",
    [
        "ls -l",
        "f() { a | b; }",
        "(a | b)",
        "for x in 1 2; do a | b; done",
        "echo $(a | b)",
        "a | b &",
        "x && a | b &",
        "time a | b",
        "a | cat <<EOF\nhi\nEOF",
        "ps aux | grep python",
        "pgrep -f x | head",
        "cat /proc/cpuinfo | head",
        "a | 'unclosed",
    ],
)
def test_lines_left_as_typed(line: str) -> None:
    assert plan_taps(line, 1) is None


def test_stage_spans_in_characters_and_where_streams_go() -> None:
    line = "écho 한글 2>/dev/null | sort 2>err |& uniq -c 2>&1 >out"
    plan = plan_taps(line, 1)
    assert plan is not None
    (pipeline,) = plan.pipelines
    assert [line[s.start : s.end] for s in pipeline.stages] == [s.command for s in pipeline.stages]
    assert [s.command for s in pipeline.stages] == ["écho 한글 2>/dev/null", "sort 2>err", "uniq -c 2>&1 >out"]
    assert [(s.stderr_to, s.stdout_to) for s in pipeline.stages] == [
        ("null", "pipe"),
        ("pipe", "pipe"),
        ("terminal", "out"),
    ]
    assert (pipeline.last, pipeline.whole) == (True, True)


@pytest.mark.parametrize(
    ("redirects", "stderr_to"),
    [("&>log", "log"), ("2>&-", "closed"), (">&log", "log"), ("2>>e", "e"), ("2>&1 >f", "terminal")],
)
def test_stderr_of_the_last_stage(redirects: str, stderr_to: str) -> None:
    plan = plan_taps(f"a | b {redirects}", 1)
    assert plan is not None
    assert plan.pipelines[0].stages[-1].stderr_to == stderr_to


def test_only_the_line_s_last_pipeline_gets_statuses() -> None:
    plan = plan_taps("a | b; c | d; e", 1)
    assert plan is not None
    assert [(p.last, p.whole) for p in plan.pipelines] == [(False, False), (False, False)]
    plan = plan_taps("a | b && c | d", 1)
    assert plan is not None
    assert [(p.last, p.whole) for p in plan.pipelines] == [(False, False), (True, False)]


def _records(files: dict[str, bytes]) -> dict[str, bytes]:
    return files


def test_reading_the_records() -> None:
    plan = plan_taps("yes | head -2 | cat", 4)
    assert plan is not None
    files = {
        "p.4.0.0": b"pipetap1 65536 131072 1\ny\ny\ny\ny\ny\n",
        "p.4.0.1": b"pipetap1 2 4 0\ny\ny\n",
        "ps.4": b"141 0 0\n",
    }
    stages = read_stages(plan, 4, lambda name: files.get(name, b""), "y\ny\n", False)
    assert [(s.command, s.lines, s.size, s.head, s.status, s.cut) for s in stages] == [
        ("yes", 65536, 131072, ("y",) * 5, 141, True),
        ("head -2", 2, 4, ("y", "y"), 0, False),
        ("cat", 2, 4, ("y", "y"), 0, False),
    ]
    assert set(record_names(plan, 4)) == {"p.4.0.0", "p.4.0.1", "ps.4", "t.4"}


def test_a_missing_or_forged_record_counts_nothing() -> None:
    plan = plan_taps("a | b", 2)
    assert plan is not None
    assert read_stages(plan, 2, lambda name: b"", "", False) == []
    files = {"p.2.0.0": b"pipetap1 x 3 0\n", "ps.2": b"0 1 2\n"}
    assert read_stages(plan, 2, lambda name: files.get(name, b""), "", False) == []
    files = {"p.2.0.0": b"pipetap1 1 3 0\nab\n", "ps.2": b"0 zero\n"}
    first, second = read_stages(plan, 2, lambda name: files.get(name, b""), "out\n", False)
    assert (first.lines, first.status, second.lines, second.status) == (1, None, 1, None)


def _stage(command: str, lines: int | None) -> Stage:
    return Stage(command, 0, 0, lines, None, (), "terminal", 0)


def test_the_stage_where_the_counts_part() -> None:
    got = [_stage("grep ERROR app.log", 1203), _stage("cut -d' ' -f4-", 1203), _stage("uniq -c", 212)]
    want = [_stage("grep ERROR app.log", 1203), _stage("cut -d' ' -f4-", 1203), _stage("sort", 1203)]
    want.append(_stage("uniq -c", 57))
    found = first_divergence(got, want)
    assert found is not None
    assert (found.stage.command, found.got, found.want, found.unsorted_uniq) == ("uniq -c", 212, 57, True)
    note = divergence_note(got, want)
    assert note is not None
    assert note.en.startswith("After `uniq -c` you had 212 lines; the reference solution had 57")
    assert "`uniq` saw unsorted input" in note.en
    assert "정렬되지 않은 입력" in note.ko


def test_no_note_when_the_stages_agree_or_cannot_be_paired() -> None:
    same = [_stage("sort f", 10), _stage("uniq -c", 4)]
    assert divergence_note(same, same) is None
    assert divergence_note([_stage("sort f", 10), _stage("uniq", 3)], [_stage("cat f", 10), _stage("wc -l", 1)]) is None
    assert divergence_note([_stage("sort f", 10)], same) is None
    sorted_first = [_stage("sort f", 10), _stage("uniq -c", 5)]
    note = divergence_note(sorted_first, same)
    assert note is not None and "unsorted" not in note.en


def test_a_record_whose_counter_was_killed_keeps_its_first_lines() -> None:
    plan = plan_taps("seq 9 | md5sum", 3)
    assert plan is not None
    files = {"p.3.0.0": b"pipetap1 ? ? 0\n1\n2\n", "ps.3": b"0 0\n"}
    first, second = read_stages(plan, 3, lambda name: files.get(name, b""), "x  -\n", False)
    assert (first.lines, first.size, first.head, first.status) == (None, None, ("1", "2"), 0)
    assert (second.lines, second.status) == (1, 0)
    files["p.3.0.0"] = b"pipetap1 ? 3 0\n"
    assert read_stages(plan, 3, lambda name: files.get(name, b""), "", False) == []
