"""Learner output made harmless for the screen: the sandbox's `make_printable`, applied in one place."""

from __future__ import annotations

from shelltutor.sandbox.textsafe import make_printable


def printable(text: str) -> str:
    """`text` with escape sequences, control and bidi characters shown as visible stand-ins; tabs expanded."""
    return make_printable(text).expandtabs(8)
