"""Where a wrong pipeline's output went wrong: its stages' line counts next to the reference solution's.

When the last command's output is wrong and both it and the reference solution's last command are pipelines,
their stages are paired by program in order (the learner's `sort | uniq -c | head` with the reference's
`sort | uniq -c | sort -rn | head -3`); the first pair whose line counts differ is named. Only counts are
told, never the reference's text, so the note may be shown before the solution unlocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shelltutor.course.model import Lang, LocalText
from shelltutor.grading.shape import parse
from shelltutor.sandbox.results import Stage

MESSAGES: dict[str, tuple[str, str]] = {
    "stage_diverges": (
        "After `{command}` you had {got} lines; the reference solution had {want} at that point.",
        "`{command}`를 거친 뒤 줄 수가 {got}줄이었는데, 모범 답안은 그 지점에서 {want}줄이었습니다.",
    ),
    "stage_diverges_uniq": (
        "After `{command}` you had {got} lines; the reference solution had {want} at that point: `uniq` saw "
        "unsorted input. It merges only equal lines that are next to each other, so `sort` must come first.",
        "`{command}`를 거친 뒤 줄 수가 {got}줄이었는데, 모범 답안은 그 지점에서 {want}줄이었습니다. `uniq`가 "
        "정렬되지 않은 입력을 받았기 때문입니다. `uniq`는 바로 이웃한 같은 줄만 합치므로 앞에 `sort`가 "
        "있어야 합니다.",
    ),
}


@dataclass(frozen=True)
class Divergence:
    """The first stage whose line count differs from the reference's at the same program."""

    stage: Stage
    got: int
    want: int
    unsorted_uniq: bool
    """The stage is `uniq` and no `sort` came before it."""


def program(stage: Stage) -> str:
    """The program a stage runs (`uniq` for `uniq -c`, `sort` for `LC_ALL=C sort -k2`), or '' if unknown."""
    commands = parse(stage.command).commands
    return commands[0].name.rsplit("/", 1)[-1] if commands else ""


def first_divergence(got: Sequence[Stage], want: Sequence[Stage]) -> Divergence | None:
    """The learner's first stage whose count differs from the reference stage running the same program (pairs
    are taken in order: a stage with no counterpart is passed over)."""
    wanted = [(program(s), s) for s in want]
    start = 0
    seen: list[str] = []
    for stage in got:
        name = program(stage)
        seen.append(name)
        at = next((k for k in range(start, len(wanted)) if wanted[k][0] == name and name), None)
        if at is None:
            continue
        other = wanted[at][1]
        start = at + 1
        if stage.lines is None or other.lines is None:
            continue
        if stage.lines != other.lines:
            unsorted = name == "uniq" and "sort" not in seen[:-1]
            return Divergence(stage, stage.lines, other.lines, unsorted)
    return None


def divergence_note(got: Sequence[Stage], want: Sequence[Stage]) -> LocalText | None:
    """The note for a wrong pipeline, or None when the pipelines cannot be compared or agree throughout."""
    if len(got) < 2 or len(want) < 2:
        return None
    found = first_divergence(got, want)
    if found is None:
        return None
    key = "stage_diverges_uniq" if found.unsorted_uniq else "stage_diverges"
    fields = {"command": found.stage.command, "got": f"{found.got:,}", "want": f"{found.want:,}"}
    return LocalText(en=_text(key, "en", fields), ko=_text(key, "ko", fields))


def _text(key: str, lang: Lang, fields: dict[str, str]) -> str:
    en, ko = MESSAGES[key]
    return (ko if lang == "ko" else en).format(**fields)
