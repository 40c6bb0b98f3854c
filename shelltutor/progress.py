"""The learner's progress in SQLite: attempts, completions, hints, position and settings, saved per attempt."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from shelltutor import __version__

DB_NAME = "progress.sqlite3"
SCHEMA_VERSION = 3
BUSY_TIMEOUT_S = 10.0
"""How long a call waits for another tutor holding the database's write lock before giving up."""
MAX_ATTEMPT_BYTES = 8192
"""At most this much of an attempt's own commands is stored, as JSON text in UTF-8 (a command the sandbox takes
is at most 4 KiB; only one full of control characters, each stored as six bytes `\\u0001`, is cut)."""
VACUUM_ABOVE_BYTES = 8 << 20
"""After a migration, free space beyond this is given back to the file system (a schema-2 database could hold
gigabytes of repeated command lists)."""


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
    """The command(s) this attempt added to its run (one per attempt in the tutor), as stored: see `cut_bytes`.
    `ProgressStore.attempt_commands()` gives the whole attempt, every command of the run up to this one."""
    status: str
    seed: int
    duration_ms: float
    run: int
    """The id of the run's first attempt: the attempts typed since the exercise was opened or reset."""
    cut_bytes: int = 0
    """How many UTF-8 bytes of the commands were not stored (beyond MAX_ATTEMPT_BYTES)."""


def stored_commands(commands: Iterable[str]) -> tuple[str, int]:
    """An attempt's commands as stored: a JSON list of at most MAX_ATTEMPT_BYTES, and how many UTF-8 bytes of the
    commands did not fit (the last kept command is cut short; later ones are dropped)."""
    clean = [_valid_text(c) for c in commands]
    text = json.dumps(clean, ensure_ascii=False)
    if len(text.encode("utf-8")) <= MAX_ATTEMPT_BYTES:
        return text, 0
    kept: list[str] = []
    for command in clean:
        fitted = _longest_prefix(kept, command)
        kept.append(command[:fitted])
        if fitted < len(command):
            break
    if kept and not kept[-1]:
        kept.pop()
    total = sum(len(c.encode("utf-8")) for c in clean)
    return json.dumps(kept, ensure_ascii=False), total - sum(len(c.encode("utf-8")) for c in kept)


def _valid_text(command: str) -> str:
    """The command with U+FFFD for each lone surrogate (a byte that was not UTF-8, or broken text): SQLite takes
    only valid text."""
    try:
        command.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in command)
    return command


def _longest_prefix(kept: list[str], command: str) -> int:
    """How many characters of `command` can follow `kept` within MAX_ATTEMPT_BYTES (a binary search: a character
    takes one to six bytes in JSON)."""
    low, high = 0, len(command)
    while low < high:
        middle = (low + high + 1) // 2
        if len(json.dumps([*kept, command[:middle]], ensure_ascii=False).encode("utf-8")) <= MAX_ATTEMPT_BYTES:
            low = middle
        else:
            high = middle - 1
    return low


def _own_commands(db: sqlite3.Connection) -> None:
    """Schema 2 stored on each attempt every command typed since the exercise was opened, so the store grew with
    the square of the attempts: keep only what each attempt added, and group the attempts in runs."""
    previous: dict[str, tuple[list[str], int]] = {}  # exercise -> the last attempt's commands and its run
    # One row at a time (a row of a bloated database holds megabytes): the cursor reads the old table while
    # the new one is written, which SQLite allows on one connection.
    rows = db.execute("SELECT id, exercise, at, commands, status, seed, duration_ms FROM attempts ORDER BY id")
    for attempt, exercise, at, text, status, seed, duration_ms in rows:
        commands = _as_list(text)
        last = previous.get(exercise)
        if last is not None and len(commands) == len(last[0]) + 1 and commands[:-1] == last[0]:
            run, own = last[1], commands[-1:]
        else:
            run, own = attempt, commands  # a run's first attempt (or one whose run is not all there)
        stored, cut = stored_commands(own)
        db.execute(
            "INSERT INTO attempts_v3 (id, exercise, at, run, commands, cut_bytes, status, seed, duration_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (attempt, exercise, at, run, stored, cut, status, seed, duration_ms),
        )
        previous[exercise] = (commands, run)


