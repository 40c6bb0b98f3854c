"""Evaluates an exercise's expectations against an attempt's results and the session afterwards (pure: no sandbox).

Every failed expectation becomes a message that says why; the most useful one becomes the verdict's headline.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Sequence

from shelltutor.course.model import (
    Exercise,
    Keys,
    LocalText,
    Step,
    TextMatch,
    VariableExpect,
)
from shelltutor.grading.diff import TextDiff
from shelltutor.grading.failure import Failure as _Failure
from shelltutor.grading.failure import GradingError as GradingError  # re-exported: callers catch it here
from shelltutor.grading.filechecks import absolute as _absolute
from shelltutor.grading.filechecks import tilde
from shelltutor.grading.filesettle import file_failures
from shelltutor.grading.messages import STREAM_NAMES, STREAM_SUBJECTS, local
from shelltutor.grading.observed import Reference, ResultLike, StateLike, WorldLike
from shelltutor.grading.pathspell import respell
from shelltutor.grading.processchecks import process_failures
from shelltutor.grading.shape import (
    SimpleCommand,
    check_shape,
    equivalent_commands,
    looks_only,
    parse,
    typed_output,
    unmet_preferences,
)
from shelltutor.grading.terminal import check_terminal, recorded
from shelltutor.grading.textmatch import (
    Mismatch,
    as_match,
    as_text,
    check_text,
    near_miss,
    needs_reference,
)
from shelltutor.grading.verdict import Check, Verdict
from shelltutor.grading.worldmessages import TERMINAL_NAME, TERMINAL_SUBJECT

_NOT_FOUND = re.compile(r"([^\s:]+): command not found")
_NO_SUCH_FILE = re.compile(r"^(?:bash|sh|dash): (?:line \d+: )?([^:\n]+): No such file or directory$", re.MULTILINE)
INTERPRETERS = frozenset({"bash", "sh", "dash", "source", "."})
_KILL_NO_PROCESS = re.compile(r"kill: \((\d+)\) - No such process")
_OTHER_NAMES = {"python": "python3", "pip": "pip3", "pydoc": "pydoc3", "python3": "python", "pip3": "pip"}
"""Programs that one system installs under one name and another under the other."""
_SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"
"""The sandbox's own PATH (it binds the host's /usr read-only), less the tutor's stand-ins."""


