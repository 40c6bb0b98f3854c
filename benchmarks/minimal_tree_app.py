"""A minimal Textual app (a Tree and a Footer): the baseline that bench_tui_latency.py compares cold start with."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Tree

READY_TEXT = "exercises done"
"""Drawn once the tree is up: the same words the course map's progress line shows, so one pattern waits for both."""


class MinimalTreeApp(App[None]):
    """A tree of a few nodes and a footer, quit with Ctrl+Q (Textual's default)."""

    def compose(self) -> ComposeResult:
        tree: Tree[None] = Tree(f"0 of 3 {READY_TEXT}")
        for name in ("one", "two", "three"):
            tree.root.add_leaf(name)
        tree.root.expand()
        yield tree
        yield Footer()


if __name__ == "__main__":
    MinimalTreeApp().run()
