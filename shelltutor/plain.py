"""Plain mode: a line-oriented tutor for screen readers, dumb terminals and scripts (nothing is redrawn)."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from shelltutor.cli.common import UNISOLATED, CliEnv, ExitCode, extra_lesson_dirs, printable_env
from shelltutor.course.model import Exercise, Lang, LocalText
from shelltutor.grading.lintcodes import text as lint_text
from shelltutor.grading.worldmessages import diff_subject
from shelltutor.sandbox import SessionError, make_printable
from shelltutor.sandbox.exitsignals import signal_note
from shelltutor.sandbox.results import Chunk
from shelltutor.sandbox.stagetext import plain_lines
from shelltutor.sandbox.termtext import printable_with_colours
from shelltutor.service import NOTICES, ExerciseRun, Outcome, TutorService, make_service

if TYPE_CHECKING:
    from shelltutor.grading.verdict import Verdict

T: dict[str, LocalText] = {
    "lesson": LocalText(en="Lesson: {title}", ko="레슨: {title}"),
    "exercise": LocalText(en="Exercise {n} of {total}: {title}", ko="연습 {n}/{total}: {title}"),
    "help": LocalText(
        en="Type shell commands. Tutor commands: :hint, :solution, :explain [CMD], :pipeline, :reset, :skip, :quit, "
        ":help.",
        ko="셸 명령어를 입력하세요. 튜터 명령: :hint(힌트), :solution(정답), :explain [명령어](설명), "
        ":pipeline(파이프라인 단계별 보기), :reset(초기화), :skip(건너뛰기), :quit(종료), :help(도움말).",
    ),
    "exit_status": LocalText(en="exit status: {code}", ko="종료 코드: {code}"),
    "no_status": LocalText(en="exit status: none (the command did not finish)", ko="종료 코드: 없음 (끝나지 않음)"),
    "pass": LocalText(en="PASSED", ko="통과"),
    "fail": LocalText(en="NOT YET", ko="아직 아닙니다"),
    "step": LocalText(en="STEP, KEEP GOING", ko="단계, 계속하세요"),
    "error": LocalText(en="ERROR (not your fault)", ko="오류 (여러분 잘못이 아닙니다)"),
    "saved": LocalText(en="progress saved", ko="진행 상황 저장됨"),
    "hint": LocalText(en="Hint {n} of {total}: {text}", ko="힌트 {n}/{total}: {text}"),
    "no_more_hints": LocalText(en="No more hints.", ko="힌트를 모두 보았습니다."),
    "solution": LocalText(en="Solution:", ko="정답:"),
    "solution_locked": LocalText(
        en="The solution opens after a few attempts or once you have seen every hint (:hint).",
        ko="정답은 몇 번 시도하거나 힌트(:hint)를 모두 본 뒤에 볼 수 있습니다.",
    ),
    "explain_nothing": LocalText(
        en="Nothing to explain yet: type :explain and a command, or run a command first.",
        ko="아직 설명할 명령어가 없습니다. :explain 뒤에 명령어를 쓰거나, 먼저 명령어를 실행하세요.",
    ),
    "reset": LocalText(en="Exercise reset: fresh shell and files.", ko="연습을 초기화했습니다: 새 셸과 새 파일."),
    "skipped": LocalText(en="Skipped.", ko="건너뛰었습니다."),
    "needs_terminal": LocalText(
        en="`{command}` is a full-screen program and needs a terminal; run shelltutor in a terminal for this.",
        ko="`{command}` 은(는) 전체 화면 프로그램이라 터미널이 필요합니다. 터미널에서 shelltutor를 실행하세요.",
    ),
    "unknown": LocalText(en="Unknown tutor command {word}. {help}", ko="모르는 튜터 명령 {word}. {help}"),
    "done_one": LocalText(en="The exercise is passed.", ko="연습을 통과했습니다."),
    "done": LocalText(en="All {n} exercises passed.", ko="연습 {n}개를 모두 통과했습니다."),
    "not_done_one": LocalText(en="1 exercise not passed yet.", ko="아직 통과하지 못한 연습이 1개 있습니다."),
    "not_done": LocalText(en="{n} exercises not passed yet.", ko="아직 통과하지 못한 연습이 {n}개 있습니다."),
    "interrupted": LocalText(en="^C (interrupted)", ko="^C (중단함)"),
    "still_running": LocalText(
        en="… still running ({seconds} s). Ctrl-C stops it.",
        ko="… 아직 실행 중입니다 ({seconds}초). Ctrl-C로 멈출 수 있습니다.",
    ),
    "diff": LocalText(en="Difference in {what} (- expected, + yours):", ko="{what} 차이 (- 기대, + 내 결과):"),
    "marked": LocalText(en="Your {what}, where it differs:", ko="내 {what}에서 다른 곳:"),
    "yours": LocalText(en="Your {what}:", ko="내 {what}:"),
    "expected_now": LocalText(
        en="Your last attempt again, now with what was expected:", ko="지난 시도를 기대한 결과와 함께 다시 보여 줍니다:"
    ),
    "why": LocalText(en="Why: {text}", ko="이유: {text}"),
    "pipeline": LocalText(
        en="Your last pipeline, stage by stage (counted while it ran):",
        ko="마지막 파이프라인을 단계별로 보여 줍니다 (실행되는 동안 센 것):",
    ),
    "no_pipeline": LocalText(
        en="No pipeline yet in this exercise: run one (such as `sort names.txt | uniq -c`), then :pipeline.",
        ko="이 연습에서 아직 파이프라인을 실행하지 않았습니다. `sort names.txt | uniq -c`처럼 하나 실행한 뒤 "
        ":pipeline을 입력하세요.",
    ),
    "unisolated": LocalText(en=UNISOLATED["en"] + " {problem}", ko=UNISOLATED["ko"] + " {problem}"),
}


STILL_RUNNING_FIRST = 5.0
"""Seconds after which a running command is first said to be still running (then every `STILL_RUNNING_EVERY`)."""
STILL_RUNNING_EVERY = 10.0
"""Seconds between those notices: a line each, which a screen reader reads once, not a counter redrawn in place."""


def tr(key: str, lang: Lang, **values: object) -> str:
    """A plain-mode string in `lang`."""
    return T[key].get(lang).format(**values)


@dataclass
class PlainTutor:
    """Reads commands line by line, runs and grades them, and prints everything as plain lines."""

    service: TutorService
    out: TextIO
    stdin: TextIO
    prompt: str = "$ "
    """Shown before each line read from a terminal (the exercise's bash-like prompt)."""
    current: ExerciseRun | None = None
    """The exercise open now: its shell's history is what Up and Ctrl-R walk."""
    _in_readline: list[str] | None = None
    """The history readline was last given."""
    concealed: Verdict | None = None
    """The last verdict, when it was shown without what was expected (shown again with it after `:solution`)."""

    @property
    def lang(self) -> Lang:
        """The learner's language."""
        return self.service.lang

    def say(self, text: str = "") -> None:
        """Print a line and flush (a pipe reader sees it at once). Everything plain mode prints passes here or
        the prompt below: lesson texts, output, verdicts quoting the learner, all made printable."""
        self.out.write(make_printable(text) + "\n")
        self.out.flush()

    def work_through(self, exercises: list[Exercise]) -> int:
        """Present each exercise until passed or skipped; returns how many were not passed."""
        self.say(tr("help", self.lang))
        not_passed = 0
        lines = self._lines()
        current_lesson = ""
        for n, exercise in enumerate(exercises, start=1):
            if exercise.lesson_id != current_lesson:
                current_lesson = exercise.lesson_id
                lesson = self.service.course.lesson(current_lesson)
                if lesson is not None:
                    self.say()
                    self.say(tr("lesson", self.lang, title=lesson.title.get(self.lang)))
                    self.say(readable(lesson.explanation.get(self.lang)))
            passed = self._exercise(exercise, n, len(exercises), lines)
            if passed is None:
                not_passed += len(exercises) - n + 1
                break
            if not passed:
                not_passed += 1
        self.say()
        if not_passed:
            self.say(tr("not_done_one" if not_passed == 1 else "not_done", self.lang, n=not_passed))
        else:
            self.say(tr("done_one" if len(exercises) == 1 else "done", self.lang, n=len(exercises)))
        return not_passed

    def _lines(self) -> Iterator[str]:
        """The learner's lines. On a terminal, read with readline (line editing, Up/Down and Ctrl-R through
        the shell's history, saved commands included; Ctrl-C drops the line, as in bash); piped in, each is
        echoed after the prompt so the transcript reads like a terminal session."""
        editing = self.stdin is sys.stdin and self.stdin.isatty() and self.out.isatty()
        line_editor: Any = None
        if editing:
            with contextlib.suppress(ImportError):
                import readline  # (imported for its effect on input())

                readline.set_auto_history(False)  # the shell's history, not every line typed (`:hint`, `> ` lines)
                line_editor = readline
        while True:
            prompt = make_printable(self.prompt, single_line=True)  # it shows the learner's cwd
            if editing:
                if line_editor is not None:
                    self._give_history(line_editor)
                try:
                    line = input(prompt)
                except KeyboardInterrupt:
                    self.out.write("\n")
                    continue
                except EOFError:
                    self.out.write("\n")
                    return
                yield line
                continue
            if self.stdin.isatty():
                self.out.write(prompt)
                self.out.flush()
            raw = self.stdin.readline()
            if not raw:
                return
            line = raw.rstrip("\n")
            if not self.stdin.isatty():
                self.say(prompt + line)
            yield line

    def _give_history(self, line_editor: Any) -> None:
        """Give readline the shell's history, as `history` lists it (the learner's saved commands first), when
        it changed: Up and Ctrl-R walk it. An entry with a control character is given as it would be shown."""
        entries = self.current.history if self.current is not None else []
        if entries == self._in_readline:
            return
        line_editor.clear_history()
        for entry in entries:
            shown = make_printable(entry)
            line_editor.add_history(entry if shown == entry else make_printable(entry, single_line=True))
        self._in_readline = entries

    def _exercise(self, exercise: Exercise, n: int, total: int, lines: Iterator[str]) -> bool | None:
        """True when passed, False when skipped, None when input ended first."""
        self.say()
        self.say(tr("exercise", self.lang, n=n, total=total, title=exercise.title.get(self.lang)))
        if exercise.explanation is not None:
            self.say(readable(exercise.explanation.get(self.lang)))
        self.say(readable(exercise.prompt.get(self.lang)))
        run = self.current = self.service.open(exercise.global_id)
        if self.out.isatty():
            size = shutil.get_terminal_size()
            run.set_terminal_size(size.columns, size.lines)
        try:
            self.prompt = run.prompt_label()
            pending: str | None = None  # an unfinished command (open quote, here-document): more lines follow
            for line in lines:
                if pending is not None:
                    line, pending = f"{pending}\n{line}", None
                elif not line.strip():
                    continue
                elif line.strip().startswith(":"):
                    action = self._tutor_command(run, line.strip())
                    if action == "skip":
                        return False
                    if action == "quit":
                        return None
                    continue
                outcome = self._run(run, line)
                if outcome is not None and outcome.result is not None and outcome.result.incomplete:
                    pending, self.prompt = line, "> "
                    continue
                self.prompt = run.prompt_label()
                if outcome is not None and outcome.verdict is not None and outcome.verdict.status == "pass":
                    return True
            if pending is not None:
                self.say(NOTICES["incomplete"].get(self.lang))
            return None
        finally:
            run.close()

    def _tutor_command(self, run: ExerciseRun, word: str) -> str | None:
        lang = self.lang
        if word in (":hint", ":h"):
            hint = run.next_hint()
            if hint is None:
                self.say(tr("no_more_hints", lang))
            else:
                text = readable(hint.get(lang))
                self.say(tr("hint", lang, n=run.hints_shown, total=len(run.exercise.hints), text=text))
        elif word == ":solution":
            if run.can_show_solution():
                self.say(tr("solution", lang))
                for command in run.solution_text():
                    self.say(f"  {command}")
                if self.concealed is not None and self.concealed is run.last_verdict:
                    # What the last verdict kept back is no secret now, as F3 shows it in the tutor.
                    self.say(tr("expected_now", lang))
                    self._say_verdict(self.concealed, reveal=True)
                self.concealed = None
            else:
                self.say(tr("solution_locked", lang))
        elif word in (":pipeline", ":p"):
            last = next((r for r in reversed(run.results) if r.stages), None)
            if last is None:
                self.say(tr("no_pipeline", lang))
            else:
                self.say(tr("pipeline", lang))
                for line in plain_lines(last.stages, lang):
                    self.say(line)
        elif word == ":reset":
            run.reset()
            self.say(tr("reset", lang))
        elif word == ":skip":
            self.say(tr("skipped", lang))
            return "skip"
        elif word in (":quit", ":q"):
            return "quit"
        elif word == ":explain" or word.startswith((":explain ", ":explain\t")):
            self._explain(run, word[len(":explain") :].strip())
        elif word == ":help":
            self.say(tr("help", lang))
        else:
            self.say(tr("unknown", lang, word=word, help=tr("help", lang)))
        return None

    def _explain(self, run: ExerciseRun, command: str) -> None:
        """`:explain CMD` (or the last command): each part in words, against the exercise's shell; no diagram,
        which a screen reader would read out character by character."""
        from shelltutor.explain.render import render_text

        command = command or (run.history[-1] if run.history else "")
        if not command.strip():
            self.say(tr("explain_nothing", self.lang))
            return
        width = shutil.get_terminal_size().columns if self.out.isatty() else 100
        for line in render_text(run.explain(command, self.lang), width, diagram=False).rstrip("\n").split("\n"):
            self.say(line)

    def _run(self, run: ExerciseRun, command: str) -> Outcome | None:
        lang = self.lang
        if run.needs_terminal(command):
            if not (self.stdin.isatty() and self.out.isatty()):
                self.say(tr("needs_terminal", lang, command=command))
                return None
            outcome = run.run_attached(command, self.stdin.fileno(), self.out.fileno())
        else:
            outcome = self._interruptible(run, command)
        result = outcome.result
        if result is not None and result.incomplete:
            return outcome  # not run: the caller reads the rest of the command at a `> ` prompt, as bash does
        if result is not None:
            for stream, raw_line in output_lines(result.chunks):
                prefix = "" if stream == "stdout" else "stderr: "
                self.say(prefix + printable_with_colours(raw_line, colours=False))  # for screen readers too
            if result.exit_code is None:
                self.say(tr("no_status", lang))
            else:
                note = signal_note(result.exit_code, lang)
                self.say(tr("exit_status", lang, code=result.exit_code) + (f" ({note})" if note else ""))
        for notice in outcome.notices:
            self.say(notice.get(lang))
        verdict = outcome.verdict
        if verdict is not None:
            reveal = verdict.revealed  # what was expected: only once the solution unlocks (docs/verdicts.md)
            self._say_verdict(verdict, reveal=reveal)
            self.concealed = None if reveal else verdict
        if outcome.saved:
            self.say(f"({tr('saved', lang)})")
        return outcome

    def _say_verdict(self, verdict: Verdict, *, reveal: bool) -> None:
        """The verdict's headline, details, explanation and diffs; what was expected only with `reveal`."""
        lang = self.lang
        self.say(f"{tr(verdict.status, lang)}: {readable(verdict.shown_message(reveal).get(lang))}")
        for detail in verdict.shown_details(reveal):
            self.say("- " + readable(detail.get(lang)))
        if verdict.wrong_explanation is not None and verdict.status != "pass":
            self.say(tr("why", lang, text=readable(verdict.wrong_explanation.get(lang))))
        for what, diff in (verdict.diff_in(lang, reveal) or {}).items():
            if diff:
                label = "yours" if verdict.diffs[what].expected is None else "diff" if reveal else "marked"
                self.say(tr(label, lang, what=_diff_title(what, lang)))
                for diff_line in make_printable(diff).splitlines():
                    self.say("  " + diff_line)
        for script in verdict.scripts:
            if script.findings:
                advice = "" if script.failing else f" ({lint_text('advice', lang)})"
                self.say(readable(script.title(lang)) + advice + ":")
                for line in script.lines(lang):
                    self.say("- " + readable(line))

    def _interruptible(self, run: ExerciseRun, command: str) -> Outcome:
        """Run the command in a worker while this (main) thread waits: Ctrl-C interrupts the command, as in a
        terminal, instead of ending the tutor."""
        done: dict[str, Any] = {}
        finished = threading.Event()

        def work() -> None:
            try:
                done["outcome"] = run.run(command)
            except BaseException as error:  # handed to the main thread below
                done["error"] = error
            finally:
                finished.set()

        threading.Thread(target=work, name="shelltutor-plain-command", daemon=True).start()
        # An Event, not Thread.join(): a KeyboardInterrupt inside join() can leave the thread looking finished.
        started = time.monotonic()
        next_notice: float | None = started + STILL_RUNNING_FIRST
        while not finished.is_set():
            try:
                finished.wait(0.1)
            except KeyboardInterrupt:
                run.interrupt()
                self.say(tr("interrupted", self.lang))
                next_notice = None  # it is being stopped
                continue
            now = time.monotonic()
            if next_notice is not None and now >= next_notice and not finished.is_set():
                self.say(tr("still_running", self.lang, seconds=round(now - started)))
                next_notice += STILL_RUNNING_EVERY
        if "error" in done:
            raise done["error"]
        outcome: Outcome = done["outcome"]
        return outcome


CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+\1", re.S)
EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", re.S)
TAG = re.compile(r"</?(kbd|br|sup|sub|em|strong)\s*/?>", re.I)


FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.S | re.M)
HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


