"""KeyBar: the footer line with the main keys of the current screen, in the current language."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from shelltutor.tui.keys import KeyDef
from shelltutor.tui.strings import tr


def fit_keys(keys: Sequence[KeyDef], lang: str, width: int) -> list[KeyDef]:
    """The keys that fit in `width` columns, in their order: the most essential (highest rank) first in."""
    chosen: set[KeyDef] = set()
    used = 0
    for key in sorted(keys, key=lambda k: -k.rank):
        size = cell_len(_item(key, lang)) + (1 if chosen else 0)
        if used + size <= width:
            chosen.add(key)
            used += size
    return [key for key in keys if key in chosen]


def _label(key: KeyDef) -> str:
    return key.label.split(" / ")[0]


def _item(key: KeyDef, lang: str) -> str:
    """`F2 Hint ` as it takes room in the footer."""
    return f"{_label(key)} {tr(key.short or key.text, lang)} "


class KeyBar(Static):
    """Shows `F2 Hint  F4 Next …`; the keys are KeyDefs with a short label. When the terminal is too narrow
    for all of them, the least essential are left out (F1 lists every key), so Ctrl+Q Quit always shows."""

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
        self.lang: str | None = None
        self.shown: list[KeyDef] = list(self.keys)
        """The keys on screen now."""

    def set_lang(self, lang: str) -> None:
        """Render the keys in `lang`."""
        self.lang = lang
        self._render_keys()

    def on_resize(self) -> None:
        self._render_keys()

    def _render_keys(self) -> None:
        lang = self.lang
        if lang is None:
            return
        width = self.size.width or self.app.size.width
        self.shown = fit_keys(self.keys, lang, width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, key in enumerate(self.shown):
            if index:
                text.append(" ")
            text.append(_label(key), style="bold reverse")
            text.append(" " + tr(key.short or key.text, lang) + " ")
        self.update(text)
