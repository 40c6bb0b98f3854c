"""The learner-facing texts that live outside the grader and the TUI catalogs (the tutor service's notices,
plain mode, `shelltutor progress`): each in English and Korean, with the same fields."""

from __future__ import annotations

import string

import pytest

from shelltutor.cli.progress import MESSAGES as PROGRESS
from shelltutor.course.model import LocalText
from shelltutor.plain import T as PLAIN
from shelltutor.service import NOTICES, SANDBOX_NOTICES

CATALOGS: dict[str, dict[str, tuple[str, str]]] = {
    "service.NOTICES": {key: (t.en, t.ko) for key, t in NOTICES.items()},
    "service.SANDBOX_NOTICES": {key: (t.en, t.ko) for key, t in SANDBOX_NOTICES.items()},
    "plain.T": {key: (t.en, t.ko) for key, t in PLAIN.items()},
    "cli.progress.MESSAGES": {key: (t["en"], t["ko"]) for key, t in PROGRESS.items()},
}
ENTRIES = [(name, key, *texts) for name, catalog in CATALOGS.items() for key, texts in catalog.items()]


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(("catalog", "key", "en", "ko"), ENTRIES, ids=[f"{e[0]}:{e[1]}" for e in ENTRIES])
def test_every_text_is_in_both_languages_with_the_same_fields(catalog: str, key: str, en: str, ko: str) -> None:
    assert en.strip() and ko.strip()
    assert fields(en) == fields(ko), (en, ko)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in ko), f"{catalog}[{key!r}]: the Korean text should be in Hangul"


def test_the_catalogs_hold_what_the_code_uses() -> None:
    assert all(isinstance(t, LocalText) for t in (*NOTICES.values(), *SANDBOX_NOTICES.values(), *PLAIN.values()))
    assert len(ENTRIES) >= 30
