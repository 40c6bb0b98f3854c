"""`shelltutor new lesson ID`: write a commented lesson skeleton that `check` accepts and `verify` proves."""

from __future__ import annotations

import argparse
import os
import re
import shlex
from pathlib import Path
from typing import Any

from shelltutor.cli.common import CliEnv, ExitCode, extra_lesson_dirs
from shelltutor.course.spec import ID_PATTERN

SKELETON = """\
# yaml-language-server: $schema={schema}
# A shelltutor lesson (docs/lesson-format.md has every key, with an example each). Editors with
# yaml-language-server complete the keys and show their docs from the schema above.
# While you write: `shelltutor --lessons {folder} --watch --lesson {id}` shows it in the tutor and reloads it
# on every save; `shelltutor check --lessons {folder}` lists problems as file:line:column;
# `shelltutor verify --lessons {folder}` proves each exercise in the sandbox.

{head}

# Every text the learner sees is in English and Korean: {{en: …, ko: …}}. Markdown where it is shown as a text.
title:                   # the lesson's name on the course map
  en: "{title}"
  ko: "{title}"
summary:                 # one sentence: what the learner will be able to do
  en: Count the lines of a log that match a word, with grep -c.
  ko: grep -c로 로그에서 어떤 단어가 든 줄을 셉니다.
explanation:             # shown before the first exercise (Markdown)
  en: |
    `grep -c WORD FILE` prints how many lines of FILE contain WORD: one number, not the lines themselves.
  ko: |
    `grep -c 단어 파일`은 파일에서 그 단어가 든 줄이 몇 개인지 출력합니다. 줄 자체가 아니라 숫자 하나입니다.

exercises:               # one or more, in order
  - id: count-errors     # unique within the lesson; the global id is {id}/count-errors
    title: {{en: "How many errors?", ko: "에러는 몇 번?"}}   # a short title for lists
    prompt:              # the task (Markdown)
      en: |
        Print how many lines of `logs/train.log` contain `ERROR`, with `grep`.
      ko: |
        `grep`으로 `logs/train.log`에서 `ERROR`가 든 줄이 몇 개인지 출력하세요.
    hints:               # from a nudge to (nearly) the answer
      - en: "`grep` has an option that counts matching lines instead of printing them."
        ko: "`grep`에는 맞는 줄을 출력하는 대신 세어 주는 옵션이 있습니다."
      - en: "`grep -c ERROR logs/train.log`"
        ko: "`grep -c ERROR logs/train.log`"
    solution: grep -c ERROR logs/train.log   # the reference answer: verify runs it, it must pass
    wrong:               # foreseen mistakes: each must fail, and an attempt like it gets the explanation
      - commands: grep ERROR logs/train.log   # as a learner would type it
        explanation:     # why it is wrong (Markdown)
          en: That prints the lines themselves; `-c` counts them.
          ko: 그러면 줄 자체가 출력됩니다. 개수를 세려면 `-c`를 붙이세요.
    fixture:             # the home the exercise starts in
      generate: |        # a bash script run with $SEED set: fresh data per attempt, re-checked on another seed
        RANDOM=$SEED
        mkdir -p logs
        for i in $(seq 40); do
          if (( RANDOM % 4 == 0 )); then echo "step $i ERROR loss is nan"; else echo "step $i INFO loss 0.$RANDOM"; fi
        done > logs/train.log
    expect:              # what a passing attempt looks like; every key given must hold
      stdout: {{same_as_solution: normalized}}   # the reference solution's output on the same data
      exit_code: 0       # the last command's exit status
      shape:             # how the command is made: pipes, redirections, the commands used
        uses: [grep]     # the task names grep, so it may require it
"""


