"""Banner: a one-line warning across the top, e.g. when commands are not isolated."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from shelltutor.tui.printable import printable


class Banner(Static):
    """Hidden until `warn` is called; the warning is in words with a sign, not colour alone."""

    DEFAULT_CSS = """
    Banner {
        display: none;
        height: auto;
        background: $error;
        color: $text;
        padding: 0 1;
    }
    Banner.-shown { display: block; }
    Banner.-compact { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def warn(self, message: str, detail: str | None = None, *, compact: bool = False) -> None:
        """Show `message` (and `detail` on its own line); `compact` keeps it to one line."""
        text = Text("⚠ " + printable(message), style="bold", no_wrap=compact, overflow="ellipsis")
        if detail and not compact:  # the sandbox's own words, which may quote a program's error output
            text.append("\n" + printable(detail), style="not bold")
        self.update(text)
        self.set_class(compact, "-compact")
        self.add_class("-shown")
