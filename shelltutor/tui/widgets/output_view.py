"""OutputView: the terminal transcript — commands, stdout and stderr told apart by a gutter, exit statuses."""

from __future__ import annotations

from collections import deque
from typing import Self

from rich.console import Group
from rich.text import Text
from textual.events import Resize
from textual.timer import Timer
from textual.widgets import RichLog

from shelltutor.sandbox.termtext import printable_with_colours
from shelltutor.tui.highlight import highlight_command
from shelltutor.tui.printable import printable, printable_line

MAX_LINES_PER_COMMAND = 400
"""Lines shown per command; the rest is summarized in one notice (the result itself is capped by the sandbox)."""
MAX_CHARS_PER_COMMAND = 64 * 1024
"""Characters shown per command."""
MAX_LINE_CHARS = 2000
"""One enormous line is cut here before wrapping."""
MAX_ECHO_CHARS = 300
"""Characters of a submitted command echoed in the transcript (a pasted 9 KiB line is not worth a screen)."""
MAX_BACKGROUND_LINES = 10
"""Lines shown of what background jobs wrote meanwhile; the command's own output matters more."""

GUTTER = {"stdout": ("1│", "dim"), "stderr": ("2│", "bold red"), "background": ("&│", "dim italic")}
"""The gutter mark of each stream: the file descriptor's number, so stderr is told apart without colour."""
TEXT_STYLE = {"stdout": "", "stderr": "red", "background": "italic"}
REWRAP_DELAY = 0.1
"""Seconds after the last resize before the transcript is wrapped again."""
MAX_LINES = 4000
"""Rows kept in the transcript (and entries kept to wrap again when the view's width changes)."""


def output_text(line: str, style: str) -> Text:
    """One line a program wrote, as its terminal shows it: in its colours (nothing else of its escape sequences is
    obeyed: they are dropped or shown as visible stand-ins), a line it rewrote with `\r` as it was left."""
    text = Text.from_ansi(printable_with_colours(line), style=style, end="")
    text.expand_tabs(8)
    return text


