"""The tutor service: ties course, sandbox, grader and progress together for the TUI, plain mode and CLI."""

from __future__ import annotations

import locale
import os
import random
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import LANGS, Exercise, Lang, Lesson, LocalText
from shelltutor.grading.provenance import Trail
from shelltutor.progress import ProgressStore, default_data_dir
from shelltutor.sandbox import (
    Chunk,
    CommandRefused,
    CommandResult,
    FileEntry,
    IsolationReport,
    Notice,
    Session,
    probe_isolation,
)
from shelltutor.sandbox.history import HistoryFile

if TYPE_CHECKING:
    # The grader (tree-sitter, text matching) loads when the first exercise opens, not at start-up.
    from shelltutor.grading.grader import Grader
    from shelltutor.grading.verdict import Verdict

Isolation = Literal["auto", "bwrap", "none"]
SOLUTION_AFTER_FAILURES = 3
"""Failed attempts after which the reference solution may be shown."""


def learner_lang(requested: Lang | None, store: ProgressStore, environ: Mapping[str, str] | None = None) -> Lang:
    """The learner's language: the one asked for (`--lang`), else the saved setting, else the locale's."""
    saved = store.setting("lang")
    return requested or next((known for known in LANGS if known == saved), None) or locale_lang(environ)


def locale_lang(environ: Mapping[str, str] | None = None) -> Lang:
    """The language the locale asks for: Korean for ko_* locales, else English."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        current = locale.getlocale()[0] or ""
    except ValueError:
        current = ""
    return "ko" if current.lower().startswith("ko") else "en"


@dataclass(frozen=True)
class LessonStatus:
    """A lesson on the course map with how much of it is done."""

    lesson: Lesson
    done: int
    total: int

    @property
    def completed(self) -> bool:
        """Every exercise passed."""
        return self.done == self.total


@dataclass(frozen=True)
class ChapterStatus:
    """A chapter on the course map."""

    number: int
    title: LocalText
    lessons: tuple[LessonStatus, ...]


@dataclass(frozen=True)
class CourseOverview:
    """The course map: chapters, lessons and overall progress."""

    chapters: tuple[ChapterStatus, ...]
    done: int
    total: int


NOTICES: dict[str, LocalText] = {
    "refused": LocalText(
        en="That command was not run: {reason}",
        ko="이 명령어는 실행하지 않았습니다: {reason}",
    ),
    "timed_out": LocalText(
        en="The command was stopped after {seconds:g} s. Was it waiting for input (stdin) or running forever?",
        ko="명령어가 {seconds:g}초 뒤에 중지되었습니다. 입력(표준 입력)을 기다리고 있었거나 끝나지 않는 명령어였나요?",
    ),
    "truncated": LocalText(
        en="The output was too long and was cut off; the command was stopped.",
        ko="출력이 너무 길어서 잘렸고, 명령어는 중지되었습니다.",
    ),
    "session_ended": LocalText(
        en="The shell ended (exit, exec or kill). Your next command gets a fresh shell.",
        ko="셸이 종료되었습니다 (exit, exec 또는 kill). 다음 명령어는 새 셸에서 실행됩니다.",
    ),
    "interrupted": LocalText(en="Interrupted (Ctrl-C).", ko="중단했습니다 (Ctrl-C)."),
    "incomplete": LocalText(
        en="The command is incomplete (an unclosed quote or bracket, a missing `done` or `fi`?), so it was not run.",
        ko="명령어가 완성되지 않아 실행하지 않았습니다 (닫히지 않은 따옴표나 괄호, 빠진 `done`/`fi`가 있나요?).",
    ),
}

SANDBOX_NOTICES: dict[str, LocalText] = {
    "waiting_for_input": LocalText(
        en="The command was waiting for input from the keyboard (stdin). Give it a file, or put the input in the "
        "command (e.g. `cat notes.txt` rather than `cat`).",
        ko="명령어가 키보드 입력(표준 입력)을 기다리고 있었습니다. 파일을 주거나 입력을 명령어에 함께 쓰세요"
        "(예: `cat` 대신 `cat notes.txt`).",
    ),
    "process_limit": LocalText(
        en="The sandbox reached its limit of {processes} processes (a fork bomb?): every background process was "
        "stopped.",
        ko="샌드박스의 프로세스 한도({processes}개)에 닿았습니다(포크 폭탄인가요?). 백그라운드 프로세스를 모두 "
        "중지했습니다.",
    ),
    "shell_ended_between": LocalText(
        en="The shell had ended after the last command; this one ran in a new shell (your files are kept).",
        ko="지난 명령어 뒤에 셸이 종료되어 있었습니다. 이 명령어는 새 셸에서 실행했습니다(파일은 그대로입니다).",
    ),
    "shell_ignored_command": LocalText(
        en="The shell did not take the command; a new shell was started (your files are kept).",
        ko="셸이 명령어를 받지 않아 새 셸을 시작했습니다(파일은 그대로입니다).",
    ),
    "shell_stuck": LocalText(
        en="The shell did not come back after the command was stopped; a new shell was started (your files are kept).",
        ko="명령어를 중지한 뒤에도 셸이 돌아오지 않아 새 셸을 시작했습니다(파일은 그대로입니다).",
    ),
    "shell_broken": LocalText(
        en="The shell could no longer run commands; a new shell was started (your files are kept).",
        ko="셸이 더 이상 명령어를 실행할 수 없어서 새 셸을 시작했습니다(파일은 그대로입니다).",
    ),
    "box_lost": LocalText(
        en="The sandbox stopped answering and a new one was started: the exercise's files were reset.",
        ko="샌드박스가 응답하지 않아 새로 시작했습니다. 연습 문제의 파일이 처음 상태로 돌아갔습니다.",
    ),
    "escaped": LocalText(
        en="The full-screen program would not let you out, so the tutor stopped it (Ctrl-\\ three times, or "
        "Ctrl-C three times when the program ignores it).",
        ko="전체 화면 프로그램이 빠져나오지 못하게 해서 튜터가 중지했습니다(Ctrl-\\ 세 번, 또는 프로그램이 Ctrl-C를 "
        "무시할 때 Ctrl-C 세 번).",
    ),
    "box_restarted": LocalText(
        en="The sandbox had stopped and a new one was started: the exercise's files were reset.",
        ko="샌드박스가 멈춰 있어서 새로 시작했습니다. 연습 문제의 파일이 처음 상태로 돌아갔습니다.",
    ),
}
"""What the sandbox did about a command, by `Notice.key`, where the result's flags and the verdict do not
already say it (a timeout, truncated output and an ended shell have their own notices above)."""


@dataclass
class Outcome:
    """What one command did: its result, the verdict on the attempt so far, and whether progress was saved."""

    result: CommandResult | None
    verdict: Verdict | None
    saved: bool
    notices: list[LocalText] = field(default_factory=list)


class ExerciseRun:
    """An open exercise: its live sandbox session and the attempt typed so far."""

    def __init__(self, service: TutorService, exercise: Exercise, lesson: Lesson) -> None:
        self.service = service
        self.exercise = exercise
        self.lesson = lesson
        self.seed = service.new_seed()
        self.commands: list[str] = []
        self._graded: list[str] = []
        """The attempt's commands as the grader gets them (see `_after`)."""
        self.results: list[CommandResult] = []
        self._run: int | None = None
        """The progress store's id of this run of attempts (its first attempt's), once there is one."""
        self.hints_shown = service.store.hints_used(exercise.global_id)
        self.last_verdict: Verdict | None = None
        self._lock = threading.Lock()
        from shelltutor.grading.sessions import spec_for

        self._session = Session.start(
            spec_for(exercise, self.seed, service.isolation_mode()),
            history=self._saved_history(),
            on_history=service.history.append,
            terminal_output=True,
        )
        self._cwd = self._session.state().cwd
        self._trail = Trail.of(exercise)
        """The graded files after each command: which commands made the result (shape checks, leftovers)."""
        self._trail.start(self._session, self._cwd)

    # -- running commands -------------------------------------------------------------------------
    def needs_terminal(self, command: str) -> bool:
        """Whether `command` starts a full-screen program that needs the real terminal."""
        from shelltutor.grading.shape import needs_terminal

        return needs_terminal(command)

    def run(self, command: str, on_chunk: Callable[[Chunk], None] | None = None) -> Outcome:
        """Run one command in the exercise's shell, grade the attempt and save it."""
        with self._lock:
            try:
                result = self._session.run(command, on_chunk=on_chunk)
            except CommandRefused as refused:
                return Outcome(None, None, False, [_format(NOTICES["refused"], reason=str(refused))])
            return self._after(command, result)

    def run_attached(self, command: str, stdin_fd: int, stdout_fd: int) -> Outcome:
        """Run a full-screen command on the real terminal (the caller has suspended its UI), then grade."""
        with self._lock:
            try:
                result = self._session.attach(command, stdin_fd, stdout_fd)
            except CommandRefused as refused:
                return Outcome(None, None, False, [_format(NOTICES["refused"], reason=str(refused))])
            return self._after(command, result)

    def set_terminal_size(self, columns: int, rows: int) -> None:
        """The size of the terminal the learner sees the output in (what `ls` fills, `tput cols`)."""
        self._session.set_size(columns, rows)

    def interrupt(self) -> None:
        """Ctrl-C the running command (safe from any thread)."""
        self._session.interrupt()

    @property
    def history(self) -> list[str]:
        """The shell's history, oldest first, as its `history` lists it: the learner's saved history (none for
        an exercise with `fixture.fresh_history`), then each command as the shell recorded it (`!!` expanded).
        Every command is also saved for the learner's next shells as it runs. Safe while a command runs."""
        return self._session.history

    def _saved_history(self) -> list[str]:
        """What the exercise's shell starts with: the learner's saved history, unless it starts fresh."""
        return [] if self.exercise.fixture.fresh_history else self.service.history.entries()

    def _after(self, command: str, result: CommandResult) -> Outcome:
        if result.incomplete:
            # Not run (an open quote, here-document or `do` without `done`): not an attempt. Front ends read
            # more lines, as bash does at its `>` prompt, and send the whole text again.
            return Outcome(result, None, False)
        self.commands.append(command)
        # The grader re-runs an attempt in fresh shells (on a second seed, alone, ...), which start with an
        # empty history: a line that history expansion changed (`!!`, `!42`) could refer there to nothing, or
        # to another command, when it referred to the learner's saved history. So it is graded as the line it
        # became, except in an exercise whose shell starts with an empty history too (`fresh_history`: the
        # ones that teach `!N` and `!!`), where typing it again does exactly the same.
        self._graded.append(command if self.exercise.fixture.fresh_history else result.expanded)
        self.results.append(result)
        self._trail.record(self._session, result)
        verdict = self.service.grader.grade(
            self.exercise, self._session, self._graded, self.results, self.seed, trail=self._trail
        )
        # Only the new command is stored: the run's attempts together hold the whole attempt.
        attempt = self.service.store.record_attempt(
            self.exercise.global_id,
            [command],
            verdict.status,
            run=self._run,
            seed=self.seed,
            duration_ms=result.duration_ms,
        )
        self._run = self._run or attempt
        verdict = verdict.for_learner(self.reveals_expected)  # asked after this attempt counts
        self.last_verdict = verdict
        if result.cwd:
            self._cwd = result.cwd
        elif result.session_ended:
            self._cwd = self._session.state().cwd  # a new shell took over, in its home
        return Outcome(result, verdict, True, self._notices(result, verdict))

    def _notices(self, result: CommandResult, verdict: Verdict) -> list[LocalText]:
        """What happened to the command, where the verdict does not already say it."""
        notices = [NOTICES["truncated"]] if result.truncated else []
        for notice in result.notices:
            text = SANDBOX_NOTICES.get(notice.key) if isinstance(notice, Notice) else None
            if text is not None:
                notices.append(_format(text, **notice.values))
        if verdict.status != "pass":
            return notices  # a failing verdict already explains timeouts, interrupts and incomplete commands
        if result.timed_out:
            notices.append(_format(NOTICES["timed_out"], seconds=self.service.wall_seconds(self.exercise)))
        if result.interrupted:
            notices.append(NOTICES["interrupted"])
        if result.incomplete:
            notices.append(NOTICES["incomplete"])
        if result.session_ended:
            notices.append(NOTICES["session_ended"])
        return notices

    # -- what the learner sees ---------------------------------------------------------------------
    def prompt_label(self) -> str:
        """A bash-like prompt showing the current directory, e.g. `learner@shelltutor:~/logs$ `."""
        home = self._session.home
        cwd = self._cwd
        if cwd == home or cwd.startswith(home + "/"):
            cwd = "~" + cwd[len(home) :]
        return f"learner@shelltutor:{cwd}$ "

    def files(self) -> list[FileEntry]:
        """The exercise's home tree (never following the learner's symlinks)."""
        with self._lock:
            return self._session.files()

    def complete(self, word: str, *, command: bool = False) -> list[str]:
        """What completes `word` in the sandbox: file names, or with `command` the names of commands (a word
        with a `/` in it is always a path)."""
        with self._lock:
            return self._session.complete(word, command=command and bool(word) and "/" not in word)

    @property
    def passed(self) -> bool:
        """Whether this exercise has been passed (now or before)."""
        return self.service.is_completed(self.exercise.global_id)

    # -- help ---------------------------------------------------------------------------------------
    def next_hint(self) -> LocalText | None:
        """The next hint (saved as used), or None when every hint has been shown."""
        if self.hints_shown >= len(self.exercise.hints):
            return None
        hint = self.exercise.hints[self.hints_shown]
        self.hints_shown += 1
        self.service.store.record_hint(self.exercise.global_id, self.hints_shown)
        return hint

    def shown_hints(self) -> list[LocalText]:
        """The hints shown so far, in order."""
        return list(self.exercise.hints[: self.hints_shown])

    def can_show_solution(self) -> bool:
        """After a few failed attempts, or once every hint is shown, the solution may be revealed."""
        failures = self.service.store.failed_attempts(self.exercise.global_id)
        return failures >= SOLUTION_AFTER_FAILURES or self.hints_shown >= len(self.exercise.hints) or self.passed

    def reveals_expected(self) -> bool:
        """Whether the learner may see what the exercise expects (the expected side of a diff, the text or pattern a
        check looks for): exactly when the solution may be shown, the same threshold (docs/verdicts.md)."""
        return self.can_show_solution()

    def solution_text(self) -> list[str]:
        """The reference solution as command lines."""
        return [step if isinstance(step, str) else step.run for step in self.exercise.solution]

    # -- lifecycle ----------------------------------------------------------------------------------
    def reset(self) -> None:
        """Start the exercise over: fresh shell, fresh files, new data."""
        with self._lock:
            self.seed = self.service.new_seed()
            self._session.reset(seed=self.seed, history=self._saved_history())
            self.commands.clear()
            self._graded.clear()
            self.results.clear()
            self._run = None
            self.last_verdict = None
            self._cwd = self._session.state().cwd
            self._trail.start(self._session, self._cwd)

    def close(self) -> None:
        """End the session; nothing it started survives."""
        with self._lock:
            self._session.close()


