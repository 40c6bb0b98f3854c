"""ShellCheck on the learner's scripts: which files, their findings (read through the sandbox, linted on the host as
text fed on stdin), and what they do to a verdict (nothing, unless the exercise fails on a code)."""

from __future__ import annotations

import functools
import json
import posixpath
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import replace

from shelltutor.course.model import SANDBOX_HOME, Exercise, ShellCheckExpect
from shelltutor.grading.filechecks import home_relative
from shelltutor.grading.lintcodes import LintFinding, ScriptLint
from shelltutor.grading.observed import WorldLike
from shelltutor.grading.verdict import Check, Verdict

SHELLCHECK_SECONDS = 5.0
"""ShellCheck is stopped after this long (it takes a tenth of a second on a script of a lesson's size)."""
MAX_SCRIPT_BYTES = 64 * 1024
"""A larger file is not linted: no learner writes a script that long in an exercise."""
SHELLS = frozenset({"sh", "bash", "dash", "ksh"})
"""The shells ShellCheck knows; a shebang naming another interpreter (python3) is not a shell script."""
NOT_SHELL_CODES = frozenset({"SC1071"})
"""ShellCheck's "only sh/bash/dash/ksh scripts" notice: the file was not a shell script after all."""
_SHEBANG = re.compile(r"\A#![ \t]*(\S+)(?:[ \t]+(\S+))?")
_DEFAULT = ShellCheckExpect()


def shellcheck_program() -> str | None:
    """The `shellcheck` on PATH, or None (then no verdict says anything about it)."""
    return shutil.which("shellcheck")


def script_shell(path: str, text: str) -> tuple[bool, str | None]:
    """(whether `text` is a shell script, the shell its shebang names): a shell shebang (`#!/bin/bash`,
    `#!/usr/bin/env bash`) says so, another one (`#!/usr/bin/env python3`) says no, and without one a `.sh`
    name decides (the shell is then unknown, which ShellCheck reports: a script needs a shebang)."""
    found = _SHEBANG.match(text)
    if found is None:
        return path.endswith(".sh"), None
    program = posixpath.basename(found.group(1))
    if program == "env" and found.group(2) and not found.group(2).startswith("-"):
        program = posixpath.basename(found.group(2))
    return (True, program) if program in SHELLS else (False, None)


@functools.lru_cache(maxsize=256)
def shellcheck(text: str, shell: str | None = None) -> tuple[LintFinding, ...] | None:
    """ShellCheck's findings on `text` (None when it is not installed, fails or takes too long).

    The script is given on standard input, with no rc file, in an empty environment from `/`: ShellCheck reads
    only this text and follows no `source` (only files named on its command line are read), so a script cannot
    make it read a file of the host."""
    program = shellcheck_program()
    if program is None:
        return None
    command = [program, "--norc", "--format=json1", *([f"--shell={shell}"] if shell else []), "-"]
    try:
        done = subprocess.run(
            command,
            input=text.encode("utf-8", "replace"),
            capture_output=True,
            timeout=SHELLCHECK_SECONDS,
            cwd="/",
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):  # 1: findings; anything else is ShellCheck failing
        return None
    return parse_json1(done.stdout)


def parse_json1(output: bytes | str) -> tuple[LintFinding, ...] | None:
    """The findings in ShellCheck's `json1` output, by line and column (None when it is not that)."""
    try:
        data = json.loads(output)
        comments = data["comments"]
        findings = [
            LintFinding(
                code=f"SC{int(c['code'])}",
                line=int(c["line"]),
                column=int(c["column"]),
                level=str(c.get("level", "")),
                message=str(c.get("message", "")),
            )
            for c in comments
        ]
    except (ValueError, TypeError, KeyError):
        return None
    return tuple(sorted(findings, key=lambda f: (f.line, f.column, f.code)))


def _home_key(path: str) -> str:
    """A path as a home-relative key: `~/a.sh`, `a.sh`, `./a.sh` and `/home/learner/a.sh` alike."""
    path = home_relative(path)
    if path == SANDBOX_HOME or path.startswith(SANDBOX_HOME + "/"):
        path = path[len(SANDBOX_HOME) :].lstrip("/") or "."
    return posixpath.normpath(path)


def _fixture_data(exercise: Exercise, path: str) -> bytes | None:
    key = _home_key(path)
    for entry in exercise.fixture.files:
        if entry.type_ == "file" and _home_key(entry.path) == key:
            return entry.data()
    return None


def candidates(exercise: Exercise) -> tuple[list[str], bool]:
    """The paths to lint and whether the author named the file (`shellcheck.file`), else every regular file
    the exercise checks."""
    config = exercise.expect.shellcheck or _DEFAULT
    if config.file is not None:
        return [config.file], True
    paths = [f.path for f in exercise.expect.files if f.exists and f.type_ in (None, "file") and f.resolves_to is None]
    return list(dict.fromkeys(paths)), False


def lint_scripts(exercise: Exercise, world: WorldLike) -> tuple[ScriptLint, ...]:
    """ShellCheck's findings on the learner's scripts in `world` after an attempt: the file the exercise names,
    else each checked file that is a shell script and not the fixture's file unchanged (a teammate's script the
    learner only runs). Nothing when ShellCheck is not installed or the exercise turns it off."""
    config = exercise.expect.shellcheck or _DEFAULT
    if not config.enabled or shellcheck_program() is None:
        return ()
    paths, named = candidates(exercise)
    linted: list[ScriptLint] = []
    for path in paths:
        where = home_relative(path)
        try:
            entry = world.stat(where)
            if entry is None or entry.kind != "file" or entry.size > MAX_SCRIPT_BYTES:
                continue
            data = world.read_file(where, MAX_SCRIPT_BYTES)
        except OSError:  # the learner made it unreadable: the file checks say so
            continue
        if b"\0" in data or (not named and data == _fixture_data(exercise, path)):
            continue
        text = data.decode("utf-8", "replace")
        is_script, shell = script_shell(path, text)
        if not is_script and not (named and _SHEBANG.match(text) is None):
            continue
        findings = shellcheck(text, shell)
        if findings is None or any(f.code in NOT_SHELL_CODES for f in findings):
            continue
        kept = tuple(f for f in findings if f.code not in config.ignore)
        failing = tuple(sorted({f.code for f in kept if f.code in config.fail_on}))
        linted.append(ScriptLint(path, kept, failing))
    return tuple(linted)


def enforce(verdict: Verdict, exercise: Exercise, lints: Sequence[ScriptLint]) -> Verdict:
    """The verdict with the exercise's `fail_on` applied: a code found fails an attempt that passed (and is one
    more reason for one that failed). Findings alone never change a verdict."""
    config = exercise.expect.shellcheck
    if config is None or not config.fail_on or verdict.status == "error":
        return verdict
    reasons = [reason for reason in (lint.failure() for lint in lints) if reason is not None]
    if not reasons:
        return replace(verdict, checks=(*verdict.checks, Check("shellcheck", True)))
    check = Check("shellcheck", False, reasons[0])
    if verdict.status == "pass":
        return replace(
            verdict, status="fail", message=reasons[0], details=tuple(reasons[1:]), checks=(*verdict.checks, check)
        )
    return replace(verdict, details=(*verdict.details, *reasons), checks=(*verdict.checks, check))


def with_findings(verdict: Verdict, lints: Sequence[ScriptLint]) -> Verdict:
    """The verdict carrying the findings to show (an error of the machinery shows none)."""
    if not lints or verdict.status == "error":
        return verdict
    return replace(verdict, scripts=tuple(lints))