def evaluate(
    exercise: Exercise,
    commands: Sequence[str],
    results: Sequence[ResultLike],
    world: WorldLike,
    reference: Reference | None = None,
    *,
    seed: int | None = None,
    shape_lines: Sequence[str] | None = None,
    typed: Sequence[str] | None = None,
) -> Verdict:
    """The verdict on an attempt: `commands` were run as `results`, leaving `world` behind.

    `reference` is the reference solution's outcome on the same seed (needed only for `same_as_solution`).
    `shape_lines` are the commands that produced the result (see `provenance`), which a shape requirement is
    judged on; every command when not given. `typed` are the lines as typed, before history expansion (`!!`).
    Raises GradingError when the lesson or the machinery is at fault.
    """
    expect = exercise.expect
    last = results[-1] if results else None
    failures: list[_Failure] = []
    checks: list[Check] = []
    notes: list[LocalText] = []

    def record(key: str, failure: _Failure | None) -> None:
        checks.append(Check(key, failure is None, failure.message if failure else None))
        if failure is not None:
            failures.append(failure)

    if last is not None and last.session_ended:
        message = local("session_ended")
        return Verdict("fail", message, checks=(Check("session", False, message),), seed=seed)
    streams_expected = (
        expect.stdout is not None or expect.stderr is not None or expect.exit_code is not None
    ) or expect.terminal is not None
    if last is None and streams_expected:
        record("commands", _Failure("commands", local("no_commands"), 0))
    if last is not None:
        if getattr(last, "incomplete", False):
            record("finished", _Failure("finished", local("incomplete"), 0))
        elif (last.timed_out or last.interrupted) and _belongs_in_background(commands, exercise.solution):
            # The classic of the background-jobs lessons: a training run started without `&`.
            record("finished", _Failure("finished", local("run_in_foreground", command=commands[-1]), 0))
        elif last.timed_out:
            seconds = round(getattr(last, "duration_ms", 0) / 1000) or "?"
            record("finished", _Failure("finished", local("timed_out", seconds=seconds), 0))
        elif last.interrupted:
            record("finished", _Failure("finished", local("interrupted"), 0))
        if last.truncated:
            notes.append(local("truncated"))

    stdout = as_text(last.stdout) if last is not None else ""
    stderr = as_text(last.stderr) if last is not None else ""
    if last is not None:
        for stream, got, other in (("stdout", stdout, stderr), ("stderr", stderr, stdout)):
            match = getattr(expect, stream)
            if match is not None:
                ref = _reference_stream(reference, stream) if needs_reference(match) else None
                failure = _stream_failure(
                    stream, as_match(match), got, other, ref, commands, exercise.solution, _cwds(exercise, last, world)
                )
                record(stream, failure)
        if expect.terminal is not None:
            record("terminal", _terminal_failure(as_match(expect.terminal), last, stdout, stderr, reference))
        if expect.exit_code is not None:
            record("exit_code", _exit_failure(expect.exit_code, last.exit_code, reference))

    needs_state = bool(expect.files or expect.cwd is not None or expect.variables or expect.aliases)
    state = world.state() if needs_state else None
    if expect.files:
        assert state is not None
        found = file_failures(expect.files, world, state, reference, stdout, stderr, commands, exercise.fixture)
        for file_expect, file_failure in zip(expect.files, found, strict=True):
            record(f"files[{file_expect.path}]", file_failure)
    if expect.cwd is not None and state is not None:
        record("cwd", _cwd_failure(expect.cwd, state))
    for variable in expect.variables:
        assert state is not None
        record(f"variables[{variable.name}]", _variable_failure(variable.name, variable, state))
    for alias in expect.aliases:
        assert state is not None
        got_alias = state.aliases.get(alias.name)
        failure = None
        if got_alias is None:
            failure = _Failure("aliases", local("alias_missing", name=alias.name), 8)
        elif alias.value is not None and not equivalent_commands(got_alias, alias.value):
            failure = _Failure("aliases", local("alias_value", name=alias.name, got=got_alias, want=alias.value), 8)
        record(f"aliases[{alias.name}]", failure)
    for process, failure in process_failures(expect.processes, world) if expect.processes else ():
        record(f"processes[{process.name or process.command}]", failure)
    if last is not None and expect.stdout is not None and commands and stdout.strip():
        record("typed", _typed_failure(commands[-1], exercise.solution))
    if expect.shape is not None:
        judged = list(commands) if shape_lines is None else list(shape_lines)
        shape_failures = check_shape(expect.shape, judged)
        for shape_failure in shape_failures:
            record(f"shape.{shape_failure.key}", _Failure("shape", shape_failure.message, 9))
        if shape_failures and len(judged) < len(commands) and not check_shape(expect.shape, commands):
            # What the exercise asks for was typed, but not by the commands that made the result.
            notes.append(local("shape_not_by_producers", commands="; ".join(f"`{c}`" for c in judged)))
        if not shape_failures:
            checks.append(Check("shape", True))
        if expect.shape.history is not None and commands:
            record("shape.history", _history_failure(expect.shape.history, _acting_line(typed or commands)))
        unmet = unmet_preferences(expect.shape, commands)
        if unmet and not failures:
            notes.append(local("prefer_tip", commands=", ".join(f"`{u}`" for u in unmet)))

    if not failures:
        return Verdict("pass", local("pass"), tuple(notes), checks=tuple(checks), seed=seed)
    cause = _cause(last, commands) or _kill_job_number(last, commands)
    if cause is not None:
        failures.append(_Failure("cause", cause, 0.5))
    ordered = sorted(failures, key=lambda f: f.rank)
    if any(f.key != "shape" for f in ordered):
        # While the result itself is wrong, say so and keep quiet about the construct: "use `pwd`" would
        # hand over the answer that the hints reveal step by step.
        ordered = [f for f in ordered if f.key != "shape"]
    details: list[LocalText] = []
    for failure in ordered[1:]:
        if failure.message not in details and failure.message != ordered[0].message:
            details.append(failure.message)
    diffs = dict(f.diff for f in ordered if f.diff is not None)
    return Verdict(
        "fail",
        ordered[0].message,
        tuple(details + notes),
        diffs,
        checks=tuple(checks),
        seed=seed,
    )


