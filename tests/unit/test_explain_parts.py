"""explain's parts on their own: glob matching and brace expansion, `${…}` values, arithmetic, the reading of a
rendered manual page, of `--help` option lists and of gettext catalogs."""

from __future__ import annotations

import struct
import time
from pathlib import Path

import pytest

from shelltutor.explain import arith, params
from shelltutor.explain.catalogs import help_options, read_mo
from shelltutor.explain.glob import component_pattern, expand_braces, expand_glob, has_glob, plain
from shelltutor.explain.manpages import parse_page, shorten
from shelltutor.explain.view import ShellView
from shelltutor.grading.shape.syntax import bash_parser


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("*.txt", "notes.txt", True),
        ("*.txt", "notes.txt~", False),
        ("?.c", "a.c", True),
        ("?.c", "ab.c", False),
        ("[ab]*", "beta", True),
        ("[!ab]*", "beta", False),
        ("[^ab]*", "gamma", True),
        ("[a-c]x", "bx", True),
        ("[[:digit:]][[:digit:]]", "42", True),
        ("[[:upper:]]*", "readme", False),
        ("[]x]", "]", True),
        ("a*b*c", "aXXbYYc", True),
        ("a*b*c", "aXXbYY", False),
        ("*", "", True),
    ],
)
def test_glob_patterns(pattern: str, name: str, matches: bool) -> None:
    assert component_pattern(plain(pattern)).matches(name) is matches


def test_quoted_glob_characters_are_literal() -> None:
    chars = [("*", True), (".", False), ("t", False)]
    assert not has_glob(chars)
    assert component_pattern(chars).matches("*.t") and not component_pattern(chars).matches("a.t")
    assert not has_glob(plain("[ab"))  # a `[` without its `]` is a character


def test_a_pathological_glob_is_matched_in_linear_time() -> None:
    pattern = component_pattern(plain("*a" * 30 + "b"))
    started = time.monotonic()
    assert not pattern.matches("a" * 200)
    assert time.monotonic() - started < 0.5  # a regular expression would try every split: hours


def test_globs_match_directories_as_bash_does() -> None:
    tree = {
        "/h": [("a.csv", False), ("b.csv", False), (".hidden.csv", False), ("data", True), ("notes", False)],
        "/h/data": [("x.csv", False)],
    }
    view = ShellView({}, "/h", "/h", list_dir=lambda path: tree.get(path), kind_of=lambda path: "file")
    assert expand_glob(plain("*.csv"), view) == ["a.csv", "b.csv"]
    assert expand_glob(plain(".*.csv"), view) == [".hidden.csv"]
    assert expand_glob(plain("*/*.csv"), view) == ["data/x.csv"]  # only directories lead on
    assert expand_glob(plain("/h/d*/x.csv"), view) == ["/h/data/x.csv"]
    assert expand_glob(plain("*.none"), view) == []
    assert expand_glob(plain("nowhere/*"), view) is None  # a directory that cannot be listed


@pytest.mark.parametrize(
    ("word", "words"),
    [
        ("a{b,c}d", ["abd", "acd"]),
        ("{1..4}", ["1", "2", "3", "4"]),
        ("{3..1}", ["3", "2", "1"]),
        ("{01..10..4}", ["01", "05", "09"]),
        ("{a..c}", ["a", "b", "c"]),
        ("x{a,b{1,2}}", ["xa", "xb1", "xb2"]),
        ("{a}", None),
        ("${x}", None),
        ("{1..100000}", None),
        ("{a,b}" * 10, None),
    ],
)
def test_brace_expansion(word: str, words: list[str] | None) -> None:
    assert expand_braces(plain(word)) == words


def _expansion(text: str) -> params.Parameter:
    tree = bash_parser().parse(f"echo {text}".encode())
    node = tree.root_node.named_children[0].named_children[1]
    assert node.type == "expansion", node.type
    found = params.take_apart(node)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("${f}", "photo.tar.gz"),
        ("${#f}", "12"),
        ("${f%.*}", "photo.tar"),
        ("${f%%.*}", "photo"),
        ("${f#*.}", "tar.gz"),
        ("${f##*.}", "gz"),
        ("${f/tar/zip}", "photo.zip.gz"),
        ("${f^^}", "PHOTO.TAR.GZ"),
        ("${f:0:5}", "photo"),
        ("${nope:-default}", "default"),
        ("${empty:-default}", "default"),
        ("${empty-default}", ""),
        ("${f:+set}", "set"),
        ("${!ref}", "photo.tar.gz"),
        ("${f:-$HOME}", None),  # an operand that expands itself: not computed here
        ("${arr[2]}", None),
        ("${f%%$'\\n'}", None),
    ],
)
def test_parameter_values(text: str, value: str | None) -> None:
    variables = {"f": "photo.tar.gz", "empty": "", "ref": "f", "HOME": "/home/learner"}
    assert params.value_of(_expansion(text), variables) == value