def readable(markdown: str) -> str:
    """Lesson Markdown as plain text that a screen reader reads well and a terminal shows as it is meant: a
    code block becomes its lines indented by four spaces (no fences), inline code loses its backticks, and
    emphasis stars, heading marks and HTML tags go; a link reads "text (address)". A `*` inside code stays."""
    spans: list[str] = []

    def hold(text: str) -> str:
        spans.append(text)
        return f"\x00{len(spans) - 1}\x00"

    def block(match: re.Match[str]) -> str:
        lines = match.group(2).rstrip("\n").split("\n")
        return hold("\n".join("    " + line if line.strip() else "" for line in lines))

    text = FENCE.sub(block, markdown)
    text = CODE_SPAN.sub(lambda m: hold(m.group(0).strip("`").strip() or m.group(0)), text)
    text = TAG.sub("", text)
    text = EMPHASIS.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), text)
    text = HEADING.sub("", LINK.sub(r"\1 (\2)", text))
    text = re.sub("\x00(\\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return text.strip("\n").rstrip()  # a code block's indentation on the first line stays


def _diff_title(key: str, lang: Lang) -> str:
    """What a diff is of, in words: `standard output (stdout)`, `표준 에러 (stderr)`, `file notes.txt`."""
    return diff_subject(key).get(lang)


def _exercises_for(service: TutorService, args: argparse.Namespace) -> list[Exercise] | str:
    """The exercises plain mode works through, or an error message."""
    course = service.course
    if args.exercise:
        exercise = course.exercise(args.exercise)
        if exercise is None:
            return f"no exercise {args.exercise!r}; `shelltutor lessons` lists them"
        return [exercise]
    lesson_id = args.lesson or service.resume_target()[0]
    lesson = course.lesson(lesson_id)
    if lesson is None:
        return f"no lesson {lesson_id!r}; `shelltutor lessons` lists them"
    if args.lesson:
        return list(lesson.exercises)
    start = service.first_unfinished(lesson.id)
    ids = [e.global_id for e in lesson.exercises]
    return list(lesson.exercises[ids.index(start) :])


def run_plain(args: argparse.Namespace, env: CliEnv) -> int:
    """`shelltutor --plain`: exit 0 when every exercise given was passed, 1 otherwise, 2 on bad input."""
    env = printable_env(env)  # problems quote lesson files, errors quote the sandbox: all made printable
    service = make_service(lang=args.lang, extra_dirs=extra_lesson_dirs(args), data_dir=env.data_dir, isolation="auto")
    try:
        for problem in service.course.problems:
            env.stderr.write(problem.format() + "\n")
        report = service.isolation()
        if not report.ok:
            if os.environ.get("SHELLTUTOR_ALLOW_UNISOLATED") != "1":
                env.stderr.write(f"{report.problem}\n{report.fix}\n")
                env.stderr.write("Set SHELLTUTOR_ALLOW_UNISOLATED=1 to run without isolation (local use only).\n")
                return ExitCode.BAD_INPUT
            service.allow_unisolated()
            env.stdout.write(tr("unisolated", service.lang, problem=report.problem or "") + "\n")
        exercises = _exercises_for(service, args)
        if isinstance(exercises, str):
            env.stderr.write(exercises + "\n")
            return ExitCode.BAD_INPUT
        tutor = PlainTutor(service, env.stdout, env.stdin)
        try:
            not_passed = tutor.work_through(exercises)
        except SessionError as error:
            env.stderr.write(f"the sandbox could not start: {error}\n")
            return ExitCode.BAD_INPUT
        return ExitCode.FAILED if not_passed else ExitCode.OK
    finally:
        service.close()


def output_lines(chunks: Sequence[Chunk]) -> list[tuple[str, str]]:
    """Each stream's whole lines, in the order they were completed: a line written in pieces (a chunk may end in
    the middle of a line, and the other stream's chunk come between) is one line. "\\r" rewrites a line, it never
    ends one."""
    partial = {"stdout": "", "stderr": ""}
    lines: list[tuple[str, str]] = []
    for chunk in chunks:
        stream = "stderr" if chunk.stream == "stderr" else "stdout"
        pieces = (partial[stream] + chunk.text).split("\n")
        partial[stream] = pieces.pop()
        lines += [(stream, piece) for piece in pieces]
    lines += [(stream, rest) for stream, rest in partial.items() if rest]
    return lines
