"""How often the grader agrees with a teacher: the acceptance table of the answer corpus.

Run: `.venv/bin/python benchmarks/bench_answer_corpus.py [--jobs N] [--lesson ID] [--list]`.

Grades every answer of `tests/lessons/answers/` (see tests/lessons/test_answer_corpus.py) in a fresh sandbox and
prints, per chapter and overall, how many correct answers the grader accepts and how many wrong answers it
refuses. Then it compares the disagreements with `answers/known_misgrades.yaml`: answers misgraded but not
listed, and listed answers the grader now gets right (delete their lines). `--list` prints every disagreement.
The answers of one exercise are graded in one process, so its reference solution runs once per seed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
TEST_MODULE = ROOT / "tests" / "lessons" / "test_answer_corpus.py"


def corpus_module() -> ModuleType:
    """The test module, which loads and checks the corpus (imported by path: tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("answer_corpus", TEST_MODULE)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {TEST_MODULE}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


CORPUS = corpus_module()


def grade_batch(indexes: list[int]) -> list[tuple[int, str]]:
    """Grade some cases (by index into the corpus) in this process; status per case."""
    out = []
    for i in indexes:
        case = CORPUS.CORPUS.cases[i]
        try:
            status = CORPUS.grade(case)
        except Exception as e:  # a crash is reported as a status, the run goes on
            status = f"error: {e}"
        out.append((i, status))
    return out


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel processes (default: cores)")
    parser.add_argument("--lesson", action="append", help="only this lesson (repeatable)")
    parser.add_argument("--list", action="store_true", help="print every answer the grader gets wrong")
    args = parser.parse_args()

    problems = CORPUS.CORPUS.problems + CORPUS.MISGRADE_PROBLEMS
    if problems:
        print("the corpus has problems:", *problems, sep="\n  ", file=sys.stderr)
        return 2
    cases = CORPUS.CORPUS.cases
    chosen = [i for i, c in enumerate(cases) if not args.lesson or c.exercise.lesson_id in args.lesson]
    batches: dict[str, list[int]] = defaultdict(list)
    for i in chosen:
        batches[cases[i].exercise.global_id].append(i)
    # Longest batches first keeps the processes busy until the end.
    ordered = sorted(batches.values(), key=len, reverse=True)

    started = time.perf_counter()
    status: dict[int, str] = {}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for results in pool.map(grade_batch, ordered):
            status.update(results)
    elapsed = time.perf_counter() - started

    table: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # correct, accepted, wrong, refused
    disagreements = []
    errors = []
    for i in chosen:
        case = cases[i]
        row = table[case.chapter]
        ok = CORPUS.accepted(case, status[i])
        if status[i].startswith("error"):
            errors.append(case)
        if case.label == "correct":
            row[0] += 1
            row[1] += ok
        else:
            row[2] += 1
            row[3] += ok
        if not ok:
            disagreements.append(case)

    print(
        f"answer corpus: {len(chosen)} answers, {len(batches)} exercises, graded in {elapsed:.0f} s "
        f"with {args.jobs} processes\n"
    )
    header = f"{'chapter':<34} {'correct accepted':>22} {'wrong refused':>22}"
    print(header)
    print("-" * len(header))
    total = [0, 0, 0, 0]
    for chapter in sorted(table):
        row = table[chapter]
        total = [a + b for a, b in zip(total, row, strict=True)]
        title = f"{chapter}. {CORPUS.COURSE.chapter_title(chapter).en}"
        print(
            f"{title:<34} {row[1]:>5}/{row[0]:<5} {pct(row[1], row[0]):>8}   {row[3]:>5}/{row[2]:<5} "
            f"{pct(row[3], row[2]):>8}"
        )
    print("-" * len(header))
    print(
        f"{'overall':<34} {total[1]:>5}/{total[0]:<5} {pct(total[1], total[0]):>8}   {total[3]:>5}/{total[2]:<5} "
        f"{pct(total[3], total[2]):>8}"
    )

    counts: dict[tuple[str, str], int] = defaultdict(int)
    for i in chosen:
        counts[cases[i].label, status[i].split(":")[0]] += 1
    print("\nstatuses: " + ", ".join(f"{label} {st} {n}" for (label, st), n in sorted(counts.items())))

    listed = set(CORPUS.MISGRADED)
    now = {case.id for case in disagreements}
    in_scope = {cases[i].id for i in chosen}
    new = sorted(now - listed)
    fixed = sorted((listed & in_scope) - now)
    print(
        f"\nknown misgrades: {len(listed & in_scope)} listed, {len(now)} now; "
        f"{len(new)} not listed, {len(fixed)} listed but now graded right"
    )
    for case_id in new:
        print(f"  NOT LISTED  {case_id}")
    for case_id in fixed:
        print(f"  FIXED       {case_id}  (delete its line from known_misgrades.yaml)")
    for case in errors:
        print(f"  ERROR       {case.id}: {status[cases.index(case)]}")
    if args.list:
        print("\nevery disagreement (teacher's label, grader's status, answer):")
        for case in disagreements:
            print(f"  {case.id:<58} {case.label:<7} {status[cases.index(case)]:<5} {case.shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
