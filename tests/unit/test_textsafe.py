"""The one sanitiser: every control, escape sequence, bidi control and undecodable byte is shown, never obeyed."""

from __future__ import annotations

import re

import pytest

from shelltutor.sandbox.textsafe import UNSAFE, make_printable

BANNED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
)
"""Written out here on its own, not taken from the module: C0 but newline and tab, DEL, C1, the bidi marks,
embeddings, overrides and isolates, the line and paragraph separators, the BOM, lone surrogates."""
EVERY_CODE_POINT = "".join(map(chr, range(0x110000)))


def test_nothing_a_terminal_obeys_is_left_in_any_code_point() -> None:
    shown = make_printable(EVERY_CODE_POINT)
    assert not BANNED.search(shown)
    assert make_printable(shown) == shown  # already printable: a second pass changes nothing
    shown.encode("utf-8")  # no lone surrogate left to write out as a raw byte


def test_exactly_the_dangerous_characters_are_replaced() -> None:
    changed = {ch for ch in EVERY_CODE_POINT if make_printable(ch) != ch}
    assert changed == set(BANNED.findall(EVERY_CODE_POINT))
    assert {ch for ch in EVERY_CODE_POINT if UNSAFE.fullmatch(ch)} == changed


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J\x1b[H", "␛[2J␛[H"),  # CSI: clear the screen
        ("\x1b]0;pwned\x07", "␛]0;pwned␇"),  # OSC 0: the window title, ended by BEL
        ("\x1b]2;pwned\x1b\\", "␛]2;pwned␛\\"),  # ended by ST (ESC \): Rich lets this one through
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),  # OSC 52: write the clipboard
        ("\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\", "␛]8;;https://evil.example/␛\\link␛]8;;␛\\"),
        ("\x1bP+q544e\x1b\\", "␛P+q544e␛\\"),  # DCS: a terminfo query the terminal would answer
        ("\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\", "␛_apc␛\\␛^pm␛\\␛Xsos␛\\"),  # APC, PM, SOS
        ("\x1bPtmux;\x1b\x1b]0;x\x07\x1b\\", "␛Ptmux;␛␛]0;x␇␛\\"),  # tmux passthrough
        ("\x1b]52;c;aGk=", "␛]52;c;aGk="),  # never ended: it would swallow what follows
        ("\x1bc", "␛c"),  # RIS: reset the terminal
        ("\x9b2J\x9d0;t\x9c\x90q\x9c", "<U+009B>2J<U+009D>0;t<U+009C><U+0090>q<U+009C>"),  # 8-bit CSI, OSC, ST, DCS
        ("\x85", "<U+0085>"),  # NEL, a C1 line break
        ("a\x7fb\x08c", "a␡b␈c"),  # DEL and backspace: they would rub out what is shown
        ("\rfake prompt $ ", "␍fake prompt $ "),
        ("access\u202e\u2066gnp.exe\u2069", "access<U+202E><U+2066>gnp.exe<U+2069>"),
        ("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u2067\u2068", None),
        ("a\u2028b\u2029c\ufeff", "a<U+2028>b<U+2029>c<U+FEFF>"),
        ("\udc9b2J \udcff", "<0x9B>2J <0xFF>"),  # bytes that were not UTF-8, kept by surrogateescape
        ("\ud800", "<U+D800>"),
    ],
)
def test_sequences_and_characters(raw: str, shown: str | None) -> None:
    result = make_printable(raw)
    assert not BANNED.search(result)
    if shown is not None:
        assert result == shown


def test_bytes_that_are_not_utf8_are_shown_by_value() -> None:
    assert make_printable(b"ok \xea\xb0\x80 \xff\x9b[31m \xea\xb0") == "ok 가 <0xFF><0x9B>[31m <0xEA><0xB0>"


def test_text_is_otherwise_untouched() -> None:
    text = "한글\tok\nemoji 👩\u200d💻 nbsp\u00a0zwsp\u200b [b]markup[/b] ␛ <U+202E>\n"
    assert make_printable(text) == text


def test_one_line() -> None:
    assert make_printable("a\nb\x1b", single_line=True) == "a␤b␛"
    assert make_printable("a\tb", single_line=True) == "a\tb"


def test_a_sequence_cut_between_chunks_is_harmless_in_each() -> None:
    hostile = "\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\u202e"
    for cut in range(len(hostile) + 1):
        for piece in (hostile[:cut], hostile[cut:]):
            assert not BANNED.search(make_printable(piece))