def _format(text: LocalText, **values: object) -> LocalText:
    return LocalText(en=text.en.format(**values), ko=text.ko.format(**values))


class TutorService:
    """Everything a front end needs: the course, opening exercises, grading, progress and settings."""

    def __init__(
        self,
        course: Course,
        store: ProgressStore,
        *,
        lang: Lang | None = None,
        isolation: Isolation = "auto",
        grader: Grader | None = None,
        seed_source: Callable[[], int] | None = None,
        history: HistoryFile | None = None,
    ) -> None:
        self.course = course
        self.store = store
        self.history = history or HistoryFile.in_dir(store.path.parent)
        """The learner's command history, kept across sessions next to the progress database."""
        self._requested_isolation = isolation
        self._grader = grader
        self._seed_source = seed_source or (lambda: random.SystemRandom().randrange(1, 2**31))
        self.lang: Lang = learner_lang(lang, store)
        self._report: IsolationReport | None = None

    @property
    def grader(self) -> Grader:
        """The grader, made on first use (its imports are not needed to show the course map)."""
        if self._grader is None:
            from shelltutor.grading.grader import Grader

            self._grader = Grader(isolation=self._requested_isolation)
        return self._grader

    # -- settings -----------------------------------------------------------------------------------
    def set_lang(self, lang: Lang) -> None:
        """Switch the language and save it."""
        self.lang = lang
        self.store.set_setting("lang", lang)

    def setting(self, key: str) -> str | None:
        """A saved UI setting (e.g. theme)."""
        return self.store.setting(f"ui.{key}")

    def set_setting(self, key: str, value: str) -> None:
        """Save a UI setting."""
        self.store.set_setting(f"ui.{key}", value)

    def new_seed(self) -> int:
        """A fresh seed for generated exercise data."""
        return self._seed_source()

    # -- isolation ----------------------------------------------------------------------------------
    def isolation(self) -> IsolationReport:
        """The sandbox self-test (cached): whether commands are isolated, and how to fix it if not."""
        if self._report is None:
            self._report = probe_isolation()
        return self._report

    def isolation_mode(self) -> Isolation:
        """The isolation sessions are started with."""
        return self._requested_isolation

    def allow_unisolated(self) -> None:
        """The learner chose the labelled unisolated mode (bwrap unavailable, local single user)."""
        self._requested_isolation = "none"
        if self._grader is not None:
            self._grader.isolation = "none"

    # -- the course map -----------------------------------------------------------------------------
    def overview(self) -> CourseOverview:
        """Chapters and lessons with completion counts."""
        completed = self.store.completed()
        chapters = []
        done_all = total_all = 0
        for number, lessons in self.course.lessons_by_chapter():
            statuses = []
            for lesson in lessons:
                done = sum(1 for e in lesson.exercises if e.global_id in completed)
                statuses.append(LessonStatus(lesson, done, len(lesson.exercises)))
                done_all += done
                total_all += len(lesson.exercises)
            chapters.append(ChapterStatus(number, self.course.chapter_title(number), tuple(statuses)))
        return CourseOverview(tuple(chapters), done_all, total_all)

    def completed(self) -> set[str]:
        """Ids of every exercise passed (one query; use it when drawing many)."""
        return self.store.completed()

    def is_completed(self, global_id: str) -> bool:
        """Whether the exercise has been passed."""
        return global_id in self.store.completed()

    def first_unfinished(self, lesson_id: str) -> str:
        """The lesson's first exercise not yet passed (its first one if all are)."""
        lesson = self._lesson(lesson_id)
        completed = self.store.completed()
        for exercise in lesson.exercises:
            if exercise.global_id not in completed:
                return exercise.global_id
        return lesson.exercises[0].global_id

    def resume_target(self) -> tuple[str, str]:
        """(lesson id, exercise id) to continue with: the saved position, else the first lesson's start."""
        position = self.store.position()
        if position and self.course.exercise(position) is not None:
            completed = self.store.completed()
            if position in completed:
                # The next exercise not yet passed, after the saved one in course order (then from the start):
                # never one already passed while others wait.
                ids = [e.global_id for e in self.course.exercises()]
                at = ids.index(position)
                waiting = [i for i in ids[at + 1 :] + ids[:at] if i not in completed]
                position = waiting[0] if waiting else position
            return position.partition("/")[0], position
        if not self.course.lessons:
            raise LookupError("no lessons are loaded")
        first = self.course.lessons[0]
        return first.id, self.first_unfinished(first.id)

    def next_exercise(self, global_id: str) -> str | None:
        """The exercise after `global_id` in course order, or None at the end of the course."""
        ids = [e.global_id for e in self.course.exercises()]
        try:
            index = ids.index(global_id)
        except ValueError:
            return None
        return ids[index + 1] if index + 1 < len(ids) else None

    def open(self, global_id: str) -> ExerciseRun:
        """Open an exercise: start its sandbox session and save it as the current position."""
        exercise = self.course.exercise(global_id)
        if exercise is None:
            raise KeyError(f"no exercise {global_id!r}")
        run = ExerciseRun(self, exercise, self._lesson(exercise.lesson_id))
        self.store.set_position(global_id)
        return run

    def reset_lesson(self, lesson_id: str) -> None:
        """Forget the progress of a lesson."""
        self.store.reset(lesson_id)

    def reset_exercise(self, global_id: str) -> None:
        """Forget the progress of one exercise."""
        self.store.reset(global_id)

    def wall_seconds(self, exercise: Exercise) -> float:
        """The wall-clock limit per command in `exercise`."""
        from shelltutor.grading.sessions import spec_for

        return spec_for(exercise, 0, "none").limits.wall_seconds

    def _lesson(self, lesson_id: str) -> Lesson:
        lesson = self.course.lesson(lesson_id)
        if lesson is None:
            raise KeyError(f"no lesson {lesson_id!r}")
        return lesson

    def close(self) -> None:
        """Close the progress store."""
        self.store.close()


def make_service(
    *,
    lang: Lang | None = None,
    extra_dirs: Iterable[Path] = (),
    data_dir: Path | None = None,
    isolation: Isolation = "auto",
    course: Course | None = None,
) -> TutorService:
    """The composition root: the course, the progress store, the command history and the grader, wired for a
    front end."""
    return TutorService(
        course or load_course(extra_dirs),
        ProgressStore.open(data_dir),
        lang=lang,
        isolation=isolation,
        history=HistoryFile.in_dir(data_dir or default_data_dir()),
    )
