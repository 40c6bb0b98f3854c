"""A pipeline's stages in words for a person (the TUI's pipeline view and plain mode's `:pipeline`), in English
and Korean: what each stage passed on, its status, where its stderr went, and its first lines, made printable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shelltutor.sandbox.exitsignals import signal_note
from shelltutor.sandbox.results import Stage
from shelltutor.sandbox.textsafe import make_printable

TEXTS: dict[str, tuple[str, str]] = {
    "counts": ("{lines} lines, {size} bytes", "{lines}줄, {size}바이트"),
    "counts_1": ("1 line, {size} bytes", "1줄, {size}바이트"),
    "counts_cut": (
        "{lines} lines, {size} bytes before the next stage stopped reading",
        "다음 단계가 읽기를 멈추기 전까지 {lines}줄, {size}바이트",
    ),
    "not_counted": ("not counted", "세지 않음"),
    "status": ("exit {status}", "종료 코드 {status}"),
    "status_sigpipe": ("exit 141 (SIGPIPE: its reader had gone)", "종료 코드 141 (SIGPIPE: 읽는 쪽이 먼저 끝남)"),
    "status_unknown": ("exit status not kept", "종료 코드 모름"),
    "stderr": ("stderr → {where}", "표준 에러 → {where}"),
    "to.terminal": ("the screen", "화면"),
    "to.pipe": ("the pipe (next stage)", "파이프(다음 단계)"),
    "to.null": ("/dev/null (thrown away)", "/dev/null (버림)"),
    "to.closed": ("closed", "닫힘"),
    "to.file": ("file {name}", "파일 {name}"),
}
LINE_WIDTH = 100
"""First lines longer than this are cut (with …) in the view."""


@dataclass(frozen=True)
class StageText:
    """One stage, in words."""

    number: int
    command: str
    counts: str
    status: str
    stderr: str
    head: tuple[str, ...]


def text(key: str, lang: str, **values: object) -> str:
    """One of TEXTS in `lang` (English for any other)."""
    en, ko = TEXTS[key]
    return (ko if lang == "ko" else en).format(**values)


def stage_texts(stages: Sequence[Stage], lang: str) -> list[StageText]:
    """Every stage in words, learner text made printable."""
    return [
        StageText(
            number=i + 1,
            command=make_printable(s.command, single_line=True),
            counts=_counts(s, lang),
            status=_status(s, lang),
            stderr=text("stderr", lang, where=_where(s.stderr_to, lang)),
            head=tuple(_cut(make_printable(line, single_line=True)) for line in s.head),
        )
        for i, s in enumerate(stages)
    ]


def summary(stages: Sequence[Stage]) -> str:
    """The pipeline in one line: `grep ERROR app.log → 1,203 → sort → 1,203 → head -3 → 3`."""
    parts: list[str] = []
    for s in stages:
        parts.append(make_printable(s.command, single_line=True))
        parts.append("?" if s.lines is None else f"{s.lines:,}{'+' if s.cut else ''}")
    return " → ".join(parts)


def plain_lines(stages: Sequence[Stage], lang: str) -> list[str]:
    """The view as plain lines (plain mode, screen readers)."""
    lines = [summary(stages)]
    for st in stage_texts(stages, lang):
        lines.append(f"{st.number}. {st.command}")
        lines.append(f"   → {st.counts} · {st.status} · {st.stderr}")
        lines.extend(f"   │ {h}" for h in st.head)
    return lines


def _counts(s: Stage, lang: str) -> str:
    if s.lines is None or s.size is None:
        return text("not_counted", lang)
    values = {"lines": f"{s.lines:,}", "size": f"{s.size:,}"}
    key = "counts_cut" if s.cut else "counts_1" if s.lines == 1 else "counts"
    return text(key, lang, **values)


def _status(s: Stage, lang: str) -> str:
    if s.status is None:
        return text("status_unknown", lang)
    if s.status == 141:
        return text("status_sigpipe", lang)
    note = signal_note(s.status, lang)
    return text("status", lang, status=s.status) + (f" ({note})" if note else "")


def _where(to: str, lang: str) -> str:
    if to in ("terminal", "pipe", "null", "closed"):
        return text(f"to.{to}", lang)
    return text("to.file", lang, name=make_printable(to, single_line=True))


def _cut(line: str) -> str:
    return line if len(line) <= LINE_WIDTH else line[: LINE_WIDTH - 1] + "…"
