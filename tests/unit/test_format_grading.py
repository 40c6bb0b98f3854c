"""Grading the format's later features as a table: expectation × result or world → verdict and headline.

rewrite and trim, the terminal (both streams interleaved), directories, links followed with `resolves_to`,
processes with their settle time; and the pieces under them (globs, interleavings, the starting directory).
"""

from __future__ import annotations

import os
import posixpath
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from grader_fakes import HOME, FakeEntry, FakeResult, FakeState, FakeWorld, exercise

from shelltutor.course.globs import GlobError, compile_glob, glob_matches
from shelltutor.course.model import (
    EachFile,
    Expectations,
    FileExpect,
    LocalText,
    ProcessExpect,
    Rewrite,
    TextMatch,
)
from shelltutor.grading.checks import GradingError, evaluate
from shelltutor.grading.observed import Reference
from shelltutor.grading.processchecks import AWAKE_SECONDS, process_failures
from shelltutor.grading.terminal import check_terminal, interleaves, recorded
from shelltutor.grading.textmatch import check_text, trim
from shelltutor.sandbox import Chunk
from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.spec import start_directory

E = Expectations


@dataclass(frozen=True)
class ChunkedResult(FakeResult):
    """A result with its output pieces in the order the tutor read them."""

    chunks: tuple[Chunk, ...] = ()


@dataclass
class FakeProcess:
    pid: int
    name: str
    argv: tuple[str, ...]
    state: str = "S"
    dying: bool = False
    awake: bool = False


@dataclass
class ListingWorld(FakeWorld):
    """A FakeWorld that lists directories (from its files) and has processes."""

    running: list[FakeProcess] = field(default_factory=list)

    def listing(self, path: str, limit: int) -> list[FakeEntry]:
        base = self._abs(path)
        entry = self.stat(path)
        if entry is None or entry.kind != "dir":
            raise NotADirectoryError(20, "Not a directory", path)
        below: set[str] = set()
        for rel in self.files:
            absolute = self._abs(rel)
            if absolute.startswith(base + "/"):
                parts = absolute[len(base) + 1 :].split("/")
                below.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        found = []
        for rel in sorted(below):
            stat = self.stat(posixpath.join(base, rel))
            assert stat is not None
            found.append(FakeEntry(rel, stat.kind, stat.mode, stat.size, stat.target))
        return found

    def processes(self) -> list[FakeProcess]:
        return list(self.running)


def grade(expect: Expectations, world: FakeWorld | None = None, **kw: Any):  # type: ignore[no-untyped-def]
    result = kw.pop("result", None) or FakeResult(stdout=kw.pop("stdout", ""), stderr=kw.pop("stderr", ""))
    return evaluate(exercise(expect), ["cmd"], [result], world or ListingWorld(), kw.pop("reference", None))


# -- rewrite and trim -----------------------------------------------------------------------------------------

MS = Rewrite(regex=r"\d+ms", replace="<ms>")


def test_rewrite_applies_to_both_sides_of_same_as_solution() -> None:
    match = TextMatch(same_as_solution="normalized", rewrite=(MS,))
    assert check_text(match, "epoch 1 took 12ms\n", "epoch 1 took 907ms\n") == []
    (mismatch,) = check_text(match, "epoch 2 took 12ms\n", "epoch 1 took 907ms\n")
    assert (mismatch.expected, mismatch.got) == ("epoch 1 took <ms>\n", "epoch 2 took <ms>\n")


def test_rewrites_run_in_order_and_may_put_groups_back() -> None:
    match = TextMatch(
        exact="[t] loss=0.5\n",
        rewrite=(Rewrite(r"^\d\d:\d\d:\d\d", "[t]"), Rewrite(r"loss (\d\.\d)", r"loss=\1")),
    )
    assert check_text(match, "10:00:01 loss 0.5\n") == []
    assert check_text(TextMatch(exact="ab", rewrite=(Rewrite("x"),)), "axb") == []  # replace defaults to ''


def test_trim_ignores_spaces_around_lines_and_blank_lines_around_the_text() -> None:
    assert trim("\n   2 cat\t\n  1 dog  \n\n") == "2 cat\n1 dog\n"
    assert check_text(TextMatch(sorted="2 cat\n1 dog", trim=True), "      1 dog\n      2 cat\n") == []
    assert check_text(TextMatch(sorted="2 cat\n1 dog"), "      1 dog\n      2 cat\n") != []
    assert check_text(TextMatch(exact="a\n", trim=True), "  a") == []  # both sides end the same way


