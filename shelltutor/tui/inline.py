"""Inline Markdown (`code`, **bold**, *italic*) as a Rich Text, for one-line texts where a full parser is overkill."""

from __future__ import annotations

import re

from rich.text import Text

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*")


def inline_markdown(source: str, style: str = "") -> Text:
    """`source` with its inline code, bold and italic spans styled (the markers removed)."""
    text = Text(style=style)
    position = 0
    for match in _INLINE.finditer(source):
        text.append(source[position : match.start()])
        code, bold, italic = match.groups()
        if code is not None:
            text.append(code, style="bold cyan")
        elif bold is not None:
            text.append(bold, style="bold")
        else:
            text.append(italic, style="italic")
        position = match.end()
    text.append(source[position:])
    return text
