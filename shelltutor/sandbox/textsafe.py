"""The one sanitiser for text bound for a terminal: learner and lesson text is shown, never obeyed."""

from __future__ import annotations

import re
from typing import Final

BIDI: Final = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Bidirectional marks, embeddings, overrides and isolates: they reorder what is shown around them."""
SEPARATORS: Final = "\u2028\u2029\ufeff"
"""Unicode line and paragraph separators and the zero-width no-break space (a BOM): invisible line tricks."""
_CONTROL_PICTURE_NEWLINE: Final = "\u2424"  # ␤


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in "\n\t":
            table[code] = chr(0x2400 + code)  # control pictures: ␀ ␁ … ␇ (BEL) … ␛ (ESC) …
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls: 0x9b is CSI, 0x9d OSC, 0x90 DCS, 0x9c ST for many terminals
        table[code] = f"<U+{code:04X}>"
    for ch in BIDI + SEPARATORS:
        table[ord(ch)] = f"<U+{ord(ch):04X}>"
    for code in range(0xD800, 0xE000):
        # A lone surrogate is a byte that was not UTF-8, kept by `surrogateescape` (a file name, a record from
        # the sandbox); written out with the same error handler it would be that raw byte, 0x9b included.
        table[code] = f"<0x{code - 0xDC00:02X}>" if 0xDC80 <= code <= 0xDCFF else f"<U+{code:04X}>"
    return table


_TABLE: Final = _build_table()
_LINE_TABLE: Final = {**_TABLE, ord("\n"): _CONTROL_PICTURE_NEWLINE}
UNSAFE: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + BIDI + SEPARATORS + "\ud800-\udfff]")
"""One character `make_printable` replaces (newlines and tabs are safe); for escaping instead, as JSON does."""


def make_printable(text: str | bytes, *, single_line: bool = False) -> str:
    """`text` with every control character, escape sequence, bidi control and undecodable byte shown instead
    of obeyed: what a terminal receives from it is only printable characters, newlines and tabs.

    - C0 controls become their control pictures: ESC becomes ␛, BEL ␇, CR ␍, so CSI (`\\e[2J`), OSC
      (window titles, OSC 52 clipboard writes, OSC 8 links), DCS, APC, PM and SOS sequences show as text and
      do nothing, whether they end with BEL, with ST (`\\e\\\\`) or not at all;
    - DEL becomes ␡; C1 controls (0x80–0x9f, among them the one-byte CSI 0x9b and OSC 0x9d), bidi controls
      and the Unicode line separators become `<U+XXXX>`;
    - a byte that is not UTF-8 (a lone surrogate from `surrogateescape`, or a byte of `text` given as bytes)
      becomes `<0xXX>`;
    - newlines and tabs are kept (with `single_line`, a newline becomes ␤); all else, Hangul and emoji
      included, is untouched.

    Each character is mapped on its own, never a sequence as a whole: a sequence cut between two chunks of
    output, or one of a kind no parser knows, is made harmless all the same. The result is printable, so
    applying this again changes nothing.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogateescape")
    if single_line:
        return text.translate(_LINE_TABLE) if "\n" in text or UNSAFE.search(text) else text
    return text.translate(_TABLE) if UNSAFE.search(text) else text
