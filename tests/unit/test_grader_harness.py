"""The verify harness's own checks: static findings, report shapes, and the leftover-process detector."""

from __future__ import annotations

import subprocess
import time
from dataclasses import replace

from grader_fakes import exercise, text

from shelltutor.course.model import Expectations, Keys, LocalText, WrongAnswer
from shelltutor.grading.harness import ExerciseReport, Finding, leftover_processes, static_findings


def test_too_few_hints_for_the_builtin_course() -> None:
    ex = replace(exercise(Expectations(stdout="x")), hints=(text("only"),))
    assert [f.check for f in static_findings(ex, min_hints=2)] == ["hints"]
    assert static_findings(ex, min_hints=1) == []
    assert static_findings(ex, min_hints=2)[0].message == (
        "has 1 hint(s); give at least 2, from a nudge to (nearly) the answer"
    )


def test_empty_translation_is_named_by_its_key() -> None:
    ex = replace(
        exercise(Expectations(stdout="x")),
        wrong=(WrongAnswer(commands=("ls",), explanation=LocalText(en="Lists.", ko="  ")),),
    )
    assert [f.message for f in static_findings(ex, min_hints=2)] == [
        "wrong[0].explanation.ko is empty: write the ko text"
    ]


def test_unknown_key_name_in_a_keys_step() -> None:
    ex = replace(exercise(Expectations()), solution=(Keys(run="vi x", keys="ihi<Escape>:wq<Enter>"),))
    findings = static_findings(ex, min_hints=2)
    assert [f.check for f in findings] == ["keys"]
    assert "unknown key <Escape>" in findings[0].message and findings[0].command == "vi x"


def test_report_json_and_format() -> None:
    report = ExerciseReport("l/e", "l.yaml", 1.23456, [Finding("trivial", "`ls` passes", "ls", "PASS: Correct!")], 5)
    assert not report.ok
    assert report.to_json()["seconds"] == 1.235
    assert report.findings[0].format().splitlines() == ["trivial: `ls` passes", "  command: ls", "  | PASS: Correct!"]


def test_leftover_processes_are_found_and_then_gone() -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        found = leftover_processes(grace_seconds=0)
        assert any(line.startswith(f"{child.pid} sleep 30") for line in found)
    finally:
        child.kill()
        child.wait()
    time.sleep(0.05)
    assert not any(line.startswith(f"{child.pid} ") for line in leftover_processes(grace_seconds=1))


def test_processes_that_ran_before_the_sessions_are_not_leftovers() -> None:
    """`verify` run inside a process that already has children (a test runner, a pool's resource tracker)
    reports only what its own sessions left behind."""
    helper = subprocess.Popen(["sleep", "31"])
    try:
        before = set(leftover_processes(grace_seconds=0))
        assert any(line.startswith(f"{helper.pid} ") for line in before)
        late = subprocess.Popen(["sleep", "32"])
        try:
            found = leftover_processes(grace_seconds=0, before=before)
            assert [line.split()[0] for line in found] == [str(late.pid)]
        finally:
            late.kill()
            late.wait()
    finally:
        helper.kill()
        helper.wait()
