"""CommandInput: the shell's command line: its history (Up, Down, Ctrl-R), bash editing keys, highlighting, Tab."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len as cell_width
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.dom import NoScreen
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input

from shelltutor.sandbox.frontdoor import MAX_COMMAND_BYTES
from shelltutor.sandbox.textsafe import make_printable
from shelltutor.tui.highlight import BashHighlighter

COMMAND_PREFIXES = frozenset({"sudo", "nohup", "time", "exec", "command", "xargs", "watch", "env", "nice"})
"""Words after which bash's next word is again a command name."""
_ANSI_C_ESCAPES = {"\\": "\\\\", "'": "\\'", "\a": "\\a", "\b": "\\b", "\x1b": "\\E", "\f": "\\f", "\n": "\\n"}
_ANSI_C_ESCAPES |= {"\r": "\\r", "\t": "\\t", "\v": "\\v"}
LINE_BREAK = "\u2424"
"""How a line break of a multi-line command from the history shows on the one-line command line (␤); it is a
line break again when the command runs."""
SEARCH_PROMPTS = {
    "en": ("(reverse-i-search)`{query}': ", "(failed reverse-i-search)`{query}': "),
    "ko": ("(역방향 검색)`{query}': ", "(역방향 검색 실패)`{query}': "),
}
"""Ctrl-R's prompt, as readline shows it (then with no match), by language."""
SHORT_SEARCH_PROMPTS = {
    "en": ("(i-search)`{query}': ", "(failed i-search)`{query}': "),
    "ko": ("(검색)`{query}': ", "(검색 실패)`{query}': "),
}
"""The same where the command line is narrow (a long prompt before it)."""
SEARCH_ROOM = 16
"""Columns the entry found keeps at least, before the search prompt is shortened."""


def shown_entry(entry: str) -> str:
    """A history entry as the command line shows it: on one line (a line break as ␤), with any control or bidi
    character as a visible stand-in, never obeyed."""
    return make_printable(entry, single_line=True)


