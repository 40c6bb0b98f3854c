"""`shape.history`: which history expansion the learner typed (`!!`, `!N`, `!text`, `!$` …), read from the line as
typed, outside single quotes."""

from __future__ import annotations

import pytest

from shelltutor.grading.checks import _history_failure

CASES = {
    "last": (["!!", "sudo !!", "!! | wc -l", "!-1"], ["!-12", "!3", "ls", "echo '!!'", "!$"]),
    "number": (["!3", "!-2", "!42 | head"], ["!!", "!grep", "ls"]),
    "prefix": (["!grep", "!?loss?", "!./train"], ["!!", "!3", "grep x"]),
    "word": (
        ["cp !$ release/", "ls !^", "echo !*", "vi !!:2", "cat !-2:$", "mv !cp:1 old/", "cat !3:$"],
        ["!!", "!3", "cp model.pt release/", "echo '!$'", "echo $_"],
    ),
    "any": (["!!", "!3", "!grep", "^12^15", "cp !$ release/", "echo !*"], ["ls", "echo '!!'", "echo $_"]),
}


@pytest.mark.parametrize(
    ("kind", "typed", "passes"),
    [(kind, line, True) for kind, (good, _) in CASES.items() for line in good]
    + [(kind, line, False) for kind, (_, bad) in CASES.items() for line in bad],
)
def test_history_kind(kind: str, typed: str, passes: bool) -> None:
    assert (_history_failure(kind, typed) is None) is passes
