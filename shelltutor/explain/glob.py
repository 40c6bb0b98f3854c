"""Brace expansion and pathname expansion (globs) as bash does them, computed here, never by a shell.

A word is a list of characters, each marked literal (quoted or escaped) or not: only unquoted `*`, `?`, `[…]`,
`{`, `}` and `,` are special. Globs are matched against the sandbox's directories as its file access lists them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from itertools import pairwise

from shelltutor.explain.view import ShellView

Chars = list[tuple[str, bool]]
"""A word's characters, each with whether it is literal."""
MAX_WORDS = 200
"""Brace expansions and glob matches beyond this are not computed (`{1..100000}` is one keystroke)."""
MAX_LISTINGS = 64
"""Directories listed for one glob (`*/*/*` in a big tree)."""
_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r"\s",
    "blank": r" \t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "xdigit": "0-9A-Fa-f",
    "word": r"\w",
}
_SEQUENCE = re.compile(r"^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$")


def plain(text: str) -> Chars:
    """Characters none of which is quoted."""
    return [(char, False) for char in text]


def joined(chars: Chars) -> str:
    """The characters as text."""
    return "".join(char for char, _ in chars)


def has_glob(chars: Chars) -> bool:
    """Whether the word has an unquoted `*`, `?` or a bracket expression."""
    for index, (char, literal) in enumerate(chars):
        if literal:
            continue
        if char in "*?" or (char == "[" and _bracket_end(chars, index) is not None):
            return True
    return False


def _bracket_end(chars: Chars, start: int) -> int | None:
    index = start + 1
    if index < len(chars) and chars[index][0] in "!^":
        index += 1
    if index < len(chars) and chars[index][0] == "]":
        index += 1  # a `]` first is one of the set
    while index < len(chars):
        char = chars[index][0]
        if char == "/":
            return None
        if char == "[" and index + 1 < len(chars) and chars[index + 1][0] == ":":
            close = joined(chars[index:]).find(":]")
            if close > 0:
                index += close + 2
                continue
        if char == "]":
            return index
        index += 1
    return None


@dataclass(frozen=True)
class GlobPattern:
    """A glob as a row of items, each matching one character, or `*` (None); matched by the greedy two-pointer
    method, which never backtracks more than once per character: `*a*a*a…b` costs the name's length times the
    pattern's, where a regular expression would try every split."""

    items: tuple[str | re.Pattern[str] | None, ...]

    def matches(self, text: str) -> bool:
        """Whether the whole of `text` matches."""
        items = self.items
        at = pos = 0
        star, mark = -1, 0
        while pos < len(text):
            if at < len(items) and items[at] is None:
                star, mark, at = at, pos, at + 1
            elif at < len(items) and _one(items[at], text[pos]):
                at, pos = at + 1, pos + 1
            elif star >= 0:
                at, mark = star + 1, mark + 1
                pos = mark
            else:
                return False
        return all(item is None for item in items[at:])


_ANY = re.compile(".", re.DOTALL)


def _one(item: str | re.Pattern[str] | None, char: str) -> bool:
    if isinstance(item, str):
        return item == char
    return item is not None and item.fullmatch(char) is not None


def component_pattern(chars: Chars) -> GlobPattern:
    """One path component's glob."""
    items: list[str | re.Pattern[str] | None] = []
    index = 0
    while index < len(chars):
        char, literal = chars[index]
        end = None if literal or char != "[" else _bracket_end(chars, index)
        if literal:
            items.append(char)
        elif char == "*":
            if not items or items[-1] is not None:
                items.append(None)
        elif char == "?":
            items.append(_ANY)
        elif end is not None:
            items.append(re.compile(_bracket(joined(chars[index + 1 : end])), re.DOTALL))
            index = end
        else:
            items.append(char)
        index += 1
    return GlobPattern(tuple(items))


def _bracket(inside: str) -> str:
    negate = inside[:1] in ("!", "^")
    if negate:
        inside = inside[1:]
    parts: list[str] = []
    index = 0
    while index < len(inside):
        if inside.startswith("[:", index) and ":]" in inside[index + 2 :]:
            close = inside.index(":]", index + 2)
            parts.append(_CLASSES.get(inside[index + 2 : close], ""))
            index = close + 2
            continue
        if index + 2 < len(inside) and inside[index + 1] == "-":
            low, high = inside[index], inside[index + 2]
            if low <= high:
                parts.append(f"{re.escape(low)}-{re.escape(high)}")
            index += 3
            continue
        parts.append(re.escape(inside[index]))
        index += 1
    return f"[{'^' if negate else ''}{''.join(parts)}]" if parts else ("." if negate else "(?!)")


