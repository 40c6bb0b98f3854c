"""Every shipped solution, respelt as a learner might type it, still passes: each kind of equivalence that applies.

For each exercise whose solution is plain command lines, the test makes the variants a program or bash accepts
as the same command and grades each in a real sandbox:
- paths: `./data`, `~/data` (or `~/cwd/data`), `/home/learner/...` and, for a directory, Tab completion's `data/`;
- options: a bundle split (`-lh` → `-l -h`), the bundle reordered (`-hl`), and each short option's long form
  (`-r` → `--recursive`) where the program's own table (grading/options.json) has one.
None of these was written for a particular exercise: a variant that fails is a misgrade of that exercise.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.course.model import Exercise, Keys
from shelltutor.grading.grader import Grader
from shelltutor.grading.harness import start_verify_session
from shelltutor.grading.options import program_options
from shelltutor.grading.shape import parse

COURSE = load_course()
PLAIN_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$")
SHORT_BUNDLE = re.compile(r"^-[A-Za-z]{2,}$")
LEARNER_HOME = "/home/learner"
PATTERN_TAKERS = frozenset({"cd", "pushd", "pgrep", "pkill", "grep", "egrep", "fgrep", "sed", "awk", "killall"})
"""Commands whose words are patterns or places, not files to respell (`pgrep -f train.py` matches text)."""


def _fixture_paths(exercise: Exercise) -> tuple[set[str], set[str]]:
    """The files and the directories the fixture makes, relative to the home (generated ones are not known)."""
    files: set[str] = set()
    dirs: set[str] = set()
    for entry in exercise.fixture.files:
        parts = entry.path.strip("/").split("/")
        for i in range(1, len(parts)):
            dirs.add("/".join(parts[:i]))
        (dirs if entry.type_ == "dir" else files).add("/".join(parts))
    return files, dirs


def _replace_word(line: str, word: str, new: str) -> str | None:
    """`line` with the one whole-word occurrence of `word` replaced, or None when it is not there exactly once."""
    pattern = re.compile(r"(?<![\w./~-])" + re.escape(word) + r"(?![\w./-])")
    found = pattern.findall(line)
    if len(found) != 1:
        return None
    return pattern.sub(lambda _: new, line, count=1)


def _path_variants(exercise: Exercise, line: str) -> Iterator[tuple[str, str]]:
    files, dirs = _fixture_paths(exercise)
    cwd = exercise.fixture.cwd.strip("/")
    for command in parse(line).commands:
        if command.name in PATTERN_TAKERS:
            continue
        for arg in command.args:
            if arg.startswith("-") or not PLAIN_PATH.match(arg) or arg.startswith("/"):
                continue
            from_home = f"{cwd}/{arg}" if cwd else arg
            bare = from_home.rstrip("/")
            if bare not in files and bare not in dirs:
                continue
            spellings = [
                ("dot-slash", f"./{arg}"),
                ("tilde", f"~/{from_home}"),
                ("absolute", f"{LEARNER_HOME}/{from_home}"),
            ]
            if bare in dirs and not arg.endswith("/"):
                spellings.append(("trailing-slash", f"{arg}/"))
            for kind, spelt in spellings:
                new = _replace_word(line, arg, spelt)
                if new is not None:
                    yield f"path-{kind}:{arg}", new


def _long_form(program: str, letter: str) -> str | None:
    table = program_options(program)
    if table is None:
        return None
    key = table.keys.get(f"-{letter}")
    if key is None or table.args.get(key) != "none":
        return None
    longs = sorted(s for s, k in table.keys.items() if k == key and s.startswith("--") and "=" not in s)
    return longs[0] if longs else None


def _option_variants(line: str) -> Iterator[tuple[str, str]]:
    for command in parse(line).commands:
        table = program_options(command.name)
        if table is None or not table.bundles:
            continue
        for arg in command.args:
            if arg == "--":
                break
            if SHORT_BUNDLE.match(arg) and all(
                table.args.get(table.keys.get(f"-{c}", ""), "") == "none" for c in arg[1:]
            ):
                letters = arg[1:]
                for kind, new_word in (
                    ("split", " ".join(f"-{c}" for c in letters)),
                    ("reordered", "-" + letters[::-1]),
                ):
                    new = _replace_word(line, arg, new_word)
                    if new is not None:
                        yield f"option-{kind}:{arg}", new
                letters_long = [_long_form(command.name, c) for c in letters]
                if all(letters_long):
                    new = _replace_word(line, arg, " ".join(str(x) for x in letters_long))
                    if new is not None:
                        yield f"option-long:{arg}", new
            elif re.fullmatch(r"-[A-Za-z]", arg):
                long = _long_form(command.name, arg[1])
                if long is not None:
                    new = _replace_word(line, arg, long)
                    if new is not None:
                        yield f"option-long:{arg}", new


def _variants() -> Iterator[object]:
    for lesson in COURSE.lessons:
        for exercise in lesson.exercises:
            if any(isinstance(step, Keys) for step in exercise.solution):
                continue
            steps = [str(step) for step in exercise.solution]
            seen: set[str] = set()
            for index, line in enumerate(steps):
                for kind, new in [*_path_variants(exercise, line), *_option_variants(line)]:
                    if new in seen or new == line:
                        continue
                    seen.add(new)
                    answer = [*steps[:index], new, *steps[index + 1 :]]
                    yield pytest.param(exercise, answer, id=f"{exercise.global_id}/{kind}")


VARIANTS = list(_variants())


@functools.cache
def grader() -> Grader:
    """One grader per worker, with verify's sessions (a short wall clock)."""
    return Grader(cache_size=4096, start_session=start_verify_session)


def test_there_are_variants_of_every_kind() -> None:
    kinds = {param.id.rsplit("/", 1)[1].split(":")[0] for param in VARIANTS}  # type: ignore[attr-defined]
    assert {"path-dot-slash", "path-tilde", "path-absolute", "path-trailing-slash"} <= kinds
    assert {"option-split", "option-reordered", "option-long"} <= kinds
    assert len(VARIANTS) >= 100


@pytest.mark.corpus
@pytest.mark.parametrize(("exercise", "answer"), VARIANTS)
def test_a_respelt_solution_passes(exercise: Exercise, answer: list[str]) -> None:
    verdict, _ = grader().grade_commands(exercise, answer, 1)
    assert verdict.status == "pass", f"{answer}: {verdict.format()}"
