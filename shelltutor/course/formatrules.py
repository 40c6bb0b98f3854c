"""Rules of the format's later features: rewrites, binary and /tmp fixtures, directory, link and process checks."""

from __future__ import annotations

import binascii
import re
from typing import TYPE_CHECKING, Any

import yaml

from shelltutor.course import model
from shelltutor.course.globs import GlobError, compile_glob
from shelltutor.course.nodes import item_node, join_key, node_for

if TYPE_CHECKING:
    from shelltutor.course.validate import NodeValidator

DIRECTORY_KEYS = ("empty", "entries", "count", "none_match", "each")
"""The keys of a FileExpect that only a directory can satisfy."""


def fixture_key(path: str) -> tuple[str, ...]:
    """A fixture path as comparable parts: `logs//a` and `./logs/a` alike; an absolute one starts with '/'."""
    parts = tuple(part for part in path.split("/") if part not in ("", "."))
    return ("/", *parts) if path.startswith("/") else parts


def cwd_key(cwd: str) -> tuple[str, ...]:
    """The fixture key of a starting directory: /home/learner/x is the home's x."""
    if cwd == model.SANDBOX_HOME or cwd.startswith(model.SANDBOX_HOME + "/"):
        cwd = cwd[len(model.SANDBOX_HOME) :].lstrip("/")
    return fixture_key(cwd)