_HISTORY_EVENTS = {
    "last": re.compile(r"!(?:!|-1(?!\d))"),
    "number": re.compile(r"!-?\d+"),
    "prefix": re.compile(r"!\??[A-Za-z_./~][^\s:;|&!]*"),
    "word": re.compile(r"!(?:[$^*]|(?:!|-?\d+|\??[A-Za-z_./~][^\s:;|&!]*)?:(?:[$^*]|\d))"),
    "any": re.compile(r"!(?:!|-?\d+|\??[A-Za-z_./~]|[$^*]|:[$^*\d])|^\s*\^[^^]+\^"),
}
"""How each kind of history expansion is typed: `!!`, `!3`/`!-2`, `!grep`/`!?loss?`, `!$`/`!!:2`/`!-2:$`."""


def _acting_line(lines: Sequence[str]) -> str:
    """The last line, or the one before a look at the result (`cp !$ release/`, then `ls release/`)."""
    for line in reversed(lines):
        parsed = parse(line)
        if not parsed.commands or not all(looks_only(c) for c in parsed.commands):
            return line
        if any(c in line for c in "!^"):
            return line  # `cat !$`: a look, typed with history expansion
    return lines[-1]


def _history_failure(kind: str, typed: str) -> _Failure | None:
    """The last line was not typed with the history expansion the task asks for (outside single quotes)."""
    unquoted = re.sub(r"'[^']*'", "", typed)
    if _HISTORY_EVENTS[kind].search(unquoted):
        return None
    return _Failure("shape", local(f"shape_history_{kind}"), 9)


def _typed_failure(line: str, solution: Sequence[Step]) -> _Failure | None:
    """The output was typed in (`echo 3` for the exit status) where the solution works it out: it would be the
    same whatever the answer, so it proves nothing. A solution that itself prints typed text (`echo "hello"`)
    asks for exactly that."""
    typed = typed_output(line)
    if typed is None or not solution:
        return None
    last = solution[-1]
    if typed_output(last.run if isinstance(last, Keys) else last) is not None:
        return None
    shown = typed if len(typed) <= 60 else typed[:57] + "..."
    return _Failure("typed", local("typed_output", typed=f"`{shown}`", how=local("typed_output_how")), 1)


def _reference_stream(reference: Reference | None, stream: str) -> str:
    if reference is None:
        raise GradingError(f"{stream} is compared with the reference solution's, which was not run")
    return reference.stdout if stream == "stdout" else reference.stderr


def _merges_stderr(solution: Sequence[Step]) -> bool:
    """Whether the reference solution sends standard error on with the output (`2>&1`, `|&`, `&>`) rather
    than away: then "send it to /dev/null" is the wrong advice for errors left on the screen."""
    lines = [parse(step.run if isinstance(step, Keys) else step) for step in solution]
    redirects = [r for line in lines for r in line.redirects]
    if any(r.target == "/dev/null" for r in redirects):
        return False  # `> /dev/null 2>&1`, `&> /dev/null`: merged, then thrown away
    return any(r.op in MERGING_OPS for r in redirects)


MERGING_OPS = frozenset({"2>&1", "|&", "&>", "&>>"})


