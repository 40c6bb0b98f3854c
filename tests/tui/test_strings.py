"""Every UI string exists in English and Korean, and every key the app binds is documented in the help."""

from __future__ import annotations

import re
from pathlib import Path

from shelltutor.tui import keys
from shelltutor.tui.strings import STRINGS, tr

TUI_DIR = Path(__file__).parent.parent.parent / "shelltutor" / "tui"
ALL_KEYS = keys.GLOBAL_KEYS + keys.MAP_KEYS + keys.LESSON_KEYS + keys.COMMAND_LINE_KEYS + keys.DIALOG_KEYS


def test_every_string_has_english_and_korean() -> None:
    for key, (en, ko) in STRINGS.items():
        assert en.strip() and ko.strip(), key
        assert sorted(re.findall(r"{(\w+)}", en)) == sorted(re.findall(r"{(\w+)}", ko)), f"{key}: the fields differ"


def test_every_string_used_in_the_app_exists() -> None:
    used: set[str] = set()
    for path in TUI_DIR.rglob("*.py"):
        used |= set(re.findall(r"""\btr\(\s*["']([\w.]+)["']""", path.read_text(encoding="utf-8")))
    assert used, "no tr() calls found"
    assert sorted(used - STRINGS.keys()) == []


def test_every_key_is_described_in_both_languages() -> None:
    for key in ALL_KEYS:
        assert key.text in STRINGS, key
        assert key.short is None or key.short in STRINGS, key
        assert tr(key.text, "ko") != tr(key.text, "en") or key.text == "key.lang_long"
