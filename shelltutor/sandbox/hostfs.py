"""The tutor's view of a sandbox's files: every access walks directory fds and never follows a symlink."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from shelltutor.sandbox.results import FileEntry
from shelltutor.sandbox.spec import HomeEntry

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_libc = ctypes.CDLL(None, use_errno=True)


@contextlib.contextmanager
def filesystem_identity(owner: tuple[int, int] | None) -> Iterator[None]:
    """Create files and pipes as `owner` (this thread only). A tmpfs mounted in the sandbox's user namespace
    refuses (EOVERFLOW) files owned by an id it cannot map, such as the host's root; and the sandbox can
    reopen a pipe through /proc/<pid>/fd only if it owns the pipe."""
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


def _kind(mode: int) -> Literal["file", "dir", "symlink", "other"]:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISLNK(mode):
        return "symlink"
    return "other"


def split_relative(path: str) -> list[str]:
    """The components of a relative path; ValueError for `..` (nothing may climb out of its base)."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"path {path!r} must not contain '..'")
    return parts


def read_at_most(fd: int, max_bytes: int) -> bytes:
    """Up to `max_bytes` from `fd`, in 64 KiB reads."""
    chunks: list[bytes] = []
    left = max_bytes
    while left > 0:
        data = os.read(fd, min(left, 1 << 16))
        if not data:
            break
        chunks.append(data)
        left -= len(data)
    return b"".join(chunks)


