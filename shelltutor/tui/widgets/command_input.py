"""CommandInput: the shell's command line, with history, bash editing keys, highlighting and Tab completion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from shelltutor.sandbox.textsafe import make_printable
from shelltutor.tui.highlight import BashHighlighter

COMMAND_PREFIXES = frozenset({"sudo", "nohup", "time", "exec", "command", "xargs", "watch", "env", "nice"})
"""Words after which bash's next word is again a command name."""
_ANSI_C_ESCAPES = {"\\": "\\\\", "'": "\\'", "\a": "\\a", "\b": "\\b", "\x1b": "\\E", "\f": "\\f", "\n": "\\n"}
_ANSI_C_ESCAPES |= {"\r": "\\r", "\t": "\\t", "\v": "\\v"}


def needs_quoting(text: str) -> bool:
    """Whether `text` holds a character the command line must not show raw (a control, bidi or line character)."""
    return "\t" in text or make_printable(text, single_line=True) != text


def ansi_c_quoted(name: str) -> str:
    """`name` in bash's `$'…'` quoting (`$'a\\Eb'`): it names the same file, and shows no control character."""
    out = []
    for ch in name:
        code = ord(ch)
        if ch in _ANSI_C_ESCAPES:
            out.append(_ANSI_C_ESCAPES[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif needs_quoting(ch):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "$'" + "".join(out) + "'"


def typeable(candidate: str) -> str:
    """A completion as it goes onto the command line: as it is, or quoted when it holds a control character
    (a directory keeps its `/` outside the quotes, so completing on inside it still works)."""
    if not needs_quoting(candidate):
        return candidate
    if candidate.endswith("/"):
        return ansi_c_quoted(candidate[:-1]) + "/"
    return ansi_c_quoted(candidate)


def common_prefix(words: list[str]) -> str:
    """The longest text every word starts with (character by character, as bash completes)."""
    first, last = min(words), max(words)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


class CommandInput(Input):
    """An Input that behaves like bash's line editor for the keys learners use.

    Ctrl-A/E/U/W/K come from Input; this adds history on Up/Down, Ctrl-C (interrupt or drop the line) and
    Tab (ask the screen for file-name completions, answered through `complete_with`).
    """

    DEFAULT_CSS = """
    CommandInput, CommandInput:focus {
        border: none;
        padding: 0;
        height: 1;
        width: 1fr;
        background: $background 0%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history_previous", show=False),
        Binding("down", "history_next", show=False),
        Binding("tab", "complete", show=False),
        Binding("ctrl+c", "interrupt", show=False),
    ]

    @dataclass
    class Interrupt(Message):
        """Ctrl-C was pressed; `line` is what had been typed."""

        line: str

    @dataclass
    class LinesPasted(Message):
        """A paste held whole lines: run `commands` one after another, as a terminal would."""

        commands: list[str]

    @dataclass
    class CompletionWanted(Message):
        """Tab was pressed: the screen should look up what starts with `word` — command names when the word
        is where a command goes (`command`), else file names."""

        word: str
        command: bool = False

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, highlighter=BashHighlighter(), id=id, select_on_focus=False)
        self.history: list[str] = []
        self._history_index: int | None = None
        self._draft = ""

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False  # tests and screenshots: a steady cursor, the same picture every time

    async def _on_key(self, event: events.Key) -> None:
        # A key bound on the command line (Ctrl-A, Ctrl-U, Ctrl-W, Tab, Up …) acts at once, in order with the
        # letters around it. Textual runs a widget's bindings only after the key has bubbled up to the app,
        # so in a burst (`echo hi`, Ctrl-A, `X` arriving in one read) the letters after it went in first.
        if not event.is_printable:
            bindings = self._bindings.key_to_bindings.get(event.key)
            if bindings:
                event.stop()
                event.prevent_default()
                await self.run_action(bindings[0].action)
                return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste with line breaks is typed ahead as in a terminal: each finished line is a command to run.

        The first line joins what was already typed (around the cursor); empty lines are skipped; text after
        the last line break stays on the command line for the learner to finish. Control characters in the
        paste (an escape sequence, a bidi override copied from a web page) are made printable first: what the
        command line shows is what runs.
        """
        text = make_printable(event.text.replace("\r\n", "\n").replace("\r", "\n"))
        event.stop()
        event.prevent_default()
        if "\n" not in text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
            return
        *lines, rest = text.split("\n")
        before, after = self.value[: self.cursor_position], self.value[self.cursor_position :]
        if not self.selection.is_empty:
            start, end = sorted(self.selection)
            before, after = self.value[:start], self.value[end:]
        lines[0] = before + lines[0] + after
        commands = [line for line in lines if line.strip()]
        self.value = rest
        self.cursor_position = len(rest)
        if commands:
            self.post_message(self.LinesPasted(commands))

    def remember(self, command: str) -> None:
        """Add a submitted command to the history (consecutive duplicates once, like HISTCONTROL=ignoredups)."""
        if command.strip() and (not self.history or self.history[-1] != command):
            self.history.append(command)
        self._history_index = None
        self._draft = ""

    def action_history_previous(self) -> None:
        """Up: the previous command."""
        if not self.history:
            return
        if self._history_index is None:
            self._draft = self.value
            self._history_index = len(self.history)
        if self._history_index > 0:
            self._history_index -= 1
            self._show(self.history[self._history_index])

    def action_history_next(self) -> None:
        """Down: the next command, then back to what was being typed."""
        if self._history_index is None:
            return
        self._history_index += 1
        if self._history_index >= len(self.history):
            self._history_index = None
            self._show(self._draft)
        else:
            self._show(self.history[self._history_index])

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def action_delete_left_word(self) -> None:
        """Ctrl-W as in bash: delete back to the previous space (`cat app.log` → `cat `)."""
        before = self.value[: self.cursor_position]
        trimmed = before.rstrip(" \t")
        cut = max(trimmed.rfind(" "), trimmed.rfind("\t")) + 1
        self.value = before[:cut] + self.value[self.cursor_position :]
        self.cursor_position = cut

    def action_interrupt(self) -> None:
        """Ctrl-C."""
        self.post_message(self.Interrupt(self.value))

    def current_word(self) -> str:
        """The word that ends at the cursor (what Tab completes)."""
        before = self.value[: self.cursor_position]
        cut = max(before.rfind(ch) for ch in " \t|;&<>()")
        return before[cut + 1 :]

    def in_command_position(self) -> bool:
        """Whether the word at the cursor is where bash expects a command: first on the line, after `|`, `;`,
        `&`, `(` or a backquote, or after a word that runs the next one (`sudo`, `nohup`, `time` …)."""
        before = self.value[: self.cursor_position]
        head = before[: len(before) - len(self.current_word())].rstrip()
        if not head or head[-1] in "|;&(`":
            return True
        return head.split()[-1] in COMMAND_PREFIXES

    def action_complete(self) -> None:
        """Tab."""
        self.post_message(self.CompletionWanted(self.current_word(), self.in_command_position()))

    def complete_with(self, word: str, candidates: list[str]) -> list[str]:
        """Apply the completions of `word`; returns the candidates to list when there is no single answer."""
        if self.current_word() != word or not candidates:
            return []
        if len(candidates) == 1:
            replacement = typeable(candidates[0])
            if not replacement.endswith("/"):
                replacement += " "
        else:
            replacement = common_prefix(candidates)
            cut = next((i for i, ch in enumerate(replacement) if needs_quoting(ch)), len(replacement))
            replacement = replacement[:cut]  # the listing shows the rest; a raw control never reaches the line
        if len(replacement) > len(word) and replacement.startswith(word):
            self.insert_text_at_cursor(replacement[len(word) :])
        elif len(replacement) > len(word):
            start = self.cursor_position - len(word)
            self.value = self.value[:start] + replacement + self.value[self.cursor_position :]
            self.cursor_position = start + len(replacement)
        return candidates if len(candidates) > 1 else []
