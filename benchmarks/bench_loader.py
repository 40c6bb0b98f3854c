"""Benchmark: load and validate 1,000 full-size lesson files; the target is under 1 s on a developer machine.

Copies the biggest shipped lesson (a full, bilingual lesson with several exercises) 1,000 times under distinct
ids into a temporary directory, then times `load_paths` on the directory (walk, read, parse with positions,
validate, build the model, cross-file checks) against plain YAML parsing of the same files.

    python benchmarks/bench_loader.py [--files N] [--runs N] [--lesson PATH]

Profile with `python -m cProfile -s tottime benchmarks/bench_loader.py --runs 1`.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from shelltutor.course.catalog import builtin_lessons_dir
from shelltutor.course.loader import COURSE_FILE_NAME, load_file, load_paths

TARGET_SECONDS = 1.0
"""For 1,000 files (the issue's target)."""


def biggest_lesson() -> Path:
    """The largest shipped lesson file that loads without problems."""
    candidates = sorted(
        (p for p in builtin_lessons_dir().rglob("*.yaml") if p.name != COURSE_FILE_NAME),
        key=lambda p: p.stat().st_size,
        reverse=True,
    )
    for path in candidates:
        if not load_file(path)[1]:
            return path
    raise SystemExit("no shipped lesson loads cleanly; run `shelltutor check`")


def make_copies(source: Path, directory: Path, count: int) -> None:
    """`count` copies of `source`, each with its own lesson id (so no duplicate-id problems are reported)."""
    text = source.read_text(encoding="utf-8")
    if not re.search(r"^id: ", text, re.M):
        raise SystemExit(f"{source}: no top-level `id:` line to rename")
    for i in range(count):
        renamed = re.sub(r"^id: (\S+)", lambda m, i=i: f"id: {m.group(1)}-{i:05d}", text, count=1, flags=re.M)
        (directory / f"lesson-{i:05d}.yaml").write_text(renamed, encoding="utf-8")


def median_seconds(run: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=1000, help="number of lesson files (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is shown (default 5)")
    parser.add_argument("--lesson", type=Path, help="copy this lesson (default: the biggest shipped one)")
    args = parser.parse_args(argv)

    source = args.lesson or biggest_lesson()
    lines = source.read_text(encoding="utf-8").count("\n")
    c_loader: Any = getattr(yaml, "CSafeLoader", None)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        make_copies(source, directory, args.files)
        files = sorted(directory.glob("*.yaml"))

        result = load_paths([directory])
        if result.problems or len(result.lessons) != args.files:
            raise SystemExit(f"the copies do not load cleanly: {result.problems[:3]}")

        rows: list[tuple[str, float]] = [
            (
                "shelltutor load_paths (parse + validate + build)",
                median_seconds(lambda: load_paths([directory]), args.runs),
            )
        ]
        if c_loader is not None:
            rows.append(
                (
                    "yaml.load, CSafeLoader (libyaml, no positions)",
                    median_seconds(
                        lambda: [yaml.load(f.read_text("utf-8"), Loader=c_loader) for f in files], args.runs
                    ),
                )
            )
        rows.append(
            (
                "yaml.safe_load (PyYAML's default)",
                median_seconds(lambda: [yaml.safe_load(f.read_text("utf-8")) for f in files], max(1, args.runs // 2)),
            )
        )

    loader_total = rows[0][1]
    print(f"lesson: {source.name} ({lines} lines, {source.stat().st_size:,} bytes) x {args.files} files")
    print(f"libyaml: {'yes' if c_loader is not None else 'no (pure-Python PyYAML: expect several times slower)'}")
    print(f"Python {sys.version.split()[0]}; median of {args.runs} runs\n")
    print(f"| {'what':<52} | {'total':>8} | {'per file':>9} | {'vs loader':>9} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 11}|{'-' * 11}|")
    for name, seconds in rows:
        ratio = seconds / loader_total
        print(f"| {name:<52} | {seconds:>6.3f} s | {seconds / args.files * 1000:>6.3f} ms | {ratio:>8.2f}x |")
    per_thousand = loader_total / args.files * 1000
    verdict = "within" if per_thousand < TARGET_SECONDS else "OVER"
    print(f"\n1,000 files: {per_thousand:.3f} s, {verdict} the {TARGET_SECONDS:g} s target")
    return 0 if per_thousand < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
