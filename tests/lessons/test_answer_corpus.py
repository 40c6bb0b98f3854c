"""The answer corpus: alternative answers to every shipped exercise, judged by a teacher, graded for real.

`tests/lessons/answers/<lesson-id>.yaml` holds, per exercise, answers a learner might type: `correct` ones a
teacher would accept given the prompt's wording (other spellings, paths, tools) and `wrong` ones a teacher would
refuse (classic mistakes, near misses, answers that ignore the prompt). They were written from the prompts, hints,
fixtures and explanations only, not from the grader, so they measure how often the grader agrees with a teacher.

One test per answer (id `lesson/exercise/correct-3`, 1-based): a correct answer must pass, a wrong one must be
refused, each in a fresh sandbox on seed 1 (the grader re-checks on its second seed as it always does). The
answers the grader currently gets wrong are listed in `answers/known_misgrades.yaml` (id: one-line reason) and
marked xfail(strict): fixing one turns it into an XPASS failure, and its line must then be deleted.

`benchmarks/bench_answer_corpus.py` prints the acceptance table (per chapter and overall) from the same corpus.
Run: `.venv/bin/python -m pytest -q -n 2 tests/lessons/test_answer_corpus.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import Exercise, Keys, Step
from shelltutor.grading.grader import Grader
from shelltutor.grading.harness import start_verify_session

ANSWERS = Path(__file__).parent / "answers"
MISGRADES = ANSWERS / "known_misgrades.yaml"
SEED = 1
LABELS = ("correct", "wrong")
REFUSED = ("fail", "step")
"""Statuses that refuse an answer: `step` (an unfinished multi-step attempt) is not a pass either."""


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses duplicate keys (safe_load would silently keep the last one)."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # _StrictLoader is a SafeLoader


@dataclass(frozen=True)
class Case:
    """One answer of the corpus."""

    id: str
    """`lesson/exercise/label-N`, N counting from 1 within the label."""
    exercise: Exercise
    label: str
    steps: tuple[Step, ...]
    chapter: int

    @property
    def shown(self) -> str:
        return " ⏎ ".join(s if isinstance(s, str) else f"{s.run} [keys: {s.keys}]" for s in self.steps)


@dataclass
class Corpus:
    cases: list[Case]
    problems: list[str]
    covered: set[str]
    """Global ids of the exercises that have at least one answer."""


def _steps(raw: Any, exercise: Exercise, where: str, problems: list[str]) -> tuple[Step, ...] | None:
    """The steps of one answer, or None (with a problem) when it is malformed."""
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        problems.append(f"{where}: an empty list of steps")
        return None
    steps: list[Step] = []
    for i, item in enumerate(items, 1):
        at = f"{where} step {i}" if isinstance(raw, list) else where
        if isinstance(item, str):
            if not item.strip():
                problems.append(f"{at}: an empty command")
                return None
            steps.append(item)
        elif isinstance(item, dict):
            if set(item) != {"run", "keys"} or not all(isinstance(v, str) and v for v in item.values()):
                problems.append(f"{at}: a full-screen step is {{run: TEXT, keys: TEXT}}, got {item!r}")
                return None
            if not exercise.full_screen:
                problems.append(f"{at}: a {{run, keys}} step in an exercise that is not full_screen")
                return None
            steps.append(Keys(run=item["run"], keys=item["keys"]))
        else:
            problems.append(f"{at}: a step is a command (text) or {{run, keys}}, got {type(item).__name__}")
            return None
    return tuple(steps)


def load_corpus(course: Course, directory: Path = ANSWERS) -> Corpus:
    """Every answer file in `directory`, checked against the course; malformed entries become problems."""
    cases: list[Case] = []
    problems: list[str] = []
    covered: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        if path == MISGRADES or path.name == MISGRADES.name:
            continue
        name = path.name
        lesson = course.lesson(path.stem)
        if lesson is None:
            problems.append(f"{name}: no lesson has the id {path.stem!r} (the file is named after the lesson id)")
            continue
        try:
            data = load_yaml(path)
        except yaml.YAMLError as e:
            problems.append(f"{name}: not valid YAML: {e}")
            continue
        if not isinstance(data, dict) or not data:
            problems.append(f"{name}: expected a mapping of exercise id -> {{correct: [...], wrong: [...]}}")
            continue
        for exercise_id, body in data.items():
            exercise = course.exercise(f"{lesson.id}/{exercise_id}")
            where = f"{name}: {exercise_id}"
            if exercise is None:
                known = ", ".join(e.id for e in lesson.exercises)
                problems.append(f"{where}: no such exercise in lesson {lesson.id} (it has: {known})")
                continue
            if not isinstance(body, dict):
                problems.append(f"{where}: expected {{correct: [...], wrong: [...]}}")
                continue
            for key in sorted(set(body) - set(LABELS), key=str):
                problems.append(f"{where}: unknown key {key!r} (only {' and '.join(LABELS)})")
            seen: dict[tuple[Step, ...], str] = {}
            for label in LABELS:
                answers = body.get(label)
                if not isinstance(answers, list) or not answers:
                    problems.append(f"{where}: {label!r} must be a non-empty list of answers")
                    continue
                for n, raw in enumerate(answers, 1):
                    case_id = f"{lesson.id}/{exercise_id}/{label}-{n}"
                    steps = _steps(raw, exercise, f"{name}: {case_id}", problems)
                    if steps is None:
                        continue
                    if steps in seen:
                        problems.append(f"{name}: {case_id} repeats {seen[steps]}")
                        continue
                    seen[steps] = case_id
                    cases.append(Case(case_id, exercise, label, steps, lesson.chapter))
                    covered.add(exercise.global_id)
    return Corpus(cases, problems, covered)


def load_misgrades(cases: list[Case], path: Path = MISGRADES) -> tuple[dict[str, str], list[str]]:
    """The known misgrades (case id -> reason) and the problems of the file."""
    if not path.exists():
        return {}, [f"{path.name}: missing (it may be empty: {{}})"]
    try:
        data = load_yaml(path) or {}
    except yaml.YAMLError as e:
        return {}, [f"{path.name}: not valid YAML: {e}"]
    if not isinstance(data, dict):
        return {}, [f"{path.name}: expected a mapping of case id -> one-line reason"]
    ids = {case.id for case in cases}
    problems = [f"{path.name}: {key!r} is not an answer of the corpus" for key in data if key not in ids]
    problems += [
        f"{path.name}: {key}: the reason must be one non-empty line"
        for key, reason in data.items()
        if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip()
    ]
    return {str(k): str(v) for k, v in data.items()}, problems


COURSE = load_course()
CORPUS = load_corpus(COURSE)
MISGRADED, MISGRADE_PROBLEMS = load_misgrades(CORPUS.cases)


@functools.cache
def grader() -> Grader:
    """One grader per xdist worker: its reference outcomes are cached across this worker's cases. Its sessions
    have `verify`'s short wall clock (the tutor gives a command a minute): an answer left running in the
    foreground is stopped after seconds."""
    return Grader(cache_size=4096, start_session=start_verify_session)


def grade(case: Case) -> tuple[str, str]:
    """The grader's status for this answer on a fresh sandbox, and why (the failed checks), for the report."""
    verdict, _ = grader().grade_commands(case.exercise, list(case.steps), SEED)
    failed = [f"{c.key}: {c.message.en if c.message else '?'}" for c in verdict.checks if not c.passed]
    return verdict.status, "; ".join(failed) or verdict.message.en


