"""Where each description comes from, in order: shelltutor's Korean table (for a Korean learner), the program's
own translation, its manual page, bash's `help` — and English with a note where nothing is translated."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from shelltutor.explain.builtins import KEYWORDS, builtin_help, builtin_names
from shelltutor.explain.catalogs import translated_description
from shelltutor.explain.manpages import ManOption, man_page
from shelltutor.explain.model import Source
from shelltutor.grading.options import Arg, program_options

_TABLE = Path(__file__).with_name("descriptions.json")


@dataclass(frozen=True)
class Described:
    """A description and where it came from."""

    text: str
    lang: str
    source: Source


@cache
def table() -> dict[str, Any]:
    """shelltutor's own descriptions (descriptions.json): Korean for the course's programs and options, and
    English for what no manual page says (subcommands, BSD-style `ps` options)."""
    loaded: dict[str, Any] = json.loads(_TABLE.read_text(encoding="utf-8"))
    return loaded


def _entry(program: str) -> dict[str, Any]:
    found: dict[str, Any] = table()["programs"].get(program, {})
    return found


def _local(entry: object, lang: str) -> str | None:
    if isinstance(entry, dict):
        found = entry.get(lang)
        return found if isinstance(found, str) else None
    return entry if isinstance(entry, str) and lang == "ko" else None


def program_summary(program: str, lang: str) -> Described | None:
    """What the program is for."""
    own = _local(_entry(program).get("summary"), lang)
    if own is not None:
        return Described(own, lang, "table")
    if program in builtin_names() or program in KEYWORDS:
        found = builtin_help(program, lang)
        if found is not None:
            return Described(found.summary, found.summary_lang, "bash")
    page = man_page(program)
    if page is not None and page.summary:
        return Described(page.summary, "en", "manual")
    return None


def option_summary(program: str, spellings: tuple[str, ...], lang: str) -> Described | None:
    """What one option (any of its `spellings`) does."""
    options = _entry(program).get("options", {})
    for spelling in spellings:
        own = _local(options.get(spelling), lang)
        if own is not None:
            return Described(own, lang, "table")
    if program in builtin_names():
        found = builtin_help(program, lang)
        if found is not None:
            for spelling in spellings:
                if spelling in found.options:
                    text, text_lang = found.options[spelling]
                    return Described(text, text_lang, "bash")
    option = man_option(program, spellings)
    if option is not None:
        translated = translated_description(option.description, lang)
        if translated is not None:
            return Described(translated, lang, "translation")
        return Described(option.description, "en", "manual")
    if lang != "en":
        for spelling in spellings:
            english = _local(options.get(spelling), "en")
            if english is not None:
                return Described(english, "en", "table")
    return None


def man_option(program: str, spellings: tuple[str, ...]) -> ManOption | None:
    """The option as the program's manual page describes it."""
    page = man_page(program)
    return page.option(*spellings) if page is not None else None


def spellings_of(program: str, spelling: str) -> tuple[str, ...]:
    """Every way to write the option `spelling` (`-r`, `-R`, `--recursive`), as options.json knows them."""
    spec = program_options(program)
    if spec is None or program == "find":
        return (spelling,)
    key = spec.keys.get(spelling)
    if key is None:
        return (spelling,)
    others = [s for s, k in spec.keys.items() if k == key and "=" not in s and s != spelling]
    return (spelling, *others)


def takes_value(program: str, spelling: str) -> Arg:
    """Whether the option takes a value: from options.json, else the manual page, else bash's `help`."""
    own = _entry(program).get("values", {}).get(spelling)
    if own in ("none", "required", "optional"):
        return own  # type: ignore[no-any-return]
    spec = program_options(program)
    if spec is not None and program != "find":  # options.json's find entries are not find's
        key = spec.keys.get(spelling)
        if key is not None:
            return spec.args.get(key, "none")
    if program in builtin_names():
        found = builtin_help(program, "en")
        if found is not None and spelling in found.options:
            return "required" if spelling in found.takes_value else "none"
    option = man_option(program, (spelling,))
    if option is not None:
        return "required" if option.takes_value else "none"
    return "none"


def known_option(program: str, spelling: str) -> bool:
    """Whether options.json, the manual page or bash's `help` knows the option."""
    spec = program_options(program)
    if spec is not None and program != "find" and spelling in spec.keys:
        return True
    if spelling in _entry(program).get("options", {}):
        return True
    if program in builtin_names():
        found = builtin_help(program, "en")
        if found is not None and spelling in found.options:
            return True
    return man_option(program, (spelling,)) is not None


def bundles(program: str) -> bool:
    """Whether a single-dash word is several one-letter options (`-lah`), not one (`find -name`)."""
    spec = program_options(program)
    if spec is not None:
        return spec.bundles
    return program not in ("find", "java", "gcc", "cc", "g++", "xargs") and not _entry(program).get("no_bundles")


def numeric_option(program: str) -> str | None:
    """The option a bare `-NUM` stands for (`head -3`)."""
    spec = program_options(program)
    return spec.numeric if spec is not None else None


def subcommands(program: str) -> dict[str, Any]:
    """A program's subcommands from the table (`tmux new`), each with its aliases, wording and options."""
    found: dict[str, Any] = _entry(program).get("subcommands", {})
    return found


def positional(program: str, lang: str, index: int, count: int) -> Described | None:
    """What the program's `index`th plain argument of `count` is, as the table says: one wording for all, or
    `first`, `rest` and `last` (`grep PATTERN FILE…`, `cp FILE… DEST`); English where it has no translation."""
    entry = _entry(program).get("arguments")
    if not isinstance(entry, dict):
        return None
    if "en" not in entry:
        if index == 0 and "first" in entry:
            entry = entry["first"]
        elif index == count - 1 and count > 1 and "last" in entry:
            entry = entry["last"]
        else:
            entry = entry.get("rest")
    if not isinstance(entry, dict):
        return None
    own = _local(entry, lang)
    if own is not None:
        return Described(own, lang, "table")
    english = _local(entry, "en")
    return Described(english, "en", "table") if english is not None else None


@lru_cache(maxsize=512)
def installed(program: str) -> bool:
    """Whether a program of that name is on this machine's PATH."""
    return shutil.which(program) is not None
