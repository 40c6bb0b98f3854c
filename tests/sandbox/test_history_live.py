"""One history per learner, kept across restarts: loaded into every new exercise shell (`history`, `!N`, `!!`),
kept through shell restarts and resets, fresh where an exercise asks, and graded right either way."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shelltutor.sandbox import Session, SessionSpec
from shelltutor.sandbox.history import HISTORY_FILE, HISTSIZE, HistoryFile
from shelltutor.service import ExerciseRun, TutorService, make_service

E2E_COURSE = Path(__file__).parents[1] / "fixtures" / "e2e-course"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Callable[[], TutorService]]:
    """Starts tutors one after another on one data directory, as a learner restarts shelltutor."""
    made: list[TutorService] = []

    def start() -> TutorService:
        for earlier in made:
            earlier.close()
        made.append(make_service(lang="en", extra_dirs=[E2E_COURSE], data_dir=tmp_path / "data"))
        return made[-1]

    yield start
    for service in made:
        service.close()


def listed(run: ExerciseRun) -> list[str]:
    """The entries the shell's own `history` holds, read from the live shell."""
    return list(run._session.state().history)


def test_a_command_of_an_earlier_session_is_in_the_new_shells_history_and_runs_with_bang_n(
    services: Callable[[], TutorService], tmp_path: Path
) -> None:
    first = services().open("e2e-basics/pwd")
    try:
        first.run("echo from-yesterday")
        first.run("ls")
    finally:
        first.close()
    assert (tmp_path / "data" / HISTORY_FILE).exists()  # in the tutor's data directory, next to the progress

    run = services().open("e2e-basics/count-errors")  # another exercise, after a restart of the tutor
    try:
        assert run.history == ["echo from-yesterday", "ls"]
        shown = run.run("history")
        assert shown.result is not None
        assert shown.result.stdout.splitlines() == ["    1  echo from-yesterday", "    2  ls", "    3  history"]
        again = run.run("!1")
        assert again.result is not None
        assert again.result.stdout == "from-yesterday\n"
        assert again.result.stderr == "echo from-yesterday\n"  # bash shows what !1 became
        last = run.run("!!")
        assert last.result is not None and last.result.stdout == "from-yesterday\n"
        # One list: what Up walks is what the shell's `history` holds, `!N` and `!!` as they expanded.
        expected = ["echo from-yesterday", "ls", "history", "echo from-yesterday", "echo from-yesterday"]
        assert run.history == expected
        assert listed(run) == expected
    finally:
        run.close()
    saved = HistoryFile.in_dir(tmp_path / "data").entries()
    assert saved == expected  # saved as each ran, expanded as bash recorded it


def test_what_bash_does_not_record_is_not_saved(services: Callable[[], TutorService], tmp_path: Path) -> None:
    run = services().open("e2e-basics/pwd")
    try:
        assert run.run("echo 'open quote").result.incomplete  # type: ignore[union-attr]
        failed = run.run("!nosuchcommand")
        assert failed.result is not None and "event not found" in failed.result.stderr
        run.run("x" * 5000)  # refused by the front door: never reached the shell
        run.run("true")
        assert run.history == ["true"]
        assert listed(run) == ["true"]
    finally:
        run.close()
    assert HistoryFile.in_dir(tmp_path / "data").entries() == ["true"]


def test_the_history_survives_a_new_shell_reset_and_a_lost_sandbox(services: Callable[[], TutorService]) -> None:
    service = services()
    service.history.append("echo saved")
    run = service.open("e2e-basics/pwd")
    try:
        run.run("for i in 1 2\ndo echo $i\ndone")  # a multi-line command: one entry
        ended = run.run("exit")
        assert ended.result is not None and ended.result.session_ended
        after_exit = ["echo saved", "for i in 1 2\ndo echo $i\ndone", "exit"]
        assert run.history == after_exit
        assert listed(run) == after_exit  # the new shell has it whole, not split into lines
        assert run.run("!2").result.stdout == "1\n2\n"  # type: ignore[union-attr]
        run.reset()  # fresh files and shell: the learner's history, this exercise's commands included
        assert run.history == [*after_exit, "for i in 1 2\ndo echo $i\ndone"]
        assert listed(run) == run.history
    finally:
        run.close()


