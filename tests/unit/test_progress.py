"""The progress store: every attempt saved in one transaction, migrations, concurrency, crash safety."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import ANY

import pytest

from shelltutor.progress import DB_NAME, MAX_ATTEMPT_BYTES, SCHEMA_VERSION, ProgressError, ProgressStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    s = ProgressStore.open(tmp_path)
    yield s
    s.close()


def test_attempts_and_completions_are_saved(store: ProgressStore, tmp_path: Path) -> None:
    store.record_attempt("l/a", ["ls"], "fail", seed=7, duration_ms=3.5)
    store.record_attempt("l/a", ["ls", "pwd"], "pass", seed=7)
    store.record_attempt("l/a", ["pwd"], "pass")  # passing again keeps the first completion
    store.record_attempt("l/b", ["echo hi"], "error")
    reopened = ProgressStore.open(tmp_path)
    assert reopened.completed() == {"l/a"}
    attempts = reopened.attempts("l/a")
    assert [a.commands for a in attempts] == [("ls",), ("ls", "pwd"), ("pwd",)]
    assert attempts[0].seed == 7 and attempts[0].duration_ms == 3.5 and attempts[0].status == "fail"
    assert reopened.completions()[0][2] == 2  # it took two attempts
    assert reopened.failed_attempts("l/a") == 1
    reopened.close()


def test_status_is_constrained(store: ProgressStore) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.record_attempt("l/a", ["ls"], "maybe")
    assert store.attempts() == []  # the failed transaction left nothing behind


def test_hints_never_decrease(store: ProgressStore) -> None:
    store.record_hint("l/a", 2)
    store.record_hint("l/a", 1)
    assert store.hints_used("l/a") == 2
    assert store.hints_used("l/other") == 0


def test_settings_and_position(store: ProgressStore) -> None:
    assert store.position() is None
    store.set_position("l/b")
    store.set_setting("lang", "ko")
    assert store.position() == "l/b"
    assert store.setting("lang") == "ko"
    assert store.setting("missing") is None


def test_reset_one_lesson_keeps_others(store: ProgressStore) -> None:
    store.record_attempt("intro/a", ["x"], "pass")
    store.record_attempt("intro-two/a", ["x"], "pass")  # a prefix of the id must not be confused with the lesson
    store.record_hint("intro/a", 1)
    store.reset("intro")
    assert store.completed() == {"intro-two/a"}
    assert store.hints_used("intro/a") == 0
    store.reset()
    assert store.completed() == set()


def test_export_is_portable_json(store: ProgressStore) -> None:
    store.record_attempt("l/a", ["ls -l", "pwd"], "pass")
    store.record_hint("l/a", 1)
    exported = json.loads(json.dumps(store.export()))
    assert exported["format"] == "shelltutor-progress"
    assert exported["completed"][0]["exercise"] == "l/a"
    assert exported["attempts"][0]["commands"] == ["ls -l", "pwd"]
    assert exported["hints"] == {"l/a": 1}


def test_migrates_a_version_1_database(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.executescript(
        """
        CREATE TABLE attempts (id INTEGER PRIMARY KEY, exercise TEXT NOT NULL, at REAL NOT NULL,
            commands TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error')));
        CREATE INDEX attempts_exercise ON attempts (exercise);
        CREATE TABLE completions (exercise TEXT PRIMARY KEY, at REAL NOT NULL, attempts INTEGER NOT NULL);
        CREATE TABLE hints (exercise TEXT PRIMARY KEY, used INTEGER NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO attempts (exercise, at, commands, status) VALUES ('l/a', 1.0, '["ls"]', 'pass');
        INSERT INTO completions VALUES ('l/a', 1.0, 1);
        PRAGMA user_version = 1;
        """
    )
    db.close()
    store = ProgressStore.open(tmp_path)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.completed() == {"l/a"}
    assert store.attempts()[0].seed == 0  # the new column got its default
    store.close()


def test_a_run_stores_each_command_once_and_gives_back_the_whole_attempt(store: ProgressStore) -> None:
    first = store.record_attempt("l/a", ["ls"], "fail")
    store.record_attempt("l/b", ["echo elsewhere"], "fail")  # another exercise in between
    second = store.record_attempt("l/a", ["cd logs"], "fail", run=first)
    third = store.record_attempt("l/a", ["pwd"], "pass", run=first)
    again = store.record_attempt("l/a", ["ls"], "fail")  # the exercise reset: a new run
    attempts = store.attempts("l/a")
    assert [a.commands for a in attempts] == [("ls",), ("cd logs",), ("pwd",), ("ls",)]
    assert [a.run for a in attempts] == [first, first, first, again]
    assert store.attempt_commands(second) == ("ls", "cd logs")
    assert store.attempt_commands(third) == ("ls", "cd logs", "pwd")
    assert store.attempt_commands(again) == ("ls",)
    assert store.completions()[0][2] == 3  # the attempts at l/a until it passed; the other exercise's do not count
    exported = store.export()["attempts"]
    assert isinstance(exported, list)
    assert [(e["run"], e["commands"]) for e in exported if e["exercise"] == "l/a"] == [
        (first, ["ls"]),
        (first, ["cd logs"]),
        (first, ["pwd"]),
        (again, ["ls"]),
    ]


def _stored_sizes(store: ProgressStore) -> list[int]:
    return [r[0] for r in store._db.execute("SELECT length(CAST(commands AS BLOB)) FROM attempts ORDER BY id")]


@pytest.mark.parametrize(
    ("command", "kept_prefix"),
    [
        ("echo " + "x" * 1_000_000, "echo xxx"),  # far beyond what the sandbox takes
        ("\x01" * 4096, "\x01"),  # control characters take six bytes each as JSON (`\\u0001`)
        ("printf '\x1b[2J'; " * 600, "printf '\x1b[2J'; "),
        ("한국어 " * 2000, "한국어 "),  # three bytes a character in UTF-8
    ],
    ids=["huge", "control", "escapes", "korean"],
)
def test_storage_per_attempt_is_capped(store: ProgressStore, command: str, kept_prefix: str) -> None:
    attempt = store.record_attempt("l/a", [command], "fail")
    (record,) = store.attempts()
    (kept,) = record.commands
    assert command.startswith(kept) and kept.startswith(kept_prefix)
    assert record.cut_bytes == len(command.encode()) - len(kept.encode()) > 0
    assert _stored_sizes(store) == [pytest.approx(MAX_ATTEMPT_BYTES, abs=12)]  # filled up to the cap, not past it
    assert store.attempt_commands(attempt) == (kept,)
    assert store.export()["attempts"] == [
        {
            "exercise": "l/a",
            "at": record.at,
            "run": attempt,
            "commands": [kept],
            "cut_bytes": record.cut_bytes,
            "status": "fail",
            "id": attempt,
            "seed": 0,
            "duration_ms": 0.0,
            "hash": ANY,
        }
    ]


def test_commands_within_the_cap_are_stored_whole(store: ProgressStore) -> None:
    commands = [
        "cat > notes.txt <<'EOF'\nfirst\tline\nEOF",
        "echo \x1b[31m red",
        "x" * 4096,
        "\udcff bad byte",
        "\ud800 broken",
    ]
    for command in commands:
        store.record_attempt("l/a", [command], "fail")
    stored = [a.commands for a in store.attempts()]
    assert stored[:3] == [(c,) for c in commands[:3]]
    assert stored[3:] == [("\ufffd bad byte",), ("\ufffd broken",)]  # lone surrogates: SQLite takes only text
    assert [a.cut_bytes for a in store.attempts()] == [0, 0, 0, 0, 0]


def _database_bytes(directory: Path) -> int:
    return sum(f.stat().st_size for f in directory.iterdir() if f.name.startswith(DB_NAME))


@pytest.mark.slow
def test_ten_thousand_commands_in_one_exercise_keep_the_store_small(tmp_path: Path) -> None:
    # Schema 2 stored the whole run on every attempt: 1,000 such commands made 30 MB, 10,000 made 2.7 GB.
    store = ProgressStore.open(tmp_path)
    store._db.execute("PRAGMA synchronous=OFF")  # the bytes stored do not depend on it, the time to run does
    run: int | None = None
    sizes: dict[int, int] = {}
    for i in range(1, 10_001):
        attempt = store.record_attempt(
            "l/a", [f"grep -c ERROR logs/app-{i}.log | sort -n > counts.txt"], "fail", run=run
        )
        run = run or attempt
        if i in (1_000, 10_000):
            store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            sizes[i] = _database_bytes(tmp_path)
    assert sizes[10_000] < 10 << 20, sizes
    assert sizes[10_000] < 12 * sizes[1_000], sizes  # linear: ten times the attempts, about ten times the bytes
    assert len(store.attempt_commands(attempt)) == 10_000
    assert store.failed_attempts("l/a") == 10_000
    store.close()


V2_SCHEMA = """
    CREATE TABLE attempts (id INTEGER PRIMARY KEY, exercise TEXT NOT NULL, at REAL NOT NULL,
        commands TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error')),
        seed INTEGER NOT NULL DEFAULT 0, duration_ms REAL NOT NULL DEFAULT 0);
    CREATE INDEX attempts_exercise ON attempts (exercise);
    CREATE TABLE completions (exercise TEXT PRIMARY KEY, at REAL NOT NULL, attempts INTEGER NOT NULL);
    CREATE TABLE hints (exercise TEXT PRIMARY KEY, used INTEGER NOT NULL);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    PRAGMA user_version = 2;
"""


def _version_2_database(directory: Path, attempts: list[tuple[str, list[str], str]]) -> None:
    """A database as schema 2 wrote it: each attempt holds every command of its run so far."""
    db = sqlite3.connect(directory / DB_NAME)
    db.executescript(V2_SCHEMA)
    db.executemany(
        "INSERT INTO attempts (exercise, at, commands, status, seed, duration_ms) VALUES (?, ?, ?, ?, 7, 2.5)",
        [(exercise, float(i), json.dumps(commands), status) for i, (exercise, commands, status) in enumerate(attempts)],
    )
    db.execute("INSERT INTO completions VALUES ('l/a', 3.0, 3)")
    db.execute("INSERT INTO hints VALUES ('l/a', 2)")
    db.execute("INSERT INTO settings VALUES ('position', 'l/b')")
    db.execute("INSERT INTO settings VALUES ('lang', 'ko')")
    db.commit()
    db.close()


def test_migrates_a_version_2_database_keeping_every_attempt(tmp_path: Path) -> None:
    old = [
        ("l/a", ["ls"], "fail"),
        ("l/b", ["echo hi"], "fail"),  # another exercise in between
        ("l/a", ["ls", "cd logs"], "fail"),
        ("l/a", ["ls", "cd logs", "printf '\\e[2J\x01'"], "pass"),
        ("l/b", ["echo hi", "echo hi"], "pass"),  # the same command twice is two attempts of one run
        ("l/a", ["ls"], "fail"),  # reset: a new run, though it starts like the last one
        ("l/a", ["ls", "pwd", "x"], "fail"),  # a run whose earlier attempts are missing: kept whole
    ]
    _version_2_database(tmp_path, old)
    store = ProgressStore.open(tmp_path)
    assert store.schema_version() == SCHEMA_VERSION == 3
    attempts = store.attempts()
    assert [(a.exercise, store.attempt_commands(a.id), a.status) for a in attempts] == [
        (e, tuple(c), s) for e, c, s in old
    ]
    assert [a.commands for a in attempts] == [
        ("ls",),
        ("echo hi",),
        ("cd logs",),
        ("printf '\\e[2J\x01'",),
        ("echo hi",),
        ("ls",),
        ("ls", "pwd", "x"),
    ]
    assert [a.run for a in attempts] == [1, 2, 1, 1, 2, 6, 7]
    assert {(a.seed, a.duration_ms) for a in attempts} == {(7, 2.5)}
    assert [a.at for a in attempts] == [float(i) for i in range(len(old))]
    assert store.completed() == {"l/a"} and store.completions()[0][2] == 3
    assert store.hints_used("l/a") == 2
    assert store.position() == "l/b" and store.setting("lang") == "ko"
    assert store.failed_attempts("l/a") == 4
    store.reset()
    assert store.record_attempt("l/a", ["ls"], "fail") > len(old)  # ids, and so runs, are never reused
    store.close()
    reopened = ProgressStore.open(tmp_path)  # nothing migrates twice
    assert [a.commands for a in reopened.attempts()] == [("ls",)]
    reopened.close()


def test_migrating_a_bloated_version_2_database_gives_the_space_back(tmp_path: Path) -> None:
    command = "\x01" * 4096
    _version_2_database(tmp_path, [("l/a", [command] * n, "fail") for n in range(1, 51)])
    before = _database_bytes(tmp_path)
    assert before > 25 << 20  # 50 attempts of one 4 KiB command made 30 MB
    store = ProgressStore.open(tmp_path)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    after = _database_bytes(tmp_path)
    attempts = store.attempts()
    assert len(attempts) == 50 and {a.run for a in attempts} == {1}
    assert after < 2 << 20, (before, after)
    last = store.attempt_commands(attempts[-1].id)
    assert len(last) == 50 and all(command.startswith(c) for c in last)  # each one capped, none lost
    store.close()


def test_refuses_a_database_from_a_newer_version(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(ProgressError, match="newer shelltutor"):
        ProgressStore.open(tmp_path)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from shelltutor.progress import ProgressStore
    store = ProgressStore.open(Path(sys.argv[1]))
    for i in range(int(sys.argv[3])):
        store.record_attempt(f"{sys.argv[2]}/e{i}", [f"echo {i}"], "pass" if i % 2 else "fail")
        print(i, flush=True)
    """
)


def test_two_writers_at_once_do_not_corrupt(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), name, "150"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("one", "two")
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in procs]
    assert outcomes == [(0, ""), (0, "")]
    store = ProgressStore.open(tmp_path)
    assert len(store.attempts()) == 300
    assert len(store.completed()) == 150
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_sigkill_loses_nothing_reported_saved(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), "k", "100000"], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    reported = -1
    for line in proc.stdout:
        reported = int(line)
        if reported >= 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    store = ProgressStore.open(tmp_path)
    saved = {a.exercise for a in store.attempts()}
    assert {f"k/e{i}" for i in range(reported + 1)} <= saved
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_one_store_shared_by_threads(store: ProgressStore) -> None:
    import threading

    def work(name: str) -> None:
        for i in range(100):
            store.record_attempt(f"{name}/e{i}", ["ls"], "pass")
            store.record_hint(f"{name}/e{i}", 1)
            assert f"{name}/e{i}" in store.completed()

    threads = [threading.Thread(target=work, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.completed()) == 400
    assert len(store.attempts()) == 400


def test_tutors_opening_a_new_database_at_the_same_instant_all_succeed(tmp_path: Path) -> None:
    # Creating the file and switching it to WAL races: SQLite answers "database is locked" to the loser without
    # waiting (a lock upgrade that could deadlock). Before the retry, about 1 open in 40 failed here.
    failures: list[str] = []

    def open_and_record(directory: Path, start: threading.Barrier) -> None:
        start.wait()
        try:
            store = ProgressStore.open(directory)
            store.record_attempt("l/a", ["true"], "pass")
            store.close()
        except Exception as error:  # the test reports whatever went wrong
            failures.append(repr(error))

    for round_ in range(40):
        directory = tmp_path / str(round_)
        start = threading.Barrier(4)
        threads = [threading.Thread(target=open_and_record, args=(directory, start)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == [], f"round {round_}"
        store = ProgressStore.open(directory)
        assert len(store.attempts()) == 4
        store.close()
