"""Terminal output read as the terminal shows it (`shelltutor.sandbox.termtext`) and `ls`'s words read back
(`shelltutor.grading.piped`)."""

from __future__ import annotations

import pytest

from shelltutor.grading.piped import as_piped, ls_layout, split_words
from shelltutor.sandbox.termtext import plain_text, printable_with_colours

CURL_METER = (
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
    "                                 Dload  Upload   Total   Spent    Left  Speed\n"
    "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
    "\r100  1024  100  1024    0     0   512k      0 --:--:-- --:--:-- --:--:--  512k\n"
    "curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server\n"
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain\ntext\n", "plain\ntext\n"),
        ("\x1b[01;34mdata\x1b[0m  notes.txt\n", "data  notes.txt\n"),
        ("\x1b[01;31m\x1b[Kerr\x1b[m\x1b[Kor\n", "error\n"),
        ("line\r\n", "line\n"),
        ("10%\r50%\r100%\n", "100%\n"),
        ("abc\rX\n", "Xbc\n"),
        ("ab\bc\n", "ac\n"),
        # What a program writes to a pipe as well stays (it is shown as text, never obeyed):
        ("\x1b]0;title\x07text", "\x1b]0;title\x07text"),
        ("\x1b]52;c;ZXZpbA==\x1b\\after", "\x1b]52;c;ZXZpbA==\x1b\\after"),
        ("\x1b[2Jclear", "\x1b[2Jclear"),
        ("\x9b31mred", "\x9b31mred"),
        ("한글\x1b[1m굵게\x1b[0m\n", "한글굵게\n"),
    ],
)
def test_plain_text_drops_what_programs_add_for_a_terminal(raw: str, shown: str) -> None:
    assert plain_text(raw) == shown


def test_a_progress_meter_leaves_its_last_state_and_the_error() -> None:
    lines = plain_text(CURL_METER).splitlines()
    assert lines[-1].startswith("curl: (7) Failed to connect")
    assert lines[2].startswith("100  1024")
    assert "\r" not in plain_text(CURL_METER)


def test_a_screen_gets_the_colours_and_sees_every_other_sequence() -> None:
    shown = printable_with_colours(
        "\x1b[01;34mdata\x1b[0m \x1b[01;31m\x1b[Kerr\x1b[m\x1b[K \x1b]52;c;ZXZpbA==\x07\x1b[2J"
    )
    assert shown == "\x1b[01;34mdata\x1b[0m \x1b[01;31merr\x1b[m ␛]52;c;ZXZpbA==␇␛[2J"
    assert printable_with_colours("\x1b[1mbold\x1b[0m \x1b[K", colours=False) == "bold "
    assert printable_with_colours("50%\r100%\r") == "100%"
    assert printable_with_colours("\u202eevil\x9b31m") == "<U+202E>evil<U+009B>31m"


@pytest.mark.parametrize(
    ("command", "layout"),
    [
        ("ls", "columns"),
        ("ls -la ~", "long"),
        ("ls -1 data", "single"),
        ("cd data && ls -F", "columns"),
        ("ls | wc -l", None),
        ("ls > list.txt", None),
        ("echo $(ls)", None),
        ("ls; cat notes.txt", None),
        ("ls -x", "other"),
        ("ls data; ls -l data", None),
        ("vdir", "long"),
        ("for d in a b; do ls $d; done", "columns"),
    ],
)
def test_ls_layout(command: str, layout: str | None) -> None:
    assert ls_layout(command) == layout


def test_words_of_ls_on_a_terminal() -> None:
    line = " a.csv\t'b b.csv'  \"it's\"  'new'$'\\n''line'  한글"
    assert split_words(line) == ["a.csv", "'b b.csv'", '"it\'s"', "'new'$'\\n''line'", "한글"]
    assert as_piped("ls", line + "\n") == "a.csv\nb b.csv\nit's\nnew\nline\n한글\n"


def test_other_programs_only_lose_their_escapes() -> None:
    assert as_piped("grep -r x .", "\x1b[35m./a\x1b[m:  x  y\n") == "./a:  x  y\n"
    assert as_piped("cat table.txt", "a  b\nc  d\n") == "a  b\nc  d\n"


def test_a_mark_split_between_reads_is_held_back_whole() -> None:
    from shelltutor.sandbox.termstreams import mark, safe_cut

    end = mark("e", "0123456789abcdef")
    for size in range(1, len(end)):
        assert safe_cut(b"output" + end[:size], end) == len(b"output")  # every prefix, the closing ESC too
    assert safe_cut(b"a\x1b[31mred\x1b[0m", end) == len(b"a\x1b[31mred\x1b[0m")  # colours go on at once
    assert safe_cut(b"x\x1b", end) == 1


def test_plain_mode_joins_a_line_written_in_pieces() -> None:
    from shelltutor.plain import output_lines
    from shelltutor.sandbox.results import Chunk

    chunks = [
        Chunk("stdout", "osc\x1b]52"),
        Chunk("stderr", "err"),
        Chunk("stdout", ";x\x07 rest\nnext"),
        Chunk("stderr", "\n"),
    ]
    assert output_lines(chunks) == [("stdout", "osc\x1b]52;x\x07 rest"), ("stderr", "err"), ("stdout", "next")]
