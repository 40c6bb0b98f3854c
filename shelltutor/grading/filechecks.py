"""The checks on one path after the attempt: kind, mode, content, and links (followed with `resolves_to`)."""

from __future__ import annotations

import errno
import posixpath
import shlex
from collections import Counter
from collections.abc import Sequence

from shelltutor.course.model import CompareMode, FileExpect, Fixture, LocalText, TextMatch
from shelltutor.grading.diff import TextDiff
from shelltutor.grading.failure import Failure, GradingError
from shelltutor.grading.messages import KIND_NAMES
from shelltutor.grading.observed import EntryLike, Reference, StateLike, WorldLike
from shelltutor.grading.pathspell import LESSON_HOME
from shelltutor.grading.shape import parse
from shelltutor.grading.textmatch import as_match, as_text, check_text, near_miss, normalize, normalized_lines
from shelltutor.grading.worldmessages import local

MAX_FILE_BYTES = 1 << 20
"""A file's content is read up to this many bytes for grading."""


def home_relative(path: str) -> str:
    """The path as `stat` takes it: `~/x` and `x` are relative to the home; absolute paths stay."""
    if path in ("~", "~/"):
        return "."
    if path.startswith("~/"):
        return path[2:]
    return path


def absolute(path: str, home: str) -> str:
    path = home_relative(path)
    return posixpath.normpath(path if path.startswith("/") else posixpath.join(home, path))


def tilde(path: str, home: str) -> str:
    """`/home/learner/logs` as `~/logs`."""
    path = posixpath.normpath(path)
    home = posixpath.normpath(home)
    if path == home:
        return "~"
    if path.startswith(home + "/"):
        return "~/" + path[len(home) + 1 :]
    return path


def file_failure(
    expect: FileExpect,
    world: WorldLike,
    state: StateLike,
    reference: Reference | None,
    stdout: str,
    stderr: str,
    commands: Sequence[str],
    fixture: Fixture,
) -> Failure | None:
    path = expect.path
    where = home_relative(path)
    entry = world.stat(where)
    if not expect.exists:
        if entry is None:
            return None
        if _made_by_learner(where, fixture):
            # `echo msg > 2` made a file `2` earlier on: the right command alone cannot pass while it is there.
            remove = f"rm -r {shlex.quote(where)}" if entry.kind == "dir" else f"rm {shlex.quote(where)}"
            return Failure("files", local("file_made_earlier", path=path, remove=remove), 5)
        return Failure("files", local("file_should_be_absent", path=path), 5)
    if entry is None:
        return Failure("files", _missing_message(path, world, state, fixture), 5)
    wants_content = expect.content is not None
    want_kind = expect.type_ or ("file" if wants_content or expect.executable is not None else None)
    if want_kind is None and expect.resolves_to is not None:
        want_kind = "symlink"
    if want_kind is None and wants_directory(expect):
        want_kind = "dir"
    if want_kind is not None and entry.kind != want_kind:
        if entry.kind == "symlink":
            message = local("file_is_symlink", path=path, target=entry.target or "?")
        else:
            message = local("file_wrong_type", path=path, got=_kind(entry.kind), want=_kind(want_kind))
        return Failure("files", message, 5)
    if expect.mode is not None:
        want_mode = int(expect.mode, 8)
        got_mode = entry.mode & 0o7777
        if got_mode != want_mode:
            return Failure("files", local("file_mode", path=path, got=f"{got_mode:04o}", want=f"{want_mode:04o}"), 5)
    if expect.executable is not None and bool(entry.mode & 0o100) != expect.executable:
        return Failure(
            "files", local("file_not_executable" if expect.executable else "file_executable_unwanted", path=path), 5
        )
    if expect.target is not None and not _same_target(absolute(path, state.home), entry.target, expect.target, state):
        return Failure("files", local("symlink_target", path=path, got=entry.target or "?", want=expect.target), 5)
    if expect.resolves_to is not None:
        failure = _resolves_failure(path, entry, expect.resolves_to, world, state)
        if failure is not None:
            return failure
    if expect.content is None:
        return None
    return content_failure(path, where, as_match(expect.content), world, reference, stdout, stderr, commands)


def wants_directory(expect: FileExpect) -> bool:
    """Whether the expectation checks what is inside a directory."""
    return (
        expect.empty is not None or expect.count is not None or bool(expect.entries or expect.none_match or expect.each)
    )


MAX_LINKS = 40
"""Links followed one after another before giving up, as the kernel does (ELOOP)."""


def lesson_path(path: str, home: str) -> str:
    """A path as a lesson writes it (relative to the home, `~/…` or under /home/learner) in the world's terms."""
    if path == LESSON_HOME or path.startswith(LESSON_HOME + "/"):
        path = home + path[len(LESSON_HOME) :]
    return absolute(path, home)


