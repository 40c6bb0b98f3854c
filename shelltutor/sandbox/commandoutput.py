"""What a running command writes: its FIFOs, its output terminals, the terminal it was handed, background jobs'."""

from __future__ import annotations

import codecs
import contextlib
import os
import select
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from shelltutor.sandbox.box import BackgroundFifo, Box, OutputTerminal
from shelltutor.sandbox.results import Chunk
from shelltutor.sandbox.termstreams import MarkedStream

Mode = Literal["c", "n", "t"]
"""c: captured and recorded in history; n: captured, not recorded (setup); t: on the terminal."""
Reason = Literal["timeout", "truncate", "escape"]
"""Why the tutor stopped a command: its wall-clock limit, its output limit, the learner's escape keys."""

BACKGROUND_CAP = 65536
END_MARK_SECONDS = 1.0
"""After the command's status: how long its output terminals may take to deliver its end marks (they are written
before the status, so only a terminal full of a background job's output makes this wait at all)."""


@dataclass
class CommandStream:
    """One of a command's own FIFOs (stdout or stderr) and what was read from it."""

    name: Literal["stdout", "stderr"]
    fd: int
    writer: int
    decoder: codecs.IncrementalDecoder = field(default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace"))
    parts: list[str] = field(default_factory=list)
    open: bool = True


class CommandOutput:
    """The reading side of a CommandRun (which holds these fields): output while the command runs and after it
    ends, within the sandbox's output and display limits."""

    box: Box
    mode: Mode
    nonce: str
    on_chunk: Callable[[Chunk], None] | None
    tty_out: int | None
    streams: list[CommandStream]
    marked: list[MarkedStream]
    others: list[OutputTerminal]
    chunks: list[Chunk]
    shown: int
    read_bytes: int
    done: bool
    reason: Reason | None
    next_action: float
    sync_sent: bool
    background: list[str]
    background_size: int
    term_state: Literal["before", "inside", "after"]
    term_buf: bytes
    term_parts: list[str]
    term_decoder: codecs.IncrementalDecoder
    inside_since: float

    def _on_pty(self) -> None:
        data = self.box.read_pty()
        if not data or self.mode != "t":
            return
        self.term_buf += data
        begin = b"\x1b_shelltutor:b:" + self.nonce.encode() + b"\x1b\\"
        end = b"\x1b_shelltutor:e:" + self.nonce.encode() + b"\x1b\\"
        if self.term_state == "before":
            i = self.term_buf.find(begin)
            if i < 0:
                self.term_buf = self.term_buf[-len(begin) :]
                return
            self.term_buf = self.term_buf[i + len(begin) :]
            self.term_state = "inside"
            self.inside_since = time.monotonic()
        if self.term_state == "inside":
            i = self.term_buf.find(end)
            if i >= 0:
                self._term_output(self.term_buf[:i])
                self.term_buf = b""
                self.term_state = "after"
            else:
                keep = len(end) - 1
                cut = max(0, len(self.term_buf) - keep)
                # Never hold back more than the part that could start the end marker.
                j = self.term_buf.rfind(b"\x1b", cut)
                cut = j if j >= 0 else len(self.term_buf)
                self._term_output(self.term_buf[:cut])
                self.term_buf = self.term_buf[cut:]

    def _term_output(self, data: bytes) -> None:
        if not data or self.sync_sent:
            return  # after a Ctrl-C the shell is back at its prompt: what comes is the echo of the status request
        if self.tty_out is not None:
            with contextlib.suppress(OSError):
                _write_all(self.tty_out, data)
            return
        self._count(len(data))
        if self.read_bytes <= self.box.limits.output_bytes:
            text = self.term_decoder.decode(data)
            self.term_parts.append(text)
            self._show("stdout", text)

    def _on_fifo(self, fd: int) -> None:
        for ms in self.marked:
            if ms.term.master == fd:
                self._read_marked(ms)
                return
        for t in self.others:
            if t.master == fd:
                with contextlib.suppress(OSError):
                    self._add_background(os.read(fd, 65536))
                return
        for s in self.streams:
            if s.fd == fd:
                self._read_stream(s)
                return
        for bg in list(self.box.background):
            if bg.fd == fd:
                self._read_background(bg)
                return

    def _read_stream(self, s: CommandStream) -> bool:
        """Read once from a stream; False when there was nothing to read right now."""
        try:
            data = os.read(s.fd, 65536)
        except BlockingIOError:
            return False
        except OSError:
            data = b""
        if not data:
            s.open = False
            return False
        self._add_output(s, data)
        return True

    def _read_marked(self, ms: MarkedStream) -> bool:
        """Read once from an output terminal; False when there was nothing to read right now."""
        try:
            data = os.read(ms.term.master, 65536)
        except (BlockingIOError, OSError):
            return False
        if not data:
            return False
        self._take(ms, data)
        return True

    def _take(self, ms: MarkedStream, data: bytes) -> None:
        background, command = ms.feed(data)
        self._add_background(background)
        self._add_output(ms, command)

    def _add_output(self, stream: CommandStream | MarkedStream, data: bytes) -> None:
        """What the command wrote to one of its streams, within the output and display limits."""
        if not data:
            return
        room = self.box.limits.output_bytes - self.read_bytes
        self._count(len(data))
        if room > 0:
            text = stream.decoder.decode(data[:room])
            stream.parts.append(text)
            self._show(stream.name, text)

    def _add_background(self, data: bytes) -> None:
        if data and self.background_size < BACKGROUND_CAP:
            text = data[: BACKGROUND_CAP - self.background_size].decode("utf-8", "replace")
            self.background.append(text)
            self.background_size += len(text)

    def _count(self, n: int) -> None:
        self.read_bytes += n
        if self.read_bytes > self.box.limits.output_bytes and self.reason is None and not self.done:
            self.reason = "truncate"
            self.next_action = time.monotonic()

    def _show(self, stream: Literal["stdout", "stderr"], text: str) -> None:
        room = self.box.limits.display_bytes - self.shown
        if room <= 0 or not text:
            return
        piece = text[:room]
        self.shown += len(piece)
        if self.chunks and self.chunks[-1].stream == stream:
            self.chunks[-1].text += piece
        else:
            self.chunks.append(Chunk(stream, piece))
        if self.on_chunk is not None:
            self.on_chunk(Chunk(stream, piece))

    def _read_background(self, bg: BackgroundFifo) -> None:
        try:
            data = os.read(bg.fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            os.close(bg.fd)
            self.box.background.remove(bg)
            return
        self._add_background(data)

    def _finish_streams(self) -> None:
        """Read what the command wrote before it ended (all of it is in the FIFOs by now)."""
        self._finish_marked()
        for s in self.streams:
            while s.open and self._read_stream(s):
                pass
            tail = s.decoder.decode(b"", final=True)
            if tail:
                s.parts.append(tail)
        if self.mode == "t" and self.done and self.term_state == "inside":
            deadline = time.monotonic() + 0.3
            while self.term_state == "inside" and time.monotonic() < deadline:
                ready, _, _ = select.select([self.box.master], [], [], 0.05)
                if ready:
                    self._on_pty()
            if self.term_state == "inside" and self.term_buf:
                self._term_output(self.term_buf)
                self.term_buf = b""

    def _finish_marked(self) -> None:
        """Read the output terminals up to the command's end marks (written before its status)."""
        deadline = time.monotonic() + (END_MARK_SECONDS if self.done else 0.2)
        while any(ms.state != "after" for ms in self.marked):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            fds = [ms.term.master for ms in self.marked if ms.state != "after"]
            ready, _, _ = select.select(fds, [], [], min(left, 0.05))
            for ms in self.marked:
                if ms.term.master in ready:
                    while self._read_marked(ms) and ms.state != "after":
                        pass
        for ms in self.marked:
            self._add_output(ms, ms.finish())
            tail = ms.decoder.decode(b"", final=True)
            if tail:
                ms.parts.append(tail)

    def _stdout(self) -> str:
        if self.marked:
            return "".join(self.marked[0].parts)
        return "".join(self.streams[0].parts) if self.streams else "".join(self.term_parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            time.sleep(0.001)
            continue
        view = view[n:]
