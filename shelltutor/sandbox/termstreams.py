"""A captured command's stdout or stderr read from its output terminal: the part between its begin and end marks."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import Literal

from shelltutor.sandbox.box import OutputTerminal

State = Literal["before", "inside", "after"]


def mark(kind: Literal["b", "e"], nonce: str) -> bytes:
    """The mark the driver writes around a command's output (an APC string: a terminal shows nothing of it)."""
    return b"\x1b_shelltutor:" + kind.encode() + b":" + nonce.encode() + b"\x1b\\"


def safe_cut(buf: bytes, mark: bytes) -> int:
    """How much of `buf` can be passed on without cutting `mark` if it starts at the end of `buf`: all of it
    unless its tail, from an escape on, is the start of the mark."""
    j = buf.find(b"\x1b", max(0, len(buf) - len(mark) + 1))
    while j >= 0:
        if mark.startswith(buf[j:]):
            return j
        j = buf.find(b"\x1b", j + 1)
    return len(buf)


@dataclass
class MarkedStream:
    """One output terminal during one command. Bytes before the command's begin mark were written by background
    jobs since the last command; bytes after its end mark are kept on the terminal for the next command."""

    term: OutputTerminal
    nonce: str
    state: State = "before"
    buf: bytes = b""
    decoder: codecs.IncrementalDecoder = field(default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace"))
    parts: list[str] = field(default_factory=list)

    @property
    def name(self) -> Literal["stdout", "stderr"]:
        return self.term.stream

    def feed(self, data: bytes) -> tuple[bytes, bytes]:
        """Take bytes read from the terminal; returns (background bytes, command bytes) that can be passed on."""
        self.buf += data
        background = command = b""
        begin, end = mark("b", self.nonce), mark("e", self.nonce)
        if self.state == "before":
            i = self.buf.find(begin)
            if i < 0:
                cut = safe_cut(self.buf, begin)
                background, self.buf = self.buf[:cut], self.buf[cut:]
                return background, b""
            background, self.buf = self.buf[:i], self.buf[i + len(begin) :]
            self.state = "inside"
        if self.state == "inside":
            i = self.buf.find(end)
            if i >= 0:
                command, rest = self.buf[:i], self.buf[i + len(end) :]
                self.buf = b""
                self.state = "after"
                self.term.pending += rest
            else:
                cut = safe_cut(self.buf, end)
                command, self.buf = self.buf[:cut], self.buf[cut:]
        elif self.state == "after":
            self.term.pending += self.buf
            self.buf = b""
        return background, command

    def finish(self) -> bytes:
        """The command is over without its end mark (it was stopped): what is held back belongs to it."""
        rest, self.buf = self.buf, b""
        if self.state == "inside":
            return rest
        self.term.pending += rest
        return b""
