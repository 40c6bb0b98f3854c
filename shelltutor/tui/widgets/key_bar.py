"""KeyBar: the footer line with the main keys of the current screen, in the current language."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from shelltutor.tui.keys import KeyDef
from shelltutor.tui.strings import tr


class KeyBar(Static):
    """Shows `F2 Hint  F4 Next …`; the keys are KeyDefs with a short label."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $panel;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, keys: Sequence[KeyDef], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys = tuple(k for k in keys if k.short is not None)

    def set_lang(self, lang: str) -> None:
        """Render the keys in `lang`."""
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, key in enumerate(self.keys):
            if index:
                text.append(" ")
            text.append(key.label.split(" / ")[0], style="bold reverse")
            text.append(" " + tr(key.short or key.text, lang) + " ")
        self.update(text)
