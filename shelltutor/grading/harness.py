"""The author harness behind `shelltutor verify`: proves that every exercise can be passed and cannot be cheated.

Per exercise: the reference solution passes (on several seeds when its data is generated); every known wrong
answer fails; trivial answers and the untouched start state fail; echoing the solution's output back fails
where the output comes from generated data; hints and translations are there. Exercises run in parallel.
"""

from __future__ import annotations

import os
import shlex
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shelltutor.course.keys import KeysError, parse_keys
from shelltutor.course.model import Exercise, Keys, Lesson, LocalText, Step
from shelltutor.grading.grader import Grader, replay_seed
from shelltutor.grading.sessions import Isolation, step_command
from shelltutor.grading.shape import same_commands
from shelltutor.grading.verdict import Verdict
from shelltutor.problems import Problem
from shelltutor.sandbox import CommandResult, Session, SessionSpec, load_limits

VERIFY_SEEDS = (1, 2, 3)
"""Seeds a randomized exercise's solution must pass on."""
TRIVIAL_ANSWERS: tuple[tuple[str, ...], ...] = (("true",), ("ls",), ("echo",))
"""Answers that must never pass (unless they are the solution itself)."""
MIN_HINTS_BUILTIN = 2
VERIFY_WALL_SECONDS = 5.0
"""The wall clock per command while verifying, where the exercise keeps the default one (a minute, so that a
learner may wait for a long command): a wrong answer that runs in the foreground or waits for the keyboard must
not hold up every check for a minute. An exercise that needs longer sets `limits.wall_seconds`."""
_REPORT_LOCK = threading.Lock()


@dataclass(frozen=True)
class Finding:
    """One thing wrong with an exercise, and what to do about it."""

    check: str
    """Which check: determinism, solution, wrong[N], trivial, start-state, echo, hints, translations, keys, error."""
    message: str
    command: str | None = None
    verdict: str | None = None
    """The grader's verdict on the command (headline, details and diff), when one is involved."""

    def format(self) -> str:
        """Indented lines for the text report."""
        lines = [f"{self.check}: {self.message}"]
        if self.command is not None:
            lines.append(f"  command: {self.command}")
        if self.verdict:
            lines.extend("  | " + line for line in self.verdict.splitlines())
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"check": self.check, "message": self.message, "command": self.command, "verdict": self.verdict}