def test_an_exercise_with_fresh_history_starts_empty_and_still_saves(
    services: Callable[[], TutorService], tmp_path: Path
) -> None:
    service = services()
    for n in range(5):
        service.history.append(f"ls checkpoints # earlier {n}")
    run = service.open("shell-history/list-history")  # fixture.fresh_history: true
    try:
        assert run.exercise.fixture.fresh_history
        assert run.history == []
        only = run.run("history")  # the known wrong answer: nothing typed yet to look at
        assert only.result is not None and only.result.stdout == "    1  history\n"
        assert only.verdict is not None and only.verdict.status != "pass"
        run.reset()
        assert listed(run) == []  # a reset starts it fresh again
        for command in ("ls checkpoints", "ls -lh checkpoints/ckpt-epoch-03.pt", "history"):
            outcome = run.run(command)
        assert outcome.verdict is not None and outcome.verdict.status == "pass"
    finally:
        run.close()
    saved = HistoryFile.in_dir(tmp_path / "data").entries()
    assert saved[-3:] == ["ls checkpoints", "ls -lh checkpoints/ckpt-epoch-03.pt", "history"]


def test_bang_bang_of_an_earlier_session_is_graded_as_what_ran(services: Callable[[], TutorService]) -> None:
    # The re-check on a second seed runs the attempt again in a fresh shell, with no saved history: it runs
    # the line `!!` became, not `!!`, which would find nothing there.
    first = services().open("e2e-basics/count-errors")
    try:
        assert first.run("grep -c ERROR app.log").verdict.status == "pass"  # type: ignore[union-attr]
    finally:
        first.close()
    service = services()
    service.reset_exercise("e2e-basics/count-errors")
    run = service.open("e2e-basics/count-errors")
    try:
        outcome = run.run("!!")
        assert outcome.result is not None and outcome.result.expanded == "grep -c ERROR app.log"
        assert outcome.verdict is not None and outcome.verdict.status == "pass"
        assert any(check.key == "replay" and check.passed for check in outcome.verdict.checks)
        assert run.commands == ["!!"]  # progress keeps what was typed
    finally:
        run.close()


def test_hostile_saved_history_loads_into_a_working_shell(tmp_path: Path) -> None:
    path = tmp_path / "data" / HISTORY_FILE
    history = HistoryFile(path)
    hostile = [
        "echo \x1b]0;pwned\x07 \x1b[2J",
        "printf '%s' \u202eevil",
        "cat <<'EOF'\nline one\nEOF",
        "-n not an option",
        "history -c",
        "$(reboot)",  # loaded as text, never run
        "x" * 8000,
    ]
    for entry in hostile:
        assert history.append(entry)
    with path.open("ab") as out:
        out.write(b'garbage \xff\n"torn')
    entries = history.entries()
    assert entries == hostile
    with Session.start(SessionSpec(isolation="bwrap"), history=entries) as session:
        assert list(session.state().history) == hostile
        result = session.run("history 1; echo alive")
        assert result.stdout == f"{len(hostile) + 1:5d}  history 1; echo alive\nalive\n"
        assert session.run("!3").stdout == "line one\n"


def test_a_full_history_loads_quickly_and_stays_bounded(tmp_path: Path) -> None:
    import time

    entries = [f"echo entry {n}" for n in range(HISTSIZE)]
    started = time.monotonic()
    with Session.start(SessionSpec(isolation="bwrap"), history=entries) as session:
        elapsed = time.monotonic() - started
        session.run("echo one more")
        assert len(session.history) == HISTSIZE
        assert session.history[0] == "echo entry 1" and session.history[-1] == "echo one more"
        assert list(session.state().history) == session.history  # bash drops the oldest alike (HISTSIZE=1000)
    assert elapsed < 5  # typically ~15 ms more than a session without history
