"""The learner's progress in SQLite: attempts, completions, hints, position and settings, saved per attempt."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

DB_NAME = "progress.sqlite3"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 10.0
"""How long a call waits for another tutor holding the database's write lock before giving up."""


def default_data_dir() -> Path:
    """The platform's user data directory for shelltutor (e.g. ~/.local/share/shelltutor)."""
    return Path(platformdirs.user_data_dir("shelltutor", appauthor=False))


@dataclass(frozen=True)
class AttemptRecord:
    """One graded attempt as stored."""

    id: int
    exercise: str
    at: float
    commands: tuple[str, ...]
    status: str
    seed: int
    duration_ms: float


MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            exercise TEXT NOT NULL,
            at REAL NOT NULL,
            commands TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error'))
        )""",
        "CREATE INDEX attempts_exercise ON attempts (exercise)",
        "CREATE TABLE completions (exercise TEXT PRIMARY KEY, at REAL NOT NULL, attempts INTEGER NOT NULL)",
        "CREATE TABLE hints (exercise TEXT PRIMARY KEY, used INTEGER NOT NULL)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    (
        "ALTER TABLE attempts ADD COLUMN seed INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE attempts ADD COLUMN duration_ms REAL NOT NULL DEFAULT 0",
    ),
)
"""MIGRATIONS[n] takes the database from schema version n to n + 1; never edit one that has shipped."""


class ProgressError(RuntimeError):
    """The progress database cannot be used (e.g. written by a newer shelltutor)."""


class ProgressStore:
    """The progress database. Every write is one transaction, committed before the call returns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, shared by the UI thread and the session thread: the lock keeps each call's
        # statements (a whole transaction) together.
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        self._configure()
        self._migrate()

    def _configure(self) -> None:
        """Switch to WAL, retrying while another process holds the lock.

        SQLite answers SQLITE_BUSY to a journal-mode change without calling the busy handler when another
        connection is creating the file or recovering its WAL at the same moment (two tutors started
        together), so the timeout given to connect() does not cover this one statement.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        delay = 0.005
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as error:
                transient = "locked" in str(error) or "busy" in str(error)
                if not transient or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.2)
        self._db.execute("PRAGMA synchronous=FULL")

    @classmethod
    def open(cls, data_dir: Path | None = None) -> ProgressStore:
        """The store in `data_dir` (default: the user data directory)."""
        return cls((data_dir or default_data_dir()) / DB_NAME)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front, so two tutors open at once queue instead of failing.
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read, taken whole under the lock (a cursor must not be shared across threads)."""
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _migrate(self) -> None:
        with self._transaction() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise ProgressError(
                    f"{self.path} was written by a newer shelltutor (schema {version}); upgrade shelltutor to use it"
                )
            for statements in MIGRATIONS[version:]:
                # one statement at a time: executescript() would commit the open transaction
                for statement in statements:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._query("PRAGMA user_version")[0][0])

    def record_attempt(
        self, exercise: str, commands: Iterable[str], status: str, *, seed: int = 0, duration_ms: float = 0.0
    ) -> int:
        """Save a graded attempt (and the completion when it passed) in one transaction; returns its id."""
        now = time.time()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO attempts (exercise, at, commands, status, seed, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
                (exercise, now, json.dumps(list(commands), ensure_ascii=False), status, seed, duration_ms),
            )
            if status == "pass":
                count = db.execute("SELECT COUNT(*) FROM attempts WHERE exercise = ?", (exercise,)).fetchone()[0]
                db.execute(
                    "INSERT OR IGNORE INTO completions (exercise, at, attempts) VALUES (?, ?, ?)",
                    (exercise, now, count),
                )
            return int(cursor.lastrowid or 0)

    def completed(self) -> set[str]:
        """Ids of the exercises passed at least once."""
        return {row[0] for row in self._query("SELECT exercise FROM completions")}

    def completions(self) -> list[tuple[str, float, int]]:
        """(exercise, time, attempts it took) for every completion, oldest first."""
        return [(r[0], r[1], r[2]) for r in self._query("SELECT exercise, at, attempts FROM completions ORDER BY at")]

    def attempts(self, exercise: str | None = None) -> list[AttemptRecord]:
        """Stored attempts, oldest first; all of them or one exercise's."""
        sql = "SELECT id, exercise, at, commands, status, seed, duration_ms FROM attempts"
        rows = (
            self._query(sql + " WHERE exercise = ? ORDER BY id", (exercise,))
            if exercise
            else self._query(sql + " ORDER BY id")
        )
        return [AttemptRecord(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6]) for r in rows]

    def failed_attempts(self, exercise: str) -> int:
        """How many attempts at `exercise` failed."""
        rows = self._query("SELECT COUNT(*) FROM attempts WHERE exercise = ? AND status = 'fail'", (exercise,))
        return int(rows[0][0])

    def record_hint(self, exercise: str, used: int) -> None:
        """Remember that `used` hints of `exercise` have been shown (never decreases)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO hints (exercise, used) VALUES (?, ?) "
                "ON CONFLICT (exercise) DO UPDATE SET used = MAX(used, excluded.used)",
                (exercise, used),
            )

    def hints_used(self, exercise: str) -> int:
        """How many hints of `exercise` have been shown."""
        rows = self._query("SELECT used FROM hints WHERE exercise = ?", (exercise,))
        return int(rows[0][0]) if rows else 0

    def set_setting(self, key: str, value: str) -> None:
        """Save a setting (language, theme, position…)."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    def setting(self, key: str) -> str | None:
        """A saved setting, or None."""
        rows = self._query("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_position(self, exercise: str) -> None:
        """Where the learner is: the exercise they opened last."""
        self.set_setting("position", exercise)

    def position(self) -> str | None:
        """The exercise the learner opened last, if any."""
        return self.setting("position")

    def reset(self, prefix: str | None = None) -> None:
        """Forget progress: all of it, or the exercises whose id is `prefix` or starts with `prefix/`."""
        with self._transaction() as db:
            for table in ("attempts", "completions", "hints"):
                if prefix is None:
                    db.execute(f"DELETE FROM {table}")
                else:
                    db.execute(f"DELETE FROM {table} WHERE exercise = ? OR exercise LIKE ?", (prefix, f"{prefix}/%"))
            if prefix is None:
                db.execute("DELETE FROM settings WHERE key = 'position'")

    def export(self) -> dict[str, object]:
        """Everything stored, as a portable JSON-ready dict a student can hand in."""
        return {
            "format": "shelltutor-progress",
            "version": SCHEMA_VERSION,
            "exported_at": time.time(),
            "completed": [{"exercise": e, "at": at, "attempts": n} for e, at, n in self.completions()],
            "attempts": [
                {"exercise": a.exercise, "at": a.at, "commands": list(a.commands), "status": a.status}
                for a in self.attempts()
            ],
            "hints": {r[0]: r[1] for r in self._query("SELECT exercise, used FROM hints ORDER BY exercise")},
        }
