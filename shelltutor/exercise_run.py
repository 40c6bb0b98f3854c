"""ExerciseRun: an open exercise — its live sandbox session, the attempt so far, grading and saving it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelltutor.course.model import Exercise, Lesson, LocalText
from shelltutor.grading.provenance import Trail
from shelltutor.sandbox.results import Notice

if TYPE_CHECKING:
    from shelltutor.explain import Explanation, ShellView
    from shelltutor.grading.verdict import Verdict
    from shelltutor.sandbox import Chunk, CommandResult, FileEntry, Session
    from shelltutor.service import TutorService

EXPLAIN_WAIT_SECONDS = 0.5
"""How long `explain` waits for a running command before explaining without the shell's values."""
EXPLAIN_LISTING = 5000
"""Entries read to list one directory for a glob (the listing is cut, and then not trusted, beyond this)."""
SOLUTION_AFTER_FAILURES = 3
"""Failed attempts after which the reference solution may be shown."""

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

    def __init__(
        self, service: TutorService, exercise: Exercise, lesson: Lesson, prepared: tuple[Session, int] | None = None
    ) -> None:
        """Start the exercise's session, or take over `prepared`: (a session started for it ahead of time with
        the learner's history as it is now, its seed)."""
        self.service = service
        self.exercise = exercise
        self.lesson = lesson
        self.seed = prepared[1] if prepared is not None else service.new_seed()
        self.commands: list[str] = []
        self._graded: list[str] = []
        """The attempt's commands as the grader gets them (see `_after`)."""
        self.results: list[CommandResult] = []
        self._run: int | None = None
        """The progress store's id of this run of attempts (its first attempt's), once there is one."""
        self.hints_shown = service.store.hints_used(exercise.global_id)
        self.last_verdict: Verdict | None = None
        self._lock = threading.Lock()
        if prepared is not None:
            self._session = prepared[0]
        else:
            from shelltutor.grading.sessions import spec_for
            from shelltutor.sandbox.session import Session as SandboxSession

            self._session = SandboxSession.start(
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

    def detaches_to_return(self, command: str) -> bool:
        """Whether the program `command` hands the terminal to is a tmux client (Ctrl-b d comes back)."""
        from shelltutor.grading.shape import hands_over_to_tmux

        return hands_over_to_tmux(command)

    def run(self, command: str, on_chunk: Callable[[Chunk], None] | None = None) -> Outcome:
        """Run one command in the exercise's shell, grade the attempt and save it."""
        from shelltutor.sandbox.frontdoor import CommandRefused

        with self._lock:
            try:
                result = self._session.run(command, on_chunk=on_chunk)
            except CommandRefused as refused:
                return Outcome(None, None, False, [_format(NOTICES["refused"], reason=str(refused))])
            return self._after(command, result)

    def run_attached(self, command: str, stdin_fd: int, stdout_fd: int) -> Outcome:
        """Run a full-screen command on the real terminal (the caller has suspended its UI), then grade."""
        from shelltutor.sandbox.frontdoor import CommandRefused

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
        return self.service.start_history(self.exercise)

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

    def explain(self, command: str, lang: str) -> Explanation:
        """`command` explained against this exercise's live shell: its variables (its own `export`s and `cd`s) as
        the shell lists them, globs matched on its directories through the sandbox's file access. Nothing the
        learner typed is run; while a command runs, the line is explained without the shell's values."""
        from shelltutor.explain import explain
        from shelltutor.sandbox.errors import SessionError

        if not self._lock.acquire(timeout=EXPLAIN_WAIT_SECONDS):
            return explain(command, lang, busy=True)
        try:
            try:
                view = self._shell_view()
            except (SessionError, OSError):
                return explain(command, lang, busy=True)
            return explain(command, lang, view)
        finally:
            self._lock.release()

    def _shell_view(self) -> ShellView:
        from shelltutor.explain import ShellView
        from shelltutor.sandbox.errors import SessionError

        session = self._session
        state = session.state()

        def list_dir(path: str) -> list[tuple[str, bool]] | None:
            try:
                entries = session.listing(path, EXPLAIN_LISTING)
            except (OSError, SessionError):
                return None
            if getattr(entries, "cut", None) in ("entries", "time"):
                return None
            return [(e.path, e.kind == "dir") for e in entries if "/" not in e.path]

        def kind_of(path: str) -> str | None:
            try:
                found = session.stat(path)
            except (OSError, SessionError):
                return None
            return found.kind if found is not None else None

        def has_command(name: str) -> bool | None:
            try:
                return name in session.complete(name, command=True)
            except (SessionError, ValueError):
                return None

        return ShellView(
            variables=state.variables,
            cwd=state.cwd or self._cwd,
            home=state.home,
            aliases=state.aliases,
            functions=state.functions,
            history=state.history,
            list_dir=list_dir,
            kind_of=kind_of,
            has_command=has_command,
        )

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

    def abandon(self) -> None:
        """End the session now, from any thread, without waiting for a command or its grading to finish (the
        program is ending: that attempt is not saved)."""
        self._session.interrupt()
        self._session.close()


def _format(text: LocalText, **values: object) -> LocalText:
    return LocalText(en=text.en.format(**values), ko=text.ko.format(**values))
