"""Benchmark: load and validate 1,000 full-size lesson files; the target is under 1 s on a developer machine.

Makes 1,000 lesson files in a temporary directory under distinct ids — by default the shipped course's
lessons round-robin (real, bilingual lessons of every size), and then the biggest shipped lesson alone as
the worst case — and times what `shelltutor check` does on the directory (walk, read, parse with positions,
validate, build the model, cross-file checks; only the problems are kept), the same keeping every lesson as
objects (what the tutor does), and that in one process, against plain YAML parsing of the same files.

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

from shelltutor.course import loader
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


def shipped_lessons() -> list[Path]:
    """Every shipped lesson file, in course order of their paths."""
    return sorted(p for p in builtin_lessons_dir().rglob("*.yaml") if p.name != COURSE_FILE_NAME)


def make_copies(sources: list[Path], directory: Path, count: int) -> None:
    """`count` files cycling through `sources`, each with its own lesson id (no duplicate-id problems)."""
    texts = [source.read_text(encoding="utf-8") for source in sources]
    for source, text in zip(sources, texts, strict=True):
        if not re.search(r"^id: ", text, re.M):
            raise SystemExit(f"{source}: no top-level `id:` line to rename")
    for i in range(count):
        text = texts[i % len(texts)]
        renamed = re.sub(r"^id: (\S+)", lambda m, i=i: f"id: {m.group(1)}-{i:05d}", text, count=1, flags=re.M)
        (directory / f"lesson-{i:05d}.yaml").write_text(renamed, encoding="utf-8")


def median_seconds(run: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(sources: list[Path], label: str, files_count: int, runs: int) -> float:
    """Print the table for `files_count` files made from `sources`; returns seconds per 1,000 files."""
    c_loader: Any = getattr(yaml, "CSafeLoader", None)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        make_copies(sources, directory, files_count)
        files = sorted(directory.glob("*.yaml"))
        size = sum(f.stat().st_size for f in files)
        lines = sum(f.read_text(encoding="utf-8").count("\n") for f in files)

        result = load_paths([directory])
        if result.problems or len(result.lessons) != files_count:
            raise SystemExit(f"the copies do not load cleanly: {result.problems[:3]}")

        rows: list[tuple[str, float]] = [
            (
                "shelltutor check (parse + validate, keep problems)",
                median_seconds(lambda: load_paths([directory], contents=False), runs),
            ),
            ("load_paths (the same, lessons kept as objects)", median_seconds(lambda: load_paths([directory]), runs)),
            ("load_paths in one process (no worker processes)", median_seconds(lambda: _one_process(directory), runs)),
        ]
        if c_loader is not None:
            rows.append(
                (
                    "yaml.load, CSafeLoader (libyaml, no positions)",
                    median_seconds(lambda: [yaml.load(f.read_text("utf-8"), Loader=c_loader) for f in files], runs),
                )
            )
        rows.append(
            (
                "yaml.safe_load (PyYAML's default)",
                median_seconds(lambda: [yaml.safe_load(f.read_text("utf-8")) for f in files], max(1, runs // 2)),
            )
        )

    loader_total = rows[0][1]
    full_total = rows[1][1] / files_count * 1000
    print(
        f"### {label}: {files_count} files, {lines // files_count} lines and "
        f"{size // files_count:,} bytes each on average"
    )
    print(f"| {'what':<52} | {'total':>8} | {'per file':>9} | {'vs check':>9} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 11}|{'-' * 11}|")
    for name, seconds in rows:
        ratio = seconds / loader_total
        print(f"| {name:<52} | {seconds:>6.3f} s | {seconds / files_count * 1000:>6.3f} ms | {ratio:>8.2f}x |")
    per_thousand = loader_total / files_count * 1000
    verdict = "within" if per_thousand < TARGET_SECONDS else "OVER"
    full_verdict = "within" if full_total < TARGET_SECONDS else "OVER"
    print(
        f"\n1,000 files: check {per_thousand:.3f} s, {verdict} the {TARGET_SECONDS:g} s target; "
        f"with the lessons kept {full_total:.3f} s, {full_verdict} it\n"
    )
    return per_thousand


def _one_process(directory: Path) -> None:
    """`load_paths` without worker processes: what one core does."""
    saved = loader.PARALLEL_MIN_FILES
    loader.PARALLEL_MIN_FILES = 10**9
    try:
        load_paths([directory])
    finally:
        loader.PARALLEL_MIN_FILES = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=1000, help="number of lesson files (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is shown (default 5)")
    parser.add_argument("--lesson", type=Path, help="copy only this lesson (default: the course, then the biggest)")
    args = parser.parse_args(argv)

    print(
        f"libyaml: {'yes' if getattr(yaml, 'CSafeLoader', None) else 'no (pure-Python PyYAML: several times slower)'}"
    )
    print(f"Python {sys.version.split()[0]}; median of {args.runs} runs\n")
    if args.lesson:
        return 0 if measure([args.lesson], args.lesson.name, args.files, args.runs) < TARGET_SECONDS else 1
    course = measure(shipped_lessons(), "the shipped course's lessons, round-robin", args.files, args.runs)
    biggest = biggest_lesson()
    measure([biggest], f"worst case: the biggest lesson ({biggest.name}) only", args.files, args.runs)
    return 0 if course < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