def _arithmetic(text: str) -> arith.Evaluated:
    tree = bash_parser().parse(f"echo $(({text}))".encode())
    node = tree.root_node.named_children[0].named_children[1]
    assert node.type == "arithmetic_expansion"
    values = {"x": "6", "neg": "-2", "text": "abc"}
    return arith.evaluate(node.named_children[0], values.get)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("x / 4", 1),
        ("-7 / 2", -3),
        ("-7 % 2", -1),
        ("2 ** 10", 1024),
        ("2 ** 64", 0),
        ("1 << 3 | 1", 9),
        ("x > 5 ? 10 : 20", 10),
        ("!0 && neg < 0", 1),
        ("0x1f + 010 + 2#101", 44),
        ("unset_var + 1", 1),
        ("9223372036854775807 + 1", -9223372036854775808),
    ],
)
def test_arithmetic_that_changes_nothing_is_computed(text: str, value: int) -> None:
    assert _arithmetic(text).value == value


def test_arithmetic_that_assigns_or_fails_is_not_computed() -> None:
    assert _arithmetic("x++").changes == ("x",)
    assert _arithmetic("y = x + 1").changes == ("y",)
    assert _arithmetic("n += 2, x").changes == ("n",)
    assert _arithmetic("1 / 0").unknown == "division"
    assert _arithmetic("text + 1").unknown == "unknown"


RENDERED = """\
DEMO(1)                          User Commands                         DEMO(1)

NAME
       demo - show what a page looks like

DESCRIPTION
       Demo does things.  Options follow.

       -a, --all
              do not ignore entries starting with .

       -n NUM, --lines=NUM
              print NUM lines
              of output

       --color[=WHEN]
              colour the output WHEN

       -q     quiet: print nothing at all
       --help display this help and exit

       -x pattern
              match pattern; this line continues the option's paragraph
              -y and -z are not options here, only words of the paragraph

"""


def test_a_rendered_manual_page_is_read() -> None:
    page = parse_page("demo", RENDERED)
    assert page.summary == "show what a page looks like"
    all_option = page.option("--all")
    assert all_option is not None and all_option.names == ("-a", "--all") and not all_option.takes_value
    lines = page.option("-n")
    assert lines is not None and lines.takes_value and lines.description == "print NUM lines of output"
    color = page.option("--color")
    assert color is not None and color.takes_value
    quiet = page.option("-q")
    assert quiet is not None and quiet.description == "quiet: print nothing at all"
    assert page.option("-x") is not None and page.option("-y") is None


def test_long_descriptions_are_cut_after_a_sentence() -> None:
    text = "First sentence that is long enough to count for the cut here. " * 10
    assert shorten(text) == "First sentence that is long enough to count for the cut here."


def test_help_option_lists_are_read() -> None:
    text = (
        "  -a, --all                  do not ignore entries starting with .\n"
        "  -w, --width=COLS           set output width to COLS.  0 means no limit\n"
        "                               and more\n"
        "      -L\tforce symbolic links to be followed: resolve symbolic\n"
        "    \t\tlinks in DIR\n"
    )
    assert help_options(text) == [
        (("-a", "--all"), "do not ignore entries starting with ."),
        (("-w", "--width"), "set output width to COLS. 0 means no limit and more"),
        (("-L",), "force symbolic links to be followed: resolve symbolic links in DIR"),
    ]


def _mo(messages: dict[str, str]) -> bytes:
    """A GNU .mo file holding `messages` (little-endian, no hash table)."""
    keys = sorted(messages)
    originals = [k.encode() for k in keys]
    translations = [messages[k].encode() for k in keys]
    header = 28
    table = header + 16 * len(keys)
    data = b""
    offsets: list[tuple[int, int]] = []
    for blob in originals + translations:
        offsets.append((len(blob), table + len(data)))
        data += blob + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), header, header + 8 * len(keys), 0, 0)
    for length, offset in offsets:
        out += struct.pack("<2I", length, offset)
    return out + data


def test_gettext_catalogs_are_read(tmp_path: Path) -> None:
    path = tmp_path / "demo.mo"
    path.write_bytes(_mo({"  -a, --all   show all\n": "  -a, --all   모두 보여 줍니다\n", "ctx\x04word": "x"}))
    assert read_mo(path) == {"  -a, --all   show all\n": "  -a, --all   모두 보여 줍니다\n"}
    path.write_bytes(b"not a catalog at all")
    assert read_mo(path) == {}
    assert read_mo(tmp_path / "missing.mo") == {}
