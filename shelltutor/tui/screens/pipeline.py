"""PipelineScreen (F8): the stages of the learner's last pipeline — each stage's command, what came out of it,
its first lines, its status and where its stderr went, as counted while it ran."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from shelltutor.sandbox.results import Stage
from shelltutor.sandbox.stagetext import stage_texts, summary
from shelltutor.tui.screens.base import TutorModal
from shelltutor.tui.strings import tr


def pipeline_renderable(command: str | None, stages: Sequence[Stage], lang: str) -> RenderableType:
    """The view: the line in one row of counts, then each stage with what came out of it."""
    if command is None or not stages:
        return Group(Text(tr("pipeline.none", lang)), Text(""), Text(tr("pipeline.close", lang), style="dim"))
    parts: list[RenderableType] = [Text(summary(stages), style="bold"), Text("")]
    for st in stage_texts(stages, lang):
        parts.append(Text.assemble((f"{st.number}. ", "bold"), (st.command, "bold cyan")))
        parts.append(Text.assemble("   → ", (st.counts, "bold"), "  ·  ", st.status, "  ·  ", (st.stderr, "italic")))
        for line in st.head:
            parts.append(Text.assemble(("   │ ", "dim"), line))
        parts.append(Text(""))
    parts.append(Text(tr("pipeline.note", lang), style="italic"))
    parts.append(Text(tr("pipeline.close", lang), style="dim"))
    return Group(*parts)


class PipelineScreen(TutorModal):
    """The pipeline view; Esc, F8 or Q closes it."""

    DEFAULT_CSS = """
    PipelineScreen { align: center middle; }
    PipelineScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    PipelineScreen #pipeline-text { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f8,q", "close", show=False),
    ]

    def __init__(self, command: str | None, stages: Sequence[Stage]) -> None:
        super().__init__()
        self.command = command
        self.stages = tuple(stages)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = tr("pipeline.title", self.lang)
            yield Static(pipeline_renderable(self.command, self.stages, self.lang), id="pipeline-text")

    def apply_lang(self, lang: str) -> None:
        self.query_one(VerticalScroll).border_title = tr("pipeline.title", lang)
        self.query_one("#pipeline-text", Static).update(pipeline_renderable(self.command, self.stages, lang))

    def action_close(self) -> None:
        """Close the view."""
        self.dismiss(False)