def resolve(world: WorldLike, path: str, home: str) -> tuple[str, bool] | None:
    """Where the absolute `path` leads when every symlink on the way is followed, as the kernel follows them:
    (the path reached, whether something is there); None when the links go round in a circle. Links are read,
    never followed by the host: outside the home and /tmp nothing can be read, and the rest is taken as written."""
    parts = [part for part in path.split("/") if part]
    parts.reverse()
    reached, broken, hops = "/", False, 0
    while parts:
        part = parts.pop()
        if part == ".":
            continue
        if part == "..":
            reached = posixpath.dirname(reached)
            continue
        candidate = posixpath.join(reached, part)
        if not broken and (candidate == "/tmp" or candidate == home or home.startswith(candidate + "/")):
            reached = candidate  # the way to the home, and /tmp: directories the grader does not stat
            continue
        entry = None if broken else _lstat(world, candidate)
        if entry is not None and entry.kind == "symlink":
            hops += 1
            if hops > MAX_LINKS or entry.target is None:
                return None
            if entry.target.startswith("/"):
                reached = "/"
            parts.extend(reversed([p for p in entry.target.split("/") if p]))
            continue
        if entry is None or (parts and entry.kind != "dir"):
            broken = True  # the kernel would stop here (ENOENT, ENOTDIR); the rest is only a spelling
        reached = candidate
    there = reached in ("/", "/tmp", home) or home.startswith(reached + "/") or _lstat(world, reached) is not None
    return reached, not broken and there


def _lstat(world: WorldLike, path: str) -> EntryLike | None:
    try:
        return world.stat(path)
    except OSError:
        return None


def _resolves_failure(path: str, entry: EntryLike, want: str, world: WorldLike, state: StateLike) -> Failure | None:
    link = absolute(path, state.home)
    wanted = lesson_path(want, state.home)
    found = resolve(world, link, posixpath.normpath(state.home))
    if found is None:
        return Failure("files", local("link_loop", path=path), 5)
    reached, exists = found
    if reached == wanted:
        return (
            None if exists else Failure("files", local("link_dangling", path=path, want=tilde(wanted, state.home)), 5)
        )
    shown, want = tilde(reached, state.home), tilde(wanted, state.home)
    target = entry.target or ""
    if target and not target.startswith("/"):
        # `ln -s data/v2.csv runs/latest`: the target was written from where the learner stood, not from the link.
        for start in (state.cwd, state.home):
            if posixpath.normpath(posixpath.join(start, target)) == wanted:
                folder = tilde(posixpath.dirname(link), state.home)
                message = local("link_from_its_folder", path=path, got=shown, want=want, folder=folder)
                return Failure("files", message, 5)
    return Failure("files", local("link_leads_elsewhere", path=path, got=shown, want=want), 5)


def _same_target(link: str, got: str | None, want: str, state: StateLike) -> bool:
    """Whether a symlink at `link` pointing at `got` names the file `want` names: a relative target (`ln -sr`)
    is read from the link's folder, `~` and the lesson's /home/learner stand for the learner's home, and
    `a/../b` or `./b` spellings are the same path."""
    if got is None:
        return False
    if got == want:
        return True
    folder = posixpath.dirname(link)

    def resolved(target: str) -> str:
        if target == "~" or target.startswith("~/"):
            target = state.home + target[1:]
        elif target == LESSON_HOME or target.startswith(LESSON_HOME + "/"):
            target = state.home + target[len(LESSON_HOME) :]
        return posixpath.normpath(posixpath.join(folder, target))

    return resolved(got) == resolved(want)


def _kind(kind: str) -> LocalText:
    return KIND_NAMES.get(kind, KIND_NAMES["other"])


def _missing_message(path: str, world: WorldLike, state: StateLike, fixture: Fixture | None = None) -> LocalText:
    """`file_missing`, or `file_in_other_dir` when the learner made it where they stood instead (a file the
    exercise came with, such as the `eval.csv` to upload, is not one they made)."""
    wanted = absolute(path, state.home)
    name = posixpath.basename(wanted)
    given = {posixpath.normpath(absolute(f.path, state.home)) for f in fixture.files} if fixture else set()
    for candidate in (
        posixpath.join(state.cwd, home_relative(path)),
        posixpath.join(state.cwd, name),
        state.home + "/" + name,
    ):
        candidate = posixpath.normpath(candidate)
        if candidate != wanted and candidate not in given and world.stat(candidate) is not None:
            found = tilde(posixpath.dirname(candidate), state.home)
            return local("file_in_other_dir", path=path, name=name, found=found)
    return local("file_missing", path=path)


