"""A command typed over several lines (a here-document, an open quote) is continued at a `> ` prompt, as in bash."""

from __future__ import annotations

from textual.widgets import Static

from shelltutor.service import TutorService
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput

from .helpers import type_command
from .test_lesson import transcript

SIZE = (120, 36)


def prompt_of(screen: LessonScreen) -> str:
    """The prompt left of the command line, as shown."""
    return str(screen.query_one("#prompt-label", Static).render()).strip()


async def test_a_here_document_is_typed_line_by_line(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_command(pilot, "cat > notes.txt <<'EOF'")
        assert prompt_of(screen) == ">"
        assert "The command is not finished" in transcript(screen)
        assert "incomplete command" not in transcript(screen)  # bash's own complaint is not shown
        screen = await type_command(pilot, "first line")
        screen = await type_command(pilot, "")  # an empty line belongs to the document too
        screen = await type_command(pilot, "EOF")
        assert prompt_of(screen) != ">"
        screen = await type_command(pilot, "cat -A notes.txt")
        assert "1│ first line$" in transcript(screen) and "1│ $" in transcript(screen)
        # only the finished commands were attempts
        attempts = service.store.attempts("tui-count/count")
        assert list(service.store.attempt_commands(attempts[-1].id)) == [
            "cat > notes.txt <<'EOF'\nfirst line\n\nEOF",
            "cat -A notes.txt",
        ]


async def test_ctrl_c_drops_an_unfinished_command(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_command(pilot, 'echo "open')
        assert prompt_of(screen) == ">"
        command = screen.query_one(CommandInput)
        command.focus()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert prompt_of(screen) != ">"
        screen = await type_command(pilot, "echo fresh")
        assert "1│ fresh" in transcript(screen)
        assert service.store.attempts("tui-count/count")[-1].commands == ("echo fresh",)
