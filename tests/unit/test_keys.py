"""The key notation of full-screen steps: `iHello<Esc>:wq<Enter>` becomes the bytes a terminal would send."""

from __future__ import annotations

import pytest

from shelltutor.course.keys import NAMED_KEYS, KeysError, parse_keys


@pytest.mark.parametrize(
    ("notation", "typed"),
    [
        ("", ""),
        ("plain text", "plain text"),
        ("iloss: 0.12<Esc>:wq<Enter>", "iloss: 0.12\x1b:wq\r"),
        ("<Esc><Esc>", "\x1b\x1b"),
        ("q", "q"),
        ("/error<CR>n", "/error\rn"),
        ("<Tab><BS><Space>", "\t\x7f "),
        ("<Up><Down><Right><Left>", "\x1b[A\x1b[B\x1b[C\x1b[D"),
        ("<PageUp><PageDown><Home><End>", "\x1b[5~\x1b[6~\x1b[H\x1b[F"),
        ("<esc><ENTER>", "\x1b\r"),  # names are case-insensitive
        ("<C-c>", "\x03"),
        ("<C-d><c-z>", "\x04\x1a"),
        ("<C-[>", "\x1b"),
        ("a<lt>b>c", "a<b>c"),  # <lt> is a literal '<'; a lone '>' is itself
        ("x < y", "x < y"),  # a '<' not forming a <name> is typed as is
        ("<>", "<>"),
        ("<not a key>", "<not a key>"),  # spaces inside: not a key name, typed literally
        ("echo 한글<Enter>", "echo 한글\r"),
    ],
)
def test_parse_keys(notation: str, typed: str) -> None:
    assert parse_keys(notation) == typed


def test_every_named_key_parses_in_any_case() -> None:
    for name, sequence in NAMED_KEYS.items():
        assert parse_keys(f"<{name}>") == sequence
        assert parse_keys(f"<{name.upper()}>") == sequence


@pytest.mark.parametrize(
    ("notation", "bad", "offset"),
    [
        ("<Foo>", "<Foo>", 0),
        ("ihello<Foo>:wq<Enter>", "<Foo>", 6),
        ("<Esc><Ctrl-c>", "<Ctrl-c>", 5),
        ("<C-1>", "<C-1>", 0),
        ("<C-ab>", "<C-ab>", 0),
        ("<F1>", "<F1>", 0),
    ],
)
def test_unknown_key_names_are_errors_that_point_at_the_key(notation: str, bad: str, offset: int) -> None:
    with pytest.raises(KeysError) as raised:
        parse_keys(notation)
    message = str(raised.value)
    assert message.startswith(f"unknown key {bad}; known keys: <Esc>, <Enter>")
    assert message.endswith("and <C-x> for Ctrl-x")
    assert raised.value.offset == offset
    assert notation[offset:].startswith(bad)


def test_keys_error_is_a_value_error() -> None:
    assert issubclass(KeysError, ValueError)
