"""Programs' own translations of their `--help` texts (their installed gettext catalogs), read offline.

No Korean manual pages exist for coreutils, grep, sed, tar or ps, but those programs ship Korean translations of
their `--help` output. An English option description from a manual page generated from `--help` (help2man) is
word for word a line of that output; its translation is the catalog's. Only an exact match is taken, so a
translation found here is always the program's own for that very option.
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path("/usr/share/locale")
DOMAINS = ("coreutils", "grep", "sed", "tar", "procps-ng", "wget", "gzip", "diffutils", "psmisc", "xz", "bash")
"""The catalogs looked in: the programs the course uses (findutils' is not a translation of its help)."""
MAX_CATALOG_BYTES = 8 << 20

_HELP_TAG = re.compile(r"^([ \t]{1,10})(-\S.*?)(?:(?: {2,}|\t+)(\S.*))?$")
_OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z0-9?@#][\w-]*|-[^\s,\[=<])")


def read_mo(path: Path) -> dict[str, str]:
    """The singular messages of a `.mo` file (GNU gettext's binary catalog); empty when it is not one."""
    try:
        data = path.read_bytes()[:MAX_CATALOG_BYTES]
    except OSError:
        return {}
    if len(data) < 20:
        return {}
    for order in ("<", ">"):
        magic, _revision, count, originals, translations = struct.unpack(f"{order}5I", data[:20])
        if magic == 0x950412DE:
            break
    else:
        return {}
    messages: dict[str, str] = {}
    try:
        for index in range(count):
            olen, ooff = struct.unpack(f"{order}2I", data[originals + 8 * index : originals + 8 * index + 8])
            tlen, toff = struct.unpack(f"{order}2I", data[translations + 8 * index : translations + 8 * index + 8])
            original = data[ooff : ooff + olen].decode("utf-8", "replace")
            if "\0" in original or "\x04" in original:
                continue  # plural forms and messages with a context: not help text
            messages[original] = data[toff : toff + tlen].decode("utf-8", "replace")
    except struct.error:
        return messages
    return messages


@lru_cache(maxsize=4)
def catalog(domain: str, lang: str) -> dict[str, str]:
    """One program's catalog in `lang` (empty when it is not installed)."""
    return read_mo(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo") if lang.isalpha() else {}


def normalized(text: str) -> str:
    """Whitespace made single, for comparing a manual's wording with `--help`'s."""
    return " ".join(text.split())


def help_options(text: str) -> list[tuple[tuple[str, ...], str]]:
    """The options a `--help` text (or bash's `help`) lists: each one's spellings and description."""
    found: list[tuple[tuple[str, ...], str]] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _HELP_TAG.match(lines[index])
        index += 1
        if match is None:
            continue
        indent = _width(match.group(1))
        names = tuple(dict.fromkeys(_OPTION.findall(match.group(2))))
        parts = [match.group(3)] if match.group(3) else []
        while index < len(lines) and lines[index].strip() and _deeper(lines[index], indent):
            parts.append(lines[index].strip())
            index += 1
        if names and parts:
            found.append((names, normalized(" ".join(parts))))
    return found


def _width(indent: str) -> int:
    column = 0
    for char in indent:
        column = (column // 8 + 1) * 8 if char == "\t" else column + 1
    return column


def _deeper(line: str, indent: int) -> bool:
    stripped = line.lstrip(" \t")
    return _width(line[: len(line) - len(stripped)]) > indent and not stripped.startswith("-")


@lru_cache(maxsize=4)
def _translations(lang: str) -> dict[str, str]:
    """English option descriptions (normalized) to their translations, from every catalog in DOMAINS."""
    index: dict[str, str] = {}
    for domain in DOMAINS:
        for original, translated in catalog(domain, lang).items():
            if not translated.strip():
                continue
            if "\n" not in original.strip() and len(original) < 600:
                index.setdefault(normalized(original), normalized(translated))  # argp (tar): one description
            theirs = dict(help_options(translated))
            for names, description in help_options(original):
                if names in theirs:
                    index.setdefault(description, theirs[names])
    return index


def translated_description(english: str, lang: str) -> str | None:
    """The program's own translation of an option description, when its catalog has exactly this text."""
    if lang == "en":
        return None
    return _translations(lang).get(normalized(english))


def translated_help(english_doc: str, lang: str) -> str | None:
    """bash's translation of a builtin's `help` text (its text after the first line, as `help` prints it): the
    catalog's entry for exactly this text, else the one entry whose first line is this text's (a catalog made for
    an older bash, whose help has gained a sentence since)."""
    if lang == "en":
        return None
    lines = english_doc.strip("\n").split("\n")
    original = "\n".join(line[4:] if line.startswith("    ") else line for line in lines)
    messages = catalog("bash", lang)
    found = messages.get(original) or messages.get(original + "\n")
    if found:
        return found
    return _by_first_line(lang).get(lines[0].strip()) if lines else None


@lru_cache(maxsize=4)
def _by_first_line(lang: str) -> dict[str, str]:
    seen: dict[str, list[str]] = {}
    for original, translated in catalog("bash", lang).items():
        if "\n" in original and translated.strip():
            seen.setdefault(original.split("\n", 1)[0].strip(), []).append(translated)
    return {first: found[0] for first, found in seen.items() if len(found) == 1}
