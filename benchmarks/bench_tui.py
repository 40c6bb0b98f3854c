"""TUI benchmarks: cold start to the first interactive frame, memory at rest, keystroke-to-verdict latency.

Run: `.venv/bin/python benchmarks/bench_tui.py [--runs N]`. Prints a table of medians.

- cold start: the installed `shelltutor` command started on a pseudo-terminal (pexpect), until the course
  map's progress line ("… exercises done") has been drawn — Python start-up, imports, course loading,
  progress store and the first frame, as a learner waits for them. Goal ≤ 600 ms.
  Also reported: the CPU time the process used by then (from /proc), which does not depend on how busy
  the machine is — on a shared machine the wall time does.
- memory at rest: RSS of that process (VmRSS from /proc) once the course map is up and idle. Goal ≤ 100 MB.
- keystroke to verdict: in-process (App.run_test, real service and sandbox, the fixture course), from
  pressing Enter on a trivial command (`pwd`) to the verdict being shown.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "tui-course"
READY_TEXT = "exercises done"


def shelltutor_command() -> str:
    """The installed console script next to this interpreter, else on PATH."""
    beside = Path(sys.executable).with_name("shelltutor")
    found = str(beside) if beside.exists() else shutil.which("shelltutor")
    if not found:
        raise SystemExit("the shelltutor command is not installed (pip install -e .)")
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) `pid` has used so far, in milliseconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def cold_start(runs: int) -> tuple[list[float], list[float], list[float]]:
    """Wall and CPU milliseconds to the course map, and RSS at rest, over `runs` fresh processes."""
    import pexpect

    times: list[float] = []
    cpu: list[float] = []
    memory: list[float] = []
    command = shelltutor_command()
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            env = dict(os.environ, XDG_DATA_HOME=data, LANG="C.UTF-8", TERM="xterm-256color")
            start = time.perf_counter()
            child = pexpect.spawn(command, env=env, dimensions=(36, 120), encoding="utf-8", timeout=20)
            child.expect(READY_TEXT)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append(cpu_ms(child.pid))
            time.sleep(1.5)  # at rest: the sandbox self-test has run, nothing is happening
            memory.append(rss_mb(child.pid))
            child.sendcontrol("q")
            child.expect(pexpect.EOF)
            child.close()
    return times, cpu, memory


async def _verdict_latency(runs: int) -> list[float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from shelltutor.course.catalog import load_course
    from shelltutor.service import make_service
    from shelltutor.tui.app import make_app
    from shelltutor.tui.screens.lesson import LessonScreen
    from shelltutor.tui.widgets.command_input import CommandInput
    from shelltutor.tui.widgets.verdict_view import VerdictView

    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        service = make_service(
            lang="en", data_dir=Path(data), course=load_course([FIXTURE_COURSE], include_builtin=False)
        )
        app = make_app(service, exercise="tui-where/pwd")
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(runs):
                while not (isinstance(app.screen, LessonScreen) and app.screen.ready):
                    await pilot.pause(0.01)
                screen = app.screen
                view = screen.query_one(VerdictView)
                view.clear()
                screen.query_one(CommandInput).value = "pwd"
                start = time.perf_counter()
                await pilot.press("enter")
                while view.verdict is None:
                    await asyncio.sleep(0.002)
                latencies.append((time.perf_counter() - start) * 1000)
        service.close()
    return latencies


def main() -> int:
    """Run the benchmarks and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement (default 5)")
    args = parser.parse_args()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    times, cpu, memory = cold_start(args.runs)
    latencies = asyncio.run(_verdict_latency(args.runs))
    rows = [
        ("cold start to course map (pty)", statistics.median(times), "ms", 600),
        ("  CPU time used by then", statistics.median(cpu), "ms", None),
        ("memory at rest (RSS)", statistics.median(memory), "MB", 100),
        ("keystroke to verdict (pwd)", statistics.median(latencies), "ms", None),
    ]
    print(f"{'measure':<34} {'median':>9}  {'goal':>8}  runs={args.runs} cpus={os.cpu_count()}")
    print(f"{'':<34} load average before: {load_before}")
    for name, value, unit, goal in rows:
        goal_text = f"≤ {goal} {unit}" if goal else "-"
        print(f"{name:<34} {value:>6.0f} {unit:<2}  {goal_text:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
