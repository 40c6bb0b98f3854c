"""The tutor's view of a sandbox's files: every access walks directory fds and never follows a symlink."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from shelltutor.sandbox.hostfixtures import (
    NEW_FILE,
    FixtureClaims,
    clear,
    create_entry,
    fixture_parts,
    refused,
    split_relative,
    walk_dirs,
    write_all,
)
from shelltutor.sandbox.hostrights import READ, SEARCH, LearnerRights, filesystem_identity
from shelltutor.sandbox.hostscan import DIR_FLAGS, FileListing, kind_of, scan_home
from shelltutor.sandbox.results import FileEntry
from shelltutor.sandbox.spec import HomeEntry

__all__ = ["SandboxFiles", "filesystem_identity", "read_at_most", "split_relative"]

_READ_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
DRIVER_SCRATCH = ("hx", "chk", "chk.sh")
"""Files sandbox/driver.bash writes in the run directory for every command."""
READABLE_ROOTS = ("tmp",)
"""Top-level directories the grader may read besides the home (the sandbox's own /tmp)."""


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


def _denied(path: str, why: str = "Permission denied") -> PermissionError:
    return PermissionError(errno.EACCES, why, path)


class SandboxFiles:
    """Open directory fds on the sandbox's root, home and run directory, and safe operations on them.

    Under bwrap the root is `/proc/<pid>/root` of the sandbox's first process: the sandbox's own mount
    namespace seen from the host. Absolute symlinks met there would resolve against the *host's* root, which
    is why nothing here ever follows one. Reads never have more rights than the learner inside: only the home
    and /tmp are read, and only what the learner's uid could read there.
    """

    def __init__(
        self, root: str, home: str, run: str, owner: tuple[int, int] | None, *, private_tmp: bool = True
    ) -> None:
        self.home_path = home
        self.private_tmp = private_tmp
        """Whether the sandbox's /tmp is its own (bwrap), where fixtures may put files; unisolated, it is the host's."""
        """The home as the learner sees it (absolute inside the sandbox)."""
        self._owner = owner
        self.rights = LearnerRights.for_owner(owner)
        """The learner's uid and groups on the host, against which every read is checked."""
        self._claims = FixtureClaims()
        """Fixture paths created so far (a lesson may not name one path twice, nor one inside a file)."""
        self.root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            self.home_fd = walk_dirs(self.root_fd, split_relative(home))
            self.run_fd = walk_dirs(self.root_fd, split_relative(run))
        except BaseException:
            os.close(self.root_fd)
            raise

    def close(self) -> None:
        """Release the fds (they keep the sandbox's tmpfs alive)."""
        for fd in (self.run_fd, self.home_fd, self.root_fd):
            with contextlib.suppress(OSError):
                os.close(fd)

    # -- walking -------------------------------------------------------------------------------------------

    def _learner_base(self, path: str) -> tuple[int, list[str]]:
        """(a new fd on the home or /tmp, the components below it) for a path the learner's commands could
        make: relative to the home, or absolute under the home or /tmp. PermissionError for anything else."""
        try:
            parts = split_relative(path)
        except ValueError:
            raise _denied(path, "a path with '..' is never read") from None
        if not path.startswith("/"):
            return os.dup(self.home_fd), parts
        home = split_relative(self.home_path)
        if parts[: len(home)] == home:
            return os.dup(self.home_fd), parts[len(home) :]
        if parts and parts[0] in READABLE_ROOTS:
            return walk_dirs(self.root_fd, parts[:1]), parts[1:]
        raise _denied(path, "outside the learner's home and /tmp")

    def _walk_as_learner(self, path: str) -> tuple[int, str]:
        """(fd of the parent directory, final name), each directory on the way searchable by the learner."""
        fd, parts = self._learner_base(path)
        try:
            if not parts:
                raise IsADirectoryError(errno.EISDIR, "the path names the home or /tmp itself", path)
            if not self.rights.allows(os.fstat(fd), SEARCH):
                raise _denied(path)
            for part in parts[:-1]:
                nxt = os.open(part, DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = nxt
                if not self.rights.allows(os.fstat(fd), SEARCH):
                    raise _denied(path)
        except BaseException:
            os.close(fd)
            raise
        return fd, parts[-1]

    # -- reading ---------------------------------------------------------------------------------------------

    def stat(self, path: str) -> FileEntry | None:
        """lstat of `path` as the learner could do it; None when it is absent, reachable only through a
        symlink, outside the home and /tmp, or in a directory the learner cannot search."""
        try:
            with filesystem_identity(self._owner):
                parent, name = self._walk_as_learner(path)
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
            kind=kind_of(st.st_mode),
            mode=stat.S_IMODE(st.st_mode),
            size=st.st_size,
            target=target,
        )

    def read_file(self, path: str, max_bytes: int) -> bytes:
        """The first `max_bytes` of a regular file the learner could read; OSError(ELOOP) if any component is
        a symlink, PermissionError when the learner could not read it or it is outside the home and /tmp."""
        with filesystem_identity(self._owner):  # as root: the kernel checks the learner's uid too
            parent, name = self._walk_as_learner(path)
            try:
                fd = os.open(name, _READ_FILE, dir_fd=parent)
            finally:
                os.close(parent)
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", path)
            if not stat.S_ISREG(st.st_mode):
                raise OSError(errno.EINVAL, "not a regular file", path)
            if not self.rights.allows(st, READ):
                raise _denied(path)
            return read_at_most(fd, max_bytes)
        finally:
            os.close(fd)

    def listing(self, path: str, limit: int) -> FileListing:
        """Every path below the directory `path` (relative to the home, or under it or /tmp), relative to it, as
        the learner could list them: never through a symlink, at most `limit`. OSError when `path` is not a
        directory the learner can list (ENOTDIR or ELOOP for a symlink, EACCES, ENOENT)."""
        with filesystem_identity(self._owner):
            parent, name = self._walk_as_learner(path)
            try:
                fd = os.open(name, DIR_FLAGS, dir_fd=parent)
            finally:
                os.close(parent)
            try:
                if not self.rights.allows(os.fstat(fd), READ | SEARCH):
                    raise _denied(path)
                return scan_home(fd, self.rights, limit)
            finally:
                os.close(fd)

    def files(self, limit: int) -> FileListing:
        """The home tree, sorted, at most `limit` entries, without following symlinks; bounded in depth and
        time, and `cut` says when it is incomplete."""
        with filesystem_identity(self._owner):
            return scan_home(self.home_fd, self.rights, limit)

    # -- writing (fixtures and the run directory) ----------------------------------------------------------

    def writing(self) -> contextlib.AbstractContextManager[None]:
        """The identity under which the tutor creates files in the sandbox."""
        return filesystem_identity(self._owner)

    def add_home_entry(self, entry: HomeEntry) -> None:
        """Create one fixture entry in the home, or under the sandbox's own /tmp (parents as needed); files of the
        skeleton are replaced. SessionError when the exercise's fixture is refused (see hostfixtures)."""
        in_tmp, parts = fixture_parts(entry, private_tmp=self.private_tmp)
        self._claims.claim(entry, ["/", *parts] if in_tmp else parts)
        try:
            with self.writing():
                if in_tmp:
                    base = walk_dirs(self.root_fd, parts[:1])
                    try:
                        create_entry(entry, parts[1:], base)
                    finally:
                        os.close(base)
                else:
                    create_entry(entry, parts, self.home_fd)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            raise refused(f"cannot create {entry.path!r}: {reason}") from None

    def copy_skeleton(self, source: Path) -> None:
        """Copy a host directory tree (the home skeleton, the tutor's own data) into the home."""
        with self.writing():
            for path in sorted(source.rglob("*")):
                rel = path.relative_to(source).as_posix()
                if path.is_symlink():
                    entry = HomeEntry(rel, "symlink", target=os.readlink(path))
                elif path.is_dir():
                    entry = HomeEntry(rel, "dir", mode=stat.S_IMODE(path.stat().st_mode))
                else:
                    entry = HomeEntry(rel, content=path.read_bytes(), mode=stat.S_IMODE(path.stat().st_mode))
                create_entry(entry, split_relative(rel), self.home_fd)

    def run_write(self, name: str, data: bytes) -> None:
        """Write a fresh file in the run directory (replacing whatever the learner may have put there).

        For a command's file `c.SEQ`, the other files of that command (`x.SEQ`, the tapped line `t.SEQ`, the
        statuses `ps.SEQ`, the driver's scratch files) are cleared too: whatever is there is stale, and a
        directory, FIFO or read-only file the learner put there would make the driver's `>|` fail or wait
        forever, or pass for its own output."""
        with self.writing():
            self._run_ready()
            if name.startswith("c."):
                for other in (f"x.{name[2:]}", f"t.{name[2:]}", f"ps.{name[2:]}", *DRIVER_SCRATCH):
                    clear(other, self.run_fd, aside=True)
            clear(name, self.run_fd, aside=True)
            fd = os.open(name, NEW_FILE, 0o600, dir_fd=self.run_fd)
            try:
                write_all(fd, data)
            finally:
                os.close(fd)

    def _run_ready(self) -> None:
        """Give the run directory back its mode if the learner changed it (`chmod 0 /run/shelltutor`): the
        tutor and the driver could not make their files there otherwise."""
        with contextlib.suppress(OSError):
            if stat.S_IMODE(os.fstat(self.run_fd).st_mode) != 0o700:
                os.fchmod(self.run_fd, 0o700)

    def run_read(self, name: str, max_bytes: int = 1 << 20) -> bytes:
        """A regular file of the run directory (b'' when absent or not a regular file)."""
        try:
            fd = os.open(name, _READ_FILE, dir_fd=self.run_fd)
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
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(name, dir_fd=self.run_fd)

    def run_unlink_prefix(self, prefix: str) -> None:
        """Remove every file of the run directory whose name starts with `prefix`."""
        with contextlib.suppress(OSError):
            for name in os.listdir(self.run_fd):
                if name.startswith(prefix):
                    self.run_unlink(name)

    def run_fifo(self, name: str) -> tuple[int, int]:
        """Make a FIFO in the run directory; returns (read end, the tutor's own write end).

        The tutor holds a write end itself so that the read end never reports end-of-file before the
        command has opened the FIFO; it closes it when the command is over.
        """
        with self.writing():
            self._run_ready()
            clear(name, self.run_fd, aside=True)
            os.mkfifo(name, 0o600, dir_fd=self.run_fd)
        rd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.run_fd)
        try:
            wr = os.open(name, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.run_fd)
        except BaseException:
            os.close(rd)
            raise
        return rd, wr
