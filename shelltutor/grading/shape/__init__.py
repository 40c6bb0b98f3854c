"""Command shape, read with tree-sitter-bash: commands used, options, pipes, redirections, background jobs.

tree-sitter-bash was chosen over bashlex, which is unmaintained since 2023 and fails on `[[ ]]`, `$(( ))` and
more. Nothing here looks at the raw text with regular expressions: every fact comes from the syntax tree.
`syntax` reads the tree (`words`: what its words mean), `match` holds lines against requirements, `describe`
says in words what is missing.
"""

from __future__ import annotations

from shelltutor.grading.shape.describe import ShapeFailure
from shelltutor.grading.shape.looking import LOOKING, looks_only, step_name
from shelltutor.grading.shape.match import (
    EDITORS,
    PAGER_BATCH_OPTIONS,
    PAGERS,
    REPLS,
    check_shape,
    command_names,
    equivalent_commands,
    hands_over_to_tmux,
    needs_terminal,
    same_commands,
    typed_output,
    unmet_preferences,
)
from shelltutor.grading.shape.syntax import WORD_NODES, ParsedLine, SimpleCommand, parent_is_redirected, parse
from shelltutor.grading.shape.words import Redirect, unquote

__all__ = [
    "EDITORS",
    "LOOKING",
    "PAGERS",
    "PAGER_BATCH_OPTIONS",
    "REPLS",
    "WORD_NODES",
    "ParsedLine",
    "Redirect",
    "ShapeFailure",
    "SimpleCommand",
    "check_shape",
    "command_names",
    "equivalent_commands",
    "hands_over_to_tmux",
    "looks_only",
    "needs_terminal",
    "parent_is_redirected",
    "parse",
    "same_commands",
    "step_name",
    "typed_output",
    "unmet_preferences",
    "unquote",
]
