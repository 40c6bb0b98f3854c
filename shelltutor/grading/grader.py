"""The grader: evaluates an attempt against a live session, with reference runs, re-runs on a second seed and
known-wrong-answer matching. Reference outcomes are cached per (exercise, seed).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import shlex
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import TypeVar

from shelltutor.course.keys import KeysError
from shelltutor.course.model import Exercise, Keys, Step
from shelltutor.grading.checks import GradingError, evaluate
from shelltutor.grading.lint import enforce, lint_scripts, with_findings
from shelltutor.grading.messages import local
from shelltutor.grading.observed import Reference, ResultLike, WorldLike
from shelltutor.grading.piped import piped_results
from shelltutor.grading.provenance import Trail, shape_commands
from shelltutor.grading.sessions import Isolation, run_steps, spec_for, step_command
from shelltutor.grading.shape import (
    EDITORS,
    ParsedLine,
    check_shape,
    looks_only,
    needs_terminal,
    parse,
    same_commands,
    step_name,
)
from shelltutor.grading.stagenotes import divergence_note
from shelltutor.grading.textmatch import PatternError, as_text, needs_reference, normalize
from shelltutor.grading.verdict import Check, Verdict, error_verdict
from shelltutor.sandbox import CommandRefused, CommandResult, Session, SessionError, SessionSpec

T = TypeVar("T")
MAX_REFERENCE_FILE_BYTES = 1 << 20
HOME_MARK = "\x00HOME\x00"
"""Stands for the reference session's home in cached outcomes: unisolated sessions each get their own home."""
REPLAY_SEED_OFFSET = 1000
"""A randomized attempt that passed on seed N is re-run on seed N + 1000 (or the next seed whose data differs)."""
REPLAY_SEED_TRIES = 4
"""How many seeds are tried for data that differs from the attempt's."""
MAX_RESTORED_BYTES = 2048
"""A file a full-screen program made is put back for the re-check only up to this size (a command's limit)."""
WRONG_ANSWER_SECONDS = 5.0
"""The clock of a known wrong answer run to compare its output with an attempt's: an author's `tail -f` or
foreground training run must not keep the learner waiting for a verdict for the session's whole minute."""
STOPPED_GRACE_SECONDS = 1.0
"""A command the learner stopped (Ctrl-C) or that ran out of time is stopped in a re-run after as long as it
ran, plus this."""
DISTINCTIVE_OUTPUT = 8
"""Output shorter than this (non-blank characters) is not matched to a known wrong answer's: a `0` that
several mistakes print, or `echo 0`, says nothing about which mistake was made."""


def replay_seed(seed: int) -> int:
    """The second seed an attempt on `seed` is re-checked with."""
    return seed + REPLAY_SEED_OFFSET


def uses_reference(exercise: Exercise) -> bool:
    """Whether grading `exercise` compares anything with the reference solution's outcome."""
    expect = exercise.expect
    return (
        needs_reference(expect.stdout)
        or needs_reference(expect.stderr)
        or needs_reference(expect.terminal)
        or expect.exit_code == "same_as_solution"
        or any(needs_reference(f.content) for f in expect.files)
    )


def replayable(steps: Sequence[Step]) -> bool:
    """Whether the steps can be re-run unattended: no full-screen program driven by a person's keys."""
    return all(isinstance(step, Keys) or not needs_terminal(step) for step in steps)


