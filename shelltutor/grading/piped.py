"""What a command's output would have been through a pipe, read from what it wrote to the learner's terminal.

The learner's commands write to terminals, so programs format for a person: colours, progress meters rewritten
with `\\r`, and `ls` in columns with quoted names. Grading compares what was said, not how it was laid out:
escape sequences and rewritten lines are read as the terminal left them (for every program), and the output of
`ls` is read back into the one-name-per-line, unquoted form it has in a pipe (the only program of the course
whose words change with the terminal)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Literal, TypeVar

from shelltutor.grading.observed import ResultLike
from shelltutor.grading.shape import SimpleCommand, parse
from shelltutor.sandbox.termtext import plain_text

LS_PROGRAMS = frozenset({"ls", "dir", "vdir"})
SILENT = frozenset(
    {
        "cd",
        "pushd",
        "popd",
        "mkdir",
        "touch",
        "cp",
        "mv",
        "rm",
        "rmdir",
        "ln",
        "chmod",
        "export",
        "unset",
        "alias",
        "set",
        "shopt",
        "true",
        ":",
        "sleep",
        "clear",
        "local",
        "declare",
        "umask",
    }
)
"""Commands that print nothing when they work: they may share a line with `ls` (`cd data && ls`)."""
Layout = Literal["columns", "single", "long", "other"]
_STDOUT_AWAY = frozenset({">", ">>", "&>", "&>>", ">|", "1>&2"})
_LONG_DATE = re.compile(
    r"(?:[A-Z][a-z]{2}|\d{1,2}월)\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})"  # Dec  2 18:58 / Jan 5 2024
    r"|\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: [+-]\d{4})?)?"  # --time-style=iso/full-iso
)
_MODE = re.compile(r"^\s*(?:\d+\s+)*[-bcdlpsD?][-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT][.+@]?\s")

R = TypeVar("R", bound=ResultLike)


def piped_results(results: Sequence[R]) -> list[R]:
    """`results` with the output of those that ran on terminals read back as a pipe would have carried it."""
    out: list[R] = []
    for result in results:
        if not getattr(result, "terminal", False) or not dataclasses.is_dataclass(result):
            out.append(result)
            continue
        command = getattr(result, "expanded", "") or result.command
        stdout = result.stdout if isinstance(result.stdout, str) else result.stdout.decode("utf-8", "replace")
        stderr = result.stderr if isinstance(result.stderr, str) else result.stderr.decode("utf-8", "replace")
        out.append(
            dataclasses.replace(result, stdout=as_piped(command, stdout), stderr=plain_text(stderr), terminal=False)
        )
    return out


def as_piped(command: str, stdout: str) -> str:
    """The standard output of `command`, written to a terminal, as a pipe would have carried it."""
    text = plain_text(stdout)
    layout = ls_layout(command)
    if layout is None or not text:
        return text
    return unformat_ls(text, layout)


def _to_terminal(cmd: SimpleCommand) -> bool:
    if cmd.captured or cmd.piped_out:
        return False
    return not any(r.op in _STDOUT_AWAY or r.op.startswith(">&") for r in cmd.redirects)


def ls_layout(command: str) -> Layout | None:
    """How `ls` lays out the output of `command` on a terminal, when `ls` is all that prints there (None when
    another program prints too, or no `ls` does)."""
    line = parse(command)
    layouts: set[Layout] = set()
    for cmd in line.commands:
        if not _to_terminal(cmd) or cmd.name in SILENT:
            continue
        if cmd.name not in LS_PROGRAMS:
            return None
        layouts.add(_layout(cmd))
    if len(layouts) != 1:
        return None
    return layouts.pop()


def _layout(cmd: SimpleCommand) -> Layout:
    opts = cmd.options()
    fmt = next((a.split("=", 1)[1] for a in reversed(cmd.args) if a.startswith("--format=")), None)
    if opts & {"-s", "-i", "--size", "--inode", "-m", "-Z", "--context"}:
        return "other"
    if fmt in ("long", "verbose") or opts & {"-l", "-g", "-o", "-n", "--numeric-uid-gid"}:
        return "long"
    if fmt == "single-column" or "-1" in opts:
        return "single"
    if fmt in ("across", "horizontal", "vertical", "commas") or opts & {"-x", "-C"}:
        return "other"  # columns (or commas) in a pipe too
    if cmd.name == "vdir":
        return "long"
    if cmd.name == "dir":
        return "other"  # `dir` is `ls -C -b`: columns even in a pipe, backslashes instead of quotes
    return "columns"


def unformat_ls(text: str, layout: Layout) -> str:
    """`ls`'s terminal output as a pipe carries it: one name per line (the order `ls` sorted them in), names
    unquoted; headers (`dir:`), `total` lines and blank lines between directories kept."""
    if layout == "other":
        return text
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if layout == "long":
            out.extend(_unquote_long(line) for line in block)
        elif layout == "single":
            out.extend(_unquote_word(line.strip()) for line in block)
        else:
            out.extend(_names(block))
        block.clear()

    lines = text.split("\n")
    trailing = lines[-1] == ""
    if trailing:
        lines.pop()
    for index, line in enumerate(lines):
        header = line.endswith(":") and (index == 0 or lines[index - 1] == "") and index + 1 < len(lines)
        if not line.strip() or header or (layout == "long" and line.startswith("total ")):
            flush()
            out.append(_unquote_word(line[:-1]) + ":" if header else line)
        else:
            block.append(line)
    flush()
    return "\n".join(out) + ("\n" if trailing else "")


def _names(rows: list[str]) -> list[str]:
    """The names of `ls`'s columns, read down each column in turn (the order `ls` sorted them in)."""
    cells = [split_words(row) for row in rows]
    if not cells:
        return []
    width = max(len(row) for row in cells)
    return [_unquote_word(row[c]) for c in range(width) for row in cells if c < len(row)]