def test_patterns_look_at_the_rewritten_text() -> None:
    match = TextMatch(contains=("took <ms>",), excludes=("12ms",), rewrite=(MS,))
    assert check_text(match, "took 12ms") == []
    assert [m.key for m in check_text(TextMatch(empty=True, rewrite=(Rewrite(r"\s+"),)), " \n ")] == []


REWRITE_CASES = [
    ("pass", E(stdout=TextMatch(normalized="done in <ms>", rewrite=(MS,))), "done in 31ms\n", None, None),
    (
        "fail-after-rewrite",
        E(stdout=TextMatch(normalized="done in <ms>", rewrite=(MS,))),
        "failed in 31ms\n",
        "Your command's standard output is not what the exercise expects.",
        "+failed in <ms>",
    ),
    (
        "sorted-and-trim",
        E(stdout=TextMatch(sorted="2 cat\n1 dog", trim=True)),
        "      1 dog\n      1 cat\n",
        "Your command's standard output is not what the exercise expects.",
        "+1 cat",
    ),
]


@pytest.mark.parametrize(
    ("name", "expect", "stdout", "message", "diff"), REWRITE_CASES, ids=[c[0] for c in REWRITE_CASES]
)
def test_rewrite_table(name: str, expect: Expectations, stdout: str, message: str | None, diff: str | None) -> None:
    verdict = grade(expect, stdout=stdout)
    assert verdict.status == ("pass" if message is None else "fail"), verdict.format()
    if message is not None:
        assert verdict.message.en == message
        assert verdict.diff is not None and diff in verdict.diff["stdout"].splitlines()


def test_rewrite_on_a_file_and_the_solutions_copy_of_it() -> None:
    expect = E(files=(FileExpect(path="run.log", content=TextMatch(same_as_solution="exact", rewrite=(MS,))),))
    reference = Reference(files={"run.log": "step took 5ms\n"})
    world = ListingWorld(files={"run.log": "step took 99ms\n"})
    assert grade(expect, world, reference=reference).status == "pass"
    world = ListingWorld(files={"run.log": "step failed\n"})
    verdict = grade(expect, world, reference=reference)
    assert verdict.message.en == "The content of `run.log` is not what the exercise expects."
    assert verdict.diff is not None and "-step took <ms>" in verdict.diff["file:run.log"].splitlines()


# -- the terminal ---------------------------------------------------------------------------------------------


def chunked(*pieces: tuple[str, str], exit_code: int = 0) -> ChunkedResult:
    out = "".join(text for stream, text in pieces if stream == "stdout")
    err = "".join(text for stream, text in pieces if stream == "stderr")
    chunks = tuple(Chunk(stream, text) for stream, text in pieces)  # type: ignore[arg-type]
    return ChunkedResult(stdout=out, stderr=err, exit_code=exit_code, chunks=chunks)


CHECK = "checking data\nwarning: 3 rows skipped\ndone\n"
TERMINAL = E(terminal=CHECK)
TERMINAL_DIFFERS = (
    "Your command's output (standard output and standard error together) is not what the exercise expects"
)


@pytest.mark.parametrize(
    ("name", "result", "passed"),
    [
        (
            "in-order",
            chunked(("stdout", "checking data\n"), ("stderr", "warning: 3 rows skipped\n"), ("stdout", "done\n")),
            True,
        ),
        # the pipes were read late: stdout's two lines came first, yet the text is an interleaving of the streams
        ("read-late", chunked(("stdout", "checking data\ndone\n"), ("stderr", "warning: 3 rows skipped\n")), True),
        ("all-on-stdout", chunked(("stdout", CHECK)), True),  # `2>&1`: the terminal shows the same
        ("stderr-thrown-away", chunked(("stdout", "checking data\ndone\n")), False),
        (
            "stdout-reversed",
            chunked(("stdout", "done\nchecking data\n"), ("stderr", "warning: 3 rows skipped\n")),
            False,
        ),
        ("extra-line", chunked(("stdout", CHECK + "bye\n")), False),
    ],
)
def test_terminal_table(name: str, result: ChunkedResult, passed: bool) -> None:
    verdict = grade(TERMINAL, result=result)
    assert verdict.passed == passed, verdict.format()
    if not passed:
        assert verdict.message.en.startswith(TERMINAL_DIFFERS)
        assert verdict.message.ko.startswith("명령어의 출력(표준 출력과 표준 에러를 합친 것)이 기대한 것과 다릅니다")
        assert verdict.diff is not None and "terminal" in verdict.diff


