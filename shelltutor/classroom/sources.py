"""Where learners' progress is found: export files, the tutor's databases, and directories holding either."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from shelltutor.classroom.exports import LearnerFile, Unreadable, load_json, parse_export
from shelltutor.classroom.messages import say
from shelltutor.course.model import LocalText
from shelltutor.progress import DB_NAME, SCHEMA_VERSION, ProgressError, ProgressStore

SQLITE_MAGIC = b"SQLite format 3\x00"
STORE_TABLES = frozenset({"attempts", "completions", "hints", "settings"})
LEARNERS_DIR = "learners"
"""The serve mode keeps each learner's database at `<serve-dir>/learners/<learner-id>/progress.sqlite3`."""


@dataclass(frozen=True)
class Skipped:
    """A file the report could not use, and why."""

    path: Path
    reason: LocalText


def collect(paths: Sequence[Path]) -> tuple[list[LearnerFile], list[Skipped]]:
    """Every learner's progress under `paths` (files, or directories walked for `*.json` and progress
    databases), in the order found, and the files skipped with their reasons: nothing here is fatal."""
    learners: list[LearnerFile] = []
    skipped: list[Skipped] = []
    for path in _files(paths, skipped):
        try:
            learners.append(read_path(path))
        except Unreadable as unreadable:
            skipped.append(Skipped(path, unreadable.reason))
    _distinct_names(learners)
    return learners, skipped


def _files(paths: Iterable[Path], skipped: list[Skipped]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            # Not following links to directories (a link back up would walk for ever), nor into hidden ones.
            for top, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if (name.endswith(".json") and not name.startswith(".")) or name == DB_NAME:
                        yield Path(top) / name
        elif path.exists():
            yield path
        else:
            skipped.append(Skipped(path, say("missing")))


def read_path(path: Path) -> LearnerFile:
    """One learner's progress from an export file or a progress database, or Unreadable."""
    if _is_sqlite(path):
        return read_store(path)
    return parse_export(load_json(path), path=path, name=path.stem)


def _is_sqlite(path: Path) -> bool:
    if path.name == DB_NAME:
        return True
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def learner_name(store_path: Path) -> str:
    """Whose database this is: its directory's name (the learner id in the serve mode's `learners/<id>/`)."""
    parent = store_path.resolve().parent
    return parent.name or store_path.stem


def read_store(path: Path) -> LearnerFile:
    """A progress database, read through a consistent copy (the tutor or the server may be writing to it, and
    an older schema is migrated in the copy, never in place) and exported as the tutor would."""
    with tempfile.TemporaryDirectory(prefix="shelltutor-report-") as scratch:
        copy = Path(scratch) / DB_NAME
        _snapshot(path, copy)
        try:
            store = ProgressStore(copy)
            try:
                document = store.export()
            finally:
                store.close()
        except (ProgressError, sqlite3.Error) as error:  # a newer schema, or tables of another shape
            raise Unreadable(say("store_error", error=error)) from None
    return parse_export(document, path=path, name=learner_name(path), kind="store")


def _snapshot(path: Path, copy: Path) -> None:
    """Copy the database at `path` with SQLite's backup (a consistent state, read-only on the original)."""
    try:
        source = _open_read_only(path)
    except sqlite3.Error as error:
        raise _unreadable(error) from None
    try:
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        if not tables >= STORE_TABLES or version < 1:
            raise Unreadable(say("not_a_store"))
        if version > SCHEMA_VERSION:
            raise Unreadable(say("newer_store", version=version))
        with contextlib.closing(sqlite3.connect(copy)) as target:
            source.backup(target)
    except sqlite3.Error as error:
        raise _unreadable(error) from None
    finally:
        source.close()


def _unreadable(error: sqlite3.Error) -> Unreadable:
    return Unreadable(say("not_a_store") if "not a database" in str(error) else say("store_error", error=error))


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; `immutable` when the directory cannot be written (no WAL index can be made)."""
    uri = path.resolve().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        connection.close()
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True)
    return connection


def _distinct_names(learners: list[LearnerFile]) -> None:
    """Two files of one name (`kim.json` in two folders) are told apart by their paths."""
    counts: dict[str, int] = {}
    for learner in learners:
        counts[learner.name] = counts.get(learner.name, 0) + 1
    for learner in learners:
        if counts[learner.name] > 1:
            learner.name = str(learner.path)
