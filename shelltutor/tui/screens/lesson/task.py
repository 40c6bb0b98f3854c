"""TaskPanel: the lesson's texts — header, exercise box, teaching, hints and solution — in the learner's language."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual.widgets import Collapsible, Markdown, Static

from shelltutor.tui.highlight import highlight_command
from shelltutor.tui.printable import printable
from shelltutor.tui.screens.lesson.base import LessonBase
from shelltutor.tui.strings import local, tr
from shelltutor.tui.widgets.banner import Banner
from shelltutor.tui.widgets.files_view import FilesView
from shelltutor.tui.widgets.key_bar import KeyBar


def set_markdown(widget: Markdown, source: str) -> None:
    """Show `source` in `widget`, unless it already does (an update re-mounts every block)."""
    if widget.source != source:
        widget.update(source)


class TaskPanel(LessonBase):
    """Renders the texts of the screen: what to do, what was taught, the hints and solution asked for."""

    def _render_banner(self) -> None:
        warning = self.tutor.isolation_warning
        if warning:
            self.query_one(Banner).warn(warning[0], compact=True)

    def _render_texts(self) -> None:
        lang = self.lang
        exercise = self.exercise
        total = len(self.lesson.exercises)
        done = self.service.is_completed(exercise.global_id)
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(f"{self.lesson.chapter}. " + local(self.service.course.chapter_title(self.lesson.chapter), lang))
        header.append(" › ")
        header.append(local(self.lesson.title, lang), style="bold")
        header.append("   ")
        for i, other in enumerate(self.lesson.exercises):
            if i == self.index:
                header.append("◆", style="bold")
            elif self.service.is_completed(other.global_id):
                header.append("●", style="green")
            else:
                header.append("○", style="dim")
        self.query_one("#lesson-header", Static).update(header)
        self._render_teaching()
        box = self.query_one("#exercise-box")
        box.border_title = tr("lesson.exercise_n", lang, n=self.index + 1, total=total)
        badge = "lesson.passed_badge" if self.passed_here else "lesson.completed_badge"
        box.border_subtitle = f"✔ {tr(badge, lang)}" if done else ""
        self.query_one("#exercise-heading", Static).update(Text(local(exercise.title, lang)))
        set_markdown(self.query_one("#prompt", Markdown), local(exercise.prompt, lang))
        terminal = self.query_one("#terminal")
        terminal.border_title = tr("lesson.terminal", lang)
        terminal.border_subtitle = tr("lesson.legend", lang)
        files = self.query_one(FilesView)
        files.border_title = tr("lesson.files", lang)
        files.labels = {
            "new": "new" if lang == "en" else "새로 생김",
            "changed": "changed" if lang == "en" else "바뀜",
            "removed": "removed" if lang == "en" else "삭제됨",
        }
        self.query_one(KeyBar).set_lang(lang)
        self._render_prompt()

    def _render_teaching(self) -> None:
        """The teaching that leads up to this exercise: its own explanation (on the first exercise, the
        lesson's too) under a heading, and everything the lesson taught before it in a collapsed section."""
        lang = self.lang
        lesson = self.lesson
        texts = [lesson.explanation, *(e.explanation for e in lesson.exercises[: self.index + 1])]
        written = [local(text, lang) for text in texts if text is not None]
        own = 2 if self.index == 0 and lesson.exercises[0].explanation is not None else 1
        current = [] if self.index > 0 and self.exercise.explanation is None else written[-own:]
        earlier = written[: len(written) - len(current)]
        markdown = self.query_one("#explanation", Markdown)
        about = self.query_one("#about", Static)
        markdown.display = about.display = bool(current)
        set_markdown(markdown, "\n\n".join(current))
        about.update("📖 " + tr("lesson.about" if self.index == 0 else "lesson.before_exercise", lang))
        section = self.query_one("#earlier", Collapsible)
        section.display = bool(earlier)
        section.title = tr("lesson.about", lang)
        set_markdown(self.query_one("#earlier-text", Markdown), "\n\n".join(earlier))

    def _render_hints(self) -> None:
        hints = self.query_one("#hints", Static)
        if not self.hints:
            hints.remove_class("-shown")
            return
        lang = self.lang
        total = len(self.exercise.hints)
        parts: list[RenderableType] = []
        for n, hint in enumerate(self.hints, 1):
            parts.append(Text("💡 " + tr("lesson.hint_n", lang, n=n, total=total), style="bold"))
            parts.append(RichMarkdown(local(hint, lang)))
        hints.update(Group(*parts))
        hints.add_class("-shown")

    def _render_solution(self) -> None:
        box = self.query_one("#solution", Static)
        if self.solution is None:
            box.remove_class("-shown")
            return
        parts: list[RenderableType] = [Text(tr("lesson.solution", self.lang), style="bold")]
        for line in self.solution:
            row = Text("$ ", style="bold green")
            row.append_text(highlight_command(printable(line)))
            parts.append(row)
        box.update(Group(*parts))
        box.add_class("-shown")
