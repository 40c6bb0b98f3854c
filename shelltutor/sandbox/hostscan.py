"""Lists the learner's home from the host, bounded in depth, entries and time, without following a symlink."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from dataclasses import dataclass, field
from typing import Literal

from shelltutor.sandbox.hostrights import READ, SEARCH, LearnerRights
from shelltutor.sandbox.results import FileEntry

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

MAX_DEPTH = 64
"""Directories nested deeper than this are listed but not opened (a learner's 1,500-deep `mkdir -p` chain)."""
MAX_DIR_NAMES = 10_000
"""Names read from one directory: a directory of 400,000 files must not cost a second and 200 MB per command."""
MAX_SECONDS = 0.5
"""Time one listing may take; it runs after every command."""

Cut = Literal["entries", "depth", "directory", "time"]


class FileListing(list[FileEntry]):
    """A listing of the home, sorted as a tree; `cut` says why it is incomplete, None when it is complete."""

    cut: Cut | None = None
    """entries: more than the limit; depth: directories nested deeper than MAX_DEPTH; directory: a directory
    with more than MAX_DIR_NAMES names (only that many were read and sorted); time: MAX_SECONDS ran out."""


def kind_of(mode: int) -> Literal["file", "dir", "symlink", "other"]:
    """The FileEntry kind of a stat mode."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISLNK(mode):
        return "symlink"
    return "other"


@dataclass
class _Frame:
    fd: int
    prefix: str
    names: list[str] = field(default_factory=list)
    index: int = 0


def _open_frame(fd: int, prefix: str, listing: FileListing) -> _Frame:
    frame = _Frame(fd, prefix)
    try:
        with os.scandir(fd) as it:
            for entry in it:
                if len(frame.names) >= MAX_DIR_NAMES:
                    _mark(listing, "directory")
                    break
                frame.names.append(entry.name)
    except OSError:
        frame.names = []
    frame.names.sort()
    return frame


def _mark(listing: FileListing, cut: Cut) -> None:
    if listing.cut is None:
        listing.cut = cut


def scan_home(home_fd: int, rights: LearnerRights, limit: int) -> FileListing:
    """The tree below `home_fd`, depth first with names sorted at each level, at most `limit` entries.

    Iterative, holding one fd per level: neither Python's recursion limit nor the tutor's fd limit depends
    on how deep the learner nests directories. A directory the learner could not list is shown, not opened.
    """
    listing = FileListing()
    deadline = time.monotonic() + MAX_SECONDS
    stack = [_open_frame(os.dup(home_fd), "", listing)]
    try:
        while stack:
            frame = stack[-1]
            if frame.index >= len(frame.names):
                os.close(stack.pop().fd)
                continue
            if len(listing) >= limit:
                _mark(listing, "entries")
                break
            if time.monotonic() > deadline:
                _mark(listing, "time")
                break
            name = frame.names[frame.index]
            frame.index += 1
            try:
                st = os.stat(name, dir_fd=frame.fd, follow_symlinks=False)
            except OSError:
                continue
            kind = kind_of(st.st_mode)
            target = None
            if kind == "symlink":
                with contextlib.suppress(OSError):
                    target = os.readlink(name, dir_fd=frame.fd)
            rel = frame.prefix + name
            listing.append(FileEntry(rel, kind, stat.S_IMODE(st.st_mode), st.st_size, target))
            if kind != "dir" or not rights.allows(st, READ | SEARCH):
                continue
            if len(stack) >= MAX_DEPTH:
                _mark(listing, "depth")
                continue
            try:
                sub = os.open(name, DIR_FLAGS, dir_fd=frame.fd)
            except OSError:
                continue
            stack.append(_open_frame(sub, rel + "/", listing))
    finally:
        for frame in stack:
            with contextlib.suppress(OSError):
                os.close(frame.fd)
    return listing
