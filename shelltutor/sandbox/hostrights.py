"""The learner's rights on the sandbox's files, so that the tutor never reads with more rights than they have."""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Iterator
from dataclasses import dataclass

READ = 4
WRITE = 2
SEARCH = 1
"""Permission bits as in a mode's rwx triplet (the same values as os.R_OK, os.W_OK, os.X_OK)."""

_libc = ctypes.CDLL(None, use_errno=True)


@contextlib.contextmanager
def filesystem_identity(owner: tuple[int, int] | None) -> Iterator[None]:
    """Act on files as `owner` (this thread only). A tmpfs mounted in the sandbox's user namespace refuses
    (EOVERFLOW) files owned by an id it cannot map, such as the host's root; the sandbox can reopen a pipe
    through /proc/<pid>/fd only if it owns the pipe; and as root, a changed fsuid also drops the capabilities
    that override file permissions, so the kernel checks the learner's uid."""
    if owner is None:
        yield
        return
    old_gid = _libc.setfsgid(owner[1])
    old_uid = _libc.setfsuid(owner[0])
    try:
        yield
    finally:
        _libc.setfsuid(old_uid)
        _libc.setfsgid(old_gid)


@dataclass(frozen=True)
class LearnerRights:
    """Who the learner is on the host (uid and groups), and what a file's permission bits allow them."""

    uid: int
    gids: frozenset[int]

    @classmethod
    def for_owner(cls, owner: tuple[int, int] | None) -> LearnerRights:
        """The learner of a sandbox whose files the tutor creates as `owner` (None: as itself).

        As root the learner's processes run as `owner` with no supplementary groups (setpriv --clear-groups);
        otherwise they run as the tutor's own user, with its groups, and without capabilities."""
        if owner is not None:
            return cls(owner[0], frozenset({owner[1]}))
        return cls(os.geteuid(), frozenset({os.getegid(), *os.getgroups()}))

    def allows(self, st: os.stat_result, wanted: int) -> bool:
        """Whether the mode bits of `st` grant the learner every bit of `wanted` (READ | WRITE | SEARCH).

        As the kernel decides for a process without capabilities: the owner's bits if the learner owns the
        file, else the group's if they are in its group, else the others'."""
        mode = st.st_mode
        if st.st_uid == self.uid:
            granted = (mode >> 6) & 7
        elif st.st_gid in self.gids:
            granted = (mode >> 3) & 7
        else:
            granted = mode & 7
        return granted & wanted == wanted