def accepted(case: Case, status: str) -> bool:
    """Whether the grader agrees with the teacher on this answer."""
    return status == "pass" if case.label == "correct" else status in REFUSED


def _params() -> Iterator[Any]:
    for case in CORPUS.cases:
        reason = MISGRADED.get(case.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        # One exercise's answers on one worker (`--dist loadgroup`, as `make test` runs): its reference runs,
        # each seed's solution and the known wrong answers whose output a wrong answer is matched against, are
        # made once instead of once per worker.
        marks.append(pytest.mark.xdist_group(case.exercise.global_id))
        yield pytest.param(case, id=case.id, marks=marks)


def test_corpus_files_are_well_formed() -> None:
    assert CORPUS.problems + MISGRADE_PROBLEMS == []


def test_every_exercise_has_answers() -> None:
    missing = [e.global_id for e in COURSE.exercises() if e.global_id not in CORPUS.covered]
    assert missing == [], "exercises without answers in tests/lessons/answers/"


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("case", list(_params()))
def test_answer(case: Case) -> None:
    status, why = grade(case)
    if status == "error":
        pytest.fail(f"grading failed: {case.shown}: {why}")
    assert accepted(case, status), (
        f"a teacher judges this answer {case.label}, the grader says {status}: {case.shown} ({why})"
    )


def test_malformed_corpus_files_are_reported(tmp_path: Path) -> None:
    """The checks above catch typos: a wrong lesson or exercise id, a misspelt key, an empty list, a duplicate."""
    (tmp_path / "no-such-lesson.yaml").write_text("pwd:\n  correct: [pwd]\n  wrong: [ls]\n")
    (tmp_path / "where-am-i.yaml").write_text(
        "pwd:\n  corect: [pwd]\n  wrong: []\n"
        "pwdd:\n  correct: [pwd]\n  wrong: [ls]\n"
        "hostname:\n  correct: [hostname, hostname, ['']]\n  wrong: [{run: vi, keys: x}, 3]\n"
    )
    (tmp_path / "listing-files.yaml").write_text("ls-hidden:\n  correct: [ls -a x]\nls-hidden:\n  wrong: [ls]\n")
    problems = load_corpus(COURSE, tmp_path).problems
    expected = [
        "listing-files.yaml: not valid YAML",
        "no-such-lesson.yaml: no lesson has the id 'no-such-lesson'",
        "where-am-i.yaml: pwd: unknown key 'corect'",
        "where-am-i.yaml: pwd: 'correct' must be a non-empty list",
        "where-am-i.yaml: pwd: 'wrong' must be a non-empty list",
        "where-am-i.yaml: pwdd: no such exercise in lesson where-am-i",
        "where-am-i.yaml: where-am-i/hostname/correct-2 repeats where-am-i/hostname/correct-1",
        "where-am-i.yaml: where-am-i/hostname/correct-3 step 1: an empty command",
        "where-am-i.yaml: where-am-i/hostname/wrong-1: a {run, keys} step in an exercise that is not full_screen",
        "where-am-i.yaml: where-am-i/hostname/wrong-2: a step is a command (text) or {run, keys}, got int",
    ]
    assert len(problems) == len(expected), problems
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert any("duplicate key 'ls-hidden'" in problem for problem in problems), problems
    _, misgrade_problems = load_misgrades(CORPUS.cases, _write(tmp_path / "m.yaml", "nope/x/correct-1: typo\n"))
    assert misgrade_problems == ["m.yaml: 'nope/x/correct-1' is not an answer of the corpus"]


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path