def _unquote_long(line: str) -> str:
    """A long listing's line with its name (and link target) unquoted and the alignment space before an
    unquoted name dropped."""
    if not _MODE.match(line):
        return line
    found = _LONG_DATE.search(line)
    if found is None:
        return line
    head, rest = line[: found.end()], line[found.end() :]
    if not rest.startswith(" "):
        return line
    name = rest[1:]
    if name.startswith(" ") and not name.startswith("  "):
        name = name[1:]  # the space that aligns unquoted names with quoted ones
    words = split_words(name)
    if not words:
        return line
    if len(words) == 3 and words[1] == "->":
        return f"{head} {_unquote_word(words[0])} -> {_unquote_word(words[2])}"
    if len(words) == 1:
        return f"{head} {_unquote_word(words[0])}"
    return line


def split_words(line: str) -> list[str]:
    """A line of `ls` output split into its words, as written (quoted names are one word each)."""
    words: list[str] = []
    current: list[str] = []
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            current.append(ch)
            if ch == "\\" and quote != "'" and i + 1 < len(line):
                current.append(line[i + 1])
                i += 1
            elif ch == quote[-1]:
                quote = ""
        elif ch in " \t":
            if current:
                words.append("".join(current))
                current = []
        elif ch == "$" and line.startswith("$'", i):
            current.append("$'")
            quote = "$'"
            i += 1
        elif ch in "'\"":
            current.append(ch)
            quote = ch
        elif ch == "\\" and i + 1 < len(line):
            current.append(ch + line[i + 1])
            i += 1
        else:
            current.append(ch)
        i += 1
    if current:
        words.append("".join(current))
    return words


_C_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _unquote_word(word: str) -> str:
    """A word in the shell quoting `ls` uses on a terminal ('a b', "it's", 'new'$'\\n''line', a\\ b) as the name
    it stands for; a word without quotes comes back as it is."""
    if not any(c in word for c in "'\"\\$"):
        return word
    out: list[str] = []
    i = 0
    while i < len(word):
        if word.startswith("$'", i):
            j = i + 2
            while j < len(word) and word[j] != "'":
                if word[j] == "\\" and j + 1 < len(word):
                    nxt = word[j + 1]
                    if nxt in "01234567":
                        digits = re.match(r"[0-7]{1,3}", word[j + 1 :])
                        assert digits is not None
                        out.append(chr(int(digits.group(), 8)))
                        j += 1 + len(digits.group())
                        continue
                    if nxt == "x":
                        digits = re.match(r"[0-9a-fA-F]{1,2}", word[j + 2 :])
                        if digits:
                            out.append(chr(int(digits.group(), 16)))
                            j += 2 + len(digits.group())
                            continue
                    out.append(_C_ESCAPES.get(nxt, "\\" + nxt))
                    j += 2
                    continue
                out.append(word[j])
                j += 1
            i = j + 1
        elif word[i] == "'":
            j = word.find("'", i + 1)
            if j < 0:
                return word
            out.append(word[i + 1 : j])
            i = j + 1
        elif word[i] == '"':
            j = i + 1
            while j < len(word) and word[j] != '"':
                if word[j] == "\\" and j + 1 < len(word) and word[j + 1] in '"\\$`':
                    j += 1
                out.append(word[j])
                j += 1
            i = j + 1
        elif word[i] == "\\" and i + 1 < len(word):
            out.append(word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return "".join(out)
