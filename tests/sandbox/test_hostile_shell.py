"""Hostile family: the shell itself. The learner may reconfigure or kill their shell; the tutor keeps its footing."""

from __future__ import annotations

import time

import pytest
from sandbox_helpers import eventually, run_ok

from shelltutor.sandbox import Session
from shelltutor.sandbox.results import Chunk, CommandResult


@pytest.mark.parametrize(
    "change",
    [
        "PS1='fake prompt $ '; PS2=''; PS4='+++'",
        "PROMPT_COMMAND='echo hijacked; echo more >&2'",
        "PROMPT_COMMAND='sleep 0.2'",
        "trap 'echo bye' EXIT; trap 'echo err' ERR; trap 'echo int' INT",
        "set -u; set -o pipefail; set -C; set -f",
        "set -o history; HISTCONTROL=; HISTIGNORE=",
        "shopt -s extdebug nullglob failglob",
        "IFS=x; alias eval='echo hijacked'; alias __st_pre='echo hijacked'; alias \\\\__st_pre=x",
        "set -o vi; bind 'set editing-mode vi' 2>/dev/null; true",
        "stty -echo -icanon; stty intr ^X",
        "stty raw",
        "stty eof ^A erase x kill y",
        "ulimit -S -n 64",
        "unset HISTFILE PATH; PATH=/nowhere",
        "cd /tmp; rmdir ~ 2>/dev/null; true",
        "exec 2>/dev/null",
        "exec >/dev/null",
        "exec 5>/dev/null 10>/dev/null 255>/dev/null",
    ],
)
def test_reconfigured_shell_still_answers(session: Session, change: str) -> None:
    session.run(change)
    for _ in range(3):
        r = session.run("builtin echo visible; builtin echo err >&2", timeout=3)
        assert r.stdout == "visible\n", (change, r)
        assert "err\n" in r.stderr
    assert "hijacked" not in r.stdout


def test_set_x_traces_like_bash(session: Session) -> None:
    run_ok(session, "set -x")
    r = session.run("echo hi")
    assert r.stdout == "hi\n" and "+ echo hi" in r.stderr
    assert "__st_" not in r.stderr
    run_ok(session, "set +x")
    assert session.run("echo quiet").stderr == ""


def test_set_e_makes_a_failure_end_the_shell(session: Session) -> None:
    run_ok(session, "set -e; cd /tmp; keep=1")
    r = session.run("false")
    assert r.session_ended
    assert run_ok(session, "echo $keep; pwd") == "\n/home/learner\n"  # a fresh shell, files kept


def test_history_option_does_not_record_the_driver(session: Session) -> None:
    run_ok(session, "set -o history")
    run_ok(session, "echo one")
    history = session.state().history
    assert not any("__st_" in h for h in history) and "echo one" in history


@pytest.mark.parametrize(
    "ending",
    ["exit", "exit 3", "kill -9 $$", "kill -KILL $$", "exec true", "exec sleep 0.1", "exec cat /dev/null"],
)
def test_shell_death_is_reported_and_recovered(session: Session, ending: str) -> None:
    run_ok(session, "echo kept > kept.txt; cd /tmp; x=1")
    t0 = time.monotonic()
    r = session.run(ending, timeout=3)
    assert r.session_ended, (ending, r)
    assert time.monotonic() - t0 < 5
    if ending == "exit 3":
        assert r.exit_code == 3
    assert run_ok(session, "cat ~/kept.txt; pwd; echo ${x:-unset}") == "kept\n/home/learner\nunset\n"


def test_kill_everything_spares_only_the_shell(session: Session) -> None:
    run_ok(session, "sleep 100 & sleep 200 &")
    session.run("kill -9 -1")
    assert eventually(lambda: "sleep" not in run_ok(session, "ps -eo args"))


def test_kill_term_is_ignored_by_the_interactive_shell(session: Session) -> None:
    # `kill -INT $$` makes bash abandon the line: the prompt hook reports it at once (status 130), without the
    # rest of the line, as in a terminal; the clock (30 s here) is not what ends it.
    r = session.run("kill $$; kill -INT $$; kill -HUP $$ 2>/dev/null; echo survived", timeout=30)
    assert (r.exit_code, r.stdout, r.timed_out) == (130, "", False)
    assert run_ok(session, "echo ok") == "ok\n"


