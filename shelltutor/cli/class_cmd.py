"""`shelltutor class report`: the teacher's view of learners' progress files, as text, JSON or an HTML page."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs, json_text

if TYPE_CHECKING:
    from shelltutor.course.model import Lang

DEFAULT_REGRADES = 10
"""Completions graded again per learner with a bare `--regrade`: each takes a sandbox run or three."""

MESSAGES: dict[str, dict[str, str]] = {
    "wrote": {"en": "HTML report written to {path}", "ko": "HTML 리포트를 {path}에 저장했습니다"},
    "not_written": {"en": "cannot write {path}: {error}", "ko": "{path}에 쓸 수 없습니다: {error}"},
    "nothing": {
        "en": "no learner's progress could be read from the paths given",
        "ko": "주어진 경로에서 읽을 수 있는 학습자 진행 상황이 없습니다",
    },
    "which": {
        "en": "shelltutor class: which command? `shelltutor class report PATH...` is the one there is",
        "ko": "shelltutor class: 어떤 명령인가요? 지금은 `shelltutor class report PATH...` 하나입니다",
    },
    "regrading": {
        "en": "grading again up to {n} completions per learner in the sandbox…",
        "ko": "학습자마다 완료 최대 {n}개를 샌드박스에서 다시 채점하는 중…",
    },
}
"""What `class report` says besides the report, in the teacher's language."""


def register(sub: Any) -> None:
    """Add the `class` subcommand and its `report`."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "class",
        help="the teacher's view: a report over learners' progress",
        description="Commands for teachers. `shelltutor class report PATH...` reads learners' progress "
        "(export files, the tutor's databases, or directories holding them) and reports on the class.",
    )
    inner = parser.add_subparsers(dest="class_command", metavar="COMMAND")
    report = inner.add_parser(
        "report",
        help="progress, stuck exercises and unforeseen wrong answers over learners' files",
        description="Read learners' progress from export files (`shelltutor progress --export`), progress "
        "databases (progress.sqlite3) and directories (walked for both), check that each file is what "
        "shelltutor wrote, and show each learner's progress by chapter, each exercise's figures, where "
        "learners are stuck and the wrong answers no lesson foresaw (as YAML to paste into a lesson). "
        "A malformed or foreign file is named and skipped; an edited one is named and left out of the class "
        "figures. Exit status: 0 all files read and sound, 1 some file skipped or edited, 2 nothing readable. "
        "docs/class-report.md says what the checks prove and what they do not.",
    )
    report.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="export files, databases, directories")
    report.add_argument("--json", action="store_true", help="print the report as JSON instead of text")
    report.add_argument("--html", metavar="FILE", type=Path, help="also write a self-contained HTML page with charts")
    report.add_argument(
        "--regrade",
        action="store_true",
        help="grade again, in the sandbox, the commands behind completions chosen at random; slow",
    )
    report.add_argument(
        "--regrade-max",
        type=int,
        default=DEFAULT_REGRADES,
        metavar="N",
        help=f"with --regrade: at most N completions per learner (default: {DEFAULT_REGRADES})",
    )
    report.add_argument(
        "--include-edited", action="store_true", help="count learners whose file failed a check in the class figures"
    )
    # `class report --lang ko`, as after any subcommand (the global options reach only one level down).
    report.add_argument("--lang", choices=("en", "ko"), default=argparse.SUPPRESS, help="language of the report")
    report.add_argument(
        "--lessons",
        dest="lessons_dirs_after",
        metavar="DIR",
        action="append",
        default=argparse.SUPPRESS,
        help="also load lessons from DIR (repeatable)",
    )
    report.set_defaults(run=run_report)
    parser.set_defaults(run=lambda args, env: _usage(parser, args, env))


def _usage(parser: argparse.ArgumentParser, args: argparse.Namespace, env: CliEnv) -> int:
    env.stderr.write(parser.format_usage() + MESSAGES["which"][_lang(args, env)] + "\n")
    return ExitCode.BAD_INPUT


def _lang(args: argparse.Namespace, env: CliEnv) -> Lang:
    from shelltutor.service import locale_lang

    return getattr(args, "lang", None) or locale_lang(env.environ)


def run_report(args: argparse.Namespace, env: CliEnv) -> int:
    """Read, verify, total up and show."""
    from shelltutor.classroom.aggregate import build_report
    from shelltutor.classroom.jsonreport import report_json
    from shelltutor.classroom.regrade import regrade
    from shelltutor.classroom.sources import collect
    from shelltutor.classroom.textreport import render_text
    from shelltutor.course.catalog import load_course

    lang = _lang(args, env)
    course = load_course(extra_lesson_dirs(args))
    learners, skipped = collect(args.paths)
    extra = None
    if args.regrade and learners:
        env.stderr.write(MESSAGES["regrading"][lang].format(n=args.regrade_max) + "\n")
        extra = regrade(learners, course, per_learner=max(0, args.regrade_max))
    report = build_report(
        learners, skipped, course, lang=lang, extra_findings=extra, include_edited=args.include_edited
    )
    env.stdout.write(json_text(report_json(report)) + "\n" if args.json else render_text(report))
    if args.html is not None:
        from shelltutor.classroom.htmlreport import render_html

        try:
            args.html.write_text(render_html(report), encoding="utf-8")
        except OSError as error:
            env.stderr.write(MESSAGES["not_written"][lang].format(path=args.html, error=error.strerror) + "\n")
            return ExitCode.BAD_INPUT
        env.stderr.write(MESSAGES["wrote"][lang].format(path=args.html) + "\n")
    if not learners:
        env.stderr.write(MESSAGES["nothing"][lang] + "\n")
        return ExitCode.BAD_INPUT
    if skipped or any(row.integrity == "edited" for row in report.learners):
        return ExitCode.FAILED
    return ExitCode.OK
