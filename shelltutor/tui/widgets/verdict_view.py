"""VerdictView: pass or fail in words and colour, the grader's explanation, per-stream diffs, the wrong-answer note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.widgets import Static

from shelltutor.grading.diff import MARK_DIFFERS, MARK_EXTRA, MARK_MISSING
from shelltutor.grading.lintcodes import text as lint_text
from shelltutor.grading.worldmessages import diff_subject
from shelltutor.tui.printable import printable
from shelltutor.tui.strings import local, tr

if TYPE_CHECKING:
    from shelltutor.course.model import Lang
    from shelltutor.grading.verdict import Verdict

STATUS = {
    "pass": ("✔", "verdict.pass", "bold white on dark_green", "-pass"),
    "fail": ("✘", "verdict.fail", "bold white on red3", "-fail"),
    "step": ("▸", "verdict.step", "bold white on dodger_blue3", "-step"),
    "error": ("⚠", "verdict.error", "bold black on yellow", "-error"),
}
MAX_DIFF_LINES = 40


def diff_text(diff: str) -> Text:
    """The grader's rendered diff: `-` lines (expected) and `+` lines (yours) keep their sign and get a colour.

    A text that starts with `+++` and the legend of the marks is the learner's own text with where it differs
    marked (`marked_text`); one without the `---`/`+++` header is shown as it is (what a regex or `contains`
    check saw).
    """
    lines = diff.splitlines()
    if len(lines) > 1 and lines[0].startswith("+++ ") and lines[1].startswith("(" + MARK_DIFFERS):
        return marked_text(lines)
    text = Text()
    is_diff = bool(lines) and lines[0].startswith("--- ")
    for index, line in enumerate(lines):
        if index >= MAX_DIFF_LINES:
            text.append(f"… ({len(lines) - index})\n", style="dim")
            break
        safe = printable(line)
        if not is_diff:
            text.append("  " + safe + "\n")
        elif line.startswith("--- "):
            text.append("− " + safe[4:] + "\n", style="bold red")
        elif line.startswith("+++ "):
            text.append("+ " + safe[4:] + "\n", style="bold green")
        elif line.startswith("@@"):
            text.append("  ┈┈┈\n", style="dim")
        elif line.startswith("-"):
            text.append("− " + safe[1:] + "\n", style="red")
        elif line.startswith("+"):
            text.append("+ " + safe[1:] + "\n", style="green")
        elif line.startswith(" "):
            text.append("  " + safe[1:] + "\n", style="dim")
        else:
            text.append(safe + "\n", style="italic dim")
    text.rstrip()
    return text


def marked_text(lines: list[str]) -> Text:
    """The learner's text with where it differs marked (`grading.diff.render_marked`): `≠` lines that differ, each
    with a pointer line under the column, `+` lines that should not be there, `-` notes of missing lines."""
    text = Text()
    differs = False
    for index, line in enumerate(lines):
        if index >= MAX_DIFF_LINES:
            text.append(f"… ({len(lines) - index})\n", style="dim")
            break
        safe = printable(line)
        pointer, differs = differs, line.startswith(MARK_DIFFERS + " ")
        if index == 0:
            text.append("+ " + safe[4:] + "\n", style="bold green")
        elif pointer:
            text.append(safe + "\n", style="bold yellow")
        elif differs:
            text.append(safe + "\n", style="yellow")
        elif line.startswith(MARK_EXTRA + " "):
            text.append(safe + "\n", style="red")
        elif line.startswith(MARK_MISSING + " "):
            text.append("− " + safe[2:] + "\n", style="italic red")
        elif line == "@@":
            text.append("  ┈┈┈\n", style="dim")
        elif line.startswith("  "):
            text.append(safe + "\n", style="dim")
        else:
            text.append(safe + "\n", style="italic dim")
    text.rstrip()
    return text


class VerdictView(Static):
    """The last verdict; hidden until there is one."""

    DEFAULT_CSS = """
    VerdictView {
        display: none;
        height: auto;
        border: round $secondary;
        padding: 0 1;
        margin: 1 0 0 0;
    }
    VerdictView.-shown { display: block; }
    VerdictView.-pass { border: heavy $success; }
    VerdictView.-fail { border: heavy $error; }
    VerdictView.-error { border: heavy $warning; }
    VerdictView.-step { border: heavy $primary; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.verdict: Verdict | None = None
        self.saved = True
        self.is_last = False
        self.solution_ready = False

    def clear(self) -> None:
        """Hide it (a fresh exercise)."""
        self.verdict = None
        self.remove_class("-shown", "-pass", "-fail", "-error")
        self.update("")

    def show(self, verdict: Verdict, *, saved: bool, is_last: bool, solution_ready: bool, lang: str) -> None:
        """Show `verdict`."""
        self.verdict = verdict
        self.saved = saved
        self.is_last = is_last
        self.solution_ready = solution_ready
        self.render_lang(lang)

    def render_lang(self, lang: str) -> None:
        """(Re)render in `lang`."""
        verdict = self.verdict
        if verdict is None:
            return
        sign, key, style, css_class = STATUS.get(verdict.status, STATUS["error"])
        self.remove_class("-pass", "-fail", "-step", "-error")
        self.add_class("-shown", css_class)
        headline = Text()
        headline.append(f" {sign} {tr(key, lang)} ", style=style)
        headline.append("  ")
        headline.append(
            "✓ " + tr("verdict.saved", lang) if self.saved else "! " + tr("verdict.not_saved", lang),
            style="dim" if self.saved else "bold yellow",
        )
        # Whether what was expected may be shown is asked again at every rendering: F3 unlocks it on screen.
        reveal = verdict.revealed
        parts: list[RenderableType] = [headline, Text(""), Markdown(local(verdict.shown_message(reveal), lang))]
        for detail in verdict.shown_details(reveal):
            parts.append(Markdown("- " + local(detail, lang)))
        for key, diff in (verdict.diff_in("ko" if lang == "ko" else "en", reveal) or {}).items():
            if not diff:
                continue
            parts.append(Text(""))
            parts.append(Text("▌ " + printable(_diff_title(key, lang)), style="bold"))
            parts.append(diff_text(diff))
        if verdict.wrong_explanation is not None:
            parts.append(Text(""))
            parts.append(Text(tr("verdict.why", lang), style="bold"))
            parts.append(Markdown(local(verdict.wrong_explanation, lang)))
        parts.extend(findings_parts(verdict, "ko" if lang == "ko" else "en"))
        parts.append(Text(""))
        if verdict.status == "pass":
            parts.append(Text(tr("verdict.last" if self.is_last else "verdict.next", lang), style="bold"))
        elif verdict.status == "step":
            pass  # a step on the way: nothing to try again
        else:
            parts.append(Text(tr("verdict.try_again", lang), style="italic"))
            if self.solution_ready:
                parts.append(Text(tr("verdict.solution_ready", lang), style="italic"))
        self.update(Group(*parts))


def findings_parts(verdict: Verdict, lang: Lang) -> list[RenderableType]:
    """ShellCheck's findings on the learner's scripts, under a heading per script (advice, said so on a pass)."""
    parts: list[RenderableType] = []
    shown = [script for script in verdict.scripts if script.findings]
    for script in shown:
        parts.append(Text(""))
        heading = Text("▌ " + printable(script.title(lang).replace("`", "")), style="bold")
        if not script.failing:
            heading.append("  (" + lint_text("advice", lang) + ")", style="italic dim")
        parts.append(heading)
        parts.extend(Markdown("- " + printable(line)) for line in script.lines(lang))
    if shown:
        parts.append(Text(lint_text("wiki", lang, code=shown[0].findings[0].code), style="dim"))
    return parts


def _diff_title(key: str, lang: str) -> str:
    """What a diff is of, in words: `stdout`, `stderr`, `terminal` or `file:PATH`."""
    return diff_subject(key).get("ko" if lang == "ko" else "en")
