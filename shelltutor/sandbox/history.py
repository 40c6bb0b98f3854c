"""The learner's command history across sessions: one bounded file per learner, like bash's HISTFILE."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from shelltutor.sandbox.textsafe import UNSAFE

HISTORY_FILE = "history"
"""Its name in the tutor's data directory (next to the progress database)."""
HISTSIZE = 1000
"""Entries kept, as the sandbox's ~/.bashrc sets HISTSIZE: the shell keeps as many."""
MAX_ENTRY_BYTES = 8192
"""The longest entry kept (UTF-8). A command the sandbox takes is at most 4 KiB; history expansion (`!! !!`)
can make the line bash records longer. Longer entries are left out, never cut: a cut command is another one."""
MAX_TOTAL_BYTES = 1 << 20
"""The most text loaded into a new shell: the newest entries that fit."""
MAX_READ_BYTES = 4 << 20
"""Only the end of a file grown beyond this (by hand, or by a tutor that could not compact it) is read."""
COMPACT_LINES = 2 * HISTSIZE
"""The file is rewritten with the newest HISTSIZE entries once it holds this many lines."""


def storable(entry: str) -> bool:
    """Whether `entry` can be an entry of a bash history: text without NUL, not empty, not too long."""
    if not isinstance(entry, str) or not entry or "\0" in entry:
        return False
    return len(entry.encode("utf-8", "surrogatepass")) <= MAX_ENTRY_BYTES


def bounded(entries: Iterable[str], size: int = HISTSIZE) -> list[str]:
    """The newest `size` storable entries that fit in MAX_TOTAL_BYTES together, oldest first: what a new shell
    is given."""
    kept: list[str] = []
    total = 0
    for entry in reversed([e for e in entries if storable(e)][-size:] if size > 0 else []):
        total += len(entry.encode("utf-8", "surrogatepass"))
        if total > MAX_TOTAL_BYTES:
            break
        kept.append(entry)
    kept.reverse()
    return kept


def encode_entry(entry: str) -> bytes:
    """One line of the file: the entry as a JSON string. An entry with a control, bidi or undecodable
    character is written in ASCII (`\\u001b`), so that the file itself never carries them to a terminal."""
    return json.dumps(entry, ensure_ascii=bool(UNSAFE.search(entry))).encode("utf-8", "surrogatepass") + b"\n"


def decode_line(line: bytes) -> str | None:
    """The entry a line of the file holds, or None for anything else (a torn write, a line edited by hand)."""
    if not line.startswith(b'"'):
        return None
    try:
        entry = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return entry if isinstance(entry, str) and storable(entry) else None


class HistoryFile:
    """The commands a learner's shells recorded, oldest first, in one file of JSON lines.

    Appended to as each command runs (one `write` and an `fsync`, so a crash of the tutor or the machine
    loses nothing already run), bounded to the newest HISTSIZE entries, and safe to share between two tutors
    running at once (an exclusive `flock` around every append and rewrite). A file it cannot read or write
    is never an error: the learner's shell simply starts without saved history.
    """

    def __init__(self, path: Path, *, size: int = HISTSIZE) -> None:
        self.path = path
        self.size = size
        self._lines: int | None = None
        """Lines the file held at the last look, to know when to compact without reading it every time."""

    @classmethod
    def in_dir(cls, data_dir: Path) -> HistoryFile:
        """The history file in the tutor's data directory."""
        return cls(data_dir / HISTORY_FILE)

    def entries(self) -> list[str]:
        """The newest entries (at most `size`, at most MAX_TOTAL_BYTES of text), oldest first."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return []
        try:
            return self._newest(_read_tail(fd))
        except OSError:
            return []
        finally:
            os.close(fd)

    def append(self, entry: str) -> bool:
        """Add one entry as its command runs; False when it was not saved (not storable, or the file cannot be
        written: a full disk must not stop the learner's command)."""
        if not storable(entry):
            return False
        line = encode_entry(entry)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked() as fd:
                if self._lines is None:
                    self._lines = _count_lines(fd)
                os.write(fd, line)
                os.fsync(fd)
                self._lines += 1
                if self._lines > COMPACT_LINES:
                    self._compact(fd)
        except OSError:
            return False
        return True

    def _newest(self, data: bytes) -> list[str]:
        """The entries of the file's text that `bounded` keeps."""
        return bounded([e for e in map(decode_line, data.split(b"\n")) if e is not None], self.size)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[int]:
        """The file open for appending, under an exclusive lock. Another tutor may have replaced the file
        (compacted it) while this one waited for the lock: then the new file is opened and locked instead."""
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK
        while True:
            fd = os.open(self.path, flags, 0o600)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise OSError(f"{self.path} is not a regular file")
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    current = os.stat(self.path, follow_symlinks=False)
                except FileNotFoundError:
                    current = None
                mine = os.fstat(fd)
                if current is not None and (current.st_ino, current.st_dev) == (mine.st_ino, mine.st_dev):
                    yield fd
                    return
            finally:
                os.close(fd)
            self._lines = None

    def _compact(self, fd: int) -> None:
        """Rewrite the file with its newest `size` entries (under the caller's lock), atomically."""
        kept = self._newest(_read_tail(fd))
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            out = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
            try:
                data = b"".join(encode_entry(e) for e in kept)
                view = memoryview(data)
                while view:
                    view = view[os.write(out, view) :]
                os.fsync(out)
            finally:
                os.close(out)
            os.replace(temporary, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        self._lines = len(kept)


def _read_tail(fd: int) -> bytes:
    """The file's last MAX_READ_BYTES (all of it when smaller); when that starts inside a line, from the
    next whole line."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        return b""  # a FIFO or a device put in its place: nothing to read, and never a wait
    start = max(0, info.st_size - MAX_READ_BYTES)
    parts = []
    offset = start
    while chunk := os.pread(fd, min(1 << 20, MAX_READ_BYTES), offset):
        parts.append(chunk)
        offset += len(chunk)
        if offset - start >= MAX_READ_BYTES:
            break
    data = b"".join(parts)
    return data.partition(b"\n")[2] if start > 0 else data


def _count_lines(fd: int) -> int:
    """How many lines the file open at `fd` holds (read from its start, whatever the append position)."""
    count = 0
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        count += chunk.count(b"\n")
        offset += len(chunk)
    return count
