"""`shelltutor progress`: the learner's progress, as a summary, JSON or an export file; and resetting it."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs, json_text

if TYPE_CHECKING:
    from shelltutor.course.model import Lang
    from shelltutor.progress import ProgressStore

MESSAGES: dict[str, dict[str, str]] = {
    "summary": {"en": "{done} of {total} exercises done", "ko": "연습 문제 {total}개 중 {done}개 완료"},
    "exported": {"en": "progress written to {path}", "ko": "진행 상황을 {path}에 저장했습니다"},
    "ask_reset": {
        "en": "Delete all progress in {path}? This cannot be undone. [y/N] ",
        "ko": "{path}의 진행 상황을 모두 지울까요? 되돌릴 수 없습니다. [y/N] ",
    },
    "kept": {"en": "nothing deleted", "ko": "아무것도 지우지 않았습니다"},
    "deleted": {"en": "progress deleted", "ko": "진행 상황을 지웠습니다"},
}
"""What `progress` says, in the learner's language."""
YES = frozenset({"y", "yes", "예", "네"})


def register(sub: Any) -> None:
    """Add the `progress` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "progress",
        help="show, export or reset your progress",
        description="Show your progress through the course. --export writes a portable JSON file you can hand "
        "in; --reset deletes all progress (after asking).",
    )
    parser.add_argument("--json", action="store_true", help="print JSON: completed exercises and per-lesson counts")
    parser.add_argument("--export", metavar="FILE", type=Path, help="write everything to FILE as JSON")
    parser.add_argument("--reset", action="store_true", help="delete all progress (asks first)")
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Summarize, export or reset."""
    from shelltutor.progress import ProgressError, ProgressStore
    from shelltutor.service import learner_lang

    try:
        store = ProgressStore.open(env.data_dir)
    except ProgressError as error:
        env.stderr.write(f"{error}\n")
        return ExitCode.BAD_INPUT
    try:
        lang = learner_lang(args.lang, store, env.environ)
        say = _sayer(lang)
        if args.reset:
            return _reset(store, args, env, say)
        if args.export:
            exported = json.dumps(store.export(lang=lang), ensure_ascii=False, indent=2)
            args.export.write_text(exported + "\n", encoding="utf-8")
            env.stdout.write(say("exported", path=args.export) + "\n")
            return ExitCode.OK
        return _summary(store, args, env, lang, say)
    finally:
        store.close()


def _sayer(lang: str) -> Callable[..., str]:
    def say(key: str, **values: object) -> str:
        return MESSAGES[key][lang].format(**values)

    return say


def _reset(store: ProgressStore, args: argparse.Namespace, env: CliEnv, say: Callable[..., str]) -> int:
    if not args.yes:
        env.stdout.write(say("ask_reset", path=store.path))
        env.stdout.flush()
        answer = env.stdin.readline().strip().lower()
        if answer not in YES:
            env.stdout.write(say("kept") + "\n")
            return ExitCode.FAILED
    store.reset()
    env.stdout.write(say("deleted") + "\n")
    return ExitCode.OK


def _summary(store: ProgressStore, args: argparse.Namespace, env: CliEnv, lang: Lang, say: Callable[..., str]) -> int:
    from shelltutor.course.catalog import load_course

    course = load_course(extra_lesson_dirs(args))
    completed = store.completed()
    lessons = [
        {
            "id": lesson.id,
            "title": {"en": lesson.title.en, "ko": lesson.title.ko},
            "done": sum(1 for e in lesson.exercises if e.global_id in completed),
            "total": len(lesson.exercises),
        }
        for lesson in course.lessons
    ]
    known = [e.global_id for e in course.exercises() if e.global_id in completed]
    if args.json:
        payload = {
            "completed": known,
            "lessons": lessons,
            "done": len(known),
            "total": sum(int(str(item["total"])) for item in lessons),
            "attempts": len(store.attempts()),
            "position": store.position(),
        }
        env.stdout.write(json_text(payload) + "\n")
        return ExitCode.OK
    total = sum(len(lesson.exercises) for lesson in course.lessons)
    env.stdout.write(say("summary", done=len(known), total=total) + "\n")
    for lesson, item in zip(course.lessons, lessons, strict=True):
        mark = "✓" if item["done"] == item["total"] else f"{item['done']}/{item['total']}"
        env.stdout.write(f"  {mark:>5}  {lesson.title.get(lang)}  ({lesson.id})\n")
    return ExitCode.OK