def _stream_failure(
    stream: str,
    match: TextMatch,
    got: str,
    other: str,
    ref: str | None,
    commands: Sequence[str],
    solution: Sequence[Step] = (),
    cwds: tuple[str, str] = ("", ""),
) -> _Failure | None:
    mismatches = check_text(match, got, ref)
    if not mismatches:
        return None
    if commands and solution and _same_but_path_spelling(match, got, ref, commands[-1], solution[-1], cwds):
        return None
    rank: float = 2 if stream == "stdout" else 3
    first = mismatches[0]
    message, diff = _text_message(stream, first, got)
    if (fd := _spaced_fd_redirect(commands)) is not None:
        # `2 > file`: the classic slip behind "the errors still show and the file holds the output".
        message = local("spaced_fd_redirect", fd=fd)
        rank = 0.5
    elif other.strip() and not check_text(match, other, ref):
        message = local("stdout_went_to_stderr" if stream == "stdout" else "stderr_went_to_stdout")
        rank = 1
    elif stream == "stderr" and first.key == "empty" and first.want_empty:
        # Parsed only here, where the advice depends on it, not for every attempt.
        message = local("stderr_not_sent_on" if _merges_stderr(solution) else "stderr_not_silenced")
    elif stream == "stdout" and not got.strip() and (errors := _without_job_notices(other)).strip():
        # A command that failed outright: its own error says more than any guess about the mistake.
        message = local("stdout_empty_command_failed", error=_first_line(errors))
    elif stream == "stdout" and _uniq_without_sort(commands):
        message = local("uniq_without_sort")
    return _Failure(stream, message, rank, (stream, diff))


def _cwds(exercise: Exercise, last: ResultLike, world: WorldLike) -> tuple[str, str]:
    """The directories (relative to the home) the learner's last command and the solution's last step ran in:
    `cd logs` then `wc -l train.log` names the file the solution's `wc -l logs/train.log` names."""
    home = getattr(world, "home", None)
    cwd = getattr(last, "cwd", None)
    mine = ""
    if isinstance(home, str) and isinstance(cwd, str) and (cwd == home or cwd.startswith(home + "/")):
        mine = cwd[len(home) + 1 :]
    solution = [step.run if isinstance(step, Keys) else step for step in exercise.solution]
    moves = any(c.name in ("cd", "pushd", "popd") for line in solution for c in parse(line).commands)
    theirs = "" if moves else exercise.fixture.cwd
    return mine, theirs


def _same_but_path_spelling(
    match: TextMatch, got: str, ref: str | None, line: str, solution: Step, cwds: tuple[str, str] = ("", "")
) -> bool:
    """Whether the output differs from what is expected only in how paths are spelled that the command and
    the solution name alike (`ls -R data/` prints `data/:` where the solution's `ls -R data` prints `data:`;
    `find .` in `checkpoints` prints `./a.pt` where `find checkpoints` prints `checkpoints/a.pt`)."""
    mine = [arg for command in parse(line).commands for arg in command.args]
    theirs = [
        arg
        for command in parse(solution.run if isinstance(solution, Keys) else solution).commands
        for arg in command.args
    ]
    again = respell(got, mine, theirs, learner_cwd=cwds[0], solution_cwd=cwds[1])
    return again != got and not check_text(match, again, ref)


def _terminal_failure(
    match: TextMatch, last: ResultLike, stdout: str, stderr: str, reference: Reference | None
) -> _Failure | None:
    """The terminal (both streams as they were shown) against `match`; see grading/terminal.py for the rules."""
    theirs = None
    if needs_reference(match):
        theirs = (_reference_stream(reference, "stdout"), _reference_stream(reference, "stderr"))
    shown = recorded(last)
    mismatches = check_terminal(match, stdout, stderr, shown, theirs)
    if not mismatches:
        return None
    message, diff = _text_message("terminal", mismatches[0], shown)
    return _Failure("terminal", message, 2.5, ("terminal", diff))


