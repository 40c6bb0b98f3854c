"""Starting the tutor reads its options without the subcommands' modules, and imports no engine it does not use.

Cold start to the course map is measured in benchmarks/bench_tui_latency.py; what is asserted here is what makes
it fast: which modules a start from the course cache imports.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shelltutor.cli import build_parser, tutor_args

TUTOR_LINES = [
    [],
    ["--lang", "ko"],
    ["--plain", "--lesson", "pwd"],
    ["--lessons", "a", "--lessons", "b", "--plain"],
    ["--exercise", "pwd/where-am-i", "--lang=en"],
    ["--lessons", "progress"],  # a directory named like a subcommand is still a directory
]


@pytest.mark.parametrize("line", TUTOR_LINES, ids=lambda line: " ".join(line) or "(none)")
def test_a_tutor_line_reads_as_the_full_parser_reads_it(line: list[str]) -> None:
    assert tutor_args(line) == build_parser().parse_args(line)


@pytest.mark.parametrize(
    "line",
    [
        ["progress"],
        ["--lang", "ko", "progress", "--json"],
        ["check", "--lessons", "x"],
        ["--help"],
        ["--he"],
        ["--lang", "fr"],
        ["--bogus"],
        ["nosuchcommand"],
    ],
)
def test_any_other_line_goes_to_the_full_parser(line: list[str]) -> None:
    """Subcommands, help and mistakes are read (and reported) by the parser that knows every subcommand."""
    assert tutor_args(line) is None


STARTUP = """
import sys
from pathlib import Path
from shelltutor.cli import tutor_args
tutor_args(["--lang", "en"])
import shelltutor.service, shelltutor.tui.app
from shelltutor.course.catalog import load_course
assert load_course(cached=True).lessons
print(" ".join(sorted(sys.modules)))
"""
NOT_AT_START = [
    "yaml",
    "shelltutor.course.loader",
    "shelltutor.course.validate",
    "shelltutor.course.jsonschema",
    "shelltutor.exercise_run",
    "shelltutor.grading.grader",
    "shelltutor.grading.provenance",
    "shelltutor.grading.shape",
    "shelltutor.sandbox.session",
    "tree_sitter",
    "shelltutor.cli.check",
    "shelltutor.cli.verify",
    "shelltutor.cli.serve",
    "shelltutor.cli.grade",
]


def test_a_start_from_the_course_cache_imports_no_engine_it_does_not_use(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    run = [sys.executable, "-c", STARTUP]
    subprocess.run(run, env=env, check=True, capture_output=True)  # makes the cache
    loaded = set(subprocess.run(run, env=env, check=True, capture_output=True, text=True).stdout.split())
    assert "shelltutor.tui.app" in loaded
    assert sorted(loaded & set(NOT_AT_START)) == []
