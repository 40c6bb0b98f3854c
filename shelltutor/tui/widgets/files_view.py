"""FilesView: the exercise's home as a tree, marking what the last command created, changed or removed."""

from __future__ import annotations

import stat
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from shelltutor.sandbox import FileEntry
from shelltutor.tui.printable import printable_line

MAX_ENTRIES = 400
"""Entries shown; a learner's `mkdir -p a/{1..1000}` should not flood the tree."""
HIDDEN = frozenset({".bash_history", ".viminfo", ".lesshst", ".python_history"})
"""Programs' own bookkeeping (shell, vim, less, python history), which changes as they run: never shown."""


def tree_order(path: str) -> tuple[tuple[bool, str], ...]:
    """Sort key: at each level, ordinary names before dot files, then alphabetically (as `ls -A` groups them)."""
    return tuple((part.startswith("."), part) for part in path.split("/"))


Signature = tuple[str, int, int, str | None]


def mode_string(kind: str, mode: int) -> str:
    """`drwxr-xr-x`, as `ls -l` writes it."""
    type_char = {"dir": "d", "symlink": "l"}.get(kind, "-")
    return type_char + stat.filemode(mode)[1:]


def human_size(size: int) -> str:
    """A size as `ls -lh` writes it."""
    value = float(size)
    for unit in ("B", "K", "M", "G"):
        if value < 1024 or unit == "G":
            return f"{int(value)}{unit}" if unit == "B" or value >= 10 else f"{value:.1f}{unit}"
        value /= 1024
    return f"{size}B"


class FilesView(Tree[str]):
    """The home directory tree; `+` marks new entries, `~` changed ones, and removed ones are listed struck out."""

    DEFAULT_CSS = """
    FilesView {
        background: $background 0%;
        padding: 0;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("~", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._previous: dict[str, Signature] | None = None
        self.labels = {"new": "new", "changed": "changed", "removed": "removed"}

    def clear_history(self) -> None:
        """Forget the last listing (a fresh exercise: nothing is 'new')."""
        self._previous = None

    def show(self, entries: Sequence[FileEntry]) -> None:
        """Replace the tree with `entries` (paths relative to the home)."""
        entries = [e for e in entries if e.path not in HIDDEN]
        current: dict[str, Signature] = {e.path: (e.kind, e.mode, e.size, e.target) for e in entries}
        previous = self._previous
        self._previous = current
        self.clear()
        nodes: dict[str, TreeNode[str]] = {"": self.root}
        for shown, entry in enumerate(sorted(entries, key=lambda e: tree_order(e.path))):
            if shown >= MAX_ENTRIES:
                self.root.add_leaf(Text(f"… {len(entries) - shown}", style="dim"))
                break
            parent_path, _, name = entry.path.rpartition("/")
            parent = nodes.get(parent_path, self.root)
            change = None
            if previous is not None:
                if entry.path not in previous:
                    change = "new"
                elif previous[entry.path] != current[entry.path] and entry.kind != "dir":
                    change = "changed"
            label = self._label(name, entry, change)
            if entry.kind == "dir":
                nodes[entry.path] = parent.add(label, data=entry.path, expand=True)
            else:
                parent.add_leaf(label, data=entry.path)
        if previous is not None:
            for path in sorted(set(previous) - set(current)):
                if path.rpartition("/")[0] in previous and path.rpartition("/")[0] not in current:
                    continue  # inside a removed directory: the directory's line says it
                label = Text("- ", style="bold red")
                label.append(printable_line(path), style="strike dim")
                label.append(f"  ({self.labels['removed']})", style="red")
                self.root.add_leaf(label, data=path)
        self.root.expand()

    def _label(self, name: str, entry: FileEntry, change: str | None) -> Text:
        text = Text()
        if change == "new":
            text.append("+ ", style="bold green")
        elif change == "changed":
            text.append("~ ", style="bold yellow")
        hidden = name.startswith(".")
        if entry.kind == "dir":
            text.append(printable_line(name) + "/", style="bold blue" + (" dim" if hidden else ""))
        elif entry.kind == "symlink":
            text.append(printable_line(name), style="cyan")
            text.append(" -> " + printable_line(entry.target or "?"), style="cyan dim")
        else:
            executable = bool(entry.mode & 0o111)
            style = "bold green" if executable else ""
            text.append(printable_line(name) + ("*" if executable else ""), style=style + (" dim" if hidden else ""))
        text.append("  " + mode_string(entry.kind, entry.mode), style="dim")
        if entry.kind == "file":
            text.append(" " + human_size(entry.size), style="dim")
        if change is not None:
            text.append(f"  ({self.labels[change]})", style="green" if change == "new" else "yellow")
        return text