@dataclass
class HistorySearch:
    """A Ctrl-R search under way: what is searched for and the entry it found, over the history as it was when
    the search began."""

    entries: list[str]
    original: str
    """The line as it was before the search (Esc and Ctrl-G put it back)."""
    cursor: int
    query: str = ""
    index: int | None = None
    """The entry found, or None before anything is."""
    at: int = 0
    """Where the query is in the found entry's shown text."""
    failed: bool = False
    steps: list[tuple[str, int | None, int, bool]] = field(default_factory=list)
    """The states before each key, for Backspace to go back to."""

    @property
    def line(self) -> str:
        """The line the search shows: the entry found, else the original line."""
        return self.original if self.index is None else shown_entry(self.entries[self.index])

    def find(self, query: str, start: int, *, skip: str | None = None) -> tuple[int, int] | None:
        """The newest entry at or before `start` that holds `query` (and is not shown as `skip`), with where."""
        for index in range(min(start, len(self.entries) - 1), -1, -1):
            text = shown_entry(self.entries[index])
            at = text.rfind(query)
            if at >= 0 and text != skip:
                return index, at
        return None

    def type(self, text: str) -> None:
        """A key typed into the search: look for the longer text from the entry found on, backwards."""
        self.steps.append((self.query, self.index, self.at, self.failed))
        self.query += text
        start = len(self.entries) - 1 if self.index is None else self.index
        self._go(self.find(self.query, start))

    def older(self, last_query: str) -> None:
        """Ctrl-R again: the next older entry with the same text (the last search's, when nothing is typed)."""
        self.steps.append((self.query, self.index, self.at, self.failed))
        if not self.query:
            self.query = last_query
        if not self.query:
            return
        start = len(self.entries) - 1 if self.index is None else self.index - 1
        skip = None if self.index is None else self.line
        self._go(self.find(self.query, start, skip=skip))

    def back(self) -> None:
        """Backspace: the state before the last key."""
        if self.steps:
            self.query, self.index, self.at, self.failed = self.steps.pop()

    def _go(self, found: tuple[int, int] | None) -> None:
        if found is None:
            self.failed = True  # the last entry found stays shown, as readline does
        else:
            (self.index, self.at), self.failed = found, False


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

    Ctrl-A/E/U/W/K come from Input; this adds the history on Up/Down and Ctrl-R (reverse incremental search,
    as readline's), Ctrl-C (interrupt or drop the line) and Tab (ask the screen for file-name completions,
    answered through `complete_with`).

    The history is the shell's own: that of the exercise open on the widget's screen (`screen.run.history`,
    the service's `ExerciseRun`), which is the learner's saved history followed by every command the shell
    recorded, so Up, Ctrl-R, `history` and `!N` all see one list. Without an exercise (another screen, a
    test), the lines submitted here.
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
        Binding("ctrl+r", "reverse_search", show=False),
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
    class SearchToggled(Message):
        """A Ctrl-R search began (`active`) or ended: readline shows its search prompt in place of the shell's."""

        active: bool

    @dataclass
    class CompletionWanted(Message):
        """Tab was pressed: the screen should look up what starts with `word` — command names when the word
        is where a command goes (`command`), else file names."""

        word: str
        command: bool = False

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, highlighter=BashHighlighter(), id=id, select_on_focus=False)
        self._own_history: list[str] = []
        """The lines submitted here, for a command line with no exercise's shell behind it."""
        self._browsing: list[str] = []
        """The history being walked with Up/Down, as it was at the first Up."""
        self._history_index: int | None = None
        self._draft = ""
        self._recalled_lines = False
        """The line came from a multi-line history entry: its ␤ are line breaks."""
        self.search: HistorySearch | None = None
        """The Ctrl-R search under way, if any."""
        self._last_query = ""

    @property
    def history(self) -> list[str]:
        """The history Up, Down and Ctrl-R walk, oldest first: the shell's (see the class), else this line's."""
        try:
            run = getattr(self.screen, "run", None)
        except NoScreen:  # not on a screen (yet)
            run = None
        shell = getattr(run, "history", None)
        return shell if isinstance(shell, list) else self._own_history

    def walkable(self) -> list[str]:
        """The history entries that can be recalled: all but those too long for the sandbox to run."""
        return [e for e in self.history if len(e.encode("utf-8", "surrogatepass")) <= MAX_COMMAND_BYTES]

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False  # tests and screenshots: a steady cursor, the same picture every time

    async def _on_key(self, event: events.Key) -> None:
        if self.search is not None and self._search_key(event):
            event.stop()
            event.prevent_default()
            return
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
        if self.search is not None:
            self.end_search(accept=True)
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
        """A command was submitted: walking the history starts again from its end. The shell records the
        command itself; only a command line with no shell behind it keeps the line (consecutive duplicates
        once, like HISTCONTROL=ignoredups)."""
        own = self._own_history
        if self.history is own and command.strip() and (not own or own[-1] != command):
            own.append(command)
        self._history_index = None
        self._draft = ""
        self._recalled_lines = False

    def action_history_previous(self) -> None:
        """Up: the previous command."""
        if self._history_index is None:
            self._browsing = self.walkable()
            if not self._browsing:
                return
            self._draft = self.value
            self._history_index = len(self._browsing)
        if self._history_index > 0:
            self._history_index -= 1
            self._recall(self._browsing[self._history_index])

    def action_history_next(self) -> None:
        """Down: the next command, then back to what was being typed."""
        if self._history_index is None:
            return
        self._history_index += 1
        if self._history_index >= len(self._browsing):
            self._history_index = None
            self._show(self._draft)
            self._recalled_lines = False
        else:
            self._recall(self._browsing[self._history_index])

    def _recall(self, entry: str, cursor: int | None = None) -> None:
        """Put a history entry on the line (a multi-line one with ␤ for its line breaks)."""
        self._show(shown_entry(entry), cursor)
        self._recalled_lines = "\n" in entry

    def _show(self, text: str, cursor: int | None = None) -> None:
        self.value = text
        self.cursor_position = len(text) if cursor is None else cursor

    async def action_submit(self) -> None:
        """Enter: run the line. A multi-line command recalled from the history runs with its line breaks."""
        self.submit()

    def submit(self) -> None:
        """Post the line as submitted (Enter)."""
        if self.search is not None:
            self.end_search(accept=True)
        value = self.value
        if self._recalled_lines:
            value = value.replace(LINE_BREAK, "\n")
            self._recalled_lines = False
        self.post_message(self.Submitted(self, value, None))

    # -- Ctrl-R ---------------------------------------------------------------------------------------------------

    def action_reverse_search(self) -> None:
        """Ctrl-R: search the history backwards as the query is typed; again: the next older match."""
        if self.search is None:
            self.search = HistorySearch(self.walkable(), self.value, self.cursor_position)
            self._history_index = None
            self.post_message(self.SearchToggled(True))
        else:
            self.search.older(self._last_query)
        self.refresh()

    def end_search(self, *, accept: bool) -> None:
        """Leave the search: with `accept`, the entry found stays on the line to edit or run (the cursor where
        the text was found, and Up and Down go on from it); else the line is as it was before."""
        search, self.search = self.search, None
        if search is None:
            return
        self.post_message(self.SearchToggled(False))
        if search.query:
            self._last_query = search.query
        if accept and search.index is not None:
            self._recall(search.entries[search.index], search.at)
            self._browsing, self._history_index, self._draft = search.entries, search.index, search.original
        else:
            self._show(search.original, search.cursor)
        self.refresh()

    def _search_key(self, event: events.Key) -> bool:
        """A key during a search, as readline takes it; False when it ends the search and then acts as usual
        (a cursor or editing key on the entry found, Tab, Ctrl-C, a function key)."""
        search = self.search
        assert search is not None
        if event.key in ("escape", "ctrl+g"):
            self.end_search(accept=False)
        elif event.key == "ctrl+r":
            self.action_reverse_search()
        elif event.key == "backspace":
            search.back()
        elif event.key == "enter":
            self.submit()
        elif event.is_printable and event.character:
            search.type(event.character)
        else:
            self.end_search(accept=True)
            return False
        self.refresh()
        return True

    def render_line(self, y: int) -> Strip:
        """The line, or during a search readline's search prompt and the entry found, the found text marked."""
        search = self.search
        if search is None or y != 0:
            return super().render_line(y)
        lang = "ko" if getattr(self.app, "lang", "en") == "ko" else "en"
        width = max(self.scrollable_content_region.width, 1)
        prompt = ""
        for prompts in (SEARCH_PROMPTS[lang], SHORT_SEARCH_PROMPTS[lang]):
            prompt = make_printable(prompts[search.failed].format(query=search.query), single_line=True)
            if width - cell_width(prompt) >= SEARCH_ROOM:
                break
        text = Text(prompt, style="bold", no_wrap=True, overflow="ignore", end="")
        line = search.line
        start = 0
        found = search.index is not None and bool(search.query)
        if found:
            room = width - cell_width(prompt) - 1
            end = search.at + len(search.query)
            while start < search.at and cell_width(line[start:end]) > room:
                start += 1  # the found text stays in view
        shown = Text(line[start:], no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            shown = self.highlighter(shown)
        if found:
            shown.stylize("reverse", search.at - start, search.at - start + len(search.query))
        text.append_text(shown)
        cursor = len(prompt) + (search.at - start if found else len(line) - start)
        if self.has_focus and self._cursor_visible:
            text.pad_right(1)
            text.stylize(self.get_component_rich_style("input--cursor"), cursor, cursor + 1)
        segments = list(self.app.console.render(text, self.app.console_options.update_width(max(width, text.cell_len))))
        return Strip(segments).crop(0, width + 1).extend_cell_length(width + 1).apply_style(self.rich_style)

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
