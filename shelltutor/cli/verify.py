"""`shelltutor verify`: prove every exercise (solutions pass, wrong and trivial answers fail, nothing left running)."""

from __future__ import annotations

import argparse
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs, json_text
from shelltutor.sandbox.textsafe import make_printable

if TYPE_CHECKING:
    from shelltutor.course.model import Lesson
    from shelltutor.grading.harness import ExerciseReport

SLOWEST_SHOWN = 3
"""How many of the slowest exercises the summary names, with their time."""


def register(sub: Any) -> None:
    """Add the `verify` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="prove every exercise",
        description="Prove every exercise (default: the built-in lessons) in real sandbox sessions: the reference "
        "solution passes (on several seeds when its data is generated), every known wrong answer fails, trivial "
        "answers and the untouched start state fail, echoing a generated answer back fails, hints and "
        "translations are present. Prints a line per exercise with its time (and a progress bar on standard "
        "error when that is a terminal). Exit 0 when all hold, 1 when some exercise needs fixing, 2 when nothing "
        "could be loaded or the sandbox cannot run.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="lesson files or directories")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the report as JSON: each exercise as {exercise, ok, seconds, problems, …}",
    )
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="exercises verified at once (default: cores + 1)")
    parser.add_argument(
        "--isolation", choices=("auto", "bwrap", "none"), default="auto", help="sandbox isolation (default: auto)"
    )
    parser.add_argument("--exercise", dest="only", metavar="ID", action="append", help="only these exercise ids")
    parser.set_defaults(run=run)


class ProgressBar:
    """One line on a terminal, redrawn in place as exercises finish: done/total, how many to fix, the time, the
    last exercise. Lines printed meanwhile (to the same terminal) go above it."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = total
        self.done = 0
        self.failed = 0
        self.last = ""
        self.started = time.monotonic()

    def advance(self, exercise: str, ok: bool) -> None:
        """One more exercise finished."""
        self.done += 1
        self.failed += 0 if ok else 1
        self.last = exercise
        self.draw()

    def line(self, width: int) -> str:
        """The bar as one line of at most `width` cells."""
        elapsed = int(time.monotonic() - self.started)
        cells = 20
        filled = cells * self.done // self.total if self.total else cells
        bar = "█" * filled + "░" * (cells - filled)
        fix = f"  {self.failed} to fix" if self.failed else ""
        text = f"verify {bar} {self.done}/{self.total}{fix}  {elapsed // 60}:{elapsed % 60:02d}"
        if self.last:
            text += f"  {make_printable(self.last, single_line=True)}"
        return text[: max(width - 1, 10)]

    def draw(self) -> None:
        """Redraw the line in place."""
        width = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\x1b[K" + self.line(width))
        self.stream.flush()

    def clear(self) -> None:
        """Take the line away (before other output, and at the end)."""
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Verify and report."""
    from shelltutor.course.catalog import builtin_lessons_dir
    from shelltutor.course.loader import check_chapters, load_paths
    from shelltutor.grading.harness import verify_lessons
    from shelltutor.sandbox import SessionError

    builtin = builtin_lessons_dir()
    paths: list[Path] = list(args.paths) + extra_lesson_dirs(args) or [builtin]
    is_builtin = all(p.resolve() == builtin.resolve() for p in paths)
    result = load_paths(paths)
    known = list(result.chapters)
    if not any(p.resolve() == builtin.resolve() for p in paths):
        known += load_paths([builtin / "course.yaml"]).chapters
    check_chapters(result, known)
    lessons = result.lessons
    if args.only:
        wanted = set(args.only)
        lessons = [lesson for lesson in lessons if any(e.global_id in wanted for e in lesson.exercises)]
        lessons = [_only(lesson, wanted) for lesson in lessons]
    for problem in sorted(result.problems):
        env.stderr.write(problem.format() + "\n")
    if not lessons:
        env.stderr.write("nothing to verify: no lesson loaded from " + ", ".join(str(p) for p in paths) + "\n")
        return ExitCode.BAD_INPUT

    lock = threading.Lock()
    total = sum(len(lesson.exercises) for lesson in lessons)
    # The bar's control sequences go to the terminal itself, past the printable wrapper (which would show them).
    bar = ProgressBar(getattr(env.stderr, "stream", env.stderr), total) if _is_terminal(env.stderr) else None

    def progress(report: ExerciseReport) -> None:
        with lock:
            if bar is not None:
                bar.clear()
            if not args.json:
                mark = "ok  " if report.ok else "FAIL"
                env.stdout.write(f"{mark} {report.exercise}  ({report.seconds:.2f} s, {report.runs} runs)\n")
                for finding in report.findings:
                    env.stdout.write("     " + finding.format().replace("\n", "\n     ") + "\n")
                env.stdout.flush()
            if bar is not None:
                bar.advance(report.exercise, report.ok)

    if bar is not None:
        bar.draw()
    try:
        report = verify_lessons(
            lessons, jobs=args.jobs, builtin=is_builtin, isolation=args.isolation, on_report=progress
        )
    except SessionError as error:
        env.stderr.write(f"the sandbox cannot run: {error}\n")
        return ExitCode.BAD_INPUT
    finally:
        if bar is not None:
            bar.clear()
    failed = [e for e in report.exercises if not e.ok]
    if args.json:
        payload = {
            "ok": report.ok and not result.problems,
            "exercises": [exercise_json(e) for e in report.exercises],
            "problems": [p.to_json() for p in sorted(result.problems)],
            "leftover_processes": report.leftover,
            "seconds": round(report.seconds, 3),
            "sessions": report.sessions,
        }
        env.stdout.write(json_text(payload) + "\n")
    else:
        for line in report.leftover:
            env.stdout.write(f"left running after every session closed: {line}\n")
        broken = f", {len(result.problems)} problem(s) in lesson files" if result.problems else ""
        env.stdout.write(
            f"{len(report.exercises)} exercises verified in {report.seconds:.1f} s ({report.sessions} sessions): "
            f"{len(report.exercises) - len(failed)} ok, {len(failed)} to fix{broken}\n"
        )
        if len(report.exercises) > SLOWEST_SHOWN:
            slowest = sorted(report.exercises, key=lambda e: e.seconds, reverse=True)[:SLOWEST_SHOWN]
            env.stdout.write("slowest: " + ", ".join(f"{e.exercise} ({e.seconds:.1f} s)" for e in slowest) + "\n")
        if failed:
            env.stdout.write("to fix: " + ", ".join(e.exercise for e in failed) + "\n")
    return ExitCode.OK if report.ok and not result.problems else ExitCode.FAILED


def exercise_json(report: ExerciseReport) -> dict[str, Any]:
    """One exercise of `verify --json`: {exercise, ok, seconds, problems} (each problem a finding: check,
    message, command, verdict), and where it comes from and how many attempts were graded."""
    return {
        "exercise": report.exercise,
        "ok": report.ok,
        "seconds": round(report.seconds, 3),
        "problems": [finding.to_json() for finding in report.findings],
        "source": report.source,
        "runs": report.runs,
    }


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _only(lesson: Lesson, wanted: set[str]) -> Lesson:
    kept = tuple(e for e in lesson.exercises if e.global_id in wanted)
    narrowed = replace(lesson, exercises=kept)
    object.__setattr__(narrowed, "source", lesson.source)
    return narrowed