def content_failure(
    path: str,
    where: str,
    match: TextMatch,
    world: WorldLike,
    reference: Reference | None,
    stdout: str,
    stderr: str,
    commands: Sequence[str],
) -> Failure | None:
    ref: str | None = None
    if match.same_as_solution is not None:
        if reference is None:
            raise GradingError(f"{path} is compared with the reference solution's, which was not run")
        ref = reference.files.get(path)
        if ref is None:
            raise GradingError(f"the reference solution leaves no regular file at {path}")
    try:
        got = as_text(world.read_file(where, MAX_FILE_BYTES))
    except FileNotFoundError:
        return Failure("files", local("file_missing", path=path), 5)
    except OSError as error:  # the sandbox refuses symlinked components: the learner's doing
        if error.errno == errno.ELOOP:
            return Failure("files", local("file_through_symlink", path=path), 5)
        return Failure("files", local("file_unreadable", path=path, reason=error.strerror or str(error)), 5)
    mismatches = check_text(match, got, ref)
    if not mismatches:
        return None
    first = mismatches[0]
    got = first.got if first.got is not None else got  # as compared, after the match's rewrites
    if first.key == "empty":
        message = local("file_should_be_empty" if first.want_empty else "file_is_empty", path=path)
        return Failure("files", message, 5, (f"file:{path}", TextDiff(None, got)))
    if first.key == "regex":
        return Failure(
            "files",
            local("file_looks_for", path=path, looks_for=first.looks_for)
            if first.looks_for is not None
            else local("file_regex", path=path, pattern=first.expected or ""),
            5,
            (f"file:{path}", TextDiff(None, got)),
        )
    if first.key in ("contains", "excludes"):
        message = local(f"file_{first.key}", path=path, text=first.expected or "")
        return Failure("files", message, 5, (f"file:{path}", TextDiff(None, got)))
    assert first.expected is not None and first.mode is not None
    diff = (f"file:{path}", TextDiff(first.expected, got, first.mode))
    message = _content_message(path, first.expected, got, first.mode, stdout, stderr, commands)
    return Failure("files", message, 5, diff)


def _content_message(
    path: str, expected: str, got: str, mode: CompareMode, stdout: str, stderr: str, commands: Sequence[str]
) -> LocalText:
    want, have = normalize(expected), normalize(got)
    screen = _missing_on_screen(want, have, stdout, stderr, path, commands)
    if screen is not None:
        return screen
    if not have and want:
        return local("file_is_empty", path=path)
    if have and want:
        if have == want + "\n" + want:
            return local("file_doubled", path=path)
        if want.endswith("\n" + have):
            return local("file_overwritten", path=path)
        if have.endswith("\n" + want):
            return local("file_appended", path=path)
    near = near_miss(expected, got, mode)
    if near is not None and near != "empty":
        return local("file_content_how", path=path, how=local(f"near_{near}"))
    return local("file_content", path=path)


def _missing_on_screen(
    want: str, have: str, stdout: str, stderr: str, path: str, commands: Sequence[str]
) -> LocalText | None:
    """The lines missing from the file went to the screen: which stream, and was it `2>&1 > f`."""
    missing = Counter(normalized_lines(want)) - Counter(normalized_lines(have))
    missing_lines = {line for line in missing if line.strip()}
    if not missing_lines:
        return None
    name = posixpath.basename(path)
    for command in commands:
        # `2>&1 > f` (also inside `nohup … &`, whose errors went to a background job's screen, not the last
        # command's): standard error went where standard output pointed *before* it was sent to the file.
        for group in parse(command).redirect_groups:
            ops = [r.op for r in group]
            if "2>&1" in ops:
                dup = ops.index("2>&1")
                if any(r.op in (">", ">>") and posixpath.basename(r.target) == name for r in group[dup + 1 :]):
                    return local("redirect_order", path=path)
    on_stderr = set(normalized_lines(stderr))
    on_stdout = set(normalized_lines(stdout))
    if not missing_lines <= on_stderr | on_stdout:
        return None
    if missing_lines <= on_stderr:
        return local("stderr_not_in_file", path=path)
    return local("stdout_not_in_file", path=path)


def _made_by_learner(where: str, fixture: Fixture) -> bool:
    """Whether a path cannot have come with the exercise: it is not a fixture path, inside one or a directory
    holding one, and no setup command or generated data could have made it."""
    if fixture.setup or fixture.generate:
        return False
    path = posixpath.normpath(where)
    for f in fixture.files:
        given = posixpath.normpath(f.path)
        if path == given or path.startswith(given + "/") or given.startswith(path + "/"):
            return False
    return True
