"""PIPESTATUS outlives a command as at a real prompt: `false | true`, then `echo ${PIPESTATUS[@]}` prints `1 0`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shelltutor.sandbox import Session, SessionSpec


@pytest.fixture(scope="module")
def shell() -> Iterator[Session]:
    with Session.start(SessionSpec(isolation="bwrap"), terminal_output=True) as session:
        yield session


@pytest.mark.parametrize(
    ("first", "then", "printed"),
    [
        ("false | true", "echo ${PIPESTATUS[@]} $?", "1 0 0\n"),
        ("(exit 3) | (exit 4) | true", "echo ${PIPESTATUS[1]}", "4\n"),
        ("grep nothing /etc/hostname | wc -l", "echo ${PIPESTATUS[@]}", "1 0\n"),
        ("false", "echo ${PIPESTATUS[@]} $?", "1 1\n"),
        ("true | false", "echo $?; echo ${PIPESTATUS[@]}", "1\n0\n"),  # the second echo sees the first's
    ],
)
def test_the_next_command_sees_the_pipeline_statuses(shell: Session, first: str, then: str, printed: str) -> None:
    shell.run(first)
    assert shell.run(then).stdout == printed


def test_pipefail_and_the_status(shell: Session) -> None:
    assert shell.run("set -o pipefail; false | true").exit_code == 1
    try:
        assert shell.run("echo $? ${PIPESTATUS[@]}").stdout == "1 1 0\n"
    finally:
        shell.run("set +o pipefail")


def test_nothing_of_it_shows(shell: Session) -> None:
    """The statuses are put back without a trace: not in history, not in the output, not with `set -v`."""
    shell.run("set -v")
    shell.run("false | true")
    result = shell.run("echo ok")
    shell.run("set +v")
    assert "exit" not in result.stderr and "__st" not in result.stderr
    assert "__st" not in shell.run("history").stdout
    assert "exit 1" not in shell.run("history").stdout


def test_errexit_is_not_tripped(shell: Session) -> None:
    """Under `set -e` a failing pipeline put back would end the shell: then the statuses are not kept."""
    shell.run("false | true")
    result = shell.run("set -e; echo alive; set +e")
    assert result.stdout == "alive\n"
    assert not result.session_ended
