"""Hostile family: output floods. Endless and enormous output, binary, invalid UTF-8, escapes, bidi."""

from __future__ import annotations

import time

import pytest
from sandbox_helpers import run_ok

from shelltutor.sandbox import Session, make_printable


@pytest.mark.parametrize(
    ("flood", "stream"),
    [
        ("yes", "stdout"),
        ("yes >&2", "stderr"),
        ("while :; do echo y; done", "stdout"),
        ("head -c 50000000 /dev/zero | tr '\\0' x", "stdout"),  # one enormous line
        ("cat /dev/urandom", "stdout"),
        ("python3 -c 'import sys\nwhile True: sys.stdout.write(\"z\" * 65536)'", "stdout"),
    ],
)
def test_floods_are_truncated_quickly(session: Session, flood: str, stream: str) -> None:
    cap = session.spec.limits.output_bytes
    t0 = time.monotonic()
    r = session.run(flood, timeout=10)
    assert r.truncated and not r.timed_out and r.exit_code is None
    assert time.monotonic() - t0 < 5
    text = getattr(r, stream)
    assert 0 < len(text.encode("utf-8", "surrogatepass")) <= cap * 3  # replacement chars may widen bytes
    assert sum(len(c.text) for c in r.chunks) <= session.spec.limits.display_bytes
    assert run_ok(session, "echo next") == "next\n"


def test_binary_nul_and_invalid_utf8(session: Session) -> None:
    r = session.run("printf 'a\\0b\\xff\\xfec\\n'; head -c 2000 /dev/urandom >/dev/null")
    assert r.stdout == "a\x00b\ufffd\ufffdc\n"
    shown = make_printable(r.stdout)
    assert "\x00" not in shown and "␀" in shown
    r = session.run("head -c 3000 /dev/urandom")
    assert r.exit_code == 0 and len(r.stdout) > 0
    dangerous = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u202e", "\u2066"} - {"\n", "\t"}
    assert not dangerous & set(make_printable(r.stdout))
    r = session.run("printf '한글 \\xea\\xb0'; printf '\\x80\\n'")
    assert r.stdout.startswith("한글 ")


@pytest.mark.parametrize(
    "sequence",
    [
        "\\e[2J\\e[H",  # clear screen, cursor home
        "\\e]0;pwned title\\a",  # window title
        "\\e]52;c;cm0gLXJmIH4=\\a",  # OSC 52: write the clipboard
        "\\e[6n",  # cursor position report (makes terminals answer)
        "\\ePtmux;\\e\\e]0;x\\a\\e\\\\",  # DCS passthrough
        "\\x9b2J",  # 8-bit CSI
        "\\r\\e[Kfake prompt $ ",
    ],
)
def test_escape_sequences_are_made_harmless(session: Session, sequence: str) -> None:
    r = session.run(f"printf '{sequence}'; printf '{sequence}' >&2")
    assert r.exit_code == 0
    for text in (r.stdout, r.stderr, *(c.text for c in r.chunks)):
        shown = make_printable(text)
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown and "\r" not in shown


def test_bidi_controls_are_made_visible(session: Session) -> None:
    r = session.run("printf 'access\\u202e\\u2066gnp.exe\\u2069 \\u200f\\n'")
    shown = make_printable(r.stdout)
    assert "<U+202E>" in shown and "<U+2066>" in shown and "<U+2069>" in shown and "<U+200F>" in shown
    assert make_printable("한글\tok\n") == "한글\tok\n"