def register(sub: Any) -> None:
    """Add the `new` subcommand."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "new",
        help="write a new lesson skeleton",
        description="Write a commented lesson skeleton, ID.yaml, in the authoring directory given with "
        "--lessons DIR (default: the current directory). It passes `shelltutor check` and `shelltutor verify` "
        "as it is: change its texts and its exercise into yours. Never overwrites a file.",
    )
    parser.add_argument("kind", choices=("lesson",), help="what to write (a lesson)")
    parser.add_argument("id", metavar="ID", help="the lesson id: lowercase letters, digits and dashes")
    parser.add_argument("--chapter", type=int, metavar="N", help="its chapter (default: the course's last)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, env: CliEnv) -> int:
    """Write the skeleton; exit 2 (and write nothing) on a bad id, an id in use, or a file already there."""
    from shelltutor.course.catalog import load_course
    from shelltutor.resources import data_dir

    lesson_id: str = args.id
    if not re.match(ID_PATTERN, lesson_id):
        slug = re.sub(r"[^a-z0-9]+", "-", lesson_id.lower()).strip("-")
        hint = f" (did you mean {slug!r}?)" if slug else ""
        env.stderr.write(f"{lesson_id!r} is not a lesson id: lowercase letters, digits and dashes{hint}\n")
        return ExitCode.BAD_INPUT
    dirs = extra_lesson_dirs(args)
    if len(dirs) > 1:
        env.stderr.write("give one --lessons DIR to write the lesson into\n")
        return ExitCode.BAD_INPUT
    folder = dirs[0] if dirs else Path(".")
    target = folder / f"{lesson_id}.yaml"
    course = load_course([folder] if folder.is_dir() else [])
    taken = course.lesson(lesson_id)
    if taken is not None:
        env.stderr.write(f"a lesson with the id {lesson_id!r} exists already ({taken.source}): choose another id\n")
        return ExitCode.BAD_INPUT
    numbers = [chapter.number for chapter in course.chapters] or [1]
    chapter = args.chapter if args.chapter is not None else max(numbers)
    if chapter not in numbers:
        listed = ", ".join(str(n) for n in numbers)
        env.stderr.write(f"chapter {chapter} is in no course.yaml (chapters: {listed})\n")
        return ExitCode.BAD_INPUT
    order = 1 + max((lesson.order for lesson in course.lessons if lesson.chapter == chapter), default=0)
    head = [
        ("format_version: 1", "the lesson format this file is written in"),
        (f"id: {lesson_id}", "stable: progress is saved under it; never rename it once learners use it"),
        (f"chapter: {chapter}", "which chapter of the course map (a course.yaml names the chapters)"),
        (f"order: {order}", "position within the chapter: lower comes first"),
    ]
    text = SKELETON.format(
        head="\n".join(f"{key.ljust(24)} # {comment}" for key, comment in head),
        schema=_schema_reference(folder, data_dir("schema") / "lesson.schema.json"),
        folder=_shell_word(str(folder)),
        id=lesson_id,
        chapter=chapter,
        order=order,
        title=lesson_id.replace("-", " ").capitalize(),
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as file:  # "x": never overwrites, even in a race
            file.write(text)
    except FileExistsError:
        env.stderr.write(f"{target} exists already: not overwritten (choose another id, or move it away)\n")
        return ExitCode.BAD_INPUT
    except OSError as error:
        env.stderr.write(f"cannot write {target}: {error.strerror or error}\n")
        return ExitCode.BAD_INPUT
    word = _shell_word(str(folder))
    env.stdout.write(
        f"wrote {target} (chapter {chapter}, order {order})\n"
        f"next: shelltutor --lessons {word} --watch --lesson {lesson_id}   (reloads as you save)\n"
        f"      shelltutor check --lessons {word}   and   shelltutor verify --lessons {word}\n"
    )
    return ExitCode.OK


def _schema_reference(folder: Path, schema: Path) -> str:
    """How the lesson names the schema: relative to its folder inside the same checkout, else absolute."""
    folder, schema = folder.resolve(), schema.resolve()
    root = schema.parent.parent
    if folder == root or root in folder.parents:
        return os.path.relpath(schema, folder)
    return str(schema)


def _shell_word(text: str) -> str:
    """`text` as one word at a shell prompt (quoted only when it needs to be)."""
    return shlex.quote(text)