def _text_message(stream: str, mismatch: Mismatch, got: str) -> tuple[LocalText, TextDiff]:
    if stream == "terminal":
        names = {"stream": TERMINAL_NAME, "stream_subject": TERMINAL_SUBJECT}
    else:
        names = {"stream": STREAM_NAMES[stream], "stream_subject": STREAM_SUBJECTS[stream]}
    got = mismatch.got if mismatch.got is not None else got  # as compared, after the match's rewrites
    if mismatch.key == "empty":
        key = "stream_should_be_empty" if mismatch.want_empty else "stream_is_empty"
        return local(key, **names), TextDiff(None, got)
    if mismatch.key == "regex":
        if mismatch.looks_for is not None:
            return local("stream_looks_for", looks_for=mismatch.looks_for, **names), TextDiff(None, got)
        return local("stream_regex", pattern=mismatch.expected or "", **names), TextDiff(None, got)
    if mismatch.key in ("contains", "excludes"):
        return local(f"stream_{mismatch.key}", text=mismatch.expected or "", **names), TextDiff(None, got)
    assert mismatch.expected is not None and mismatch.mode is not None
    diff = TextDiff(mismatch.expected, got, mismatch.mode)
    near = near_miss(mismatch.expected, got, mismatch.mode)
    if near == "empty":
        return local("stream_is_empty", **names), diff
    if near is not None:
        return local("stream_differs_how", how=local(f"near_{near}"), **names), diff
    return local("stream_differs", **names), diff


FILE_LIKE = re.compile(r"[\w.-]+\.(sh|py|bash|pl|rb|js)")
"""A command name that is a script's file name: run from the current directory without `./`."""
JOB_NOTICE = re.compile(r"^\[\d+\][+-]? +(\d+|(Done|Exit \d+|Terminated|Killed|Stopped|Running)\b.*)$")
"""What bash itself writes to standard error about jobs: `[1] 4242` for `cmd &`, `[1]+  Done  cmd` later."""


