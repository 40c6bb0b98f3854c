"""The command line being explained: its text, its bytes as the parser reads them, and positions in both."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import tree_sitter


@dataclass
class CommandText:
    """A command line with the map from the parser's byte offsets to character offsets."""

    command: str
    data: bytes = b""
    _starts: list[int] = field(default_factory=list)
    """The byte offset where each character starts."""
    _lines: list[int] = field(default_factory=list)
    """The character offset where each line starts."""

    def __post_init__(self) -> None:
        self.data = self.command.encode("utf-8", "surrogateescape")
        offset = 0
        for char in self.command:
            self._starts.append(offset)
            offset += len(char.encode("utf-8", "surrogateescape"))
        self._lines = [0] + [i + 1 for i, char in enumerate(self.command) if char == "\n"]

    def char(self, byte: int) -> int:
        """The character offset of a byte offset (a byte inside a character counts as that character)."""
        return bisect.bisect_right(self._starts, byte) - 1 if byte < len(self.data) else len(self.command)

    def span(self, node: tree_sitter.Node) -> tuple[int, int]:
        """The node's (start, end) in characters."""
        return self.char(node.start_byte), self.char(node.end_byte)

    def text(self, start: int, end: int) -> str:
        """The command's characters from `start` to `end`."""
        return self.command[start:end]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a character offset, both 1-based."""
        line = bisect.bisect_right(self._lines, offset) - 1
        return line + 1, offset - self._lines[line] + 1
