"""Benchmark of the progress store: size on disk and time per attempt as one exercise collects 10,000 attempts.

Records attempts the way the tutor does (each with the one command it added, in one run) with the store's own
settings (WAL, synchronous=FULL), and prints, at 100, 1,000 and 10,000 attempts, the database's size (with its
write-ahead log, after a checkpoint) and the median time of the attempts recorded since the previous row.
Two learners: one typing ordinary commands, one pasting 4 KiB of control characters every time (the most the
sandbox takes, and the worst case for JSON: six bytes a character). Both should grow linearly, at a flat cost.

    python benchmarks/bench_progress.py [--attempts N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from shelltutor.progress import DB_NAME, ProgressStore

LEARNERS = {
    "ordinary commands": lambda i: f"grep -c ERROR logs/app-{i % 50}.log | sort -n > counts.txt",
    "4 KiB of control characters": lambda i: "\x01" * 4096,
}
"""What each learner types on their i-th attempt."""


def database_bytes(directory: Path) -> int:
    """The database with its write-ahead log and shared memory file."""
    return sum(f.stat().st_size for f in directory.iterdir() if f.name.startswith(DB_NAME))


def measure(name: str, attempts: int, marks: list[int], parent: Path | None) -> list[tuple[int, float, float]]:
    """(attempts so far, MB on disk, median ms per attempt since the last mark) at each mark."""
    rows: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory(dir=parent) as tmp:
        directory = Path(tmp)
        store = ProgressStore.open(directory)
        command = LEARNERS[name]
        run: int | None = None
        times: list[float] = []
        for i in range(1, attempts + 1):
            start = time.perf_counter()
            attempt = store.record_attempt("bench/exercise", [command(i)], "fail", run=run, seed=1, duration_ms=3.0)
            times.append(time.perf_counter() - start)
            run = run or attempt
            if i in marks:
                store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                rows.append((i, database_bytes(directory) / 1e6, statistics.median(times) * 1000))
                times = []
        store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--attempts", type=int, default=10_000, help="attempts in one exercise (default 10000)")
    parser.add_argument("--dir", type=Path, help="where to put the database (default: the system's temp directory)")
    args = parser.parse_args(argv)
    marks = [n for n in (100, 1_000, 10_000, 100_000) if n < args.attempts] + [args.attempts]
    print(f"Python {sys.version.split()[0]}; one run of {args.attempts:,} attempts per learner\n")
    for name in LEARNERS:
        print(f"### {name}")
        print(f"| {'attempts':>8} | {'on disk':>9} | {'per attempt':>12} | {'median ms/attempt since last row':>32} |")
        print(f"|{'-' * 10}|{'-' * 11}|{'-' * 14}|{'-' * 34}|")
        for count, megabytes, median_ms in measure(name, args.attempts, marks, args.dir):
            per_attempt = megabytes * 1e6 / count
            print(f"| {count:>8,} | {megabytes:>6.2f} MB | {per_attempt:>8,.0f} B   | {median_ms:>32.3f} |")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