def test_the_terminal_diff_shows_what_was_recorded() -> None:
    verdict = grade(TERMINAL, result=chunked(("stderr", "warning: 3 rows skipped\n"), ("stdout", "checking data\n")))
    assert verdict.diff is not None
    lines = verdict.diff["terminal"].splitlines()
    assert "-done" in lines and lines.index("+warning: 3 rows skipped") < lines.index(" checking data")


def test_terminal_compared_with_the_solutions_two_streams() -> None:
    expect = E(terminal=TextMatch(same_as_solution="normalized"))
    reference = Reference(stdout="checking data\ndone\n", stderr="warning: 3 rows skipped\n")
    assert grade(expect, result=chunked(("stdout", CHECK)), reference=reference).passed
    assert grade(expect, result=chunked(("stdout", "done\nchecking data\n")), reference=reference).status == "fail"
    # the same lines on the same streams pass whatever order they were read in
    read_late = chunked(("stderr", "warning: 3 rows skipped\n"), ("stdout", "checking data\ndone\n"))
    assert grade(expect, result=read_late, reference=reference).passed
    sorted_ = E(terminal=TextMatch(same_as_solution="sorted"))
    assert grade(
        sorted_,
        result=chunked(("stdout", "done\nchecking data\n"), ("stderr", "warning: 3 rows skipped\n")),
        reference=reference,
    ).passed


def test_terminal_needs_the_reference_for_same_as_solution() -> None:
    with pytest.raises(GradingError):
        grade(E(terminal=TextMatch(same_as_solution="exact")), result=chunked(("stdout", "x\n")))


def test_terminal_patterns_read_the_recorded_text() -> None:
    expect = E(terminal=TextMatch(contains=("warning",), excludes=("Traceback",), regex=r"^done$"))
    assert grade(expect, result=chunked(("stdout", "done\n"), ("stderr", "warning\n"))).passed
    verdict = grade(expect, result=chunked(("stdout", "done\n")))
    assert verdict.message.en == (
        "Your command's output (standard output and standard error together) should contain `warning`, but it does not."
    )
    assert grade(E(terminal=TextMatch(empty=True)), result=chunked(("stderr", "x\n"))).status == "fail"


def test_recorded_terminal_falls_back_to_both_streams_when_pieces_were_cut() -> None:
    full = chunked(("stderr", "b\n"), ("stdout", "a\n"))
    assert recorded(full) == "b\na\n"
    cut = ChunkedResult(stdout="a\n", stderr="b\n", chunks=(Chunk("stderr", "b\n"),))
    assert recorded(cut) == "a\nb\n"
    assert recorded(FakeResult(stdout="a\n", stderr="b\n")) == "a\nb\n"


@pytest.mark.parametrize(
    ("left", "other", "right", "right_other", "expected"),
    [
        (["a", "b", "c"], [], ["a", "c"], ["b"], True),
        (["b", "a", "c"], [], ["a", "c"], ["b"], True),
        (["c", "a", "b"], [], ["a", "c"], ["b"], False),  # c before a breaks stdout's own order
        (["a", "c"], ["b"], ["a", "b", "c"], [], True),  # the solution's streams, the learner's all on one
        (["a"], ["b"], ["b"], ["a"], True),  # the same lines on swapped streams
        (["a", "a"], ["a"], ["a"], ["a", "a"], True),
        (["a"], [], ["a", "b"], [], False),
        (["x"] * 10_000, ["x"] * 10_000, ["x"] * 20_000, [], None),  # too many ways to tell
    ],
)
def test_interleaves(
    left: list[str], other: list[str], right: list[str], right_other: list[str], expected: bool | None
) -> None:
    assert interleaves(left, other, right, right_other) is expected


def test_terminal_exact_keeps_newlines_and_rewrites_each_stream() -> None:
    match = TextMatch(exact="a\nb", rewrite=(Rewrite(r"\d+", "N"),))
    assert check_terminal(match, "a\n", "b", "a\nb") == []
    assert check_terminal(match, "a", "b\n", "ab\n") != []
    assert (
        check_terminal(TextMatch(exact="took N\nok\n", rewrite=(Rewrite(r"\d+", "N"),)), "ok\n", "took 3\n", "") == []
    )