class SandboxFiles:
    """Open directory fds on the sandbox's root, home and run directory, and safe operations on them.

    Under bwrap the root is `/proc/<pid>/root` of the sandbox's first process: the sandbox's own mount
    namespace seen from the host. Absolute symlinks met there would resolve against the *host's* root, which
    is why nothing here ever follows one.
    """

    def __init__(self, root: str, home: str, run: str, owner: tuple[int, int] | None) -> None:
        self.home_path = home
        """The home as the learner sees it (absolute inside the sandbox)."""
        self._owner = owner
        self.root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            self.home_fd = self._walk_dirs(self.root_fd, split_relative(home))
            self.run_fd = self._walk_dirs(self.root_fd, split_relative(run))
        except BaseException:
            os.close(self.root_fd)
            raise

    def close(self) -> None:
        """Release the fds (they keep the sandbox's tmpfs alive)."""
        for fd in (self.run_fd, self.home_fd, self.root_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    # -- walking -------------------------------------------------------------------------------------------

    @staticmethod
    def _walk_dirs(base: int, parts: list[str], *, create: bool = False) -> int:
        """A new fd on the directory `parts` below `base` (made as needed with `create`); OSError (ELOOP/ENOTDIR)
        on a symlink on the way."""
        fd = os.dup(base)
        try:
            for part in parts:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o755, dir_fd=fd)
                nxt = os.open(part, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = nxt
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _locate(self, path: str) -> tuple[int, str]:
        """(fd of the parent directory, final name) for a path relative to the home or absolute in the sandbox."""
        base = self.root_fd if path.startswith("/") else self.home_fd
        parts = split_relative(path)
        if not parts:
            raise IsADirectoryError(errno.EISDIR, "the path names the home or the root itself", path)
        return self._walk_dirs(base, parts[:-1]), parts[-1]

    # -- reading ---------------------------------------------------------------------------------------------

    def stat(self, path: str) -> FileEntry | None:
        """lstat of `path`; None when it is absent or reachable only through a symlink."""
        try:
            parent, name = self._locate(path)
        except (OSError, ValueError):
            return None
        try:
            st = os.stat(name, dir_fd=parent, follow_symlinks=False)
            target = os.readlink(name, dir_fd=parent) if stat.S_ISLNK(st.st_mode) else None
        except OSError:
            return None
        finally:
            os.close(parent)
        return FileEntry(
            path=path if path.startswith("/") else "/".join(split_relative(path)),
            kind=_kind(st.st_mode),
            mode=stat.S_IMODE(st.st_mode),
            size=st.st_size,
            target=target,
        )

    def read_file(self, path: str, max_bytes: int) -> bytes:
        """The first `max_bytes` of a regular file; OSError(ELOOP) if any component is a symlink."""
        parent, name = self._locate(path)
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=parent)
        finally:
            os.close(parent)
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", path)
            if not stat.S_ISREG(st.st_mode):
                raise OSError(errno.EINVAL, "not a regular file", path)
            return read_at_most(fd, max_bytes)
        finally:
            os.close(fd)

    def files(self, limit: int) -> list[FileEntry]:
        """The home tree, sorted, at most `limit` entries, without following symlinks."""
        out: list[FileEntry] = []
        for entry in self._scan(self.home_fd, ""):
            out.append(entry)
            if len(out) >= limit:
                break
        return out

    def _scan(self, dir_fd: int, prefix: str) -> Iterator[FileEntry]:
        try:
            with os.scandir(dir_fd) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            try:
                st = e.stat(follow_symlinks=False)
            except OSError:
                continue
            kind = _kind(st.st_mode)
            target = None
            if kind == "symlink":
                try:
                    target = os.readlink(e.name, dir_fd=dir_fd)
                except OSError:
                    target = None
            rel = prefix + e.name
            yield FileEntry(rel, kind, stat.S_IMODE(st.st_mode), st.st_size, target)
            if kind == "dir":
                try:
                    sub = os.open(e.name, _DIR_FLAGS, dir_fd=dir_fd)
                except OSError:
                    continue
                try:
                    yield from self._scan(sub, rel + "/")
                finally:
                    os.close(sub)

    # -- writing (fixtures and the run directory) ----------------------------------------------------------

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """The identity under which the tutor creates files in the sandbox."""
        return filesystem_identity(self._owner)

    def _make_parents(self, parts: list[str]) -> int:
        return self._walk_dirs(self.home_fd, parts, create=True)

    def add_home_entry(self, entry: HomeEntry) -> None:
        """Create one fixture entry in the home (parents as needed); existing files are replaced."""
        with self.writing():
            self._add_home_entry(entry)

    def _add_home_entry(self, entry: HomeEntry) -> None:
        parts = split_relative(entry.path)
        if not parts:
            raise ValueError(f"fixture path {entry.path!r} names the home itself")
        parent = self._make_parents(parts[:-1])
        name = parts[-1]
        try:
            if entry.kind == "dir":
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o755, dir_fd=parent)
                os.chmod(name, 0o755 if entry.mode is None else entry.mode, dir_fd=parent, follow_symlinks=True)
            elif entry.kind == "symlink":
                if entry.target is None:
                    raise ValueError(f"fixture symlink {entry.path!r} has no target")
                self._unlink_quietly(name, parent)
                os.symlink(entry.target, name, dir_fd=parent)
            else:
                self._unlink_quietly(name, parent)
                fd = os.open(
                    name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=parent
                )
                try:
                    _write_all(fd, entry.content)
                    os.fchmod(fd, 0o644 if entry.mode is None else entry.mode)
                finally:
                    os.close(fd)
        finally:
            os.close(parent)

    def copy_skeleton(self, source: Path) -> None:
        """Copy a host directory tree (the home skeleton) into the home."""
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source).as_posix()
            if path.is_symlink():
                self.add_home_entry(HomeEntry(rel, "symlink", target=os.readlink(path)))
            elif path.is_dir():
                self.add_home_entry(HomeEntry(rel, "dir", mode=stat.S_IMODE(path.stat().st_mode)))
            else:
                self.add_home_entry(HomeEntry(rel, content=path.read_bytes(), mode=stat.S_IMODE(path.stat().st_mode)))

    @staticmethod
    def _unlink_quietly(name: str, dir_fd: int) -> None:
        try:
            os.unlink(name, dir_fd=dir_fd)
        except FileNotFoundError:
            pass
        except IsADirectoryError:
            pass

    def run_write(self, name: str, data: bytes) -> None:
        """Write a fresh file in the run directory (replacing whatever the learner may have put there)."""
        with self.writing():
            self._run_write(name, data)

    def _run_write(self, name: str, data: bytes) -> None:
        self._unlink_quietly(name, self.run_fd)
        fd = os.open(
            name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=self.run_fd
        )
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)

    def run_read(self, name: str, max_bytes: int = 1 << 20) -> bytes:
        """A regular file of the run directory (b'' when absent or not a regular file)."""
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=self.run_fd)
        except OSError:
            return b""
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return b""
            return read_at_most(fd, max_bytes)
        finally:
            os.close(fd)

    def run_unlink(self, name: str) -> None:
        """Remove a file of the run directory if it is there."""
        self._unlink_quietly(name, self.run_fd)

    def run_fifo(self, name: str) -> tuple[int, int]:
        """Make a FIFO in the run directory; returns (read end, the tutor's own write end).

        The tutor holds a write end itself so that the read end never reports end-of-file before the
        command has opened the FIFO; it closes it when the command is over.
        """
        with self.writing():
            self._unlink_quietly(name, self.run_fd)
            os.mkfifo(name, 0o600, dir_fd=self.run_fd)
        rd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.run_fd)
        try:
            wr = os.open(name, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.run_fd)
        except BaseException:
            os.close(rd)
            raise
        return rd, wr


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