def expand_glob(chars: Chars, view: ShellView) -> list[str] | None:
    """The paths the glob matches in the sandbox, sorted, as bash would put them on the line (relative ones stay
    relative); empty when nothing matches; None when a directory on the way cannot be listed."""
    components = _split(chars)
    absolute = bool(chars) and chars[0][0] == "/"
    found: list[str] = ["/" if absolute else ""]
    listings = 0
    for position, component in enumerate(components):
        last = position == len(components) - 1
        if not component:
            continue
        if not has_glob(component):
            name = joined(component)
            found = [posixpath.join(base, name) if base else name for base in found]
            if position and has_glob([c for part in components[:position] for c in part]):
                found = [path for path in found if view.kind_of(view.absolute(path)) is not None]
            continue
        pattern = component_pattern(component)
        dotted = component[0][0] == "."
        matched: list[str] = []
        for base in found:
            listings += 1
            if listings > MAX_LISTINGS:
                return None
            names = view.list_dir(view.absolute(base or "."))
            if names is None:
                return None
            for name, is_dir in names:
                if name in (".", "..") or (name.startswith(".") and not dotted):
                    continue
                if (last or is_dir) and pattern.matches(name):
                    matched.append(posixpath.join(base, name) if base else name)
            if len(matched) > MAX_WORDS:
                return None
        found = matched
    return sorted(found)


def _split(chars: Chars) -> list[Chars]:
    parts: list[Chars] = [[]]
    for char in chars:
        if char[0] == "/":
            parts.append([])
        else:
            parts[-1].append(char)
    return parts


def expand_braces(chars: Chars) -> list[str] | None:
    """The words a brace expansion makes (`a{b,c}d` → `abd acd`, `{1..3}`); None when there is none, or more than
    MAX_WORDS."""
    pending: list[Chars] = [chars]
    done: list[str] = []
    expanded = False
    while pending:
        word = pending.pop()
        braces = _first_brace(word)
        if braces is None:
            done.append(joined(word))
            continue
        expanded = True
        start, end, alternatives = braces
        for alternative in reversed(alternatives):
            pending.append(word[:start] + alternative + word[end + 1 :])
        if len(pending) + len(done) > MAX_WORDS:
            return None
    return done if expanded else None


def _first_brace(chars: Chars) -> tuple[int, int, list[Chars]] | None:
    """The leftmost `{…}` that expands: its start, end and alternatives."""
    for start, (char, literal) in enumerate(chars):
        if char != "{" or literal or (start and chars[start - 1] == ("$", False)):
            continue
        depth = 0
        commas: list[int] = []
        for index in range(start, len(chars)):
            inner, quoted = chars[index]
            if quoted:
                continue
            if inner == "{":
                depth += 1
            elif inner == "}":
                depth -= 1
                if depth == 0:
                    if commas:
                        bounds = [start, *commas, index]
                        return start, index, [chars[a + 1 : b] for a, b in pairwise(bounds)]
                    sequence = _sequence(joined(chars[start + 1 : index]))
                    if sequence is not None:
                        return start, index, [plain(item) for item in sequence]
                    break
            elif inner == "," and depth == 1:
                commas.append(index)
    return None


def _sequence(inside: str) -> list[str] | None:
    match = _SEQUENCE.match(inside)
    if match is None:
        return None
    first, last, step_text = match.groups()
    step = abs(int(step_text)) if step_text and int(step_text) else 1
    if first.lstrip("-").isdigit() and last.lstrip("-").isdigit():
        low, high = int(first), int(last)
        width = (
            max(len(first), len(last)) if first.lstrip("-").startswith("0") or last.lstrip("-").startswith("0") else 0
        )
        numbers = range(low, high + 1, step) if low <= high else range(low, high - 1, -step)
        return [str(n).zfill(width) if width else str(n) for n in numbers[: MAX_WORDS + 1]]
    if first.isalpha() and last.isalpha():
        low_code, high_code = ord(first), ord(last)
        codes = range(low_code, high_code + 1, step) if low_code <= high_code else range(low_code, high_code - 1, -step)
        return [chr(code) for code in codes]
    return None