# -- directories ----------------------------------------------------------------------------------------------

WORK = {"work/keep.txt": "keep\n", "work/sub/data.csv": "1,2\n"}


@pytest.mark.parametrize(
    ("name", "entry", "files", "message"),
    [
        ("empty-pass", FileExpect(path="outbox", empty=True), {"outbox": ("dir",)}, None),
        (
            "empty-fail",
            FileExpect(path="outbox", empty=True),
            {"outbox/a.json": "{}", "outbox/.lock": ""},
            "`outbox` should be empty, but it still holds `.lock`, `a.json`.",
        ),
        (
            "not-empty-fail",
            FileExpect(path="outbox", empty=False),
            {"outbox": ("dir",)},
            "`outbox` is empty; the exercise expects something in it.",
        ),
        ("removed", FileExpect(path="outbox", empty=True), {}, "`outbox` does not exist."),
        (
            "a-file-instead",
            FileExpect(path="outbox", empty=True),
            {"outbox": "x"},
            "`outbox` is a regular file, but the exercise expects a directory.",
        ),
        ("entries-pass", FileExpect(path="work", entries=("sub/", "keep.txt")), WORK, None),
        (
            "entries-missing",
            FileExpect(path="work", entries=("keep.txt", "sub/", "README")),
            WORK,
            "`work` should hold `README`, but it does not.",
        ),
        (
            "entries-extra",
            FileExpect(path="work", entries=("keep.txt",)),
            WORK,
            "`work` should hold only `keep.txt`, but it also holds `sub`.",
        ),
        (
            "entries-not-a-dir",
            FileExpect(path="work", entries=("keep.txt/", "sub")),
            WORK,
            "`work/keep.txt` should be a directory, but it is a regular file.",
        ),
        ("count-pass", FileExpect(path="work", count=2), WORK, None),
        (
            "count-fail",
            FileExpect(path="work", count=3),
            WORK,
            "The number of entries directly in `work` (hidden ones included) is 2; the exercise expects 3.",
        ),
        ("none-match-pass", FileExpect(path="work", none_match=("*.tmp",)), WORK, None),
        (
            "none-match-deep",
            FileExpect(path="work", none_match=("*.tmp",)),
            {**WORK, "work/sub/deep/b.tmp": ""},
            "Nothing in `work` should match `*.tmp` any more (at any depth), but this still does: "
            "`work/sub/deep/b.tmp`.",
        ),
        (
            "none-match-path-glob",
            FileExpect(path="work", none_match=("sub/*.csv",)),
            WORK,
            "Nothing in `work` should match `sub/*.csv` any more (matched against the paths below it; `*` stays "
            "within one name), but this still does: `work/sub/data.csv`.",
        ),
    ],
)
def test_directory_table(name: str, entry: FileExpect, files: dict[str, Any], message: str | None) -> None:
    verdict = grade(E(files=(entry,)), ListingWorld(files=files))
    assert verdict.status == ("pass" if message is None else "fail"), verdict.format()
    if message is not None:
        assert verdict.message.en == message
        assert verdict.message.ko and verdict.message.ko != verdict.message.en


RUNS = {f"runs/r{i}/config.yaml": f"lr: {lr}\nepochs: 5\n" for i, lr in ((1, "0.001"), (2, "0.001"), (3, "0.1"))}
LR = TextMatch(contains=("lr: 0.001",))


