"""Every key binding, declared once: screens build their bindings, the footer and the help screen from here."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class KeyDef:
    """One key (or several equivalent keys) and what it does."""

    label: str
    """How the key is written on screen, e.g. `F2` or `Ctrl+C`."""
    text: str
    """The strings.py key of the long description (help screen)."""
    short: str | None = None
    """The strings.py key of the short footer label; None keeps it out of the footer."""
    keys: str | None = None
    """Textual key names, comma-separated; None when a widget handles the key itself (help only)."""
    action: str | None = None
    """The action it triggers."""
    priority: bool = False
    """Checked before the focused widget's own bindings."""
    rank: int = 0
    """How essential it is in the footer: when the footer is too narrow, lower ranks are left out first
    (the help screen always lists every key)."""


HELP_KEY = KeyDef("F1", "key.help", "key.help", "f1", "app.help", rank=90)
GLOBAL_KEYS: tuple[KeyDef, ...] = (
    HELP_KEY,
    KeyDef("F9", "key.lang_long", "key.lang", "f9", "app.toggle_lang", rank=40),
    KeyDef("F10", "key.theme_long", "key.theme", "f10", "app.toggle_theme", rank=10),
    KeyDef("Ctrl+Q", "key.quit", "key.quit", "ctrl+q", "app.quit", priority=True, rank=100),
    KeyDef("Shift+Tab / Tab", "key.focus"),
)

MAP_KEYS: tuple[KeyDef, ...] = (
    KeyDef("Enter", "key.open_long", "key.open", rank=80),
    KeyDef("↑ ↓", "key.move_long"),
    KeyDef("Space / → ←", "key.expand"),
    KeyDef("R", "key.reset_map_long", "key.reset", "r", "reset", rank=30),
    KeyDef("?", "key.help", None, "question_mark", "app.help"),
)

LESSON_KEYS: tuple[KeyDef, ...] = (
    KeyDef("Esc", "key.back_long", "key.back", "escape", "back", rank=80),
    KeyDef("F2", "key.hint_long", "key.hint", "f2", "hint", rank=70),
    KeyDef("F3", "key.solution_long", "key.solution", "f3", "solution", rank=50),
    KeyDef("F4 / Ctrl+N", "key.next_long", "key.next", "f4,ctrl+n", "next_exercise", rank=60),
    KeyDef("Shift+F4 / Ctrl+B", "key.prev_long", None, "shift+f4,ctrl+b", "previous_exercise"),
    KeyDef("F5", "key.reset_long", "key.reset", "f5", "reset_exercise", rank=30),
    KeyDef("F6", "key.files_long", "key.files", "f6", "toggle_files", rank=20),
    KeyDef("F7", "key.explain_long", "key.explain", "f7", "explain", rank=25),
    KeyDef("F8", "key.pipeline_long", "key.pipeline", "f8", "pipeline", rank=25),
    KeyDef("Ctrl+L", "key.clear", None, "ctrl+l", "clear_output"),
    KeyDef("PgUp / PgDn", "key.scroll_lesson"),
    KeyDef("Shift+PgUp / PgDn", "key.scroll"),
)

SEARCH_KEY = KeyDef("Ctrl+R", "key.search_history")
"""Handled by the command line itself (readline's reverse search); listed in help (F1), like ↑ ↓ and Tab: the
footer keeps to the tutor's own keys, on one row at 160 columns."""

COMMAND_LINE_KEYS: tuple[KeyDef, ...] = (
    KeyDef("Enter", "key.run"),
    KeyDef("↑ ↓", "key.history"),
    SEARCH_KEY,
    KeyDef("Tab", "key.complete"),
    KeyDef("Ctrl+C", "key.interrupt"),
    KeyDef("Ctrl+A", "key.line_start"),
    KeyDef("Ctrl+E", "key.line_end"),
    KeyDef("Ctrl+U", "key.kill_left"),
    KeyDef("Ctrl+W", "key.kill_word"),
    KeyDef("Ctrl+K", "key.kill_right"),
)

DIALOG_KEYS: tuple[KeyDef, ...] = (KeyDef("Y / N", "key.yes_no"),)


def bindings(defs: tuple[KeyDef, ...]) -> list[BindingType]:
    """Textual bindings for the keys that trigger an action (descriptions live in the footer and help)."""
    return [
        Binding(d.keys, d.action, d.label, show=False, priority=d.priority)
        for d in defs
        if d.keys is not None and d.action is not None
    ]