class _Memo:
    """A small thread-safe LRU cache where concurrent requests for one key share a single computation."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[object, Future[object]] = OrderedDict()

    def get(self, key: object, compute: Callable[[], T]) -> T:
        with self._lock:
            future = self._items.get(key)
            owner = future is None
            if future is None:
                future = Future()
                self._items[key] = future
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
        if owner:
            try:
                future.set_result(compute())
            except BaseException as error:
                future.set_exception(error)
                with self._lock:
                    self._items.pop(key, None)
        return future.result()  # type: ignore[return-value]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Grader:
    """Grades attempts; one per tutor or harness run (its caches are shared between threads)."""

    def __init__(
        self,
        *,
        isolation: Isolation = "auto",
        cache_size: int = 256,
        match_wrong_output: bool = True,
        start_session: Callable[[SessionSpec], Session] | None = None,
    ) -> None:
        self.isolation: Isolation = isolation
        self.match_wrong_output = match_wrong_output
        """Also recognise a known wrong answer by its output on the same seed (one extra run per answer, cached)."""
        self._start = start_session or Session.start
        self._references = _Memo(cache_size)
        self._wrong_outputs = _Memo(cache_size)
        self._prints = _Memo(cache_size)
        self.sessions_started = 0
        self._count_lock = threading.Lock()

    # -- sessions -----------------------------------------------------------------------------------

    @contextmanager
    def fresh_session(
        self, exercise: Exercise, seed: int, *, terminal_output: bool = False, taps: bool = False, setup: bool = True
    ) -> Iterator[Session]:
        """A new session of `exercise` on `seed`, closed afterwards; with `terminal_output`, commands write to
        terminals as the learner's do (see `Session.start`), else to pipes (the reference, replays). With
        `taps`, pipelines are counted stage by stage (the learner's side and the reference: the stage note and
        the pipeline view read them); re-runs go without, which costs less and changes nothing else. Without
        `setup`, the fixture's files and generated data only (what `verify` compares across runs)."""
        with self._count_lock:
            self.sessions_started += 1
        spec = replace(spec_for(exercise, seed, self.isolation), pipeline_taps=taps)
        session = self._start(spec if setup else replace(spec, setup=()))
        session.terminal_output = terminal_output
        try:
            yield session
        finally:
            session.close()

    # -- reference ----------------------------------------------------------------------------------

    def reference(self, exercise: Exercise, seed: int) -> Reference:
        """The reference solution's outcome on `seed` (cached per exercise and seed)."""
        return self._references.get((exercise.global_id, seed), lambda: self._run_reference(exercise, seed))

    def _run_reference(self, exercise: Exercise, seed: int) -> Reference:
        with self.fresh_session(exercise, seed, taps=True) as session:
            results = run_steps(session, exercise.solution)
            last = results[-1]
            if last.session_ended or last.timed_out or getattr(last, "incomplete", False):
                how = "ended the shell" if last.session_ended else "timed out" if last.timed_out else "is incomplete"
                raise GradingError(f"the reference solution of {exercise.global_id} {how} on seed {seed}")
            files: dict[str, str | None] = {}
            for expect in exercise.expect.files:
                if needs_reference(expect.content):
                    entry = session.stat(expect.path)
                    if entry is None or entry.kind != "file":
                        files[expect.path] = None
                    else:
                        files[expect.path] = as_text(session.read_file(expect.path, MAX_REFERENCE_FILE_BYTES))
            outcome = Reference(
                as_text(last.stdout), as_text(last.stderr), last.exit_code, files, tuple(getattr(last, "stages", ()))
            )
            return outcome.replace_text(session.home, HOME_MARK)

    def reference_for(self, exercise: Exercise, seed: int, world: object) -> Reference:
        """The reference outcome on `seed`, with paths in the home spelled as in `world`'s home."""
        home = getattr(world, "home", None)
        return self.reference(exercise, seed).replace_text(HOME_MARK, home if isinstance(home, str) else "~")

    # -- grading ------------------------------------------------------------------------------------

    def grade(
        self,
        exercise: Exercise,
        session: WorldLike,
        commands: Sequence[Step],
        results: Sequence[ResultLike],
        seed: int,
        *,
        replay: bool = True,
        trail: Trail | None = None,
    ) -> Verdict:
        """The verdict on an attempt made in the live `session` (started from `spec_for(exercise, seed)`).

        Randomized exercises that pass are re-run on a second seed in a fresh session. `trail` (the graded
        paths after each command) tells which commands made the result: shape requirements are judged on
        those, and a right last command undone by earlier ones is told so. Never raises for a failure of the
        machinery: that is an `error` verdict.
        """
        try:
            return self._grade(exercise, session, commands, results, seed, replay, trail)
        except (GradingError, PatternError, SessionError, KeysError, OSError) as error:
            return error_verdict(str(error), seed=seed)

    def grade_commands(
        self, exercise: Exercise, commands: Sequence[Step], seed: int = 1, *, replay: bool = True
    ) -> tuple[Verdict, list[CommandResult]]:
        """Run `commands` in a fresh session of `exercise` on `seed` (on terminals, as a learner's) and grade them."""
        results: list[CommandResult] = []
        try:
            with self.fresh_session(exercise, seed, terminal_output=True, taps=True) as session:
                trail = self._trail(exercise, session)

                def ran(result: CommandResult) -> None:
                    results.append(result)
                    trail.record(session, result)

                try:
                    run_steps(session, commands, on_result=ran)
                except CommandRefused as refused:  # the learner's input, e.g. a NUL byte: their answer fails
                    message = local("command_refused", reason=str(refused))
                    return Verdict("fail", message, checks=(Check("commands", False, message),), seed=seed), results
                verdict = self._grade(exercise, session, commands, results, seed, replay, trail)
        except (GradingError, PatternError, SessionError, KeysError, OSError) as error:
            return error_verdict(str(error), seed=seed), results
        return verdict, results

    def _grade(
        self,
        exercise: Exercise,
        world: WorldLike,
        steps: Sequence[Step],
        results: Sequence[ResultLike],
        seed: int,
        replay: bool,
        trail: Trail | None = None,
    ) -> Verdict:
        results = piped_results(results)
        commands = ran_commands(steps, results)
        reference = self.reference_for(exercise, seed, world) if uses_reference(exercise) else None
        lines = shape_commands(exercise, commands, trail)
        typed = [step_command(s) for s in steps]
        verdict = evaluate(exercise, commands, results, world, reference, seed=seed, shape_lines=lines, typed=typed)
        scripts = lint_scripts(exercise, world)
        verdict = enforce(verdict, exercise, scripts)
        clocks = rerun_clocks(results)
        if verdict.passed and exercise.randomized and replay:
            again = steps if replayable(steps) else restoring_steps(steps, trail, world)
            if again is not None:
                verdict = self._replay(exercise, again, seed, verdict, lines, clocks if again is steps else None)
            else:
                verdict = replace(verdict, details=(*verdict.details, local("replay_skipped_full_screen")))
        if verdict.status == "fail" and trail is not None:
            verdict = self._leftover(exercise, steps, seed, verdict, world, trail, clocks)
        if verdict.status == "fail":
            verdict = self._match_wrong(exercise, steps, results, seed, verdict, world, reference)
        if verdict.status == "fail" and verdict.matched_wrong is None and results and steps:
            verdict = as_step(exercise, commands[-1], results[-1], verdict, typed=step_command(steps[-1]))
        if verdict.status == "fail" and results:
            verdict = self._stage_note(exercise, results[-1], seed, verdict, world, reference)
        return with_findings(verdict, scripts)

    def _stage_note(
        self,
        exercise: Exercise,
        last: ResultLike,
        seed: int,
        verdict: Verdict,
        world: object,
        reference: Reference | None,
    ) -> Verdict:
        """Where a wrong pipeline's output went wrong, next to the reference solution's stages (stagenotes.py)."""
        stages = getattr(last, "stages", ())
        if len(stages) < 2 or not any(c.key == "stdout" and not c.passed for c in verdict.checks):
            return verdict
        try:
            solution = reference or self.reference_for(exercise, seed, world)
        except (GradingError, SessionError, OSError):
            return verdict  # the note is a help, never a reason for an error verdict
        note = divergence_note(stages, solution.stages)
        return verdict if note is None else replace(verdict, details=(note, *verdict.details))

    @staticmethod
    def _trail(exercise: Exercise, session: Session) -> Trail:
        trail = Trail.of(exercise)
        trail.start(session, session.state().cwd if exercise.expect.cwd is not None else None)
        return trail

    def _leftover(
        self,
        exercise: Exercise,
        steps: Sequence[Step],
        seed: int,
        verdict: Verdict,
        world: object,
        trail: Trail,
        clocks: Sequence[float | None] = (),
    ) -> Verdict:
        """A failed attempt whose last command is right on the exercise's own files: earlier commands had
        changed a graded file (`> runs.log` emptied it before the right `>>`). Found by running the last
        command alone in a fresh session on the same seed, from the same directory."""
        last = len(steps) - 1
        earlier = trail.changed_before(last)
        if last < 1 or not earlier or not replayable(steps[last:]):
            return verdict
        try:
            return self._fresh_last(exercise, steps, seed, verdict, world, trail, earlier, clocks[last:])
        except CommandRefused:  # a directory name that is not text, say: no comfort, the usual verdict
            return verdict

    def _fresh_last(
        self,
        exercise: Exercise,
        steps: Sequence[Step],
        seed: int,
        verdict: Verdict,
        world: object,
        trail: Trail,
        earlier: frozenset[str],
        clocks: Sequence[float | None] = (),
    ) -> Verdict:
        last = len(steps) - 1
        home = getattr(world, "home", None)
        cwd = trail.cwds[last] if last < len(trail.cwds) else None
        with self.fresh_session(exercise, seed) as session:
            if isinstance(home, str) and cwd and (cwd == home or cwd.startswith(home + "/")):
                session.run(f"cd -- {shlex.quote(session.home + cwd[len(home) :])}")
            fresh = self._trail(exercise, session)
            results = run_steps(
                session, steps[last:], on_result=lambda r: fresh.record(session, r), timeouts=clocks or None
            )
            reference = self.reference_for(exercise, seed, session) if uses_reference(exercise) else None
            commands = ran_commands(steps[last:], results)
            typed = [step_command(s) for s in steps[last:]]
            again = evaluate(
                exercise, commands, results, session, reference, seed=seed, shape_lines=commands, typed=typed
            )
        if not again.passed:
            return verdict
        paths = ", ".join(f"`{p}`" for p in sorted(earlier))
        return replace(verdict, message=local("leftover_state", paths=paths), details=(verdict.message,))

    def _replay(
        self,
        exercise: Exercise,
        steps: Sequence[Step],
        seed: int,
        first: Verdict,
        lines: Sequence[str],
        clocks: Sequence[float | None] | None = None,
    ) -> Verdict:
        """Run the attempt again on data generated from another seed, one whose data differs from `seed`'s (a
        generator that ignores part of its seed hands back the same data; two data sets can give the same
        answer). The shape was judged on the first run (`lines`); `steps` put back what full-screen programs
        made."""
        for second in range(replay_seed(seed), replay_seed(seed) + REPLAY_SEED_TRIES):
            if second + 1 < replay_seed(seed) + REPLAY_SEED_TRIES and self._same_data(exercise, seed, second):
                continue
            with self.fresh_session(exercise, second) as session:
                results = run_steps(session, steps, timeouts=clocks)
                reference = self.reference_for(exercise, second, session) if uses_reference(exercise) else None
                commands = ran_commands(steps, results)
                typed = [step_command(s) for s in steps]
                again = evaluate(
                    exercise, commands, results, session, reference, seed=second, shape_lines=lines, typed=typed
                )
            break
        if again.passed:
            return replace(
                first,
                message=local("pass_replayed"),
                checks=(*first.checks, Check("replay", True)),
                replay_seed=second,
            )
        message = local("replay_failed", message=again.message)
        return replace(
            again,
            message=message,
            checks=(*first.checks, Check("replay", False, message)),
            seed=seed,
            replay_seed=second,
        )

    def _same_data(self, exercise: Exercise, seed: int, other: int) -> bool:
        """Whether `other` would re-check nothing: the same files, or (where the solution's outcome is the
        measure) the same outcome of the solution, as on `seed` (a count that happens to come out equal)."""
        if uses_reference(exercise):
            return self.reference(exercise, other) == self.reference(exercise, seed)
        return self._fixture_print(exercise, other) == self._fixture_print(exercise, seed)

    def same_data(self, exercise: Exercise, seed: int, other: int) -> bool:
        """Whether both seeds give the exercise the same home (names, modes, times, contents) and the solution
        the same outcome: then a re-check on `other` checks nothing."""
        same_files = self._fixture_print(exercise, other) == self._fixture_print(exercise, seed)
        return same_files and self.reference(exercise, other) == self.reference(exercise, seed)

    def _fixture_print(self, exercise: Exercise, seed: int) -> str:
        """What the exercise's home holds on `seed` before anything is typed (cached)."""

        def compute() -> str:
            with self.fresh_session(exercise, seed) as session:
                return fixture_print(session)

        return self._prints.get((exercise.global_id, seed), compute)

    # -- known wrong answers ------------------------------------------------------------------------

    def _match_wrong(
        self,
        exercise: Exercise,
        steps: Sequence[Step],
        results: Sequence[ResultLike],
        seed: int,
        verdict: Verdict,
        world: object,
        reference: Reference | None,
    ) -> Verdict:
        commands = ran_commands(steps, results)
        # A command that failed outright (nothing on stdout, an error on stderr) did not make the author's
        # foreseen mistake, whatever its shape: only an exact match of the commands counts then.
        failed_outright = bool(results) and not as_text(results[-1].stdout).strip() and results[-1].exit_code != 0
        index = self.matching_wrong(exercise, commands, by_shape=not failed_outright)
        if index is None and self.match_wrong_output and results:
            solution = reference or self.reference_for(exercise, seed, world)
            index = self._match_wrong_output(exercise, results[-1], seed, solution)
        if index is None:
            return verdict
        return replace(verdict, wrong_explanation=exercise.wrong[index].explanation, matched_wrong=index)

    @staticmethod
    def matching_wrong(exercise: Exercise, commands: Sequence[str], *, by_shape: bool = True) -> int | None:
        """The known wrong answer these commands are (token for token), or whose shape they have."""
        for index, wrong in enumerate(exercise.wrong):
            plain = all(isinstance(s, str) for s in wrong.commands)
            if plain and same_commands([step_command(s) for s in wrong.commands], commands):
                return index
        if not by_shape:
            return None
        for index, wrong in enumerate(exercise.wrong):
            if wrong.shape is not None and commands and not check_shape(wrong.shape, commands):
                return index
        return None

    def _match_wrong_output(self, exercise: Exercise, last: ResultLike, seed: int, solution: Reference) -> int | None:
        got = (normalize(as_text(last.stdout)), normalize(as_text(last.stderr)))
        if not any(got):
            return None
        # Output that the reference solution prints too says nothing about which mistake was made (a wrong
        # redirection target leaves the same warnings on stderr as the right one). The reference is the one
        # `same_as_solution` checks use, run once per exercise and seed.
        if got == (normalize(solution.stdout), normalize(solution.stderr)):
            return None
        if sum(len("".join(text.split())) for text in got) < DISTINCTIVE_OUTPUT:
            return None  # `0` or `ok` says nothing about which mistake was made
        found = [
            index
            for index, wrong in enumerate(exercise.wrong)
            if replayable(wrong.commands)
            and self._wrong_outputs.get(
                (exercise.global_id, index, seed), partial(self._run_wrong, exercise, wrong.commands, seed)
            )
            == got
        ]
        # Two foreseen mistakes that print the same thing cannot be told apart by what was printed.
        return found[0] if len(found) == 1 else None

    def _run_wrong(self, exercise: Exercise, steps: Sequence[Step], seed: int) -> tuple[str, str]:
        with self.fresh_session(exercise, seed) as session:
            results = run_steps(session, steps, timeouts=[WRONG_ANSWER_SECONDS] * len(steps))
        last = results[-1]
        return normalize(as_text(last.stdout)), normalize(as_text(last.stderr))

    def clear_cache(self) -> None:
        """Forget reference outcomes (after a lesson file changed)."""
        self._references.clear()
        self._wrong_outputs.clear()
        self._prints.clear()


