"""The learner's way out of a full-screen program that ignores the keyboard: Ctrl-C or Ctrl-\\ three times."""

from __future__ import annotations

import fcntl
import signal
import struct
import termios
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shelltutor.sandbox import proctree

if TYPE_CHECKING:
    from shelltutor.sandbox.box import Box

CTRL_C = b"\x03"
CTRL_BACKSLASH = b"\x1c"
PRESSES = 3
"""How many presses of the same key, each within WINDOW seconds of the first, make the tutor look."""
WINDOW = 2.0
SETTLE = 0.4
"""After the last press, how long the program has to act on it (end, or read the keys) before the tutor looks."""


@dataclass
class EscapeWatch:
    """Watches the keys typed on an attached terminal for the tutor's escape.

    Ctrl-\\ three times within two seconds, with the same program still in the foreground a moment later: the
    tutor stops it, whatever it does with the keys (a program that reads the keyboard and throws everything
    away leaves no other way out). Ctrl-C three times only when the program ignored them: the kernel's SIGINT
    ignored or blocked by every process of the foreground job; when the terminal passes Ctrl-C on as a
    character, in raw mode (vi) the characters still unread, in line mode (`stty -isig`) always. vi, less and man
    read or handle Ctrl-C, so it never stops them; a learner pressing Ctrl-C in vi only sees vi's own hint."""

    box: Box
    presses: dict[bytes, list[float]] = field(default_factory=lambda: {CTRL_C: [], CTRL_BACKSLASH: []})
    group: int | None = None
    """The foreground process group when the current series of presses started."""
    look_at: float = float("inf")
    key: bytes = b""

    def typed(self, data: bytes, now: float) -> None:
        """Keys the learner typed (already passed on to the program)."""
        for key, times in self.presses.items():
            count = data.count(key)
            if not count:
                continue
            times[:] = [t for t in times if now - t <= WINDOW]
            if not times:
                self.group = self.box.fg_pgrp()
            times.extend([now] * count)
            if len(times) >= PRESSES:
                self.key, self.look_at = key, now + SETTLE
                times.clear()

    def due(self, now: float) -> bool:
        """Whether the tutor must stop the program now (asked on every turn of the command's loop)."""
        if now < self.look_at:
            return False
        self.look_at = float("inf")
        group = self.box.fg_pgrp()
        if group is None or group != self.group:
            return False  # the program ended, or gave the terminal back: the keys did their work
        return self.key == CTRL_BACKSLASH or self._ignores_ctrl_c(group)

    def _ignores_ctrl_c(self, group: int) -> bool:
        try:
            attrs = termios.tcgetattr(self.box.slave)
        except termios.error:
            return False
        if attrs[3] & termios.ISIG and attrs[6][termios.VINTR] == CTRL_C:
            pids = [p.pid for p in self.box.processes() if p.pgid == group]
            return bool(pids) and all(_ignores_sigint(pid) for pid in pids)
        if attrs[3] & termios.ICANON:
            # A line-by-line terminal on which Ctrl-C is no signal (`stty -isig`): no full-screen program works
            # so, and the keys wait in a line nobody may ever finish (the kernel does not say how full it is).
            return True
        return unread_input(self.box.slave) > 0  # raw mode: a character, still there when nobody reads it


def _ignores_sigint(pid: int) -> bool:
    """Whether SIGINT is ignored or blocked by the process (a caught one is acted on, as less and vi do)."""
    fields = proctree.read_status(pid) or {}
    try:
        mask = int(fields["SigIgn"], 16) | int(fields["SigBlk"], 16)
    except (KeyError, ValueError):
        return True  # gone, or unreadable: it cannot act on the key either
    return bool(mask & (1 << (signal.SIGINT - 1)))


def unread_input(fd: int) -> int:
    """How many typed bytes wait on the terminal for a program to read them."""
    try:
        raw = fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0")
    except OSError:
        return 0
    count: int = struct.unpack("i", raw)[0]
    return count