@dataclass
class ExerciseReport:
    """The outcome of verifying one exercise."""

    exercise: str
    source: str
    seconds: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    runs: int = 0
    """Attempts graded (each in one or more fresh sessions)."""

    @property
    def ok(self) -> bool:
        """No findings."""
        return not self.findings

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.exercise,
            "source": self.source,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "runs": self.runs,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class Report:
    """The outcome of verifying a set of lessons."""

    exercises: list[ExerciseReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Lesson files that could not be loaded."""
    leftover: list[str] = field(default_factory=list)
    """Processes still running after every session was closed (there should be none)."""
    seconds: float = 0.0
    sessions: int = 0

    @property
    def ok(self) -> bool:
        """Every exercise verified, every file loaded, nothing left running."""
        return all(e.ok for e in self.exercises) and not self.problems and not self.leftover


def _texts(exercise: Exercise) -> Iterator[tuple[str, LocalText]]:
    yield "title", exercise.title
    yield "prompt", exercise.prompt
    for index, hint in enumerate(exercise.hints):
        yield f"hints[{index}]", hint
    if exercise.explanation is not None:
        yield "explanation", exercise.explanation
    for index, wrong in enumerate(exercise.wrong):
        if wrong.explanation is not None:
            yield f"wrong[{index}].explanation", wrong.explanation


def static_findings(exercise: Exercise, *, min_hints: int) -> list[Finding]:
    """What can be found without running anything: hints, translations, key notation."""
    findings: list[Finding] = []
    if len(exercise.hints) < min_hints:
        findings.append(
            Finding(
                "hints",
                f"has {len(exercise.hints)} hint(s); give at least {min_hints}, from a nudge to (nearly) the answer",
            )
        )
    for where, text in _texts(exercise):
        for lang in ("en", "ko"):
            if not getattr(text, lang).strip():
                findings.append(Finding("translations", f"{where}.{lang} is empty: write the {lang} text"))
    steps = [*exercise.solution, *(s for w in exercise.wrong for s in w.commands)]
    for step in steps:
        if isinstance(step, Keys):
            try:
                parse_keys(step.keys)
            except KeysError as error:
                findings.append(Finding("keys", str(error), step.run))
    return findings


def _show(steps: Sequence[Step]) -> str:
    return (
        " ; ".join(step_command(s) + (f"  [keys: {s.keys}]" if isinstance(s, Keys) else "") for s in steps)
        or "(nothing)"
    )


def _explain(verdict: Verdict) -> str:
    return verdict.format("en")


def start_verify_session(spec: SessionSpec) -> Session:
    """Start a session as `verify` does: with `VERIFY_WALL_SECONDS` unless the exercise set its own wall clock."""
    limits = spec.limits
    if limits.wall_seconds == load_limits().wall_seconds and limits.wall_seconds > VERIFY_WALL_SECONDS:
        spec = replace(spec, limits=replace(limits, wall_seconds=VERIFY_WALL_SECONDS))
    return Session.start(spec)


def verify_grader(*, isolation: Isolation = "auto", **options: Any) -> Grader:
    """A grader whose sessions start as `verify`'s do (for `verify_exercise`, and tests that grade many answers)."""
    return Grader(isolation=isolation, start_session=start_verify_session, **options)


def verify_exercise(
    grader: Grader, exercise: Exercise, *, builtin: bool = True, source: str = "", inner_jobs: int = 4
) -> ExerciseReport:
    """Prove one exercise (see the module docstring); never raises for a broken exercise or sandbox."""
    started = time.monotonic()
    report = ExerciseReport(exercise.global_id, source)
    report.findings.extend(static_findings(exercise, min_hints=MIN_HINTS_BUILTIN if builtin else 1))
    try:
        _run_checks(grader, exercise, report, inner_jobs)
    except Exception as error:  # a bug or a dead sandbox: report it against this exercise and go on
        report.findings.append(Finding("error", f"verification crashed: {type(error).__name__}: {error}"))
    report.seconds = time.monotonic() - started
    return report


def _run_checks(grader: Grader, exercise: Exercise, report: ExerciseReport, inner_jobs: int) -> None:
    solution = list(exercise.solution)
    seeds = VERIFY_SEEDS if exercise.randomized else VERIFY_SEEDS[:1]
    with ThreadPoolExecutor(max_workers=inner_jobs) as pool:
        if exercise.randomized:
            twice = list(pool.map(lambda _: fixture_fingerprint(grader, exercise, VERIFY_SEEDS[0]), range(2)))
            if twice[0] != twice[1]:
                report.findings.append(
                    Finding(
                        "determinism",
                        "fixture.generate makes different data from the same seed, so the reference and the attempt "
                        "see different files: make it depend on $SEED only (bash re-seeds $RANDOM inside $( ) and "
                        "pipelines: draw random numbers in the main shell, e.g. `n=$((RANDOM % 10))` before use)",
                        "(generate, seed 1)",
                        "first difference: " + _first_difference(twice[0], twice[1]),
                    )
                )
            # Data that never changes, or that comes back for seed N + 1000 (the re-check's seed: `SEED % 1000`),
            # lets a typed-in answer pass. One pair may match by chance (`RANDOM % 6`); two in a row do not.
            pairs = [(1, 2), (1, replay_seed(1)), (2, replay_seed(2))]
            same = list(pool.map(lambda pair: grader.same_data(exercise, *pair), pairs))
            if same[0] or (same[1] and same[2]):
                a, b = pairs[0] if same[0] else pairs[1]
                report.findings.append(
                    Finding(
                        "seed",
                        f"fixture.generate makes the same data on seeds {a} and {b}"
                        + ("" if same[0] else f" and on {pairs[2][0]} and {pairs[2][1]}")
                        + " (the same files, and the solution gives the same output), so the re-check on other "
                        "data checks nothing and a typed-in answer passes: derive every random choice from all of "
                        "$SEED (e.g. random.Random(int(sys.argv[1])), RANDOM=$SEED)",
                        "(generate)",
                    )
                )
        graded = list(
            pool.map(lambda seed: _grade_with_results(grader, exercise, solution, seed, False, report), seeds)
        )
        for seed, (verdict, results) in zip(seeds, graded, strict=True):
            if verdict.status != "pass":
                what = "errors" if verdict.status == "error" else "fails"
                advice = "fix the solution or the expectations"
                if any(r.timed_out for r in results):
                    advice = (
                        "it ran out of time (verify gives a command its own wall clock, "
                        f"{VERIFY_WALL_SECONDS:g} s, unless the exercise sets limits.wall_seconds): make it quicker or "
                        "set limits.wall_seconds"
                    )
                report.findings.append(
                    Finding(
                        "solution",
                        f"the reference solution {what} on seed {seed}: {advice}",
                        _show(solution),
                        _explain(verdict),
                    )
                )
                return  # nothing else is meaningful while the solution itself does not pass
        first_results = graded[0][1]
        first_stdout = first_results[-1].stdout if first_results else ""
        # Every other attempt must fail; they are independent, so they run side by side.
        attempts: list[tuple[str, str, Sequence[Step], str | None]] = []
        for index, wrong in enumerate(exercise.wrong):
            attempts.append((f"wrong[{index}]", "this known wrong answer", wrong.commands, None))
        solution_lines = [step_command(s) for s in solution]
        wrong_lines = [
            [step_command(s) for s in w.commands] for w in exercise.wrong if all(isinstance(s, str) for s in w.commands)
        ]
        for trivial in TRIVIAL_ANSWERS:
            if not same_commands(trivial, solution_lines) and not any(same_commands(trivial, w) for w in wrong_lines):
                attempts.append(("trivial", f"the trivial answer `{trivial[0]}`", trivial, None))
        for index, miss in enumerate(exercise.near_misses):
            changed = near_miss_steps(solution, miss.replace, miss.with_)
            what = f"the near miss {miss.replace!r} → {miss.with_!r}"
            tell = "make the fixture tell them apart (e.g. a file only the right one finds, generated per seed)"
            attempts.append((f"near_misses[{index}]", what, changed, tell))
        attempts.append(("start-state", "", (), None))
        if exercise.randomized and first_stdout:
            # Through `cat`: an answer that is only echo/printf of typed words is refused on sight (typed-in
            # output); this checks that the re-check on other data catches what is typed in less plainly.
            echo = f"printf '%s' {shlex.quote(first_stdout)} | cat"
            echo_fix = (
                "make the expected output depend on the generated data (e.g. stdout: {same_as_solution: exact}) "
                "and the data on $SEED"
            )
            attempts.append(("echo", "echoing the solution's output for seed 1", (echo,), echo_fix))
        verdicts = list(pool.map(lambda a: _grade(grader, exercise, a[2], 1, True, report), attempts))
    for (check, what, steps, fix), verdict in zip(attempts, verdicts, strict=True):
        if verdict.status == "fail" or (verdict.status == "step" and check in ("trivial", "start-state")):
            continue
        if check == "start-state":
            report.findings.append(
                Finding(
                    "start-state",
                    "the exercise starts solved: doing nothing "
                    + ("passes" if verdict.passed else "does not fail cleanly")
                    + "; expect something the learner must change (a stream, a file, the directory)",
                    "(no commands)",
                    _explain(verdict),
                )
            )
        else:
            report.findings.append(_must_fail(check, what, steps, verdict, fix=fix))


def near_miss_steps(solution: Sequence[Step], replace: str, with_: str) -> list[Step]:
    """The solution with `replace` changed to `with_` in every step (a full-screen step's command and keys)."""
    out: list[Step] = []
    for step in solution:
        if isinstance(step, Keys):
            out.append(Keys(run=step.run.replace(replace, with_), keys=step.keys.replace(replace, with_)))
        else:
            out.append(step.replace(replace, with_))
    return out


Fingerprint = list[tuple[str, str, int, str | None, bytes]]


def fixture_fingerprint(grader: Grader, exercise: Exercise, seed: int) -> Fingerprint:
    """Every path in a fresh session's home with its kind, mode, link target and content (files up to 1 MiB),
    as the fixture's files and `generate` left it: `setup` starts programs (a server writing a log with the
    time of each request) whose files differ from run to run whatever the seed."""
    with grader.fresh_session(exercise, seed, setup=False) as session:
        return [
            (e.path, e.kind, e.mode, e.target, _content(session, e.path) if e.kind == "file" else b"")
            for e in session.files()
        ]


def _content(session: Session, path: str) -> bytes:
    """A fixture file's bytes; what stands for them when the learner could not read it (the grader reads
    no more than the learner could)."""
    try:
        return session.read_file(path)
    except OSError as error:
        return f"<unreadable: {error.strerror or error}>".encode()


def _first_difference(first: Fingerprint, second: Fingerprint) -> str:
    paths = {entry[0]: entry for entry in first}
    others = {entry[0]: entry for entry in second}
    for path in sorted(paths.keys() | others.keys()):
        if paths.get(path) != others.get(path):
            return path
    return "(order of files)"


def _grade_with_results(
    grader: Grader, exercise: Exercise, steps: Sequence[Step], seed: int, replay: bool, report: ExerciseReport
) -> tuple[Verdict, list[CommandResult]]:
    """Grade in a fresh session. An error of the machinery is reported as it is, never retried away."""
    verdict, results = grader.grade_commands(exercise, list(steps), seed, replay=replay)
    with _REPORT_LOCK:
        report.runs += 1
    return verdict, results


def _grade(
    grader: Grader, exercise: Exercise, steps: Sequence[Step], seed: int, replay: bool, report: ExerciseReport
) -> Verdict:
    return _grade_with_results(grader, exercise, steps, seed, replay, report)[0]


def _must_fail(check: str, what: str, steps: Sequence[Step], verdict: Verdict, *, fix: str | None = None) -> Finding:
    if verdict.status == "error":
        message = f"{what} could not be graded (the grader reported an error)"
    else:
        message = f"{what} passes, but it must fail: " + (
            fix or "tighten the expectations (or add a shape check) so that it fails"
        )
    return Finding(check, message, _show(steps), _explain(verdict))


def _descendants() -> list[str]:
    """Processes below this one (sessions should leave none), as `pid command` lines."""
    me = os.getpid()
    parents: dict[int, int] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        after = stat.rsplit(")", 1)[-1].split()
        if len(after) < 2 or after[0] == "Z":
            continue
        parents[int(entry.name)] = int(after[1])
        commands[int(entry.name)] = raw.replace(b"\0", b" ").decode(errors="replace").strip()
    found: list[str] = []
    for pid in parents:
        ancestor = parents.get(pid)
        seen = 0
        while ancestor and ancestor != me and seen < 64:
            ancestor = parents.get(ancestor)
            seen += 1
        if ancestor == me and pid != me:
            found.append(f"{pid} {commands.get(pid, '?')}")
    return sorted(found)


def leftover_processes(grace_seconds: float = 2.0, *, before: Collection[str] = ()) -> list[str]:
    """Processes of ours still running after `grace_seconds` (closing sessions may take a moment), but for those
    of `before` (what ran below this process before the sessions did: a test runner's helpers, a pool's tracker)."""
    deadline = time.monotonic() + grace_seconds
    while True:
        found = [line for line in _descendants() if line not in before]
        if not found or time.monotonic() >= deadline:
            return found
        time.sleep(0.1)


def default_jobs() -> int:
    """Parallel exercises: sessions mostly wait on subprocesses, so a little more than the cores."""
    return max(2, (os.cpu_count() or 1) + 1)


def verify_lessons(
    lessons: Iterable[Lesson],
    *,
    jobs: int | None = None,
    builtin: bool = True,
    isolation: Isolation = "auto",
    on_report: Callable[[ExerciseReport], None] | None = None,
    grader: Grader | None = None,
) -> Report:
    """Verify every exercise of `lessons` in parallel; `on_report` is called as each finishes."""
    started = time.monotonic()
    already = set(_descendants())
    grader = grader or verify_grader(isolation=isolation, match_wrong_output=False)
    work = [(exercise, lesson.source) for lesson in lessons for exercise in lesson.exercises]
    report = Report()

    def one(item: tuple[Exercise, str]) -> ExerciseReport:
        exercise_report = verify_exercise(grader, item[0], builtin=builtin, source=item[1])
        if on_report is not None:
            on_report(exercise_report)
        return exercise_report

    with ThreadPoolExecutor(max_workers=max(1, jobs or default_jobs())) as pool:
        report.exercises = list(pool.map(one, work))
    report.leftover = leftover_processes(before=already)
    report.sessions = grader.sessions_started
    report.seconds = time.monotonic() - started
    return report
