"""Which tmux command lines take the screen (run attached to the real terminal) and which print and exit."""

from __future__ import annotations

import pytest

from shelltutor.grading.shape import needs_terminal

ATTACHED = [
    "tmux",
    "tmux new",
    "tmux new -s train",
    "tmux new-session -s train",
    "tmux new-sess -s train",
    "tmux new -s train python3 train.py -d",  # `-d` belongs to the program run in the session
    "tmux new -s d",  # the session is named d; no -d flag
    "tmux new -sd",  # getopt: -s with the value d
    "tmux new -A -s train",
    "tmux new -c ~/runs -s train",
    "tmux attach",
    "tmux attach -t train",
    "tmux attach-session -t train",
    "tmux attach -d -t train",  # -d detaches the other clients; this one still attaches
    "tmux a",
    "tmux a -t train",
    "tmux at -t train",
    "tmux -u new -s train",
    "tmux -2 attach",
    "tmux -L work new -s train",
    "tmux -Lwork attach -t train",
    "tmux -f ~/.tmux.conf new",
    "tmux new -d -s train \\; attach -t train",
    "cd runs && tmux new -s train",
    "tmux ls; tmux attach -t train",
    "TERM=xterm tmux attach -t train",
]

PRINTS_AND_EXITS = [
    "tmux ls",
    "tmux list-sessions",
    "tmux -V",
    "tmux new -d",
    "tmux new -d -s train",
    "tmux new -s train -d",
    "tmux new -ds train",
    "tmux new-session -d -s train 'python3 train.py > train.log'",
    "tmux new -d -s train -x 120 -y 30",
    "tmux kill-session -t train",
    "tmux kill-server",
    "tmux send-keys -t train 'python3 train.py' Enter",
    "tmux capture-pane -p -t train",
    "tmux has-session -t train",
    "tmux new-window -t train",
    "tmux split-window -t train",
    "tmux list-windows -t train",
    "tmux -c 'echo hi'",
    "tmux ls | grep train",
    "echo $(tmux ls)",
]


@pytest.mark.parametrize("line", ATTACHED)
def test_tmux_that_takes_the_screen_runs_attached(line: str) -> None:
    assert needs_terminal(line) is True


@pytest.mark.parametrize("line", PRINTS_AND_EXITS)
def test_tmux_that_prints_and_exits_is_captured(line: str) -> None:
    assert needs_terminal(line) is False
