"""Makes a learner's output harmless for a screen: control characters and escape sequences become visible."""

from __future__ import annotations

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SEPARATORS = "\u2028\u2029\ufeff"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if chr(code) not in "\n\t":
            table[code] = chr(0x2400 + code)  # control pictures: ␀ ␁ ... ␛ ...
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls (0x9b is a one-byte CSI for some terminals)
        table[code] = f"<U+{code:04X}>"
    for ch in _BIDI + _SEPARATORS:
        table[ord(ch)] = f"<U+{ord(ch):04X}>"
    return table


_TABLE = _build_table()


def make_printable(text: str) -> str:
    """`text` with every control character, escape sequence and bidi control shown instead of obeyed.

    ESC becomes ␛ (so `\\e[2J`, window titles and OSC 52 clipboard writes show as text and do nothing),
    other C0 controls become their control pictures, C1 controls and bidi or line-separator characters
    become `<U+XXXX>`. Newlines and tabs are kept; everything else, wide Hangul included, is untouched.
    """
    if text.isprintable():
        return text
    return text.translate(_TABLE)
