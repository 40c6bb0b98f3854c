"""The tutor's view of a sandbox's files: every access walks directory fds and never follows a symlink."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from shelltutor.sandbox.errors import SessionError
from shelltutor.sandbox.hostrights import READ, SEARCH, LearnerRights, filesystem_identity
from shelltutor.sandbox.hostscan import DIR_FLAGS, FileListing, kind_of, scan_home
from shelltutor.sandbox.results import FileEntry
from shelltutor.sandbox.spec import HomeEntry

__all__ = ["SandboxFiles", "filesystem_identity", "read_at_most", "split_relative"]

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
PERMISSION_BITS = 0o777
"""What a fixture may set: no setuid, setgid or sticky bit."""
DRIVER_SCRATCH = ("hx", "chk", "chk.sh")
"""Files sandbox/driver.bash writes in the run directory for every command."""
READABLE_ROOTS = ("tmp",)
"""Top-level directories the grader may read besides the home (the sandbox's own /tmp)."""


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


def _denied(path: str, why: str = "Permission denied") -> PermissionError:
    return PermissionError(errno.EACCES, why, path)


class SandboxFiles:
    """Open directory fds on the sandbox's root, home and run directory, and safe operations on them.

    Under bwrap the root is `/proc/<pid>/root` of the sandbox's first process: the sandbox's own mount
    namespace seen from the host. Absolute symlinks met there would resolve against the *host's* root, which
    is why nothing here ever follows one. Reads never have more rights than the learner inside: only the home
    and /tmp are read, and only what the learner's uid could read there.
    """

    def __init__(self, root: str, home: str, run: str, owner: tuple[int, int] | None) -> None:
        self.home_path = home
        """The home as the learner sees it (absolute inside the sandbox)."""
        self._owner = owner
        self.rights = LearnerRights.for_owner(owner)
        """The learner's uid and groups on the host, against which every read is checked."""
        self._fixtures: dict[tuple[str, ...], str] = {}
        """Fixture paths created so far, with their kinds (a lesson may not name one path twice)."""
        self._fixture_parents: set[tuple[str, ...]] = set()
        """Every directory above a fixture path."""
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
                nxt = os.open(part, DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = nxt
        except BaseException:
            os.close(fd)
            raise
        return fd

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
            return self._walk_dirs(self.root_fd, parts[:1]), parts[1:]
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
        """Create one fixture entry in the home (parents as needed); files of the skeleton are replaced.

        SessionError when the exercise's fixture is refused: a mode with setuid, setgid or sticky bits, a path
        given twice or inside a file or symlink of the fixture, or one the home's contents stand in the way of.
        """
        try:
            parts = split_relative(entry.path)
        except ValueError:
            raise _refused(f"the path {entry.path!r} contains '..'") from None
        self._claim(entry, parts)
        try:
            with self.writing():
                self._create(entry, parts)
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            raise _refused(f"cannot create {entry.path!r}: {reason}") from None

    def _claim(self, entry: HomeEntry, parts: list[str]) -> None:
        """Refuse what `shelltutor check` refuses, again at run time: a lesson may come from anyone."""
        if not parts:
            raise _refused(f"the path {entry.path!r} names the home itself")
        if entry.mode is not None and entry.mode & ~PERMISSION_BITS:
            raise _refused(f"{entry.path!r} has mode {entry.mode:04o}: setuid, setgid and sticky bits are not allowed")
        key = tuple(parts)
        if key in self._fixtures:
            raise _refused(f"{entry.path!r} is given twice")
        for end in range(1, len(key)):
            kind = self._fixtures.get(key[:end])
            if kind is not None and kind != "dir":
                raise _refused(f"{entry.path!r} is inside {'/'.join(key[:end])!r}, which is a {kind}")
        if entry.kind != "dir" and key in self._fixture_parents:
            raise _refused(f"{entry.path!r} is a {entry.kind}, but other entries are inside it")
        self._fixtures[key] = entry.kind
        self._fixture_parents.update(key[:end] for end in range(1, len(key)))

    def _create(self, entry: HomeEntry, parts: list[str]) -> None:
        parent = self._walk_dirs(self.home_fd, parts[:-1], create=True)
        name = parts[-1]
        try:
            if entry.kind == "dir":
                self._make_dir(name, parent, 0o755 if entry.mode is None else entry.mode)
            elif entry.kind == "symlink":
                if entry.target is None:
                    raise ValueError("a symlink needs a target")
                self._clear(name, parent)
                os.symlink(entry.target, name, dir_fd=parent)
            else:
                self._clear(name, parent)
                fd = os.open(name, _NEW_FILE, 0o600, dir_fd=parent)
                try:
                    _write_all(fd, entry.content)
                    os.fchmod(fd, (0o644 if entry.mode is None else entry.mode) & PERMISSION_BITS)
                finally:
                    os.close(fd)
        finally:
            os.close(parent)

    def _make_dir(self, name: str, parent: int, mode: int) -> None:
        """A directory `name` with `mode`, set through an fd opened with O_NOFOLLOW: a symlink in its place
        is replaced, never followed (a chmod through it would change a host file)."""
        try:
            os.mkdir(name, 0o700, dir_fd=parent)
        except FileExistsError:
            if not stat.S_ISDIR(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode):
                self._clear(name, parent)
                os.mkdir(name, 0o700, dir_fd=parent)
        fd = os.open(name, DIR_FLAGS, dir_fd=parent)
        try:
            os.fchmod(fd, mode & PERMISSION_BITS)
        finally:
            os.close(fd)

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
                self._create(entry, split_relative(rel))

    @staticmethod
    def _clear(name: str, dir_fd: int, *, aside: bool = False) -> None:
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

    def run_write(self, name: str, data: bytes) -> None:
        """Write a fresh file in the run directory (replacing whatever the learner may have put there).

        For a command's file `c.SEQ`, the files the driver writes for that command (`x.SEQ` and its scratch
        files) are cleared too: whatever is there is stale, and a directory, FIFO or read-only file the
        learner put there would make the driver's `>|` fail or wait forever, or pass for its own output."""
        with self.writing():
            self._run_ready()
            if name.startswith("c."):
                for other in (f"x.{name[2:]}", *DRIVER_SCRATCH):
                    self._clear(other, self.run_fd, aside=True)
            self._clear(name, self.run_fd, aside=True)
            fd = os.open(name, _NEW_FILE, 0o600, dir_fd=self.run_fd)
            try:
                _write_all(fd, data)
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

    def run_fifo(self, name: str) -> tuple[int, int]:
        """Make a FIFO in the run directory; returns (read end, the tutor's own write end).

        The tutor holds a write end itself so that the read end never reports end-of-file before the
        command has opened the FIFO; it closes it when the command is over.
        """
        with self.writing():
            self._run_ready()
            self._clear(name, self.run_fd, aside=True)
            os.mkfifo(name, 0o600, dir_fd=self.run_fd)
        rd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.run_fd)
        try:
            wr = os.open(name, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=self.run_fd)
        except BaseException:
            os.close(rd)
            raise
        return rd, wr


def _refused(reason: str) -> SessionError:
    return SessionError(
        f"the exercise's fixture is refused: {reason}",
        fix="run `shelltutor check` on the lesson and correct what it reports",
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
