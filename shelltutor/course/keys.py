"""The key notation of full-screen solution steps (`iHello<Esc>:wq<Enter>`) and its translation to bytes."""

from __future__ import annotations

import re

NAMED_KEYS: dict[str, str] = {
    "esc": "\x1b",
    "enter": "\r",
    "cr": "\r",
    "tab": "\t",
    "bs": "\x7f",
    "space": " ",
    "lt": "<",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "home": "\x1b[H",
    "end": "\x1b[F",
}
_TOKEN = re.compile(r"<([^<>\s]+)>")


class KeysError(ValueError):
    """A key name in `<...>` that shelltutor does not know."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset
        """Where the bad `<...>` starts in the notation (0-based), so a report can point at it."""


def parse_keys(notation: str) -> str:
    """The characters to type for `notation`; `<C-x>` is Ctrl-x, `<lt>` a literal '<'."""
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(notation):
        out.append(notation[pos : match.start()])
        try:
            out.append(_key(match.group(1)))
        except KeysError as error:
            raise KeysError(str(error), match.start()) from None
        pos = match.end()
    out.append(notation[pos:])
    return "".join(out)


def _key(name: str) -> str:
    lowered = name.lower()
    if lowered in NAMED_KEYS:
        return NAMED_KEYS[lowered]
    if re.fullmatch(r"c-[a-z\[\\\]^_]", lowered):
        return chr(ord(lowered[2].upper()) & 0x1F)
    known = ", ".join(f"<{k.capitalize()}>" for k in NAMED_KEYS)
    raise KeysError(f"unknown key <{name}>; known keys: {known}, and <C-x> for Ctrl-x")