@pytest.mark.parametrize(
    ("line", "status", "stderr"),
    [
        ("kill -INT $$; echo after", 130, ""),
        ("x=(1); echo ${x[bad syntax]}; echo after", 1, "syntax error in expression"),
        ("f() { kill -INT $$; }; f; echo after", 130, ""),
    ],
)
def test_a_line_bash_abandons_ends_at_once_with_its_status(
    session: Session, line: str, status: int, stderr: str
) -> None:
    """Bash drops the rest of the line and goes back to its prompt: the command ends there, with the status a
    terminal's `echo $?` would show next, not on its clock; the next command and `$?` are as in a terminal."""
    r = session.run(line, timeout=30)
    assert (r.exit_code, r.stdout, r.timed_out) == (status, "", False)
    assert stderr in r.stderr
    assert run_ok(session, "echo $?") == f"{status}\n"


def test_the_learners_own_prompt_commands_run_and_see_the_status(session: Session) -> None:
    """`PROMPT_COMMAND+=(…)` (bash 5.1+) keeps the driver's hook first: the learner's command runs after each
    line and sees that line's status; an abandoned line is still reported at once."""
    run_ok(session, "PROMPT_COMMAND+=('echo \"status $?\" >>~/prompt.log')")
    session.run("false")
    r = session.run("kill -INT $$; echo after", timeout=30)
    assert (r.exit_code, r.timed_out) == (130, False)
    assert run_ok(session, "cat ~/prompt.log").splitlines()[-2:] == ["status 1", "status 130"]


@pytest.mark.parametrize(
    "sabotage",
    [
        "eval() { echo fake; }",
        "enable -n eval",
        "unset -f __st_pre; __st_pre() { :; }",
        "readonly -f eval 2>/dev/null; eval() { :; }; readonly -f eval",
        "trap 'return 1' DEBUG; shopt -s extdebug",
        "exec bash --norc",
        "exec sh",
        "bash",
    ],
)
def test_sabotage_of_the_driver_is_recovered(session: Session, sabotage: str) -> None:
    t0 = time.monotonic()
    session.run(sabotage, timeout=2)
    r = session.run("echo works", timeout=2)
    if r.stdout != "works\n":
        assert r.session_ended or r.timed_out
        r = session.run("echo works", timeout=2)
    assert r.stdout == "works\n", (sabotage, r)
    assert time.monotonic() - t0 < 12


def test_interrupt_from_another_thread(session: Session) -> None:
    import threading

    threading.Timer(0.3, session.interrupt).start()
    t0 = time.monotonic()
    r = session.run("sleep 10; echo not reached", timeout=8)
    assert r.interrupted and not r.timed_out
    assert r.exit_code == 130 and r.stdout == ""
    assert time.monotonic() - t0 < 2
    threading.Timer(0.3, session.interrupt).start()
    r = session.run("while :; do :; done", timeout=8)
    assert r.interrupted and r.exit_code == 130
    run_ok(session, "cd /tmp")
    assert run_ok(session, "pwd") == "/tmp\n"


