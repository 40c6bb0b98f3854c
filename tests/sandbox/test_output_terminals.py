"""Captured commands on output terminals (`Session.start(terminal_output=True)`), in the real sandbox: programs see
a terminal as in the learner's own, the tutor still reads stdout and stderr apart, and grading reads the output
as a pipe would have carried it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from shelltutor.grading.piped import as_piped
from shelltutor.sandbox import Session, SessionSpec
from shelltutor.sandbox.spec import HomeEntry
from shelltutor.sandbox.termtext import plain_text

NAMES = (
    "alpha.csv",
    "b",
    "checkpoint_epoch_10.pt",
    "my run.log",
    "it's.txt",
    'quote"d',
    "tab\there",
    "new\nline",
    "한글.txt",
    "zeta",
)
HOME = (
    *(HomeEntry(f"data/{name}", content=b"x" * i) for i, name in enumerate(NAMES)),
    HomeEntry("data/sub", kind="dir"),
    HomeEntry("data/sub/inner.txt", content=b"inner\n"),
    HomeEntry("data/run.sh", content=b"#!/bin/sh\necho hi\n", mode=0o755),
    HomeEntry("data/latest", kind="symlink", target="checkpoint_epoch_10.pt"),
    HomeEntry("data/empty", kind="dir"),
)


@pytest.fixture(scope="module")
def tty() -> Iterator[Session]:
    with Session.start(SessionSpec(home=HOME, isolation="bwrap"), terminal_output=True) as session:
        session.set_size(60, 20)
        yield session


@pytest.fixture(scope="module")
def pipe() -> Iterator[Session]:
    with Session.start(SessionSpec(home=HOME, isolation="bwrap")) as session:
        yield session


def test_programs_see_a_terminal_and_the_streams_stay_apart(tty: Session) -> None:
    result = tty.run("python3 -c 'import os, sys; print(os.isatty(1), os.isatty(2)); print(\"oops\", file=sys.stderr)'")
    assert result.terminal
    assert result.stdout == "True True\n"
    assert result.stderr == "oops\n"
    assert result.exit_code == 0


def test_pipes_without_terminal_output(pipe: Session) -> None:
    result = pipe.run("python3 -c 'import os; print(os.isatty(1), os.isatty(2))'")
    assert not result.terminal
    assert result.stdout == "False False\n"


def test_the_terminal_has_the_size_the_learner_sees(tty: Session) -> None:
    assert tty.run("tput cols; stty size </dev/stdout").stdout == "60\n20 60\n"
    tty.set_size(100, 30)
    try:
        assert tty.run("tput cols").stdout == "100\n"
    finally:
        tty.set_size(60, 20)


def test_ls_writes_columns_in_colour_there(tty: Session) -> None:
    result = tty.run("ls data")
    lines = plain_text(result.stdout).splitlines()
    assert len(lines) < len(NAMES)  # several names on a line
    assert "\x1b[" in result.stdout  # the sandbox's ~/.bashrc: alias ls='ls --color=auto', as on Ubuntu
    assert "'my run.log'" in result.stdout  # quoted as GNU ls quotes on a terminal


@pytest.mark.parametrize(
    "command",
    [
        "ls data",
        "ls -a data",
        "ls -A data",
        "ls -F data",
        "ls -p data",
        "ls -t data",
        "ls -r data",
        "ls -S data",
        "ls -1 data",
        "ls -l data",
        "ls -la data",
        "ls -lh data",
        "ls -ltr data",
        "ls -lF data",
        "ls -n data",
        "ls -g data",
        "ls -o data",
        "ls -R data",
        "ls -lR data",
        "ls data data/sub",
        "ls -d data/*",
        "ls data/*.csv data/*.txt",
        "cd data && ls",
        "cd data; ls sub",
        "ls -l --time-style=long-iso data",
        "ls --color=never data",
        "ls data/empty",
        "ls -s data | head -n 3",
        "grep -r inner data",
        "echo $'a\\tb'",
    ],
)
def test_grading_reads_terminal_output_as_a_pipe_carries_it(tty: Session, command: str) -> None:
    on_terminal = tty.run(command)
    tty.run("cd ~")
    tty.terminal_output = False  # the same home, on pipes
    try:
        in_pipe = tty.run(command)
        tty.run("cd ~")
    finally:
        tty.terminal_output = True
    assert on_terminal.terminal and not in_pipe.terminal
    assert on_terminal.exit_code == in_pipe.exit_code == 0
    assert as_piped(command, on_terminal.stdout) == in_pipe.stdout


@pytest.mark.parametrize(
    "command", ["ls -x data", "ls -C data", "ls -m data", "ls -s data", "ls -i data", "dir data", "ls data; echo done"]
)
def test_layouts_a_pipe_has_too_are_left_as_they_are(tty: Session, command: str) -> None:
    """-x, -C and -m lay out columns and commas in a pipe too (80 wide there); -s puts numbers among the names;
    when another program prints on the same line, which lines are `ls`'s is not known: only escapes go."""
    on_terminal = tty.run(command).stdout
    assert as_piped(command, on_terminal) == plain_text(on_terminal)
    assert "\x1b" not in plain_text(on_terminal)


def test_background_output_is_not_the_next_commands(tty: Session) -> None:
    started = tty.run("(sleep 0.3; echo from-the-job) &")
    assert started.exit_code == 0
    waited = tty.run("sleep 0.6; echo mine")
    assert waited.stdout == "mine\n"
    assert "from-the-job" in waited.background
    tty.run("wait")


def test_when_jobs_hold_both_pairs_output_goes_to_pipes(tty: Session) -> None:
    tty.run("sleep 30 &")
    tty.run("sleep 30 &")
    try:
        result = tty.run("python3 -c 'import os; print(os.isatty(1))'")
        assert not result.terminal
        assert result.stdout == "False\n"  # never mixed with a job's output
    finally:
        tty.run("kill %1 %2; wait")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if tty.run("python3 -c 'import os; print(os.isatty(1))'").stdout == "True\n":
            break
        time.sleep(0.1)
    else:
        pytest.fail("the output terminals were not used again after the jobs ended")


def test_nohup_writes_nohup_out_as_on_a_terminal(tty: Session) -> None:
    result = tty.run("cd ~ && nohup echo trained & wait; cat ~/nohup.out; rm -f ~/nohup.out")
    assert "trained\n" in result.stdout


def test_output_limit_holds_on_a_terminal() -> None:
    spec = SessionSpec(isolation="bwrap")
    with Session.start(spec, terminal_output=True) as session:
        result = session.run("yes")
        assert result.truncated
        assert len(result.stdout) <= spec.limits.output_bytes
        assert session.run("echo next").stdout == "next\n"


def test_a_fresh_home_keeps_the_terminals() -> None:
    with Session.start(SessionSpec(isolation="bwrap"), terminal_output=True) as session:
        session.set_size(42, 10)
        session.reset()
        result = session.run("tput cols; python3 -c 'import os; print(os.isatty(1))'")
        assert result.stdout == "42\nTrue\n"


def test_the_learner_cannot_take_the_terminals_away(tty: Session) -> None:
    """The shell holds no fd of them: closing fds or redirecting the shell's own output changes nothing."""
    tty.run("exec 5>&- 6>&- 7>&- 8>&-")
    assert tty.run("echo still").stdout == "still\n"
    fds = tty.run("ls /proc/$$/fd | sort -n | tr '\\n' ' '").stdout.split()
    assert not {"5", "6", "7", "8"} & set(fds)
    assert tty.run("python3 -c 'import os; print(os.isatty(1))'").stdout == "True\n"
