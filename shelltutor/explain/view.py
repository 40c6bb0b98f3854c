"""ShellView: the learner's live shell as explain sees it (variables, cwd, files), read without running anything
the learner typed."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass
class ShellView:
    """A snapshot of an exercise's shell: its variables, aliases and functions as its own `compgen` lists them,
    and callbacks into the sandbox's file access (never through a command line)."""

    variables: Mapping[str, str]
    """Set variables (an array's first element); an unset variable is absent."""
    cwd: str
    home: str
    aliases: Mapping[str, str] = field(default_factory=dict)
    functions: frozenset[str] = frozenset()
    list_dir: Callable[[str], list[tuple[str, bool]] | None] = lambda path: None
    """Names in a directory (absolute path) with whether each is a directory; None when it cannot be listed."""
    kind_of: Callable[[str], str | None] = lambda path: None
    """`file`, `dir`, `symlink` or `other` for an absolute path; None when absent or not visible."""
    history: tuple[str, ...] = ()
    """The shell's history, oldest first (what `!!` and `!-2` stand for)."""
    has_command: Callable[[str], bool | None] = lambda name: None
    """Whether the shell would find a program of that name on its PATH; None when it cannot tell."""

    def absolute(self, path: str) -> str:
        """`path` made absolute against the shell's cwd (`..` resolved as the shell's `cd -L` does)."""
        return posixpath.normpath(posixpath.join(self.cwd, path)) if path else self.cwd
