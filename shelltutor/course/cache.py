"""The course cache: a parsed course kept on disk, used while no lesson file and no line of the loader changed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shelltutor.course.catalog import Course

CACHE_FORMAT = 1
"""Bumped when what the cache holds changes shape."""
LESSON_SUFFIXES = (".yaml", ".yml")
"""The files the loader reads (`course.loader.LESSON_SUFFIXES`; a test keeps the two the same)."""
_CODE_DIR = Path(__file__).resolve().parent.parent
_CODE_PACKAGES = ("course", "problems.py", "resources.py", "__init__.py")
"""The code a cached course was made by: the loader, the model and what they use. A change to any of it (a
new release, an edit in a checkout) makes every cache stale."""


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the cache lives: $XDG_CACHE_HOME/shelltutor, else ~/.cache/shelltutor."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "shelltutor"


def _stat_line(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return f"{path}\0missing"
    return f"{path}\0{info.st_mtime_ns}\0{info.st_size}"


def _lesson_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files `course.loader.iter_lesson_files` reads, in its order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in LESSON_SUFFIXES and p.is_file())
        else:
            yield path


def _code_files() -> Iterator[Path]:
    for name in _CODE_PACKAGES:
        path = _CODE_DIR / name
        if path.is_dir():
            yield from sorted(path.rglob("*.py"))
        else:
            yield path


def fingerprint(dirs: Iterable[Path], include_builtin: bool) -> str:
    """What the course depends on: every lesson file's path, modification time and size, the directories
    given (in order), the loader's code and Python's version. Any change gives another fingerprint."""
    dirs = [Path(d).resolve() for d in dirs]
    digest = hashlib.sha256()
    lines = [f"format {CACHE_FORMAT}", f"python {sys.version}", f"builtin {include_builtin}"]
    lines += [f"dir {d}" for d in dirs]
    lines += [_stat_line(p) for p in _lesson_files(dirs)]
    lines += [_stat_line(p) for p in _code_files()]
    for line in lines:
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def _cache_file(directory: Path, dirs: list[Path], include_builtin: bool) -> Path:
    """One cache file per set of lesson directories (a learner with `--lessons` keeps the plain one too)."""
    name = hashlib.sha256(repr((include_builtin, [str(d) for d in dirs])).encode()).hexdigest()[:16]
    return directory / f"course-{name}.pickle"


def _read(path: Path, key: str) -> Course | None:
    """The course stored under `key`, or None: no file, another key, or anything wrong with it."""
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None  # only a file no one else could have written is unpickled
            stored_key, course = pickle.load(file)
    except Exception:  # a missing, truncated or corrupt file, or classes that changed: built again
        return None
    from shelltutor.course.catalog import Course

    if stored_key != key or not isinstance(course, Course):
        return None
    return course


def _write(path: Path, key: str, course: Course) -> None:
    """Store `course` under `key`, atomically; a cache that cannot be written is no error."""
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".course-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                pickle.dump((key, course), file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def cached_course(
    dirs: Iterable[Path],
    include_builtin: bool,
    build: Callable[[], Course],
    *,
    directory: Path | None = None,
) -> Course:
    """The course `build` makes from `dirs` (the built-in lessons' directory first when `include_builtin`),
    from the cache when nothing it was made from changed; else built and stored for next time."""
    dirs = [Path(d) for d in dirs]
    key = fingerprint(dirs, include_builtin)
    path = _cache_file(directory or cache_dir(), [d.resolve() for d in dirs], include_builtin)
    course = _read(path, key)
    if course is None:
        course = build()
        _write(path, key, course)
    return course