def test_interrupt_before_the_shell_takes_the_command_stops_it_when_it_starts(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C pressed right after Enter, before the shell has read the line (a loaded machine): the command
    # is stopped as soon as it starts, instead of the signal reaching the idle prompt and being lost.
    from shelltutor.sandbox.commandrun import CommandRun

    execute = CommandRun.execute

    def interrupted_first(run: CommandRun) -> object:
        session.interrupt()
        return execute(run)

    monkeypatch.setattr(CommandRun, "execute", interrupted_first)
    t0 = time.monotonic()
    r = session.run("sleep 10; echo not reached", timeout=8)
    assert r.interrupted and not r.timed_out, r
    assert r.exit_code == 130 and r.stdout == ""
    assert time.monotonic() - t0 < 3
    monkeypatch.undo()
    assert run_ok(session, "echo next") == "next\n"


def test_an_interrupt_while_nothing_runs_does_not_stop_the_next_command(session: Session) -> None:
    session.interrupt()
    r = session.run("sleep 0.3; echo reached", timeout=5)
    assert not r.interrupted and r.exit_code == 0 and r.stdout == "reached\n"


# Catches the first SIGINT, then becomes `sleep` (as a job's process does between fork and exec, when it is
# still the shell's code): the signal it caught is lost with the exec.
CATCH_THEN_EXEC = (
    "python3 -c 'import os, signal, time\n"
    "got = []\n"
    "signal.signal(signal.SIGINT, lambda *a: got.append(1))\n"
    'print("ready", flush=True)\n'
    "while not got: time.sleep(0.01)\n"
    'os.execvp("sleep", ["sleep", "10"])\'; echo not reached'
)

# Catches SIGINT and goes on, as a program may on purpose: it must get one SIGINT, as from one Ctrl-C.
CATCH_AND_GO_ON = (
    "python3 -c 'import signal, time\n"
    "got = []\n"
    "signal.signal(signal.SIGINT, lambda *a: got.append(1))\n"
    'print("ready", flush=True)\n'
    "while not got: time.sleep(0.01)\n"
    "time.sleep(1)\n"
    'print("caught", len(got))\''
)


def _interrupt_when_ready(session: Session, command: str) -> tuple[CommandResult, float]:
    import threading

    def on_chunk(chunk: Chunk) -> None:
        if "ready" in chunk.text:
            threading.Thread(target=session.interrupt).start()

    t0 = time.monotonic()
    r = session.run(command, timeout=8, on_chunk=on_chunk)
    return r, time.monotonic() - t0


def test_interrupt_lost_by_a_program_starting_another_is_sent_again(session: Session) -> None:
    r, took = _interrupt_when_ready(session, CATCH_THEN_EXEC)
    assert r.interrupted and not r.timed_out, r
    assert r.exit_code == 130 and r.stdout == "ready\n"
    assert took < 3


def test_a_program_that_catches_the_interrupt_gets_it_once(session: Session) -> None:
    # As in a terminal: one Ctrl-C, one SIGINT; the program goes on, ends well, and the line goes on with the
    # next job, which the Ctrl-C never reached.
    r, _ = _interrupt_when_ready(session, CATCH_AND_GO_ON + "; sleep 0.8; echo after")
    assert r.interrupted and not r.timed_out, r
    assert r.exit_code == 0 and r.stdout == "ready\ncaught 1\nafter\n"


def test_an_older_background_job_brought_forward_later_is_not_interrupted(session: Session) -> None:
    # A terminal's Ctrl-C reaches the job in the foreground then; `fg` later brings an older background job
    # forward, which it never reached.
    run_ok(session, "sleep 3 & echo started")
    r, _ = _interrupt_when_ready(session, CATCH_AND_GO_ON + "; fg %1 >/dev/null; echo fg=$?")
    assert r.interrupted and not r.timed_out, r
    assert r.stdout == "ready\ncaught 1\nfg=0\n"


def test_a_late_interrupt_does_not_reach_the_next_command(session: Session) -> None:
    # Ctrl-C for a command that has just ended (here, with its shell) must not stop the one after it.
    from shelltutor.sandbox.commandrun import CommandRun

    finished: list[CommandRun] = []
    execute = CommandRun.execute

    def keep(run: CommandRun) -> object:
        result = execute(run)
        finished.append(run)
        return result

    import threading
    import unittest.mock

    with unittest.mock.patch.object(CommandRun, "execute", keep):
        session.run("exit", timeout=5)
    (ended,) = finished
    late: list[bool] = []
    timer = threading.Timer(0.2, lambda: late.append(ended.deliver_interrupt()))
    timer.start()
    r = session.run("sleep 0.6; echo reached", timeout=5)
    timer.join()
    assert late == [False]
    assert r.stdout == "reached\n" and r.exit_code == 0 and not r.interrupted, r


def test_ctrl_c_typed_on_an_attached_terminal_ends_the_command(session: Session) -> None:
    # Full-screen mode: the learner's own Ctrl-C drops the rest of the line, the tutor's code with it.
    import os
    import threading

    master, slave = os.openpty()

    def press() -> None:
        time.sleep(0.8)  # vi-style keys typed after the program has the terminal
        os.write(master, b"\x03")

    def drain() -> None:
        while True:
            try:
                if not os.read(master, 4096):
                    return
            except OSError:
                return

    threading.Thread(target=press, daemon=True).start()
    threading.Thread(target=drain, daemon=True).start()
    results: list[CommandResult] = []
    attached = threading.Thread(target=lambda: results.append(session.attach("sleep 5; echo after", slave, slave)))
    attached.start()
    attached.join(timeout=15)  # attach has no timeout of its own: without the fix it waits for ever
    hung = attached.is_alive()
    if hung:
        session._box.close()  # ends the attached command (close() would wait for it: it holds the session)
        attached.join(timeout=15)
    os.close(slave)
    os.close(master)
    assert not hung, "the command went on after Ctrl-C on the attached terminal"
    (r,) = results
    assert r.exit_code == 130 and r.interrupted, r
    assert "after" not in r.stdout
    assert run_ok(session, "echo next") == "next\n"
