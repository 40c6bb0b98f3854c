"""Every spelling a program accepts for an option is that option: long forms, aliases, bundles, values."""

from __future__ import annotations

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.grading.options import has_options, program_options, read_options

SAME = [
    ("rm", "-R x", "-r"),
    ("rm", "--recursive x", "-r"),
    ("rm", "--recur x", "-r"),  # getopt takes an unambiguous start
    ("rm", "-rf x", "-r -f"),
    ("rm", "-fr x", "-rf"),
    ("rm", "-r -f x", "-rf"),
    ("rm", "--force --recursive x", "-rf"),
    ("cp", "-R a b", "-r"),
    ("cp", "--recursive a b", "-r"),
    ("ls", "--sort=time", "-t"),
    ("ls", "--sort=size", "-S"),
    ("ls", "-lah", "-l -h"),
    ("ls", "-alh", "-lah"),
    ("ls", "-l --human-readable --all", "-lah"),
    ("ls", "--format=long", "-l"),
    ("ls", "--format=single-column", "-1"),
    ("ls", "--recursive data/", "-R"),
    ("grep", "--ignore-case error log", "-i"),
    ("grep", "-in error log", "-n -i"),
    ("grep", "--invert-match --line-number x f", "-v -n"),
    ("grep", "--count x f", "-c"),
    ("grep", "--extended-regexp 'a|b' f", "-E"),
    ("tail", "--follow log", "-f"),
    ("tail", "-n3 f", "-n3"),
    ("tail", "-n 3 f", "-n3"),
    ("tail", "--lines=3 f", "-n3"),
    ("tail", "--lines 3 f", "-n 3"),
    ("tail", "-3 f", "-n3"),
    ("head", "-3 f", "-n 3"),
    ("sort", "--numeric-sort f", "-n"),
    ("sort", "--sort=numeric f", "-n"),
    ("sort", "-rn f", "-n -r"),
    ("sort", "--reverse -n f", "-rn"),
    ("uniq", "--count", "-c"),
    ("wc", "--lines f", "-l"),
    ("cut", "--delimiter=, --fields=2 f", "-d -f"),
    ("cut", "-d, -f2 f", "-d -f"),
    ("mkdir", "--parents a/b", "-p"),
    ("du", "--summarize --human-readable x", "-sh"),
    ("df", "--human-readable", "-h"),
    ("sed", "--quiet 1,3p f", "-n"),
    ("sed", "-r 's/a/b/'", "-E"),
    ("kill", "-KILL 12", "-9"),
    ("kill", "-SIGKILL 12", "-9"),
    ("kill", "-s KILL 12", "-9"),
    ("kill", "-s 9 12", "-KILL"),
    ("kill", "-n 9 12", "-9"),
    ("kill", "-1 12", "-HUP"),
    ("kill", "-hup 12", "-SIGHUP"),
    ("kill", "-s SIGHUP %1", "-HUP"),
]

DIFFERENT = [
    ("rm", "-f x", "-r"),
    ("rm", "-i x", "-r"),
    ("ls", "-r", "-R"),  # reverse is not recursive
    ("ls", "-l", "-lah"),
    ("ls", "--sort=size", "-t"),
    ("grep", "-e -i f", "-i"),  # `-i` is the pattern here, the value of -e
    ("grep", "-r x .", "-R"),
    ("tail", "-n 5 f", "-n3"),
    ("head", "-5 f", "-n 3"),
    ("sort", "-k 2 f", "-n"),
    ("cut", "-f2 f", "-d"),
    ("kill", "-TERM 12", "-9"),
    ("kill", "12", "-9"),
    ("kill", "-15 12", "-HUP"),
    ("kill", "%1", "-9"),
]


def _has(program: str, given: str, wanted: str) -> bool | None:
    return has_options(program, given.split(), wanted.split())


@pytest.mark.parametrize(("program", "given", "wanted"), SAME)
def test_every_spelling_of_an_option_is_that_option(program: str, given: str, wanted: str) -> None:
    assert _has(program, given, wanted) is True


@pytest.mark.parametrize(("program", "given", "wanted"), DIFFERENT)
def test_different_options_stay_different(program: str, given: str, wanted: str) -> None:
    assert _has(program, given, wanted) is False


def test_values_are_read_where_the_program_reads_them() -> None:
    assert [(g.key, g.value) for g in read_options("cut", ["-d,", "-f", "2", "file"]) or []] == [
        ("-d", ","),
        ("-f", "2"),
    ]
    grep = read_options("grep", ["-A", "2", "-v", "x"]) or []
    assert [(g.key, g.value) for g in grep] == [("-A", "2"), ("-v", None)]
    # after `--` nothing is an option
    assert read_options("rm", ["--", "-r"]) == []


def test_an_unknown_program_is_left_to_the_caller() -> None:
    assert read_options("no-such-program", ["-x"]) is None
    assert has_options("no-such-program", ["-x"], ["-x"]) is None


def test_find_words_are_not_bundles() -> None:
    read = read_options("find", [".", "-name", "*.py", "-type", "f"]) or []
    assert "-n" not in {g.key for g in read}


def test_every_option_a_shipped_lesson_asks_for_is_in_the_table() -> None:
    """A lesson's `options: [-r]` is compared through the table, so each must be a known spelling."""
    course = load_course()
    asked: set[tuple[str, str]] = set()

    def walk(shape: object) -> None:
        for use in getattr(shape, "uses", ()):
            for option in getattr(use, "options", ()):
                asked.add((use.command, option))
        for alternative in getattr(shape, "any_of", ()) or ():
            walk(alternative)

    for exercise in course.exercises():
        walk(exercise.expect.shape)
        for wrong in exercise.wrong:
            walk(wrong.shape)
    assert asked
    for command, option in sorted(asked):
        for name in command.split("|"):
            if name == "kill":
                assert read_options(name, [option]), option
                continue
            spec = program_options(name)
            assert spec is not None, f"{name} (asked with {option}) is not in options.json"
            read = read_options(name, [option]) or []
            assert read and all(g.key in spec.args for g in read), f"{name} {option}"
