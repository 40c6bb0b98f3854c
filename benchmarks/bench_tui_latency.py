"""TUI latency benchmark: cold start against a minimal Textual app, opening an exercise, F4 and Ctrl+Q.

Run: `.venv/bin/python benchmarks/bench_tui_latency.py [--runs N]`. Prints medians, p90 and goals.

Everything is measured on the installed `shelltutor` command on a pseudo-terminal (pexpect), on the shipped
course, as a learner meets it; each run is a fresh process with a fresh progress directory (the course cache in
a cache directory shared by the runs, warmed by one run that is not counted, as on a learner's machine; so is
Python's compiled bytecode). To measure another copy of the code with the same installed command, put it first
on PYTHONPATH.

- cold start: spawn until the course map's progress line ("… exercises done") is drawn, next to
  `minimal_tree_app.py` (a Tree and a Footer) measured the same way in the same run. Goal ≤ 1.3× the minimal app.
- Enter → ready prompt: after the map has been read for a second, Enter on the first lesson until the
  exercise's prompt (`learner@shelltutor:…$`) is drawn. Goal ≤ 150 ms.
- F4 → next exercise ready: a second after the prompt came, F4 until the next exercise's title and its
  prompt have been drawn. Goal ≤ 100 ms.
- Ctrl+Q → exit: from the lesson screen (its sandbox open, the next one prepared) until the process has
  ended. Goal ≤ 200 ms. The minimal app's Ctrl+Q is shown too (it has no sandbox to close).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
from bench_tui import shelltutor_command

HERE = Path(__file__).resolve().parent
MINIMAL_APP = HERE / "minimal_tree_app.py"
READY_TEXT = "exercises done"
PROMPT = r"(?:learner@shelltutor:|…)?[~/][\w./-]*\$ "
"""The exercise's prompt, drawn once its shell is ready: in full, or shortened (`~/dir$ `) as in the first frame,
drawn before the terminal's width is known."""
F4 = "\x1bOS"
READ_SECONDS = 1.0
"""How long the learner reads before a key: time for the tutor to prepare what the key opens."""


def exercise_titles() -> tuple[str, str]:
    """The English titles of the first lesson's first two exercises (what Enter and then F4 open)."""
    from shelltutor.course.catalog import load_course

    lesson = load_course().lessons[0]
    return lesson.exercises[0].title.en, lesson.exercises[1].title.en


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[pexpect.spawn, float]:
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(36, 120), encoding="utf-8", timeout=30)
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default: not the app's time
    child.expect(READY_TEXT)
    return child, start


def _quit(child: pexpect.spawn) -> float:
    """Ctrl+Q until the process has ended, in ms."""
    start = time.perf_counter()
    child.sendcontrol("q")
    child.expect(pexpect.EOF)
    child.wait()
    took = _ms_since(start)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"the app ended with status {child.exitstatus}")
    return took


def run_minimal(env: dict[str, str]) -> tuple[float, float]:
    """Cold start and Ctrl+Q of the minimal app, in ms."""
    child, start = _spawn([sys.executable, str(MINIMAL_APP)], env)
    cold = _ms_since(start)
    time.sleep(0.3)
    return cold, _quit(child)


def run_tutor(env: dict[str, str], titles: tuple[str, str]) -> dict[str, float]:
    """One learner's visit: cold start, open the first exercise, F4, Ctrl+Q; each in ms."""
    with tempfile.TemporaryDirectory() as data:
        child, start = _spawn([shelltutor_command(), "--lang", "en"], {**env, "XDG_DATA_HOME": data})
        times = {"cold": _ms_since(start)}
        time.sleep(READ_SECONDS)
        start = time.perf_counter()
        child.send("\r")
        child.expect(PROMPT)
        times["enter"] = _ms_since(start)
        time.sleep(READ_SECONDS)
        start = time.perf_counter()
        child.send(F4)
        # The next exercise's title and its prompt, in either order: one frame draws both when the shell is
        # ready at once, and a frame's parts are not written top to bottom.
        waiting = [PROMPT, re.escape(titles[1][:24])]
        while waiting:
            waiting.pop(child.expect(waiting))
        times["f4"] = _ms_since(start)
        time.sleep(0.5)
        times["quit"] = _quit(child)
        return times


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, -(-9 * len(ordered) // 10) - 1))]


def main() -> int:
    """Run the measurements (alternating the two apps) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement (default 5)")
    args = parser.parse_args()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    titles = exercise_titles()
    with tempfile.TemporaryDirectory() as cache:
        # Compiled bytecode is kept (in the temporary directory, not the checkout), as an installed package
        # has it: without it every start compiles shelltutor's modules, and not Textual's (installed, compiled).
        env = dict(os.environ, XDG_CACHE_HOME=cache, PYTHONPYCACHEPREFIX=f"{cache}/pycache", LANG="C.UTF-8")
        env["TERM"] = "xterm-256color"
        for name in ("LC_ALL", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        run_minimal(env)  # warm-up, not counted: disk caches, the course cache
        run_tutor(env, titles)
        minimal: dict[str, list[float]] = {"cold": [], "quit": []}
        tutor: dict[str, list[float]] = {"cold": [], "enter": [], "f4": [], "quit": []}
        for _ in range(args.runs):
            for key, value in zip(("cold", "quit"), run_minimal(env), strict=True):
                minimal[key].append(value)
            for key, value in run_tutor(env, titles).items():
                tutor[key].append(value)
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    ratios = [t / m for t, m in zip(tutor["cold"], minimal["cold"], strict=True)]
    rows: list[tuple[str, list[float], str, str]] = [
        ("minimal app: cold start", minimal["cold"], "ms", "-"),
        ("shelltutor: cold start to course map", tutor["cold"], "ms", "-"),
        ("  ratio to the minimal app (per run)", ratios, "×", "≤ 1.3×"),
        ("Enter on the map → ready prompt", tutor["enter"], "ms", "≤ 150 ms"),
        ("F4 → next exercise ready", tutor["f4"], "ms", "≤ 100 ms"),
        ("Ctrl+Q → process ended (lesson)", tutor["quit"], "ms", "≤ 200 ms"),
        ("minimal app: Ctrl+Q → ended", minimal["quit"], "ms", "-"),
    ]
    print(f"runs={args.runs} cpus={os.cpu_count()} load average before: {load_before}, after: {load_after}")
    print(f"{'measure':<40} {'median':>8} {'p90':>8}  {'goal':>9}")
    fmt: Callable[[float, str], str] = lambda v, unit: f"{v:.2f}" if unit == "×" else f"{v:.0f}"  # noqa: E731
    for name, values, unit, goal in rows:
        median, high = fmt(statistics.median(values), unit), fmt(p90(values), unit)
        print(f"{name:<40} {median:>6} {unit:<1} {high:>6} {unit:<1}  {goal:>9}")
    ratio_of_medians = statistics.median(tutor["cold"]) / statistics.median(minimal["cold"])
    print(f"cold start, ratio of the medians: {ratio_of_medians:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
