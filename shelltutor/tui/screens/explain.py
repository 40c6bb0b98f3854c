"""ExplainScreen: a command line explained part by part (F7 on the lesson screen); Esc closes it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from shelltutor.explain import Explanation
from shelltutor.explain.render import command_diagram, entries, problem_lines, wrap
from shelltutor.sandbox.textsafe import make_printable
from shelltutor.tui.screens.base import TutorModal
from shelltutor.tui.strings import tr

KIND_STYLES = {
    "command": "bold",
    "option": "cyan",
    "argument": "",
    "expansion": "magenta",
    "quoting": "yellow",
    "redirection": "green",
    "operator": "bold red",
    "assignment": "blue",
    "keyword": "bold magenta",
    "comment": "dim",
    "heredoc": "italic",
}
"""How each kind of part is shown in the list (the same hues as the command line's highlighting)."""
Produce = Callable[[str], Awaitable[Explanation]]
"""Explains the command again in another language (after F9)."""


def explanation_renderable(explanation: Explanation, width: int) -> RenderableType:
    """The diagram, the parts with their explanations, what could not be explained, and the notes."""
    parts: list[RenderableType] = []
    if explanation.spans:
        parts.append(Text("\n".join(command_diagram(explanation, width)), style="bold", no_wrap=True, overflow="crop"))
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column(justify="right", style="dim", no_wrap=True)
        table.add_column(no_wrap=True, max_width=30)
        table.add_column(style="dim", no_wrap=True)
        table.add_column(ratio=1)
        for entry in entries(explanation):
            number = str(entry.number) if entry.number is not None else ""
            text = Text("  " * entry.indent + entry.text, style=KIND_STYLES.get(entry.span.kind, ""))
            table.add_row(number, text, Text(entry.kind), Text(entry.explanation))
        parts.extend([Text(""), table])
    if explanation.problems:
        parts.append(Text(""))
        parts.append(Text(tr("explain.problems", explanation.lang), style="bold red"))
        for problem in explanation.problems:
            parts.append(Text("\n".join(problem_lines(explanation, problem, width)), style="red"))
    if explanation.notes:
        parts.append(Text(""))
    for note in explanation.notes:
        parts.append(Text("\n".join(wrap(make_printable(note), width, 2, "• ")), style="italic dim"))
    return Group(*parts)


class ExplainScreen(TutorModal):
    """The explanation of one command line; Esc, F7 or Q closes it, F9 shows it in the other language."""

    DEFAULT_CSS = """
    ExplainScreen { align: center middle; }
    ExplainScreen > VerticalScroll {
        width: 110; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ExplainScreen #explain-close { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f7,q", "close", show=False),
        Binding("f9", "app.toggle_lang", show=False),  # read it in the other language (a modal hides app keys)
    ]

    def __init__(self, explanation: Explanation, produce: Produce | None = None) -> None:
        super().__init__()
        self.explanation = explanation
        self._produce = produce

    def _width(self) -> int:
        return max(min(self.app.size.width, 110) - 6, 30)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self._title(self.lang)
            yield Static(explanation_renderable(self.explanation, self._width()), id="explain-text")
            yield Static(tr("explain.close", self.lang), id="explain-close")

    def _title(self, lang: str) -> Text:
        """The title, quoting the command's first line (as text, never markup)."""
        first = self.explanation.command.split("\n", 1)[0]
        return Text(tr("explain.title", lang, command=make_printable(first[:60] + ("…" if len(first) > 60 else ""))))

    def apply_lang(self, lang: str) -> None:
        self.query_one("#explain-close", Static).update(tr("explain.close", lang))
        if self._produce is not None and self.explanation.lang != lang:
            self._again(lang)

    @work(exclusive=True, group="explain")
    async def _again(self, lang: str) -> None:
        assert self._produce is not None
        self.explanation = await self._produce(lang)
        self.query_one(VerticalScroll).border_title = self._title(lang)
        self.query_one("#explain-text", Static).update(explanation_renderable(self.explanation, self._width()))

    def on_resize(self) -> None:
        self.query_one("#explain-text", Static).update(explanation_renderable(self.explanation, self._width()))

    def action_close(self) -> None:
        """Close the explanation."""
        self.dismiss(False)
