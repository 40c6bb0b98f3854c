"""`shelltutor` (the TUI front end) reports a crashed app as an error, not as a normal quit."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import shelltutor.tui.app
from shelltutor.cli import main
from shelltutor.cli.common import CliEnv

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FinishedApp:
    """Stands in for the Textual app: run() returns at once, as after the learner quit or a crash."""

    def __init__(self, crashed: bool, return_code: int | None) -> None:
        self.crashed = crashed
        self.return_code = return_code

    def run(self) -> None:
        pass


@pytest.mark.parametrize(
    ("crashed", "return_code", "status"),
    [(False, None, 0), (False, 0, 0), (True, None, 2), (False, 1, 2)],
    ids=["quit", "quit-0", "panic-from-input-thread", "unhandled-exception"],
)
def test_exit_status_says_whether_the_app_crashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crashed: bool, return_code: int | None, status: int
) -> None:
    def make_app(*args: Any, **kwargs: Any) -> FinishedApp:
        return FinishedApp(crashed, return_code)

    monkeypatch.setattr(shelltutor.tui.app, "make_app", make_app)
    env = CliEnv(stdout=Terminal(), stderr=io.StringIO(), stdin=Terminal(), data_dir=tmp_path)
    assert main(["--lessons", E2E_COURSE], env) == status