def rerun_clocks(results: Sequence[ResultLike]) -> list[float | None]:
    """Each command's clock when the attempt is run again (on other data, or its last command alone): one the
    learner stopped with Ctrl-C, or that ran out of time, is stopped after as long as it ran (a `tail -f` left
    to run would keep the verdict waiting for the session's whole minute); the others keep the session's."""
    clocks: list[float | None] = []
    for result in results:
        stopped = bool(getattr(result, "interrupted", False)) or bool(getattr(result, "timed_out", False))
        seconds = float(getattr(result, "duration_ms", 0) or 0) / 1000
        clocks.append(seconds + STOPPED_GRACE_SECONDS if stopped else None)
    return clocks


def ran_commands(steps: Sequence[Step], results: Sequence[ResultLike]) -> list[str]:
    """The command lines that really ran: each step's line after history expansion (`!!`, `sudo !!`,
    `^a^b`) as the shell recorded it (`CommandResult.expanded`), the typed line where there is no result."""
    lines = [step_command(s) for s in steps]
    for i, result in enumerate(results[: len(lines)]):
        expanded = getattr(result, "expanded", None)
        if isinstance(expanded, str) and expanded:
            lines[i] = expanded
    return lines


FIXTURE_LISTING = (
    "find . -mindepth 1 -printf '%P\\t%y\\t%m\\t%s\\t%T@\\t%l\\n' | LC_ALL=C sort; "
    "find . -type f -size -1M -print0 | LC_ALL=C sort -z | xargs -0r md5sum"
)
"""Every path of the home with its kind, mode, size, modification time and link target, and small files'
contents, as the learner's shell sees them (dotfiles included)."""