class OutputView(RichLog):
    """A scrolling transcript; learner output is made printable and never read as markup."""

    DEFAULT_CSS = """
    OutputView {
        background: $background 0%;
        border: none;
        padding: 0 0 0 0;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=False, markup=False, highlight=False, max_lines=MAX_LINES, auto_scroll=True)
        self._entries: deque[tuple[str | None, Text | str]] = deque(maxlen=MAX_LINES)
        """What was written, unwrapped: (None, text) for the tutor's lines, (stream, raw) for output lines."""
        self._wrapped_at = 0
        """The width the rows on screen were wrapped to."""
        self._rewrap_timer: Timer | None = None
        self._lines_shown = 0
        self._chars_shown = 0
        self._capped = False
        self._partial: dict[str, str] = dict.fromkeys(GUTTER, "")

    def _width(self) -> int:
        width = self.scrollable_content_region.width
        return max(width, 20) if width else 80

    def terminal_size(self) -> tuple[int, int]:
        """The columns and rows a program's output has here (what `ls` fills): the view less the gutter."""
        region = self.scrollable_content_region
        columns = (region.width or 80) - len(GUTTER["stdout"][0]) - 1
        return max(columns, 20), max(region.height or 24, 5)

    def write_text(self, text: Text) -> None:
        """Write `text` wrapped to the view's width."""
        self._entries.append((None, text))
        for row in self._rows(None, text):
            self.write(row, scroll_end=True)

    def clear(self) -> Self:
        """Clear the transcript (with what is left of partial lines)."""
        self._entries.clear()
        self._partial = dict.fromkeys(GUTTER, "")
        return super().clear()

    def on_resize(self, event: Resize) -> None:
        """Wrap the transcript again to the new width, so that nothing is cut off at the right edge.

        Once the size settles: dragging a window's edge sends a burst of resizes.
        """
        super().on_resize(event)
        if self._rewrap_timer is not None:
            self._rewrap_timer.stop()
        self._rewrap_timer = self.set_timer(REWRAP_DELAY, self._rewrap)

    def _rewrap(self) -> None:
        self._rewrap_timer = None
        if not self._entries or self._width() == self._wrapped_at:
            return
        rows = [row for stream, entry in self._entries for row in self._rows(stream, entry)]
        super().clear()
        # One write for every row: a write per row costs a layout pass each (seconds for a long transcript).
        self.write(Group(*rows), width=self._wrapped_at, scroll_end=True)

    def _rows(self, stream: str | None, entry: Text | str) -> list[Text]:
        """The rows an entry takes at the view's current width."""
        self._wrapped_at = width = self._width()
        console = self.app.console
        if stream is None:
            assert isinstance(entry, Text)
            rows = list(entry.wrap(console, width))
            for row in rows:
                row.rstrip()
            return rows
        assert isinstance(entry, str)
        clipped = entry[:MAX_LINE_CHARS] + ("…" if len(entry) > MAX_LINE_CHARS else "")
        body = output_text(clipped, TEXT_STYLE[stream])
        mark, mark_style = GUTTER[stream]
        rows = []
        for index, piece in enumerate(body.wrap(console, max(width - len(mark) - 1, 10)) if body.plain else [Text("")]):
            row = Text(mark if index == 0 else mark[0] + "┆", style=mark_style)
            row.append(" ")
            piece.rstrip()
            row.append_text(piece)
            rows.append(row)
        return rows

    def begin_command(self, prompt: str, command: str) -> None:
        """Echo a submitted command after its prompt, as a terminal does."""
        self._lines_shown = 0
        self._chars_shown = 0
        self._capped = False
        self._partial = dict.fromkeys(GUTTER, "")
        line = Text(printable_line(prompt), style="bold green")
        shown = command if len(command) <= MAX_ECHO_CHARS else command[:MAX_ECHO_CHARS]
        line.append_text(highlight_command(printable(shown)))
        if shown is not command:
            line.append(f"… (+{len(command) - MAX_ECHO_CHARS})", style="dim")
        self.write_text(line)

    def add_output(self, stream: str, text: str) -> None:
        """Add output as it arrives; complete lines are shown, a trailing partial line waits for `end_output`."""
        if stream not in GUTTER:
            stream = "stdout"
        data = self._partial[stream] + text
        lines = data.split("\n")
        self._partial[stream] = lines.pop()
        for line in lines:
            self._add_line(stream, line)
        if len(self._partial[stream]) > MAX_LINE_CHARS:
            self._add_line(stream, self._partial[stream])
            self._partial[stream] = ""

    def add_background(self, text: str, heading: str, more: str) -> None:
        """What background jobs wrote while the command ran: a heading, the first lines, and a count of the rest.

        `more` is a format string with `{count}`.
        """
        lines = text.rstrip("\n").split("\n")
        self.notice(heading, style="dim italic")
        for line in lines[:MAX_BACKGROUND_LINES]:
            self._write_line("background", line)
        if len(lines) > MAX_BACKGROUND_LINES:
            self.notice(more.format(count=len(lines) - MAX_BACKGROUND_LINES), style="dim italic")

    def end_output(self) -> None:
        """Show what is left of partial lines."""
        for stream in GUTTER:
            if self._partial[stream]:
                self._add_line(stream, self._partial[stream])
                self._partial[stream] = ""

    def _add_line(self, stream: str, raw: str) -> None:
        if self._capped:
            return
        if self._lines_shown >= MAX_LINES_PER_COMMAND or self._chars_shown >= MAX_CHARS_PER_COMMAND:
            self._capped = True
            return
        self._lines_shown += 1
        self._chars_shown += len(raw)
        self._write_line(stream, raw)

    def _write_line(self, stream: str, raw: str) -> None:
        self._entries.append((stream, raw))
        for row in self._rows(stream, raw):
            self.write(row, scroll_end=True)

    @property
    def capped(self) -> bool:
        """Whether output of the current command was left off."""
        return self._capped

    def notice(self, message: str, style: str = "italic") -> None:
        """A line of the tutor's own (status, notices); what it quotes of the learner's is made printable."""
        self.write_text(Text(printable(message), style=style))