def _without_job_notices(stderr: str) -> str:
    """Standard error without bash's job-control lines, which are not errors of the command."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not JOB_NOTICE.match(line.rstrip("\n")))


def _first_line(text: str, limit: int = 160) -> str:
    line = text.strip().splitlines()[0]
    return line if len(line) <= limit else line[: limit - 1] + "…"


NUMBER_TAKERS = frozenset({"echo", "printf", "seq", "sleep", "expr", "test", "[", "exit", "return", "kill"})
"""Commands for which a last argument `2` is most likely meant as the number 2."""


def _spaced_fd_redirect(commands: Sequence[str]) -> str | None:
    """The stream number when the last line writes `2 > file` (or `1 >`), a space parting the number from the
    `>`: bash passes `2` as an argument and redirects standard output; None otherwise."""
    if not commands:
        return None
    for command in parse(commands[-1]).commands:
        if command.name in NUMBER_TAKERS or not command.args or command.args[-1] not in ("1", "2"):
            continue
        if len(command.args) >= 2 and command.args[-2].startswith("-"):
            continue  # `head -n 2 > top.txt`: the number belongs to the option
        if any(r.op in (">", ">>") for r in command.redirects):
            return command.args[-1]
    return None


def _uniq_without_sort(commands: Sequence[str]) -> bool:
    lines = [parse(c) for c in commands]
    return any(line.uses("uniq") for line in lines) and not any(line.uses("sort") for line in lines)


def _exit_failure(want: int | str, got: int | None, reference: Reference | None) -> _Failure | None:
    if want == "same_as_solution":
        if reference is None:
            raise GradingError("exit_code is compared with the reference solution's, which was not run")
        want = reference.exit_code if reference.exit_code is not None else 0
    if got is None:
        return _Failure("exit_code", local("exit_unknown"), 4)
    if want == "nonzero":
        return None if got != 0 else _Failure("exit_code", local("exit_want_nonzero"), 4)
    if got == want:
        return None
    if want == 0:
        return _Failure("exit_code", local("exit_want_zero", got=got), 4)
    return _Failure("exit_code", local("exit_want_value", got=got, want=want), 4)


def _cause(last: ResultLike | None, commands: Sequence[str]) -> LocalText | None:
    """Why the last command failed, when bash says so plainly (not found, not executable, `X = 1`)."""
    if last is None or last.exit_code not in (126, 127) or not commands:
        return None
    line = parse(commands[-1])
    first = next((c for c in line.commands if c.wrapped_by is None), None)
    if last.exit_code == 126:
        if first is not None and first.name.endswith(".py"):
            return local("exit_not_executable_py", name=first.name.removeprefix("./"))
        return local("exit_not_executable")
    if first is not None and first.args[:1] == ("=",):
        return local("assignment_with_spaces", name=first.name)
    stderr = as_text(last.stderr)
    if first is not None and first.name in INTERPRETERS and (missing := _NO_SUCH_FILE.search(stderr)):
        # `bash check_dat.sh`: bash was found; the script it was given was not.
        return local("script_not_found", interpreter=first.name, name=missing.group(1))
    found = _NOT_FOUND.search(stderr)
    name = found.group(1) if found else (first.name if first else "?")
    other = _OTHER_NAMES.get(name)
    if other is not None and shutil.which(other, path=_SYSTEM_PATH) is not None:
        return local("exit_not_found_other_name", name=name, other=other)
    if "/" not in name and FILE_LIKE.fullmatch(name):
        interpreter = "python3" if name.endswith(".py") else "bash"  # `train.py`, `check_data.sh`: not a typo
        return local("exit_not_found_file", name=name, interpreter=interpreter)
    return local("exit_not_found", name=name)


def _belongs_in_background(commands: Sequence[str], solution: Sequence[Step]) -> bool:
    """Whether the last line ran in the foreground what the solution starts in the background (`&`)."""
    if not commands or not solution:
        return False
    line = parse(commands[-1])
    if line.background or not line.commands:
        return False
    started = {c.name for step in solution for c in _background_commands(step)}
    return bool(started) and any(c.name in started for c in line.commands)


def _background_commands(step: Step) -> list[SimpleCommand]:
    line = parse(step.run if isinstance(step, Keys) else step)
    return list(line.commands) if line.background else []


def _kill_job_number(last: ResultLike | None, commands: Sequence[str]) -> LocalText | None:
    """`kill 2` for job 2: kill took the number as a process ID, and there is no such process."""
    if last is None or not commands:
        return None
    missing = _KILL_NO_PROCESS.search(as_text(last.stderr))
    if missing is None:
        return None
    number = missing.group(1)
    if int(number) > 99:  # a mistyped PID, not a job number
        return None
    for command in parse(commands[-1]).commands:
        if command.name == "kill" and number in command.args:
            return local("kill_job_without_percent", number=number)
    return None


def _cwd_failure(want: str, state: StateLike) -> _Failure | None:
    wanted = _absolute(want, state.home) if want not in ("~", "") else posixpath.normpath(state.home)
    got = posixpath.normpath(state.cwd)
    if got == wanted:
        return None
    return _Failure("cwd", local("cwd_wrong", got=tilde(got, state.home), want=tilde(wanted, state.home)), 6)


def _variable_failure(name: str, expect: VariableExpect, state: StateLike) -> _Failure | None:
    value = state.variables.get(name)
    if value is None:
        return _Failure("variables", local("var_unset", name=name), 7)
    if expect.value is not None:
        match = as_match(expect.value)
        if check_text(match, value):
            if isinstance(expect.value, str) or match.exact is not None or match.normalized is not None:
                want = match.exact if match.exact is not None else match.normalized
                return _Failure("variables", local("var_value", name=name, got=value, want=want or ""), 7)
            if match.looks_for is not None:
                message = local("var_value_looks_for", name=name, got=value, looks_for=match.looks_for)
                return _Failure("variables", message, 7)
            return _Failure("variables", local("var_value_how", name=name, got=value), 7)
    if expect.exported is True and name not in state.exported:
        return _Failure("variables", local("var_not_exported", name=name), 7)
    if expect.exported is False and name in state.exported:
        return _Failure("variables", local("var_exported_unwanted", name=name), 7)
    return None
