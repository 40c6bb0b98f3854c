"""The course tree of the map: chapters, lessons and their exercises, a lesson's exercises made when it opens."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode


@dataclass(frozen=True)
class MapItem:
    """What a node of the course tree stands for."""

    kind: Literal["chapter", "lesson", "exercise"]
    id: str


def progress_bar(done: int, total: int, width: int = 20) -> Text:
    """`███████░░░░░ 7/12`, readable without colour."""
    filled = round(width * done / total) if total else 0
    text = Text()
    text.append("█" * filled, style="green")
    text.append("░" * (width - filled), style="dim")
    return text


def lesson_mark(done: int, total: int) -> tuple[str, str]:
    """The sign and style of a lesson's state (the count beside it says it in words)."""
    if total and done >= total:
        return "✔", "bold green"
    if done:
        return "◐", "yellow"
    return "○", "dim"


def tree_label(head: Text, title: Text, tail: Text, room: int | None) -> Text:
    """`head` + `title` + `tail` in at most `room` cells: a long title is cut with `…`, the count stays."""
    label = head.copy()
    name = title.copy()
    if room is not None:
        left = room - head.cell_len - tail.cell_len
        if name.cell_len > left:
            name.truncate(max(left, 4), overflow="ellipsis")
    label.append_text(name)
    label.append_text(tail)
    return label


class CourseTree(Tree[MapItem]):
    """The course as a tree; Enter opens, it never toggles on Enter."""

    DEFAULT_CSS = """
    CourseTree { width: 1fr; padding: 0 1; background: $background 0%; overflow-x: hidden; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "expand_here", show=False),
        Binding("left", "collapse_here", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("course", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.pending: TreeNode[MapItem] | None = None
        """Where the cursor goes once the redrawn tree is laid out (`CourseMapScreen.refresh_overview`)."""
        self.fill: Callable[[TreeNode[MapItem]], None] | None = None
        """Makes a lesson node's exercise nodes (the map makes them when a lesson is first opened: most are
        never looked at, and drawing the map first is quicker without them)."""

    def action_select_cursor(self) -> None:
        """Enter: open what the cursor is on; pressed before a redrawn tree placed its cursor (a busy machine,
        a browser on a slow link), what the cursor is about to be on, so that the Enter is not lost."""
        if self.pending is not None:
            node, self.pending = self.pending, None
            self.post_message(Tree.NodeSelected(node))
            return
        super().action_select_cursor()

    def open_node(self, node: TreeNode[MapItem]) -> None:
        """Show a node's children, making a lesson's exercise nodes first if they are not there yet."""
        if self.fill is not None:
            self.fill(node)
        node.expand()

    def _toggle_node(self, node: TreeNode[MapItem]) -> None:
        """Space and a click on the arrow: as Textual's, with the exercises made before they are shown."""
        if node.allow_expand and not node.is_expanded:
            self.open_node(node)
        else:
            super()._toggle_node(node)

    def action_expand_here(self) -> None:
        """→: show a lesson's exercises."""
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self.open_node(node)

    def action_collapse_here(self) -> None:
        """←: hide them again, or go up to the lesson or chapter."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)


def walk(node: TreeNode[MapItem]) -> list[TreeNode[MapItem]]:
    """`node` and every node below it, in tree order."""
    nodes = [node]
    for child in node.children:
        nodes.extend(walk(child))
    return nodes