def _bad_regex(v: NodeValidator, node: yaml.Node, key_path: str, pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as error:
        v.problem(node, key_path, f"invalid regular expression: {error}", offset=error.pos or 0)
        return None


def check_rewrite(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """The pattern compiles, matches something other than nothing, and its replacement names only its groups."""
    where = join_key(key_path, "regex")
    compiled = _bad_regex(v, node_for(node, "regex"), where, values["regex"])
    if compiled is None:
        return False
    if compiled.fullmatch(""):
        v.problem(
            node_for(node, "regex"),
            where,
            "this pattern matches the empty text, so it would put the replacement between every two characters",
            "make it match at least one character (`+` rather than `*`)",
        )
        return False
    replace = values.get("replace", "")
    try:
        compiled.sub(replace, "")
    except (re.error, IndexError) as error:
        v.problem(
            node_for(node, "replace"),
            join_key(key_path, "replace"),
            f"the replacement cannot be used with this pattern: {error}",
            "refer only to groups the pattern has (`\\1`, `\\g<name>`), and write a backslash as `\\\\`",
        )
        return False
    return True


def check_fixture_bytes(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """`content_base64` is base64, only for files, and not with `content`."""
    encoded = values.get("content_base64")
    if encoded is None:
        return True
    where = join_key(key_path, "content_base64")
    kind = values.get("type_", "file")
    if kind != "file":
        v.problem(node_for(node, "content_base64"), where, f"a {kind} has no content", "remove `content_base64`")
        return False
    if values.get("content"):
        v.problem(
            node_for(node, "content_base64"),
            where,
            "give the file's content once: `content` (text) or `content_base64` (bytes), not both",
            "remove one of them",
        )
        return False
    try:
        binascii.a2b_base64("".join(encoded.split()), strict_mode=True)
    except binascii.Error as error:
        v.problem(
            node_for(node, "content_base64"),
            where,
            f"not valid base64: {error}",
            "encode the file with `base64 -w0 FILE` and paste the output",
        )
        return False
    return True


def check_fixture_cwd(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """The starting directory exists when the learner starts: /tmp, the home, or a directory the fixture makes
    (a `files` entry at it or below it). A generator or setup commands may make it too: not checked then."""
    cwd = values.get("cwd", "")
    if not cwd or values.get("generate") is not None or values.get("setup"):
        return True
    key = cwd_key(cwd)
    if key in ((), ("/", "tmp")):
        return True
    files: tuple[model.FileFixture, ...] = values.get("files", ())
    for entry in files:
        parts = fixture_key(entry.path)
        if parts == key and entry.type_ != "dir":
            v.problem(
                node_for(node, "cwd"),
                join_key(key_path, "cwd"),
                f"the starting directory {cwd!r} is a {entry.type_} of the fixture, not a directory",
                "start in a directory",
            )
            return False
        if parts[: len(key)] == key:
            return True
    v.problem(
        node_for(node, "cwd"),
        join_key(key_path, "cwd"),
        f"the starting directory {cwd!r} is not made by the fixture, so the session could not start there",
        f"add `- {{path: {cwd}, type: dir}}` to the fixture's `files`",
    )
    return False


def _check_globs(v: NodeValidator, node: yaml.Node, key_path: str, globs: tuple[str, ...], single: bool) -> bool:
    ok = True
    for i, glob in enumerate(globs):
        try:
            compile_glob(glob)
        except GlobError as error:
            where = node if single else item_node(node, i)
            v.problem(where, key_path if single else f"{key_path}[{i}]", f"{error}", offset=error.offset)
            ok = False
    return ok


def check_file_expect(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """Links and directories: the keys fit the path's type, and a directory's keys agree with each other."""
    kind = values.get("type_")
    given = [key for key in DIRECTORY_KEYS if values.get(key) not in (None, ())]
    if values.get("exists") is False:
        extra = given + (["resolves_to"] if values.get("resolves_to") is not None else [])
        if extra:
            v.problem(
                node_for(node, extra[0]),
                join_key(key_path, extra[0]),
                f"`{extra[0]}` says what is true of the path, but `exists: false` wants it gone",
                f"remove `{extra[0]}` or `exists: false`",
            )
            return False
    if values.get("resolves_to") is not None and kind not in (None, "symlink"):
        v.problem(
            node_for(node, "resolves_to"),
            join_key(key_path, "resolves_to"),
            f"only a symlink leads somewhere, and this path is a {kind}",
            "write `type: symlink`, or remove `resolves_to`",
        )
        return False
    if not given:
        return True
    first = given[0]
    if kind not in (None, "dir"):
        v.problem(
            node_for(node, first),
            join_key(key_path, first),
            f"`{first}` is a check on a directory, and this path is a {kind}",
            "write `type: dir`",
        )
        return False
    for key in ("content", "executable", "target", "resolves_to"):
        if values.get(key) is not None:
            v.problem(
                node_for(node, key),
                join_key(key_path, key),
                f"`{key}` does not fit a directory, which `{first}` says this path is",
                f"check the directory with `{first}`, and the files in it with `each`",
            )
            return False
    return _check_directory(v, node, values, key_path)


def _check_directory(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    entries: tuple[str, ...] = values.get("entries", ())
    empty, count = values.get("empty"), values.get("count")
    entries_node = node_for(node, "entries")
    seen: dict[str, int] = {}
    for i, name in enumerate(entries):
        bare = name[:-1] if name.endswith("/") else name
        where = f"{join_key(key_path, 'entries')}[{i}]"
        problem: tuple[str, str] | None = None
        if not bare or "/" in bare or bare in (".", ".."):
            problem = (f"{name!r} is not a name directly inside the directory", "give one name, e.g. 'train.csv'")
        elif bare in seen:
            problem = (f"{name!r} is given twice (also entries[{seen[bare]}])", "give each name once")
        if problem is not None:
            v.problem(item_node(entries_node, i), where, *problem)
            return False
        seen[bare] = i
    says = []
    if empty is not None:
        says.append(("empty", 0 if empty else None))
    if entries:
        says.append(("entries", len(entries)))
    if count is not None:
        says.append(("count", count))
    numbers = {key: n for key, n in says if n is not None}
    if len(set(numbers.values())) > 1 or (empty is False and 0 in numbers.values()):
        key = says[-1][0]
        v.problem(
            node_for(node, key),
            join_key(key_path, key),
            "these directory checks contradict each other: "
            + ", ".join(f"{k} says {'something' if n is None else n}" for k, n in says),
            "keep one of them",
        )
        return False
    globs = values.get("none_match", ())
    globs_node = node_for(node, "none_match")
    return _check_globs(
        v, globs_node, join_key(key_path, "none_match"), globs, not isinstance(globs_node, yaml.SequenceNode)
    )


def check_each_file(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """The glob can be read, and the content is not compared with the solution's (whose files are collected by
    path, not by glob)."""
    content = values.get("content")
    if isinstance(content, model.TextMatch) and content.same_as_solution is not None:
        where = node_for(node_for(node, "content"), "same_as_solution")
        v.problem(
            where,
            f"{join_key(key_path, 'content')}.same_as_solution",
            "the files a glob matches cannot be compared with the solution's: only files named in `files` are",
            "say what each file must contain (`contains`, `regex`, …), or name the file in its own `files` entry",
        )
        return False
    return _check_globs(v, node_for(node, "glob"), join_key(key_path, "glob"), (values["glob"],), True)


def check_process_expect(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """A process is named by `name` or `command` (a pattern that compiles); `looks_for` describes `command`."""
    name, command = values.get("name"), values.get("command")
    if name is None and command is None:
        v.problem(
            node,
            key_path,
            "says no process: give its `name` (as `ps` shows it) or a `command` pattern for its command line",
        )
        return False
    if name is not None and ("/" in name or not name.strip()):
        v.problem(
            node_for(node, "name"),
            join_key(key_path, "name"),
            f"{name!r} is not a program's name as `ps` shows it",
            "give the name without its folder, e.g. 'train.sh'",
        )
        return False
    if values.get("looks_for") is not None and command is None:
        v.problem(
            node_for(node, "looks_for"),
            join_key(key_path, "looks_for"),
            "`looks_for` describes a `command` pattern, and there is none here",
            "add the `command` it describes, or remove `looks_for`",
        )
        return False
    if command is not None:
        return _bad_regex(v, node_for(node, "command"), join_key(key_path, "command"), command) is not None
    return True


def check_shellcheck(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """Codes are written as ShellCheck writes them (SC2086), none is both failed on and ignored, and a lint that
    is switched off fails on nothing."""
    ok = True
    lists: dict[str, tuple[str, ...]] = {key: values.get(key, ()) for key in ("fail_on", "ignore")}
    for key, codes in lists.items():
        codes_node = node_for(node, key)
        for i, code in enumerate(codes):
            where = key_path_item(join_key(key_path, key), i, codes_node)
            if not re.match(model.SHELLCHECK_CODE_PATTERN, code):
                digits = re.sub(r"\D", "", code)
                suggestion = f"write it as 'SC{digits}'" if len(digits) == 4 else "e.g. 'SC2086'"
                v.problem(
                    item_node(codes_node, i),
                    where,
                    f"{code!r} is not a ShellCheck code: SC and four digits, as ShellCheck's messages write them",
                    suggestion,
                )
                ok = False
    both = sorted(set(lists["fail_on"]) & set(lists["ignore"]))
    if ok and both:
        v.problem(
            node_for(node, "ignore"),
            join_key(key_path, "ignore"),
            f"{both[0]} is both in `fail_on` and in `ignore`: a finding cannot fail the attempt unseen",
            "keep it in one of them",
        )
        ok = False
    if ok and values.get("enabled") is False and lists["fail_on"]:
        v.problem(
            node_for(node, "enabled"),
            join_key(key_path, "enabled"),
            "`enabled: false` switches the lint off, so `fail_on` would never fail anything",
            "remove `enabled: false` or `fail_on`",
        )
        ok = False
    return ok


def key_path_item(key_path: str, index: int, node: yaml.Node) -> str:
    """`key[index]` for an item of a list, the key alone for a single value standing for the list."""
    return f"{key_path}[{index}]" if isinstance(node, yaml.SequenceNode) else key_path