def _as_list(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except ValueError:
        return [text]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


Migration = tuple[str | Callable[[sqlite3.Connection], None], ...]
MIGRATIONS: tuple[Migration, ...] = (
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
    (
        # A new table rather than rewriting the rows in place: dropping the old one costs the write-ahead log a
        # few pages, where shrinking every row of a database of gigabytes would copy all of it there.
        # AUTOINCREMENT: an id is never reused after a reset, so a run's id names one run for ever.
        """CREATE TABLE attempts_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            exercise TEXT NOT NULL,
            at REAL NOT NULL,
            run INTEGER NOT NULL,
            commands TEXT NOT NULL,
            cut_bytes INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'step', 'error')),
            seed INTEGER NOT NULL DEFAULT 0,
            duration_ms REAL NOT NULL DEFAULT 0
        )""",
        _own_commands,
        "DROP TABLE attempts",
        "ALTER TABLE attempts_v3 RENAME TO attempts",
        "CREATE INDEX attempts_exercise ON attempts (exercise, status)",
        "CREATE INDEX attempts_run ON attempts (run)",
    ),
)
"""MIGRATIONS[n] takes the database from schema version n to n + 1 (SQL, or a function for what SQL cannot
say); never edit one that has shipped."""


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

    @contextlib.contextmanager
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
            for steps in MIGRATIONS[version:]:
                # one statement at a time: executescript() would commit the open transaction
                for step in steps:
                    if callable(step):
                        step(db)
                    else:
                        db.execute(step)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if version < SCHEMA_VERSION:
            self._give_back_free_space()

    def _give_back_free_space(self) -> None:
        """VACUUM when a migration left much free space (it cannot run inside a transaction)."""
        with self._lock:
            free = (
                self._db.execute("PRAGMA freelist_count").fetchone()[0]
                * self._db.execute("PRAGMA page_size").fetchone()[0]
            )
            # When another tutor is reading, VACUUM fails: later attempts reuse the free pages instead.
            if free > VACUUM_ABOVE_BYTES:
                with contextlib.suppress(sqlite3.OperationalError):
                    self._db.execute("VACUUM")

    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._query("PRAGMA user_version")[0][0])

    def record_attempt(
        self,
        exercise: str,
        commands: Iterable[str],
        status: str,
        *,
        run: int | None = None,
        seed: int = 0,
        duration_ms: float = 0.0,
    ) -> int:
        """Save a graded attempt (and the completion when it passed) in one transaction; returns its id.

        `commands`: what this attempt added (the tutor's latest command), not the whole run, so that storage per
        attempt is bounded (MAX_ATTEMPT_BYTES); `run`: the id returned for the run's first attempt (None starts a
        new run, whose id is this attempt's)."""
        now = time.time()
        stored, cut = stored_commands(commands)
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO attempts (exercise, at, run, commands, cut_bytes, status, seed, duration_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (exercise, now, run or 0, stored, cut, status, seed, duration_ms),
            )
            attempt = int(cursor.lastrowid or 0)
            if run is None:
                db.execute("UPDATE attempts SET run = id WHERE id = ?", (attempt,))
            if status == "pass":
                count = db.execute("SELECT COUNT(*) FROM attempts WHERE exercise = ?", (exercise,)).fetchone()[0]
                db.execute(
                    "INSERT OR IGNORE INTO completions (exercise, at, attempts) VALUES (?, ?, ?)",
                    (exercise, now, count),
                )
            return attempt

    def completed(self) -> set[str]:
        """Ids of the exercises passed at least once."""
        return {row[0] for row in self._query("SELECT exercise FROM completions")}

    def completions(self) -> list[tuple[str, float, int]]:
        """(exercise, time, attempts it took) for every completion, oldest first."""
        return [(r[0], r[1], r[2]) for r in self._query("SELECT exercise, at, attempts FROM completions ORDER BY at")]

    def attempts(self, exercise: str | None = None) -> list[AttemptRecord]:
        """Stored attempts, oldest first; all of them or one exercise's."""
        sql = "SELECT id, exercise, at, commands, status, seed, duration_ms, run, cut_bytes FROM attempts"
        rows = (
            self._query(sql + " WHERE exercise = ? ORDER BY id", (exercise,))
            if exercise
            else self._query(sql + " ORDER BY id")
        )
        return [AttemptRecord(r[0], r[1], r[2], tuple(_as_list(r[3])), *r[4:]) for r in rows]

    def attempt_commands(self, attempt: int) -> tuple[str, ...]:
        """The whole attempt: every command of its run up to and including it, as stored."""
        rows = self._query(
            "SELECT later.commands FROM attempts AS this JOIN attempts AS later "
            "ON later.run = this.run AND later.exercise = this.exercise AND later.id <= this.id "
            "WHERE this.id = ? ORDER BY later.id",
            (attempt,),
        )
        return tuple(command for row in rows for command in _as_list(row[0]))

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

    def export(self, lang: str | None = None) -> dict[str, object]:
        """Everything stored, as a portable JSON-ready dict a student can hand in, its attempts chained by
        checksums and the whole sealed (`chain_link`, `export_seal`; docs/class-report.md says what that proves).
        `lang`: the learner's language, when the caller knows it better than the saved setting."""
        attempts: list[dict[str, object]] = []
        head = CHAIN_START
        for a in self.attempts():
            # Each attempt with only the command(s) it added; the attempts of one run share its `run`.
            record: dict[str, object] = {
                "id": a.id,
                "exercise": a.exercise,
                "at": a.at,
                "run": a.run,
                "commands": list(a.commands),
                "cut_bytes": a.cut_bytes,
                "status": a.status,
                "seed": a.seed,
                "duration_ms": a.duration_ms,
            }
            head = chain_link(head, record)
            attempts.append({**record, "hash": head})
        integrity: dict[str, object] = {"algorithm": CHAIN_ALGORITHM, "head": head}
        document: dict[str, object] = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "shelltutor": __version__,
            "exported_at": time.time(),
            "lang": lang or self.setting("lang"),
            "completed": [{"exercise": e, "at": at, "attempts": n} for e, at, n in self.completions()],
            "attempts": attempts,
            "hints": {r[0]: r[1] for r in self._query("SELECT exercise, used FROM hints ORDER BY exercise")},
            "integrity": integrity,
        }
        integrity["seal"] = export_seal(document)
        return document


