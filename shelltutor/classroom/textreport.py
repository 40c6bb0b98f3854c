"""The class report as plain text for a terminal: aligned columns (Hangul counts two cells), nothing obeyed."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from shelltutor.classroom.aggregate import STUCK_SHOWN, ClassReport, LearnerRow
from shelltutor.classroom.labels import duration, label, number, when
from shelltutor.sandbox.textsafe import make_printable

TITLE_CELLS = 32
"""Exercise titles are cut to this width in tables."""
ANSWER_CELLS = 70
"""An unforeseen answer is cut to this width on its line (the YAML below it has it whole)."""


def cells(text: str) -> int:
    """How many terminal cells `text` takes: wide (Hangul, CJK) characters two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def clip(text: str, width: int) -> str:
    """`text` cut to `width` cells, with `…` where it was cut."""
    if cells(text) <= width:
        return text
    out, used = "", 0
    for char in text:
        if used + cells(char) > width - 1:
            break
        out += char
        used += cells(char)
    return out + "…"


def shown(text: str) -> str:
    """Learner or lesson text on one line, every control character shown rather than obeyed."""
    return make_printable(text, single_line=True)


def table(rows: Sequence[Sequence[str]], right: Sequence[bool], indent: str = "  ") -> list[str]:
    """Rows of cells aligned in columns (`right`: which columns are numbers, aligned right)."""
    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        parts = []
        for i, cell in enumerate(row):
            gap = " " * (widths[i] - cells(cell))
            parts.append(gap + cell if right[i] else cell + gap)
        lines.append((indent + "  ".join(parts)).rstrip())
    return lines


def render_text(report: ClassReport) -> str:
    """The whole report: summary, skipped files, integrity, learners by chapter, exercises, stuck, answers."""
    lang = report.lang
    out = [
        f"{label('title', lang)}: {shown(report.course.title.get(lang))}",
        label(
            "summary",
            lang,
            learners=len(report.learners),
            counted=len(report.counted),
            tried=len(report.exercises),
            skipped=len(report.skipped),
        ),
    ]
    if report.skipped:
        out += ["", label("skipped", lang)]
        out += [f"  {shown(str(s.path))}: {shown(s.reason.get(lang))}" for s in report.skipped]
    if not report.learners:
        return "\n".join([*out, "", label("nothing_read", lang)]) + "\n"
    out += ["", label("learners", lang), *_learners(report)]
    out += ["", label("chapters", lang), *_chapters(report)]
    out += ["", label("exercises", lang), *_exercises(report)]
    out += ["", label("stuck", lang), *_stuck(report)]
    out += ["", label("unforeseen", lang), *_unforeseen(report)]
    return "\n".join([*out, "", label("proves", lang)]) + "\n"


def _learners(report: ClassReport) -> list[str]:
    lang = report.lang
    keys = ("learner", "lang", "done", "attempts", "last_active", "now_at", "integrity")
    rows = [[label(k, lang) for k in keys]]
    for row in report.learners:
        done = f"{row.done}/{row.total}"
        current = row.current or "-"
        rows.append([shown(row.name), row.lang or "-", done, str(row.attempts), when(row.last_active), current])
        rows[-1].append(_status(row, report))
    lines = table(rows, [False, False, True, True, False, False, False])
    out = lines[:1]
    for line, row in zip(lines[1:], report.learners, strict=True):
        out.append(line)
        out += [f"      {'!' if f.edited else '·'} {shown(f.message.get(lang))}" for f in row.findings]
    return out


def _status(row: LearnerRow, report: ClassReport) -> str:
    word = label(row.integrity, report.lang)
    if row.integrity != "edited":
        return word
    return f"{word}: {label('included' if row.counted else 'left_out', report.lang)}"


def _chapters(report: ClassReport) -> list[str]:
    lang = report.lang
    chapters = report.learners[0].chapters
    head = [label("learner", lang), *(str(c.number) for c in chapters), label("done", lang)]
    totals = ["", *(f"/{c.total}" for c in chapters), f"/{report.learners[0].total}"]
    rows = [head, totals]
    for row in report.learners:
        mark = "" if row.counted else " *"
        rows.append([shown(row.name) + mark, *(str(c.done) for c in row.chapters), str(row.done)])
    counted = report.counted
    if counted:
        averages = [
            _share(sum(r.chapters[i].done for r in counted), c.total * len(counted)) for i, c in enumerate(chapters)
        ]
        rows.append(
            [label("average", lang), *averages, _share(sum(r.done for r in counted), counted[0].total * len(counted))]
        )
    return table(rows, [False, *([True] * (len(chapters) + 1))])


def _share(done: int, total: int) -> str:
    return f"{round(100 * done / total)}%" if total else "-"


def _exercises(report: ClassReport) -> list[str]:
    lang = report.lang
    if not report.exercises:
        return [f"  {label('nothing_tried', lang)}"]
    keys = ("exercise", "tried", "passed", "median_attempts", "median_time")
    rows = [[label(k, lang) for k in keys]]
    for row in report.exercises:
        name = f"{row.exercise.global_id}  {clip(shown(row.exercise.title.get(lang)), TITLE_CELLS)}"
        rows.append(
            [name, str(row.tried), str(row.passed), number(row.median_attempts), duration(row.median_seconds, lang)]
        )
    return table(rows, [False, True, True, True, True])


def _stuck(report: ClassReport) -> list[str]:
    lang = report.lang
    if not report.stuck:
        return [f"  {label('none_stuck', lang)}"]
    lines = []
    for row in report.stuck[:STUCK_SHOWN]:
        lines.append(f"  {row.exercise.global_id}  {shown(row.exercise.title.get(lang))}")
        names = ", ".join(shown(n) for n in row.stuck)
        stuck = label(
            "stuck_line", lang, stuck=len(row.stuck), tried=row.tried, names=names, failures=row.stuck_failures
        )
        lines.append(f"      {stuck}")
    if len(report.stuck) > STUCK_SHOWN:
        lines.append(f"  {label('more_stuck', lang, count=len(report.stuck) - STUCK_SHOWN)}")
    return lines


def _unforeseen(report: ClassReport) -> list[str]:
    lang = report.lang
    if not report.unforeseen:
        return [f"  {label('none_unforeseen', lang)}"]
    lines = [f"  {label('unforeseen_help', lang)}"]
    for item in report.unforeseen:
        lines += ["", f"  {item.exercise.global_id}  {shown(item.exercise.title.get(lang))}"]
        rows = [
            [
                label("answer_line", lang, learners=a.learners, attempts=a.attempts),
                clip(shown("; ".join(a.commands)), ANSWER_CELLS),
            ]
            for a in item.answers
        ]
        lines += table(rows, [False, False], indent="      ")
        lines.append(f"    {label('paste', lang, file=shown(item.lesson_file or item.exercise.lesson_id))}")
        lines += [f"      {shown(line)}" for line in item.yaml(lang).splitlines()]
    return lines