@pytest.mark.parametrize(
    ("name", "each", "files", "message"),
    [
        (
            "each-pass",
            EachFile(glob="*/config.yaml", content=LR, at_least=2),
            {k: v for k, v in RUNS.items() if "r3" not in k},
            None,
        ),
        (
            "each-one-wrong",
            EachFile(glob="*/config.yaml", content=LR),
            RUNS,
            "`runs/r3/config.yaml` should contain `lr: 0.001`, but it does not.",
        ),
        (
            "each-too-few",
            EachFile(glob="*/config.yaml", content=LR, at_least=4),
            RUNS,
            "Files in `runs` that match `*/config.yaml` (matched against the paths below it; `*` stays within one "
            "name): 3; the exercise expects at least 4.",
        ),
        (
            "each-none-by-default",
            EachFile(glob="*.yml"),
            RUNS,
            "Files in `runs` that match `*.yml` (at any depth): 0; the exercise expects at least 1.",
        ),
        ("each-none-allowed", EachFile(glob="*.yml", at_least=0), RUNS, None),
        (
            "each-a-link",
            EachFile(glob="*/config.yaml", content=LR),
            {
                **{k: v for k, v in RUNS.items() if "r3" not in k},
                "runs/r3/config.yaml": ("symlink", "../r1/config.yaml"),
            },
            "`runs/r3/config.yaml` matches `*/config.yaml`, but it is a symbolic link, not a regular file.",
        ),
    ],
)
def test_each_file_table(name: str, each: EachFile, files: dict[str, Any], message: str | None) -> None:
    verdict = grade(E(files=(FileExpect(path="runs", each=(each,)),)), ListingWorld(files=files))
    assert verdict.status == ("pass" if message is None else "fail"), verdict.format()
    if message is not None:
        assert verdict.message.en == message


def test_a_directory_too_big_to_judge_fails_and_an_unlistable_world_is_an_error() -> None:
    class Huge(ListingWorld):
        def listing(self, path: str, limit: int) -> list[FakeEntry]:
            found = super().listing(path, limit)

            class Cut(list[FakeEntry]):
                cut = "entries"

            return Cut(found)

    verdict = grade(E(files=(FileExpect(path="work", count=2),)), Huge(files=WORK))
    assert verdict.message.en == "`work` holds too many files for the grader to look through (more than 10000)."
    with pytest.raises(GradingError, match="cannot list a directory"):
        grade(E(files=(FileExpect(path="work", count=2),)), FakeWorld(files=WORK))


# -- links followed: resolves_to ------------------------------------------------------------------------------

CKPT = {"ckpt/epoch-02.pt": "two", "ckpt/epoch-03.pt": "three"}
TO_3 = FileExpect(path="latest", resolves_to="ckpt/epoch-03.pt")


@pytest.mark.parametrize(
    ("name", "entry", "links", "cwd", "message"),
    [
        ("relative", TO_3, {"latest": ("symlink", "ckpt/epoch-03.pt")}, HOME, None),
        ("dot-dot", TO_3, {"latest": ("symlink", "ckpt/../ckpt/./epoch-03.pt")}, HOME, None),
        ("absolute", TO_3, {"latest": ("symlink", f"{HOME}/ckpt/epoch-03.pt")}, HOME, None),
        ("chain", TO_3, {"l3": ("symlink", "ckpt/epoch-03.pt"), "latest": ("symlink", "l3")}, HOME, None),
        ("through-a-linked-dir", TO_3, {"c": ("symlink", "ckpt"), "latest": ("symlink", "c/epoch-03.pt")}, HOME, None),
        (
            "in-a-folder-ln-sr",
            FileExpect(path="runs/latest", resolves_to="ckpt/epoch-03.pt"),
            {"runs/latest": ("symlink", "../ckpt/epoch-03.pt")},
            HOME,
            None,
        ),
        (
            "lesson-home-spelling",
            FileExpect(path="latest", resolves_to=f"{HOME}/ckpt/epoch-03.pt"),
            {"latest": ("symlink", "ckpt/epoch-03.pt")},
            HOME,
            None,
        ),
        (
            "elsewhere",
            TO_3,
            {"latest": ("symlink", "ckpt/epoch-02.pt")},
            HOME,
            "`latest` leads to `~/ckpt/epoch-02.pt`, but the exercise wants it to lead to `~/ckpt/epoch-03.pt`.",
        ),
        (
            "from-where-ln-ran",
            FileExpect(path="runs/latest", resolves_to="ckpt/epoch-03.pt"),
            {"runs/latest": ("symlink", "ckpt/epoch-03.pt")},
            HOME,
            "`runs/latest` leads to `~/runs/ckpt/epoch-03.pt`, not to `~/ckpt/epoch-03.pt`: a relative target is read "
            "from the link's own folder (`~/runs`), not from where you ran `ln`. Give a target relative to the link, "
            "or let `ln -sr` work it out.",
        ),
        (
            "dangling",
            TO_3,
            {"latest": ("symlink", "ckpt/epoch-04.pt")},
            HOME,
            "`latest` leads to `~/ckpt/epoch-04.pt`, but the exercise wants it to lead to `~/ckpt/epoch-03.pt`.",
        ),
        (
            "loop",
            TO_3,
            {"latest": ("symlink", "other"), "other": ("symlink", "latest")},
            HOME,
            "`latest` cannot be followed to a file: its links lead round in a circle, or through more than 40 links.",
        ),
        (
            "outside",
            TO_3,
            {"latest": ("symlink", "/etc/passwd")},
            HOME,
            "`latest` leads to `/etc/passwd`, but the exercise wants it to lead to `~/ckpt/epoch-03.pt`.",
        ),
        (
            "a-copy",
            TO_3,
            {"latest": "three"},
            HOME,
            "`latest` is a regular file, but the exercise expects a symbolic link.",
        ),
    ],
)
def test_resolves_to_table(name: str, entry: FileExpect, links: dict[str, Any], cwd: str, message: str | None) -> None:
    world = ListingWorld(files={**CKPT, **links}, state_=FakeState(cwd=cwd))
    verdict = grade(E(files=(entry,)), world)
    assert verdict.status == ("pass" if message is None else "fail"), verdict.format()
    if message is not None:
        assert verdict.message.en == message


