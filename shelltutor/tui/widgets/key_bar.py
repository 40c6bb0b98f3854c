"""KeyBar: the footer line with the main keys of the current screen, in the current language."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from shelltutor.tui.keys import KeyDef
from shelltutor.tui.strings import tr

MAX_ROWS = 2
"""A footer too narrow for every key (80 columns) takes a second row rather than hide keys."""


def fit_keys(keys: Sequence[KeyDef], lang: str, width: int, rows: int = 1) -> list[KeyDef]:
    """The keys that fit in `rows` lines of `width` columns, in their order: the most essential (highest
    rank) first in."""
    chosen: list[KeyDef] = []
    for key in sorted(keys, key=lambda k: -k.rank):
        trial = [k for k in keys if k in chosen or k is key]
        if len(lay_out(trial, lang, width)) <= rows:
            chosen.append(key)
    return [key for key in keys if key in chosen]


def lay_out(keys: Sequence[KeyDef], lang: str, width: int) -> list[list[KeyDef]]:
    """The keys in lines of at most `width` columns, in their order."""
    lines: list[list[KeyDef]] = [[]]
    used = 0
    for key in keys:
        size = cell_len(_item(key, lang))
        if lines[-1] and used + 1 + size > width:
            lines.append([])
            used = 0
        used += size + (1 if len(lines[-1]) else 0)
        lines[-1].append(key)
    return lines


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
        self.shown = fit_keys(self.keys, lang, width, rows=MAX_ROWS)
        lines = lay_out(self.shown, lang, width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for row, line in enumerate(lines):
            if row:
                text.append("\n")
            for index, key in enumerate(line):
                if index:
                    text.append(" ")
                text.append(_label(key), style="bold reverse")
                text.append(" " + tr(key.short or key.text, lang) + " ")
        self.styles.height = len(lines)
        self.update(text)
