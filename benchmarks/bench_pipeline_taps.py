"""Benchmark of the pipeline taps: 4-stage pipelines over a 100 MB log, tapped and untapped, in the real sandbox.

Two sessions of one process, one with taps and one without (`SessionSpec.pipeline_taps`), run each pipeline in
turn (so load from elsewhere falls on both alike); the table gives the median wall time of each, the ratio, and
the median CPU time (user + system, of the pipeline's processes and the taps, from bash's `times`), which load
from elsewhere does not inflate.
Goal: at most 1.2× for a 4-stage pipeline over 100 MB (issue 15). A short pipeline shows the fixed cost of the
taps (starting Python for each).

Run: .venv/bin/python benchmarks/bench_pipeline_taps.py [--runs N] [--mb SIZE]
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import replace

from shelltutor.sandbox import Session, SessionSpec, load_limits

PIPELINES = (
    ("cat | grep | sort | uniq -c", "cat app.log | grep ERROR | sort | uniq -c >/dev/null"),
    ("cat | cut | sort | uniq -c", "cat app.log | cut -d' ' -f4 | sort | uniq -c"),
    ("cat | tr | cut | wc -l", "cat app.log | tr a-z A-Z | cut -c1-40 | wc -l"),
    ("short: seq 10 | sort | uniq | wc -l", "seq 10 | sort | uniq | wc -l"),
)
GENERATE = """python3 - <<'EOF'
import random
r = random.Random(1)
levels = ["INFO"] * 6 + ["DEBUG"] * 3 + ["ERROR"]
with open("app.log", "w") as f:
    n = 0
    while n < {size}:
        line = (f"2024-05-{{r.randint(1, 28):02d}} 12:{{r.randint(0, 59):02d}}:{{r.randint(0, 59):02d}} "
                f"{{r.choice(levels)}} user{{r.randint(0, 299)}} request handled in {{r.randint(1, 999)}} ms "
                f"path=/api/v1/items/{{r.randint(1, 99999)}}\\n")
        f.write(line)
        n += len(line)
EOF"""


def _children_cpu(session: Session) -> float:
    """CPU seconds used so far by the shell's waited-for children (the second line of `times`)."""
    line = session.run("times").stdout.splitlines()[1]
    total = 0.0
    for word in line.split():
        minutes, _, seconds = word.rstrip("s").partition("m")
        total += int(minutes) * 60 + float(seconds)
    return total


def _spec(taps: bool, mb: int) -> SessionSpec:
    limits = replace(load_limits(), disk_mb=max(64, mb * 2), file_size_mb=mb + 16, cpu_seconds=120, wall_seconds=300.0)
    return SessionSpec(isolation="bwrap", limits=limits, pipeline_taps=taps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each pipeline in each session (default 7)")
    parser.add_argument("--mb", type=int, default=100, help="size of the log in MiB (default 100)")
    args = parser.parse_args()

    with Session.start(_spec(True, args.mb)) as tapped, Session.start(_spec(False, args.mb)) as plain:
        for s in (tapped, plain):
            made = s.run(GENERATE.format(size=args.mb << 20))
            assert made.exit_code == 0, made.stderr
        print(f"isolation: {tapped.isolation}; log: {args.mb} MiB; {args.runs} runs each, alternating")
        print(
            f"{'pipeline':36} {'untapped ms':>11} {'tapped ms':>9} {'ratio':>6} {'CPU s':>6} {'tapped':>6} {'ratio':>6}"
        )
        for name, line in PIPELINES:
            times: dict[bool, list[float]] = {True: [], False: []}
            cpu: dict[bool, list[float]] = {True: [], False: []}
            for _ in range(args.runs):
                outs = []
                for taps, session in ((False, plain), (True, tapped)):
                    used = _children_cpu(session)
                    result = session.run(line)
                    cpu[taps].append(_children_cpu(session) - used)
                    assert result.exit_code == 0 and not result.timed_out, (line, result.stderr)
                    times[taps].append(result.duration_ms)
                    outs.append(result.stdout)
                assert outs[0] == outs[1], f"tapped output differs for {line!r}"
            assert len(tapped.run(line).stages) == 4
            before, after = statistics.median(times[False]), statistics.median(times[True])
            c0, c1 = statistics.median(cpu[False]), statistics.median(cpu[True])
            cpu_ratio = f"{c1 / c0:>5.2f}×" if c0 else "    -"
            print(f"{name:36} {before:>11.1f} {after:>9.1f} {after / before:>5.2f}× {c0:>6.2f} {c1:>6.2f} {cpu_ratio}")


if __name__ == "__main__":
    main()
