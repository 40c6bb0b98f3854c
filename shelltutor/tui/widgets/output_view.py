"""OutputView: the terminal transcript — commands, stdout and stderr told apart by a gutter, exit statuses."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from shelltutor.tui.highlight import highlight_command
from shelltutor.tui.printable import printable

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
        super().__init__(id=id, wrap=False, markup=False, highlight=False, max_lines=4000, auto_scroll=True)
        self._lines_shown = 0
        self._chars_shown = 0
        self._capped = False
        self._partial: dict[str, str] = dict.fromkeys(GUTTER, "")

    def _width(self) -> int:
        width = self.scrollable_content_region.width
        return max(width, 20) if width else 80

    def write_text(self, text: Text) -> None:
        """Write `text` wrapped to the view's width."""
        for line in text.wrap(self.app.console, self._width()):
            line.rstrip()
            self.write(line, scroll_end=True)

    def begin_command(self, prompt: str, command: str) -> None:
        """Echo a submitted command after its prompt, as a terminal does."""
        self._lines_shown = 0
        self._chars_shown = 0
        self._capped = False
        self._partial = dict.fromkeys(GUTTER, "")
        line = Text(prompt, style="bold green")
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
        clipped = raw[:MAX_LINE_CHARS] + ("…" if len(raw) > MAX_LINE_CHARS else "")
        body = Text(printable(clipped), style=TEXT_STYLE[stream])
        mark, mark_style = GUTTER[stream]
        width = self._width() - len(mark) - 1
        console = self.app.console
        for index, piece in enumerate(body.wrap(console, max(width, 10)) if body.plain else [Text("")]):
            row = Text(mark if index == 0 else mark[0] + "┆", style=mark_style)
            row.append(" ")
            piece.rstrip()
            row.append_text(piece)
            self.write(row, scroll_end=True)

    @property
    def capped(self) -> bool:
        """Whether output of the current command was left off."""
        return self._capped

    def notice(self, message: str, style: str = "italic") -> None:
        """A line of the tutor's own (status, notices); not learner output."""
        self.write_text(Text(message, style=style))
