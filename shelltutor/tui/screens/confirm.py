"""ConfirmScreen: a yes/no question before anything is thrown away."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from shelltutor.tui.printable import printable
from shelltutor.tui.screens.base import TutorModal
from shelltutor.tui.strings import tr


class ConfirmScreen(TutorModal):
    """Dismisses with True for yes; No has the focus, so a stray Enter keeps the learner's work."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 90%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmScreen Horizontal { height: auto; align: center middle; margin-top: 1; }
    ConfirmScreen Button { margin: 0 2; min-width: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(printable(self.question)), id="question")  # lesson titles, the sandbox's words
            with Horizontal():
                yield Button(tr("confirm.yes", self.lang) + " (Y)", variant="warning", id="yes")
                yield Button(tr("confirm.no", self.lang) + " (N)", variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Y or N."""
        self.dismiss(yes)