def test_a_link_whose_file_was_removed_leads_nowhere() -> None:
    world = ListingWorld(files={"ckpt/epoch-02.pt": "two", "latest": ("symlink", "ckpt/epoch-03.pt")})
    verdict = grade(E(files=(TO_3,)), world)
    assert verdict.message.en == (
        "`latest` points to `~/ckpt/epoch-03.pt`, but nothing is there: a link leads to a file only while that file "
        "exists."
    )


def test_target_keeps_its_meaning_next_to_resolves_to() -> None:
    chain = {**CKPT, "l3": ("symlink", "ckpt/epoch-03.pt"), "latest": ("symlink", "l3")}
    assert grade(E(files=(TO_3,)), ListingWorld(files=chain)).passed
    verdict = grade(E(files=(FileExpect(path="latest", target="ckpt/epoch-03.pt"),)), ListingWorld(files=chain))
    assert verdict.status == "fail"  # target is what the link holds, not where it leads


# -- processes ------------------------------------------------------------------------------------------------

SERVE = FakeProcess(3, "serve.sh", ("/bin/bash", "./serve.sh"))
SLEEP = FakeProcess(4, "sleep", ("sleep", "600"))
TRAIN = FakeProcess(5, "python3", ("python3", "train.py", "--epochs", "5"))


@pytest.mark.parametrize(
    ("name", "expect", "running", "message"),
    [
        ("by-name", ProcessExpect(name="serve.sh"), [SERVE, SLEEP], None),
        ("by-pattern", ProcessExpect(command=r"train\.py .*--epochs 5"), [TRAIN], None),
        ("name-and-pattern", ProcessExpect(name="python3", command="train"), [TRAIN], None),
        (
            "long-name-as-the-kernel-keeps-it",
            ProcessExpect(name="preprocess_data.sh"),
            [FakeProcess(6, "preprocess_data", ("bash", "x"))],
            None,
        ),
        (
            "missing",
            ProcessExpect(name="serve.sh"),
            [SLEEP],
            "After your commands, nothing is running that the exercise looks for: a process called `serve.sh`.",
        ),
        (
            "missing-by-pattern",
            ProcessExpect(command=r"--epochs 10"),
            [TRAIN],
            "After your commands, nothing is running that the exercise looks for: a process whose command line "
            "matches the pattern `--epochs 10`.",
        ),
        (
            "missing-in-words",
            ProcessExpect(command=r"--epochs 10", looks_for=LocalText(en="the 10-epoch run", ko="에폭 10번 실행")),
            [TRAIN],
            "After your commands, nothing is running that the exercise looks for: the 10-epoch run.",
        ),
        (
            "a-zombie-is-not-running",
            ProcessExpect(name="sleep"),
            [FakeProcess(4, "sleep", (), "Z")],
            "After your commands, nothing is running that the exercise looks for: a process called `sleep`.",
        ),
        (
            "one-sent-a-signal-that-ends-it-is-not-running",  # `pkill python3` has just hit it on a busy machine
            ProcessExpect(name="python3"),
            [FakeProcess(5, "python3", TRAIN.argv, "S", dying=True)],
            "After your commands, nothing is running that the exercise looks for: a process called `python3`.",
        ),
        (
            "one-sent-a-signal-that-ends-it-counts-as-ended",
            ProcessExpect(name="python3", running=False),
            [FakeProcess(5, "python3", TRAIN.argv, "R", dying=True)],
            None,
        ),
        ("stopped", ProcessExpect(name="sleep", running=False), [], None),
        (
            "zombie-counts-as-stopped",
            ProcessExpect(name="sleep", running=False),
            [FakeProcess(4, "sleep", (), "Z")],
            None,
        ),
        (
            "still-running",
            ProcessExpect(name="sleep", running=False),
            [SLEEP],
            "After your commands, this is still running, and it should not be: a process called `sleep` (process 4, "
            "`sleep 600`).",
        ),
        (
            "a-stopped-job-still-runs",
            ProcessExpect(name="sleep", running=False),
            [FakeProcess(4, "sleep", ("sleep", "600"), "T")],
            "After your commands, this is still running, and it should not be: a process called `sleep` (process 4, "
            "`sleep 600`).",
        ),
    ],
)
def test_process_table(name: str, expect: ProcessExpect, running: list[FakeProcess], message: str | None) -> None:
    expect = ProcessExpect(**{**vars(expect), "settle_seconds": 0})
    verdict = grade(E(processes=(expect,)), ListingWorld(running=running))
    assert verdict.status == ("pass" if message is None else "fail"), verdict.format()
    if message is not None:
        assert verdict.message.en == message
        assert "프로세스" in verdict.message.ko or "에폭" in verdict.message.ko


