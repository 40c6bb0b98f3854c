"""`shelltutor verify`: prove every exercise (solutions pass, wrong and trivial answers fail, nothing left running)."""

from __future__ import annotations

import argparse
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs, json_text
from shelltutor.course.catalog import builtin_lessons_dir
from shelltutor.course.loader import check_chapters, load_paths
from shelltutor.course.model import Lesson


def register(sub: Any) -> None:
    """Add the `verify` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="prove every exercise",
        description="Prove every exercise (default: the built-in lessons) in real sandbox sessions: the reference "
        "solution passes (on several seeds when its data is generated), every known wrong answer fails, trivial "
        "answers and the untouched start state fail, echoing a generated answer back fails, hints and "
        "translations are present. Exit 0 when all hold, 1 when some exercise needs fixing, 2 when nothing "
        "could be loaded or the sandbox cannot run.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="lesson files or directories")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="exercises verified at once (default: cores + 1)")
    parser.add_argument(
        "--isolation", choices=("auto", "bwrap", "none"), default="auto", help="sandbox isolation (default: auto)"
    )
    parser.add_argument("--exercise", dest="only", metavar="ID", action="append", help="only these exercise ids")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Verify and report."""
    from shelltutor.grading.harness import ExerciseReport, verify_lessons
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

    def progress(report: ExerciseReport) -> None:
        if args.json:
            return
        with lock:
            mark = "ok  " if report.ok else "FAIL"
            env.stdout.write(f"{mark} {report.exercise}  ({report.seconds:.2f} s, {report.runs} runs)\n")
            for finding in report.findings:
                env.stdout.write("     " + finding.format().replace("\n", "\n     ") + "\n")
            env.stdout.flush()

    try:
        report = verify_lessons(
            lessons, jobs=args.jobs, builtin=is_builtin, isolation=args.isolation, on_report=progress
        )
    except SessionError as error:
        env.stderr.write(f"the sandbox cannot run: {error}\n")
        return ExitCode.BAD_INPUT
    failed = [e for e in report.exercises if not e.ok]
    if args.json:
        payload = {
            "ok": report.ok,
            "exercises": [e.to_json() for e in report.exercises],
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
        if failed:
            env.stdout.write("to fix: " + ", ".join(e.exercise for e in failed) + "\n")
    return ExitCode.OK if report.ok and not result.problems else ExitCode.FAILED


def _only(lesson: Lesson, wanted: set[str]) -> Lesson:
    kept = tuple(e for e in lesson.exercises if e.global_id in wanted)
    narrowed = replace(lesson, exercises=kept)
    object.__setattr__(narrowed, "source", lesson.source)
    return narrowed
