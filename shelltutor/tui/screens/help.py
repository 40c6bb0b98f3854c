"""HelpScreen: every key binding, grouped by where it works, in the current language."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from shelltutor.tui.keys import COMMAND_LINE_KEYS, DIALOG_KEYS, GLOBAL_KEYS, LESSON_KEYS, MAP_KEYS, KeyDef
from shelltutor.tui.screens.base import TutorModal
from shelltutor.tui.strings import tr

SECTIONS: tuple[tuple[str, tuple[KeyDef, ...]], ...] = (
    ("help.global", GLOBAL_KEYS),
    ("help.map", MAP_KEYS),
    ("help.lesson", LESSON_KEYS),
    ("help.command_line", COMMAND_LINE_KEYS),
    ("help.dialog", DIALOG_KEYS),
)


def help_renderable(lang: str) -> RenderableType:
    """The help text: one table per section."""
    parts: list[RenderableType] = []
    key_width = max(cell_len(key.label) for _, keys in SECTIONS for key in keys)
    for title, keys in SECTIONS:
        table = Table(title=tr(title, lang), title_justify="left", title_style="bold underline", box=None, expand=True)
        table.add_column(style="bold", no_wrap=True, width=key_width)
        table.add_column(ratio=1)
        table.show_header = False
        for key in keys:
            table.add_row(key.label, tr(key.text, lang))
        parts.append(table)
        parts.append(Text(""))
    parts.append(Text(tr("help.fullscreen", lang), style="italic"))
    parts.append(Text(tr("help.close", lang), style="dim"))
    return Group(*parts)


class HelpScreen(TutorModal):
    """The key reference; Esc, F1 or Q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 100%; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = tr("help.title", self.lang)
            yield Static(help_renderable(self.lang), id="help-text")

    def apply_lang(self, lang: str) -> None:
        self.query_one(VerticalScroll).border_title = tr("help.title", lang)
        self.query_one("#help-text", Static).update(help_renderable(lang))

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(False)