class Clock:
    """A clock the checks sleep on: `sleep` moves it, and the world changes at given times."""

    def __init__(self, world: ListingWorld, changes: dict[float, list[FakeProcess]]) -> None:
        self.now = 0.0
        self.world = world
        self.changes = sorted(changes.items())
        self.looks = 0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        for at, running in self.changes:
            if self.now >= at:
                self.world.running = running


def test_a_process_that_starts_late_is_waited_for_within_the_settle_time() -> None:
    world = ListingWorld(running=[])
    clock = Clock(world, {0.3: [SERVE]})
    outcome = process_failures([ProcessExpect(name="serve.sh")], world, clock=clock.clock, sleep=clock.sleep)
    assert [failure for _, failure in outcome] == [None]
    assert 0.3 <= clock.now < 0.4


def test_a_process_that_never_ends_costs_its_settle_time_and_no_more() -> None:
    world = ListingWorld(running=[SLEEP])
    clock = Clock(world, {})
    expects = [ProcessExpect(name="sleep", running=False, settle_seconds=2), ProcessExpect(name="sleep")]
    outcome = process_failures(expects, world, clock=clock.clock, sleep=clock.sleep)
    assert outcome[0][1] is not None and outcome[1][1] is None
    assert 2.0 <= clock.now < 2.1


def test_a_world_without_processes_is_an_error_of_the_machinery() -> None:
    with pytest.raises(GradingError, match="cannot list its processes"):
        grade(E(processes=(ProcessExpect(name="x"),)), FakeWorld())


# -- the pieces underneath ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("*.tmp", "a.tmp", True),
        ("*.tmp", "x/y/a.tmp", True),
        ("*.tmp", ".hidden.tmp", True),
        ("*.tmp", "a.tmpx", False),
        ("*/config.yaml", "r1/config.yaml", True),
        ("*/config.yaml", "r1/old/config.yaml", False),
        ("**/config.yaml", "config.yaml", True),
        ("**/config.yaml", "r1/old/config.yaml", True),
        ("logs/**", "logs/a/b.log", True),
        ("[!a]*.log", "b.log", True),
        ("[!a]*.log", "a.log", False),
        ("data?.csv", "data1.csv", True),
        ("data?.csv", "data/x.csv", False),
        ("/top.txt", "top.txt", True),
    ],
)
def test_globs(glob: str, path: str, matches: bool) -> None:
    assert glob_matches(glob, path) is matches


@pytest.mark.parametrize("glob", ["", "/", "../x", "a/../b", "[abc", "x[/]y"])
def test_unreadable_globs(glob: str) -> None:
    with pytest.raises(GlobError):
        compile_glob(glob)


@pytest.mark.parametrize(
    ("cwd", "sent"),
    [
        ("", ""),
        ("logs", "logs"),
        ("./logs//app/", "logs/app"),
        ("/tmp/job", "/tmp/job"),
        ("/tmp", "/tmp"),
        (HOME, ""),
        (f"{HOME}/logs", "logs"),
    ],
)
def test_the_starting_directory_as_the_keeper_gets_it(cwd: str, sent: str) -> None:
    assert start_directory(cwd) == sent