def fixture_print(session: Session) -> str:
    """A digest of the home as the exercise made it. Times are kept when a generator set them (`ls -t` and
    `find -mtime` exercises draw them from the seed); a file made just now counts as "now", whenever that is."""
    listing = session.run(FIXTURE_LISTING, timeout=30).stdout
    now = time.time()
    lines = []
    for line in listing.splitlines():
        fields = line.split("\t")
        if len(fields) == 6:
            with contextlib.suppress(ValueError):
                if abs(float(fields[4]) - now) < 3600:
                    fields[4] = "now"
        lines.append("\t".join(fields))
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=16).hexdigest()


def restoring_steps(steps: Sequence[Step], trail: Trail | None, world: object) -> list[Step] | None:
    """The attempt with each full-screen step (`vi script.sh`) replaced by commands that put back the graded
    files it changed, as it left them; None when that cannot be done (no trail, a file changed again later,
    too big, or not a graded file)."""
    if trail is None or len(trail.states) != len(steps) + 1:
        return None
    read = getattr(world, "read_file", None)
    out: list[Step] = []
    for index, step in enumerate(steps):
        if not (isinstance(step, Keys) or needs_terminal(step)):
            out.append(step)
            continue
        for path in sorted(trail.changed(index)):
            after = trail.states[index + 1][path]
            if after is None:
                out.append(f"rm -rf -- {shlex.quote(path)}")
                continue
            kind, mode, size, target, _ = after
            if kind == "dir":
                out.append(f"mkdir -p -- {shlex.quote(path)}")
            elif kind == "symlink" and target is not None:
                out.append(f"ln -sfn -- {shlex.quote(target)} {shlex.quote(path)}")
            elif kind == "file" and callable(read) and size <= MAX_RESTORED_BYTES and trail.states[-1][path] == after:
                content = base64.b64encode(read(path, MAX_RESTORED_BYTES)).decode()
                quoted = shlex.quote(path)
                out.append(f"printf %s {content} | base64 -d > {quoted} && chmod {mode & 0o7777:o} {quoted}")
            else:
                return None
    return out


