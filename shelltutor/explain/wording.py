"""explain's sentences by key, in English or Korean, with Korean particles fitted to the word before them."""

from __future__ import annotations

import re

from shelltutor.explain.texts_syntax import TEXTS as SYNTAX
from shelltutor.explain.texts_words import TEXTS as WORDS

TEXTS: dict[str, tuple[str, str]] = {**SYNTAX, **WORDS}
_PARTICLES = {
    "을(를)": ("을", "를"),
    "이(가)": ("이", "가"),
    "은(는)": ("은", "는"),
    "과(와)": ("과", "와"),
    "(으)로": ("으로", "로"),
    "(이)라는": ("이라는", "라는"),
}
_PARTICLE = re.compile("|".join(re.escape(p) for p in _PARTICLES))
_DIGIT_FINAL = {
    "0": True,
    "1": True,
    "2": False,
    "3": True,
    "4": False,
    "5": False,
    "6": True,
    "7": True,
    "8": True,
    "9": False,
}
"""Whether a digit read in Korean (영 일 이 삼 사 오 육 칠 팔 구) ends in a consonant."""
_RIEUL_DIGITS = frozenset("178")
"""Digits whose Korean reading ends in ㄹ (일 칠 팔): `(으)로` becomes 로 after them."""


def say(key: str, lang: str, /, **values: object) -> str:
    """The sentence `key` in `lang` (English for any language but Korean), its fields filled in."""
    en, ko = TEXTS[key]
    if lang != "ko":
        return en.format(**values) if values else en
    return fit_particles(ko.format(**values) if values else ko)


def fit_particles(text: str) -> str:
    """`파일을(를)` → `파일을`, `ls을(를)` stays as it is: each `을(를)`-style pair is resolved where the word
    before it ends in a Hangul syllable or a digit (with or without a consonant), else both are kept."""

    def fitted(match: re.Match[str]) -> str:
        final = _final(text, match.start())
        if final is None:
            return match.group()
        with_consonant, without = _PARTICLES[match.group()]
        if match.group() == "(으)로" and final == "ㄹ":
            return without
        return with_consonant if final else without

    return _PARTICLE.sub(fitted, text)


def _final(text: str, end: int) -> bool | str | None:
    """Whether the word ending at `end` ends in a consonant (`ㄹ` for that one); None when it cannot be told."""
    index = end - 1
    while index >= 0 and text[index] == ")":  # `표준 출력(stdout)을(를)`: the word before the parenthesis
        opening = text.rfind("(", 0, index)
        if opening < 0:
            return None
        index = opening - 1
    while index >= 0 and text[index] in "`'\"”’":
        index -= 1
    if index < 0:
        return None
    char = text[index]
    if "가" <= char <= "힣":
        coda = (ord(char) - 0xAC00) % 28
        return "ㄹ" if coda == 8 else coda != 0
    if char in _DIGIT_FINAL:
        return "ㄹ" if char in _RIEUL_DIGITS else _DIGIT_FINAL[char]
    return None