# -- the export file ------------------------------------------------------------------------------------

EXPORT_FORMAT = "shelltutor-progress"
EXPORT_VERSION = 4
"""The export's own version. 2 and 3 (the schema's number, then) had no ids, seeds or checksums, and 2 stored on
each attempt every command of its run so far; 4 chains the attempts and seals the file."""
CHAIN_ALGORITHM = "sha256-chain"
CHAIN_START = hashlib.sha256(b"shelltutor-progress 4").hexdigest()
"""What the first attempt's checksum is chained to."""


def canonical_json(value: object) -> str:
    """The one spelling of `value` that checksums cover: keys sorted, no spaces, Unicode as itself."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _digest(text: str) -> str:
    # surrogatepass: a hostile file may hold lone surrogates, which must give a checksum, not an exception
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def chain_link(previous: str, record: dict[str, object]) -> str:
    """An exported attempt's checksum: SHA-256 over the previous attempt's checksum and every field of this one
    but `hash`, so that changing, inserting, removing or reordering attempts breaks the chain where it was done
    (as GameShell checksums each line of its log, with the chain added)."""
    return _digest(previous + "\n" + canonical_json({k: v for k, v in record.items() if k != "hash"}))


def export_seal(document: dict[str, object]) -> str:
    """The checksum of the whole export (attempts with their checksums, completions, hints, dates) but the seal."""
    integrity = document.get("integrity")
    unsealed = dict(integrity) if isinstance(integrity, dict) else {}
    unsealed.pop("seal", None)
    return _digest(canonical_json({**document, "integrity": unsealed}))