def _writes(parsed: ParsedLine) -> bool:
    """Whether the line writes a file through a redirection (`cat > f`, `crontab -l >> backup`)."""
    return any(r.op in (">", ">>", "&>", "&>>", ">|") and r.target != "/dev/null" for r in parsed.redirects)


def as_step(
    exercise: Exercise, line: str, result: ResultLike, verdict: Verdict, *, typed: str | None = None
) -> Verdict:
    """A failed attempt whose last command is a step on the way rather than a wrong answer: one of the
    steps the solution takes before its last (`man ls` before the `ls` it is about; `jobs` before
    `kill %1`; `chmod +x` before running the script), or a look around (`ls`, `cat notes.txt`) with a
    program the solution's last step does not use. It succeeded and wrote no file, so it contradicts
    nothing. Shown as a step, never as a failure, and not counted as a failed attempt."""
    if result.exit_code not in (0, None) or result.timed_out or getattr(result, "incomplete", False):
        return verdict
    if any(check.key == "replay" for check in verdict.checks):
        return verdict  # right on this data, wrong on other data: a typed-in answer, not a step
    if typed is not None and typed != line:
        return verdict  # `!2`, `sudo !!`: history expansion is what such an exercise is about
    failed = [check.key for check in verdict.checks if not check.passed]
    if failed and all(key.startswith(("shape", "shellcheck")) for key in failed):
        return verdict  # the result is right, only not made the way asked: it says so, it is no look around
    parsed = parse(line)
    if parsed.has_error or not parsed.commands:
        return verdict
    solution = [parse(step_command(s)) for s in exercise.solution]
    final = {step_name(c) for c in solution[-1].commands}
    before = [{step_name(c) for c in p.commands} for p in solution[:-1]]
    used = {step_name(c) for c in parsed.commands}
    looked = {step_name(c) for c in parsed.commands if looks_only(c)}
    expect = exercise.expect
    runs_something = any(x is not None for x in (expect.stdout, expect.stderr, expect.terminal, expect.exit_code))
    # A solution that ends by looking (`nvidia-smi` after `kill`, `ls` after `mv`) where only the world is
    # graded: its last step is a check, not the answer, and a look with the same program changes nothing.
    last = solution[-1]
    ends_with_a_look = (
        not runs_something
        and not isinstance(exercise.solution[-1], Keys)
        and all(looks_only(c) for c in last.commands)
        and not _writes(last)
        and not last.background
    )
    if used & final and not ends_with_a_look:
        return verdict  # the program of the answer itself, used wrongly: a real "not yet"
    for index, names in enumerate(before):
        if used - looked <= names and used & names:
            message = local("step_done", number=index + 1, total=len(solution), command=line)
            return replace(verdict, status="step", message=message, details=(), diffs={})
    if used & EDITORS and used - looked <= EDITORS and runs_something:
        # Writing or fixing a script in vi before running it, where the solution writes it another way: the
        # task asks for what the script prints, so the edit is on the way, not the answer.
        return replace(verdict, status="step", message=local("just_editing", command=line), details=(), diffs={})
    if used == looked and not _writes(parsed) and not parsed.background:
        return replace(verdict, status="step", message=local("just_looking", command=line), details=(), diffs={})
    return verdict