@pytest.mark.parametrize("cwd", ["../x", "/etc", "/tmp/../etc", "/home/other"])
def test_a_starting_directory_elsewhere_is_refused_at_run_time(cwd: str) -> None:
    with pytest.raises(SessionError):
        start_directory(cwd)


@dataclass
class ForkingProcess(FakeProcess):
    forking: bool = True


def test_a_job_forked_a_moment_ago_is_given_time_to_start_its_program() -> None:
    # `sleep 600 &` is a copy of the shell until it execs sleep: "no sleep runs" is not yet known.
    copy = ForkingProcess(3, "bash", ("bash", "--noediting", "-i"))
    world = ListingWorld(running=[copy])
    clock = Clock(world, {0.1: [SLEEP]})
    (outcome,) = process_failures(
        [ProcessExpect(name="sleep", running=False, settle_seconds=0)], world, clock=clock.clock, sleep=clock.sleep
    )
    assert outcome[1] is not None and 0.1 <= clock.now < 0.2
    world = ListingWorld(running=[copy])  # a subshell that stays one: looked at for a moment, then judged
    clock = Clock(world, {})
    (outcome,) = process_failures(
        [ProcessExpect(name="sleep", running=False)], world, clock=clock.clock, sleep=clock.sleep
    )
    assert outcome[1] is None and 0.3 <= clock.now < 0.4


def test_a_run_that_should_go_on_but_is_awake_is_watched_until_it_rests_or_ends() -> None:
    """`pkill python3` on a training run that catches SIGTERM: it is awake, handling it, and gone a moment later.
    One at rest again (its handler did not end it) is judged at once; one awake for good costs AWAKE_SECONDS."""
    expects = [ProcessExpect(command="train", settle_seconds=0)]
    handling = FakeProcess(5, "python3", TRAIN.argv, "R", awake=True)
    world = ListingWorld(running=[handling])
    clock = Clock(world, {0.2: []})
    (outcome,) = process_failures(expects, world, clock=clock.clock, sleep=clock.sleep)
    assert outcome[1] is not None and 0.2 <= clock.now < 0.3
    world = ListingWorld(running=[handling])
    clock = Clock(world, {0.1: [TRAIN]})
    (outcome,) = process_failures(expects, world, clock=clock.clock, sleep=clock.sleep)
    assert outcome[1] is None and 0.1 <= clock.now < 0.2
    world = ListingWorld(running=[handling])
    clock = Clock(world, {})
    (outcome,) = process_failures(expects, world, clock=clock.clock, sleep=clock.sleep)
    assert outcome[1] is None and AWAKE_SECONDS <= clock.now < AWAKE_SECONDS + 0.1
    world = ListingWorld(running=[handling])  # awake, but not one the checks want running: not waited for
    clock = Clock(world, {})
    (outcome,) = process_failures(
        [ProcessExpect(command="serve", settle_seconds=0)], world, clock=clock.clock, sleep=clock.sleep
    )
    assert outcome[1] is not None and clock.now == 0


@pytest.mark.parametrize("how", ["block", "default", "handle"])
def test_a_pending_signal_is_read_from_the_kernels_status(how: str) -> None:
    """`_status` reads SigPnd/ShdPnd against what the process blocks, ignores and handles: SIGTERM blocked stays
    harmless; one sent to a stopped process that neither blocks nor handles it will end it once continued; one
    it handles waits for its handler."""
    from shelltutor.sandbox import procinfo
    from shelltutor.sandbox.proctree import read_proc

    code = (
        "import os, signal, sys, time\n"
        + ("signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])\n" if how == "block" else "")
        + ("signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))\n" if how == "handle" else "")
        + "print('ready', flush=True); time.sleep(30)\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as child:
        try:
            assert child.stdout is not None and child.stdout.readline() == "ready\n"
            os.kill(child.pid, signal.SIGSTOP)
            while (proc := read_proc(child.pid)) is not None and proc.state != "T":
                time.sleep(0.01)
            os.kill(child.pid, signal.SIGTERM)
            status = procinfo._status(child.pid)
            assert status is not None
            _inside, killed, fatal, caught = status
            assert (killed, fatal, caught) == (False, how == "default", how == "handle")
        finally:
            child.kill()
