"""The checks on what a directory holds after the attempt: names, how many, globs, each matching file."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

from shelltutor.course.globs import glob_matches
from shelltutor.course.model import EachFile, FileExpect, Fixture, LocalText
from shelltutor.grading.failure import Failure, GradingError
from shelltutor.grading.filechecks import content_failure, file_failure, home_relative, wants_directory
from shelltutor.grading.messages import KIND_NAMES
from shelltutor.grading.observed import EntryLike, Reference, StateLike, WorldLike
from shelltutor.grading.textmatch import as_match
from shelltutor.grading.worldmessages import local

MAX_LISTED = 10_000
"""Paths below a directory the grader looks through; a directory that holds more cannot be judged."""
SHOWN_NAMES = 5
"""Names a message lists before it says how many more there are."""


def path_failure(
    expect: FileExpect,
    world: WorldLike,
    state: StateLike,
    reference: Reference | None,
    stdout: str,
    stderr: str,
    commands: Sequence[str],
    fixture: Fixture,
) -> Failure | None:
    """The first thing wrong with one `files` entry: the path itself (see filechecks), then what it holds."""
    failure = file_failure(expect, world, state, reference, stdout, stderr, commands, fixture)
    if failure is not None or not expect.exists or not wants_directory(expect):
        return failure
    return _directory_failure(expect, world, reference, stdout, stderr, commands)


def _directory_failure(
    expect: FileExpect,
    world: WorldLike,
    reference: Reference | None,
    stdout: str,
    stderr: str,
    commands: Sequence[str],
) -> Failure | None:
    path = expect.path
    where = home_relative(path)
    listing_of = getattr(world, "listing", None)
    if not callable(listing_of):
        raise GradingError("this session cannot list a directory, which the exercise's directory checks need")
    try:
        below: Sequence[EntryLike] = listing_of(where, MAX_LISTED)
    except OSError as error:
        return Failure("files", local("dir_unreadable", path=path, reason=error.strerror or str(error)), 5)
    if getattr(below, "cut", None) is not None:
        return Failure("files", local("dir_too_big", path=path, limit=MAX_LISTED), 5)
    inside = {entry.path: entry for entry in below if "/" not in entry.path}
    if expect.empty is not None and (not inside) != expect.empty:
        if expect.empty:
            return Failure("files", local("dir_should_be_empty", path=path, names=_names(sorted(inside))), 5)
        return Failure("files", local("dir_is_empty", path=path), 5)
    if expect.entries:
        failure = _entries_failure(path, expect.entries, inside)
        if failure is not None:
            return failure
    if expect.count is not None and len(inside) != expect.count:
        return Failure("files", local("dir_count", path=path, got=len(inside), want=expect.count), 5)
    for glob in expect.none_match:
        left = [entry.path for entry in below if glob_matches(glob, entry.path)]
        if left:
            names = _names([f"{path.rstrip('/')}/{name}" for name in left])
            message = local("dir_matches_remain", path=path, glob=glob, names=names, how=_how(glob))
            return Failure("files", message, 5)
    for each in expect.each:
        failure = _each_failure(path, where, each, below, world, reference, stdout, stderr, commands)
        if failure is not None:
            return failure
    return None


def _entries_failure(path: str, entries: Sequence[str], inside: dict[str, EntryLike]) -> Failure | None:
    wanted = {name.rstrip("/"): name.endswith("/") for name in entries}
    missing = [name for name in entries if name.rstrip("/") not in inside]
    if missing:
        return Failure("files", local("dir_entries_missing", path=path, names=_names(missing)), 5)
    extra = sorted(name for name in inside if name not in wanted)
    if extra:
        message = local("dir_entries_extra", path=path, want=_names(list(entries)), names=_names(extra))
        return Failure("files", message, 5)
    for name, must_be_dir in wanted.items():
        if must_be_dir and inside[name].kind != "dir":
            got = KIND_NAMES.get(inside[name].kind, KIND_NAMES["other"])
            return Failure("files", local("dir_entry_not_dir", path=f"{path.rstrip('/')}/{name}", got=got), 5)
    return None


def _each_failure(
    path: str,
    where: str,
    each: EachFile,
    below: Sequence[EntryLike],
    world: WorldLike,
    reference: Reference | None,
    stdout: str,
    stderr: str,
    commands: Sequence[str],
) -> Failure | None:
    matching = [entry for entry in below if glob_matches(each.glob, entry.path)]
    if len(matching) < each.at_least:
        message = local(
            "each_too_few", path=path, glob=each.glob, got=len(matching), want=each.at_least, how=_how(each.glob)
        )
        return Failure("files", message, 5)
    for entry in matching:
        shown = f"{path.rstrip('/')}/{entry.path}"
        if entry.kind != "file":
            got = KIND_NAMES.get(entry.kind, KIND_NAMES["other"])
            return Failure("files", local("each_not_a_file", path=shown, glob=each.glob, got=got), 5)
        if each.content is not None:
            inner = posixpath.join(where, entry.path)
            match = as_match(each.content)
            failure = content_failure(shown, inner, match, world, reference, stdout, stderr, commands)
            if failure is not None:
                return failure
    return None


def _how(glob: str) -> LocalText:
    """How a glob is matched, in the learner's words (a name at any depth, or a path below the directory)."""
    return local("glob_below" if "/" in glob.strip("/") else "glob_any_depth")


def _names(names: Sequence[str]) -> str:
    """`a`, `b` and 3 more: a message's list of names in code spans, at most SHOWN_NAMES of them."""
    shown = ", ".join(f"`{name}`" for name in names[:SHOWN_NAMES])
    more = len(names) - SHOWN_NAMES
    return f"{shown} (+{more})" if more > 0 else shown
