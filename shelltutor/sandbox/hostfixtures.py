"""Creating an exercise's fixture in a sandbox from the host: directory fds all the way, never through a symlink.

Paths are relative to the home, or absolute under the sandbox's own /tmp. What `shelltutor check` refuses is
refused again here, at run time: a lesson may come from anyone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat

from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.hostscan import DIR_FLAGS
from shelltutor.sandbox.spec import HomeEntry

NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
PERMISSION_BITS = 0o777
"""What a fixture may set: no setuid, setgid or sticky bit."""


def split_relative(path: str) -> list[str]:
    """The components of a relative path; ValueError for `..` (nothing may climb out of its base)."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"path {path!r} must not contain '..'")
    return parts


def walk_dirs(base: int, parts: list[str], *, create: bool = False) -> int:
    """A new fd on the directory `parts` below `base` (made as needed with `create`); OSError (ELOOP/ENOTDIR)
    on a symlink on the way."""
    fd = os.dup(base)
    try:
        for part in parts:
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
            nxt = os.open(part, DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


def clear(name: str, dir_fd: int, *, aside: bool = False) -> None:
    """Make room for a new entry `name`: unlink a file or symlink, remove an empty directory; with `aside`
    (the run directory), move a non-empty one aside at once, whatever it holds, under a name nothing
    uses. OSError ENOTEMPTY otherwise."""
    try:
        os.unlink(name, dir_fd=dir_fd)
        return
    except FileNotFoundError:
        return
    except IsADirectoryError:
        pass
    try:
        os.rmdir(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return
    except OSError as error:
        if not aside or error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
        os.rename(name, f".discarded.{secrets.token_hex(8)}", src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


def fixture_parts(entry: HomeEntry, *, private_tmp: bool) -> tuple[bool, list[str]]:
    """(whether the entry is under /tmp, its components); SessionError for `..`, an absolute path elsewhere,
    and a /tmp path in a sandbox whose /tmp is the host's (unisolated)."""
    try:
        parts = split_relative(entry.path)
    except ValueError:
        raise refused(f"the path {entry.path!r} contains '..'") from None
    in_tmp = entry.path.startswith("/")
    if in_tmp and (parts[:1] != ["tmp"] or len(parts) < 2):
        raise refused(f"the path {entry.path!r} is absolute and not below /tmp")
    if in_tmp and not private_tmp:
        raise SessionError(
            f"the exercise's fixture puts {entry.path!r} in /tmp, and only the sandbox (bubblewrap) gives a session "
            "a /tmp of its own: unisolated, it would be the computer's /tmp",
            fix="run it in the sandbox (bubblewrap), not with --isolation none",
        )
    return in_tmp, parts


class FixtureClaims:
    """The fixture paths created so far: each once, none inside a file or symlink of the fixture."""

    def __init__(self) -> None:
        self._kinds: dict[tuple[str, ...], str] = {}
        self._parents: set[tuple[str, ...]] = set()
        """Every directory above a fixture path."""

    def claim(self, entry: HomeEntry, parts: list[str]) -> None:
        """Note `entry` at `parts` ('/' first for /tmp); SessionError for what `shelltutor check` refuses."""
        if not parts:
            raise refused(f"the path {entry.path!r} names the home itself")
        if entry.mode is not None and entry.mode & ~PERMISSION_BITS:
            raise refused(f"{entry.path!r} has mode {entry.mode:04o}: setuid, setgid and sticky bits are not allowed")
        key = tuple(parts)
        if key in self._kinds:
            raise refused(f"{entry.path!r} is given twice")
        for end in range(1, len(key)):
            kind = self._kinds.get(key[:end])
            if kind is not None and kind != "dir":
                above = "/".join(key[:end]).replace("//", "/", 1)  # ('/', 'tmp', 'a') is /tmp/a
                raise refused(f"{entry.path!r} is inside {above!r}, which is a {kind}")
        if entry.kind != "dir" and key in self._parents:
            raise refused(f"{entry.path!r} is a {entry.kind}, but other entries are inside it")
        self._kinds[key] = entry.kind
        self._parents.update(key[:end] for end in range(1, len(key)))


def create_entry(entry: HomeEntry, parts: list[str], base: int) -> None:
    """Create `entry` at `parts` below the directory fd `base`, parents as needed."""
    parent = walk_dirs(base, parts[:-1], create=True)
    name = parts[-1]
    try:
        if entry.kind == "dir":
            make_dir(name, parent, 0o755 if entry.mode is None else entry.mode)
        elif entry.kind == "symlink":
            if entry.target is None:
                raise ValueError("a symlink needs a target")
            clear(name, parent)
            os.symlink(entry.target, name, dir_fd=parent)
        else:
            clear(name, parent)
            fd = os.open(name, NEW_FILE, 0o600, dir_fd=parent)
            try:
                write_all(fd, entry.content)
                os.fchmod(fd, (0o644 if entry.mode is None else entry.mode) & PERMISSION_BITS)
            finally:
                os.close(fd)
    finally:
        os.close(parent)


def make_dir(name: str, parent: int, mode: int) -> None:
    """A directory `name` with `mode`, set through an fd opened with O_NOFOLLOW: a symlink in its place
    is replaced, never followed (a chmod through it would change a host file)."""
    try:
        os.mkdir(name, 0o700, dir_fd=parent)
    except FileExistsError:
        if not stat.S_ISDIR(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
            clear(name, parent)
            os.mkdir(name, 0o700, dir_fd=parent)
    fd = os.open(name, DIR_FLAGS, dir_fd=parent)
    try:
        os.fchmod(fd, mode & PERMISSION_BITS)
    finally:
        os.close(fd)


def refused(reason: str) -> SessionError:
    """The error of a fixture the tutor will not create."""
    return SessionError(
        f"the exercise's fixture is refused: {reason}",
        fix="run `shelltutor check` on the lesson and correct what it reports",
    )


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` to `fd`."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
