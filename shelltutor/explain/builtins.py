"""Shell builtins and keywords described by bash itself: its `help` text, in Korean from bash's own translation."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

from shelltutor.explain.catalogs import help_options, translated_help
from shelltutor.explain.manpages import shorten

HELP_SECONDS = 5.0
KEYWORDS = frozenset(
    [
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "case",
        "esac",
        "for",
        "select",
        "while",
        "until",
        "do",
        "done",
        "in",
        "function",
        "time",
        "{",
        "}",
        "!",
        "[[",
        "]]",
        "coproc",
    ]
)
"""bash's reserved words (`compgen -k`)."""
_KNOWN_BUILTINS = frozenset(
    [
        ".",
        ":",
        "[",
        "alias",
        "bg",
        "bind",
        "break",
        "builtin",
        "caller",
        "cd",
        "command",
        "compgen",
        "complete",
        "compopt",
        "continue",
        "declare",
        "dirs",
        "disown",
        "echo",
        "enable",
        "eval",
        "exec",
        "exit",
        "export",
        "false",
        "fc",
        "fg",
        "getopts",
        "hash",
        "help",
        "history",
        "jobs",
        "kill",
        "let",
        "local",
        "logout",
        "mapfile",
        "popd",
        "printf",
        "pushd",
        "pwd",
        "read",
        "readarray",
        "readonly",
        "return",
        "set",
        "shift",
        "shopt",
        "source",
        "suspend",
        "test",
        "times",
        "trap",
        "true",
        "type",
        "typeset",
        "ulimit",
        "umask",
        "unalias",
        "unset",
        "wait",
    ]
)
"""bash 5's builtins (`compgen -b`), when no bash can be asked."""


@dataclass(frozen=True)
class BuiltinHelp:
    """What bash's `help NAME` says."""

    name: str
    synopsis: str
    summary: str
    summary_lang: str
    """The language `summary` is in: the learner's, or English where bash has no translation."""
    options: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Each option (`-p`) to its description and that description's language."""
    takes_value: frozenset[str] = frozenset()
    """The options shown with a value (`read -p prompt`)."""


def _bash_says(script: str, *args: str) -> str | None:
    """What a fixed script of bash's prints (its arguments passed as data, never as code); None if it failed."""
    bash = shutil.which("bash")
    if bash is None:
        return None
    try:
        done = subprocess.run(
            [bash, "--norc", "--noprofile", "-c", script, "bash", *args],
            capture_output=True,
            text=True,
            timeout=HELP_SECONDS,
            check=False,
            env={"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"},
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


@lru_cache(maxsize=1)
def builtin_names() -> frozenset[str]:
    """The builtins of the installed bash."""
    return frozenset((_bash_says("compgen -b") or "").split()) or _KNOWN_BUILTINS


@lru_cache(maxsize=256)
def _english_help(name: str) -> str | None:
    if name not in builtin_names() and name not in KEYWORDS:
        return None  # `help` takes a pattern: only an exact, known name is ever given to it
    text = _bash_says('help -- "$1"', name)
    if text is None or ":" not in text:
        return None
    lines = text.split("\n")
    # `help for` prints `for` and `for ((`: the first topic ends where a line starts unindented
    end = next((i for i, line in enumerate(lines[1:], 1) if line and not line[0].isspace()), len(lines))
    return "\n".join(lines[:end]).rstrip("\n") + "\n"


@lru_cache(maxsize=256)
def builtin_help(name: str, lang: str) -> BuiltinHelp | None:
    """bash's help on `name` (a builtin or a keyword), in `lang` where bash has a translation."""
    text = _english_help(name)
    if text is None:
        return None
    head, _, body = text.partition("\n")
    synopsis = head.partition(": ")[2]
    english_lines = [line.strip() for line in body.split("\n")]
    summary = shorten(english_lines[0]) if english_lines else ""
    summary_lang = "en"
    options: dict[str, tuple[str, str]] = {}
    takes: set[str] = set()
    english_options = help_options(body)
    for names, description in english_options:
        for spelling in names:
            options.setdefault(spelling, (shorten(description), "en"))
    translated = translated_help(body, lang)
    if translated:
        summary, summary_lang = shorten(translated.split("\n", 1)[0]), lang
        theirs = dict(help_options(translated))
        for names, _ in english_options:
            if names in theirs:
                for spelling in names:
                    options[spelling] = (shorten(theirs[names]), lang)
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith("-") and "\t" in stripped:
            tag = stripped.split("\t", 1)[0]
            if " " in tag:
                takes.add(tag.split(" ", 1)[0])
    return BuiltinHelp(name, synopsis, summary, summary_lang, options, frozenset(takes))
