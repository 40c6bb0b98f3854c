"""ProblemsScreen: with `--watch`, the problems of the lesson files being written (file:line:column: message), shown
instead of the lesson until a save fixes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from shelltutor.course.model import LocalText
from shelltutor.tui.keys import GLOBAL_KEYS, LESSON_KEYS, bindings
from shelltutor.tui.printable import printable
from shelltutor.tui.screens.base import TutorScreen
from shelltutor.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from shelltutor.problems import Problem

BACK_KEY = LESSON_KEYS[0]
"""Esc: to the course map, as on the lesson screen."""
TEXTS: dict[str, LocalText] = {
    "title": LocalText(en="The lesson files have problems", ko="레슨 파일에 문제가 있습니다"),
    "count": LocalText(
        en="{count} problem(s), as `shelltutor check` reports them:",
        ko="문제 {count}개 (`shelltutor check`와 같은 결과):",
    ),
    "waiting": LocalText(
        en="Fix them and save: the lesson comes back by itself, at the exercise you were on. Esc: the course map, "
        "without the broken lessons.",
        ko="고쳐서 저장하면 보던 연습 문제에서 레슨이 저절로 다시 열립니다. "
        "Esc: 코스 지도로 (문제가 있는 레슨은 빠집니다).",
    ),
}
"""The screen's words (its keys are the lesson screen's Esc and the global ones)."""


def words(key: str, lang: str, **fields: object) -> str:
    """`TEXTS[key]` in `lang`."""
    return TEXTS[key].get("ko" if lang == "ko" else "en").format(**fields)


def problems_renderable(problems: Sequence[Problem], lang: str) -> RenderableType:
    """Each problem as `path:line:column: key.path: message (suggestion)`, the location in bold."""
    parts: list[RenderableType] = [Text(words("count", lang, count=len(problems)), style="bold"), Text("")]
    for problem in problems:
        where = f"{problem.path}:{problem.line}:{problem.column}"
        line = Text(printable(where), style="bold")
        rest = problem.format()[len(where) :]
        line.append(printable(rest))
        parts.append(line)
    parts.append(Text(""))
    parts.append(Text(words("waiting", lang), style="italic"))
    return Group(*parts)


class ProblemsScreen(TutorScreen):
    """What `shelltutor check` says about the watched lesson files, until a save leaves none."""

    DEFAULT_CSS = """
    ProblemsScreen #problems-title { height: 1; padding: 0 1; background: $error; color: $text; text-style: bold; }
    ProblemsScreen #problems-scroll { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings((BACK_KEY,))

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems: list[Problem] = sorted(problems)

    def compose(self) -> ComposeResult:
        yield Static(id="problems-title")
        with VerticalScroll(id="problems-scroll"):
            yield Static(id="problems")
        yield KeyBar((BACK_KEY, *GLOBAL_KEYS), id="keys")

    def on_mount(self) -> None:
        self.apply_lang(self.lang)

    def show(self, problems: Sequence[Problem]) -> None:
        """Show these problems instead (the file was saved again, still broken)."""
        self.problems = sorted(problems)
        self.apply_lang(self.lang)

    def apply_lang(self, lang: str) -> None:
        self.query_one("#problems-title", Static).update("⚠ " + words("title", lang))
        self.query_one("#problems", Static).update(problems_renderable(self.problems, lang))
        self.query_one(KeyBar).set_lang(lang)

    def action_back(self) -> None:
        """Esc: the course map (the broken lessons are left out of it)."""
        self.dismiss(None)
