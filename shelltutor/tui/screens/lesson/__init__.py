"""The lesson screen, in parts: `screen` (layout and the exercise's session), `task` (the task, teaching, hints and
solution), `commands` (running a command and streaming its output), `outcome` (exit status and verdict), `actions`
(keys)."""

from shelltutor.tui.screens.lesson.screen import LessonScreen

__all__ = ["LessonScreen"]
