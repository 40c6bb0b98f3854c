"""Inline SVG bar charts for the HTML report: no script, no font or file fetched, every text escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from shelltutor.sandbox.textsafe import make_printable

ROW = 28
"""Height of one bar's row, in SVG units."""
LABEL_WIDTH = 300
BAR_WIDTH = 360
VALUE_WIDTH = 80
LABEL_CHARS = 40
"""Labels are cut to this many characters (a Hangul character counts two)."""


@dataclass(frozen=True)
class Bar:
    """One bar: its label, how full it is (0 to 1), the text shown after it, and a tooltip."""

    label: str
    share: float
    value: str
    tip: str = ""


def esc(text: str, *, single_line: bool = True) -> str:
    """Learner or lesson text for HTML: control characters shown (as in the terminal), then escaped."""
    return html.escape(make_printable(text, single_line=single_line), quote=True)


def _cut(text: str) -> str:
    used, out = 0, ""
    for char in text:
        used += 2 if ord(char) >= 0x1100 else 1
        if used > LABEL_CHARS:
            return out + "…"
        out += char
    return out


def bar_chart(bars: Sequence[Bar], *, title: str, css_class: str = "chart") -> str:
    """A horizontal bar chart as an inline `<svg>` with an accessible title; one row per bar."""
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW * len(bars) + 8
    parts = [
        f'<svg class="{css_class}" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        filled = max(0.0, min(1.0, bar.share)) * BAR_WIDTH
        tip = f"<title>{esc(bar.tip or bar.label)}</title>"
        parts.append(
            f'<g class="bar">{tip}'
            f'<text class="label" x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + 4:.0f}" text-anchor="end">'
            f"{esc(_cut(bar.label))}</text>"
            f'<rect class="track" x="{LABEL_WIDTH}" y="{y + 5}" width="{BAR_WIDTH}" height="{ROW - 10}" rx="3"/>'
            f'<rect class="fill" x="{LABEL_WIDTH}" y="{y + 5}" width="{filled:.1f}" height="{ROW - 10}" rx="3"/>'
            f'<text class="value" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + ROW / 2 + 4:.0f}">{esc(bar.value)}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def mini_bar(passed: int, tried: int, *, title: str) -> str:
    """A small inline bar: the share of those who tried an exercise that passed it."""
    width, height = 120, 12
    filled = width * passed / tried if tried else 0
    return (
        f'<svg class="mini" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
        f'<rect class="track" width="{width}" height="{height}" rx="2"/>'
        f'<rect class="fill" width="{filled:.1f}" height="{height}" rx="2"/></svg>'
    )
