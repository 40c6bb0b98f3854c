"""Benchmark of the sandbox: command round trip next to bare `bash -c true`, session start, reset.

Run: .venv/bin/python benchmarks/bench_sandbox.py [--commands N] [--sessions N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from collections.abc import Callable

from shelltutor.sandbox import Session, SessionSpec


def _measure(n: int, fn: Callable[[], object]) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1000, help="trivial commands to time (default 1000)")
    parser.add_argument("--sessions", type=int, default=30, help="session starts and resets to time (default 30)")
    args = parser.parse_args()

    bare = _measure(args.commands // 2, lambda: subprocess.run(["bash", "-c", "true"], check=True))
    with Session.start(SessionSpec()) as s:
        isolation = s.isolation
        for _ in range(50):
            s.run("true")
        trip = _measure(args.commands, lambda: s.run("true"))
        echo = _measure(args.commands // 2, lambda: s.run("echo hello; ls / >/dev/null"))
        reset = _measure(args.sessions, s.reset)

    start = _measure(args.sessions, lambda: Session.start(SessionSpec()).close())
    closes: list[float] = []
    for _ in range(args.sessions):
        sess = Session.start(SessionSpec())
        t0 = time.perf_counter()
        sess.close()
        closes.append((time.perf_counter() - t0) * 1000)

    rows = [
        ("bare `bash -c true` (fork/exec)", bare),
        ("round trip: `true` in the session", trip),
        ("round trip: `echo; ls` (forks ls)", echo),
        ("session start + close", start),
        ("session close alone", closes),
        ("reset", reset),
    ]
    print(f"isolation: {isolation}")
    print(f"{'measure':40} {'n':>6} {'median ms':>10} {'p99 ms':>10}")
    for name, values in rows:
        print(f"{name:40} {len(values):>6} {statistics.median(values):>10.3f} {_p(values, 0.99):>10.3f}")
    ratio = statistics.median(trip) / statistics.median(bare)
    print(f"round trip / bare fork-exec (median): {ratio:.2f}")


if __name__ == "__main__":
    main()
