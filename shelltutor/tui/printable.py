"""Learner and lesson text made harmless for the screen: the sandbox's `make_printable`, applied in one place."""

from __future__ import annotations

from shelltutor.sandbox.textsafe import make_printable


def printable(text: str) -> str:
    """`text` with escape sequences, control and bidi characters shown as visible stand-ins; tabs expanded."""
    return make_printable(text).expandtabs(8)


def printable_line(text: str) -> str:
    """`printable` for a text shown on one line (a prompt, a file name): a newline in it shows as ␤."""
    return make_printable(text, single_line=True).expandtabs(8)
