"""The rules that span several fields of one class (a symlink needs a target, ids are unique, ...)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import yaml

from shelltutor.course import model
from shelltutor.course.formatrules import (
    check_each_file,
    check_file_expect,
    check_fixture_bytes,
    check_fixture_cwd,
    check_process_expect,
    check_rewrite,
    check_shellcheck,
    fixture_key,
)
from shelltutor.course.keys import KeysError, parse_keys
from shelltutor.course.nodes import join_key, node_for
from shelltutor.course.spec import CONTROL_CHARACTERS, fields_of

if TYPE_CHECKING:
    from shelltutor.course.validate import NodeValidator

LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}

CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
"""A character no text shown to the learner may hold."""
_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x9b": "control sequence introducer",
}
_SPECIAL_BITS = ((0o4000, "setuid"), (0o2000, "setgid"), (0o1000, "sticky"))


def control_problem(character: str) -> tuple[str, str]:
    """(message, suggestion) for a control character or bidi override in a text the learner sees."""
    code = f"U+{ord(character):04X}"
    if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
        name = unicodedata.name(character).lower()
        return (
            f"the text holds {code} ({name}), which makes text display in another order than it is written",
            "remove it",
        )
    name = _CONTROL_NAMES.get(character, "a control character")
    return (
        f"the text holds {code} ({name}): a terminal acts on control characters instead of showing them",
        "remove it; to name a key, write it in words (Esc, Ctrl-C)",
    )


def pattern_problem(pattern: str, value: str) -> tuple[str, str] | None:
    """(message, suggestion) for a value that breaks a pattern for a reason worth its own words, else None."""
    if pattern == model.FIXTURE_MODE_PATTERN and re.match(model.MODE_PATTERN, value):
        mode = int(value, 8)
        bits = [name for bit, name in _SPECIAL_BITS if mode & bit]
        return (
            f"mode {value!r} sets the {' and '.join(bits)} bit{'s' if len(bits) > 1 else ''}: "
            "a fixture may set only permission bits (at most 0777)",
            f"write '{mode & 0o777:04o}'",
        )
    if pattern == model.CWD_PATTERN and ".." in value.split("/"):
        return (
            f"{value!r} climbs with '..': a fixture reaches only the learner's home and /tmp",
            "write the path without '..', relative to the home or under /tmp",
        )
    if pattern == model.FIXTURE_PATH_PATTERN and value.startswith("/"):
        return (
            f"{value!r} is absolute and not under /tmp: a fixture makes paths relative to the home, or under the "
            "sandbox's own /tmp",
            "write it relative to the home, e.g. 'data/raw.csv', or under /tmp, e.g. '/tmp/job/in.txt'",
        )
    if pattern == model.CWD_PATTERN and value.startswith("/"):
        return (
            f"{value!r} is outside the home and /tmp: the sandbox has only the learner's home and its own /tmp "
            "to start in",
            "write a directory relative to the home, e.g. 'logs', or one under /tmp, e.g. '/tmp/job'",
        )
    if pattern == model.LEARNER_PATH_PATTERN and ".." in value.split("/"):
        return (
            f"{value!r} climbs with '..': the grader reads only files in the learner's home and /tmp",
            "write the path without '..', relative to the home or under /tmp",
        )
    if pattern == model.LEARNER_PATH_PATTERN and value.startswith("/"):
        return (
            f"{value!r} is outside the learner's home and /tmp: the grader reads only files the learner's "
            "commands can make",
            f"write a path relative to the home, e.g. 'out.txt', or one under {model.SANDBOX_HOME} or /tmp",
        )
    return None


def _check_local_text(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    ok = True
    for lang, name in LANGUAGE_NAMES.items():
        if lang in values and not str(values[lang]).strip():
            v.problem(node_for(node, lang), join_key(key_path, lang), f"the {name} text is empty")
            ok = False
    return ok


def _check_file_fixture(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    kind = values.get("type_", "file")
    if kind == "symlink" and not values.get("target"):
        v.problem(node, key_path, "a symlink needs a target", "add `target: path/it/points/to`")
        return False
    if kind != "symlink" and values.get("target") is not None:
        v.problem(
            node_for(node, "target"),
            join_key(key_path, "target"),
            "only a symlink has a target",
            "add `type: symlink`",
        )
        return False
    if kind != "file" and values.get("content"):
        v.problem(
            node_for(node, "content"),
            join_key(key_path, "content"),
            f"a {kind} has no content",
            "remove `content`",
        )
        return False
    return check_fixture_bytes(v, node, values, key_path)


def _check_fixture(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """Each path once, none inside a file or symlink of the fixture: the tutor would have to create the
    second entry over or through the first (and through a symlink it would reach the host's files)."""
    files: tuple[model.FileFixture, ...] = values.get("files", ())
    files_node = node_for(node, "files")
    items = files_node.value if isinstance(files_node, yaml.SequenceNode) else []
    first: dict[tuple[str, ...], int] = {}
    above: dict[tuple[str, ...], int] = {}
    """Directories above an entry, with the first entry below each."""

    def where(i: int) -> yaml.Node:
        return node_for(items[i], "path") if i < len(items) else node

    def line(i: int) -> int:
        return where(i).start_mark.line + 1

    ok = True
    for i, entry in enumerate(files):
        key = f"{join_key(key_path, 'files')}[{i}].path"
        parts = fixture_key(entry.path)
        problem: tuple[str, str] | None = None
        if not parts:
            problem = (f"{entry.path!r} names the home itself", "give a path below the home, e.g. 'data'")
        elif parts == ("/", "tmp"):
            problem = (f"{entry.path!r} names /tmp itself", "give a path below /tmp, e.g. '/tmp/job'")
        elif parts in first:
            j = first[parts]
            same = "is given twice" if files[j].path == entry.path else f"is the same path as {files[j].path!r}"
            problem = (
                f"{entry.path!r} {same}: files[{j}] on line {line(j)} creates it already",
                "give each file, directory or symlink once",
            )
        else:
            for end in range(1, len(parts)):
                j = first.get(parts[:end], -1)
                if j >= 0 and files[j].type_ != "dir":
                    problem = (
                        f"{entry.path!r} is inside {files[j].path!r}, which files[{j}] on line {line(j)} makes a "
                        f"{files[j].type_}: nothing is ever created through a {files[j].type_}",
                        f"make {files[j].path!r} a directory (type: dir), or put this entry elsewhere",
                    )
                    break
            if problem is None and entry.type_ != "dir" and parts in above:
                j = above[parts]
                problem = (
                    f"{entry.path!r} is a {entry.type_}, but files[{j}] on line {line(j)} puts {files[j].path!r} "
                    "inside it",
                    "make it `type: dir` (or leave it out: directories above an entry are made as needed)",
                )
        if problem is not None:
            v.problem(where(i), key, *problem)
            ok = False
            continue
        first[parts] = i
        for end in range(1, len(parts)):
            above.setdefault(parts[:end], i)
    return check_fixture_cwd(v, node, values, key_path) and ok


TEXT_MATCH_MODIFIERS = frozenset({"looks_for", "rewrite", "trim"})
"""Keys of a TextMatch that say how to compare, not what: a match needs at least one other key."""


def _check_text_match(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    if not any(value not in (None, ()) for key, value in values.items() if key not in TEXT_MATCH_MODIFIERS):
        keys = ", ".join(info.key for info in fields_of(model.TextMatch) if info.key not in TEXT_MATCH_MODIFIERS)
        v.problem(node, key_path, f"says nothing to check; give at least one of: {keys}")
        return False
    pattern = values.get("regex")
    if values.get("looks_for") is not None and pattern is None:
        v.problem(
            node_for(node, "looks_for"),
            join_key(key_path, "looks_for"),
            "`looks_for` describes a `regex`, and there is none here",
            "add the `regex` it describes, or remove `looks_for`",
        )
        return False
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as error:
            v.problem(
                node_for(node, "regex"),
                join_key(key_path, "regex"),
                f"invalid regular expression: {error}",
                offset=error.pos or 0,
            )
            return False
    return True


def _check_keys(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    try:
        parse_keys(values["keys"])
    except KeysError as error:
        v.problem(node_for(node, "keys"), join_key(key_path, "keys"), str(error), offset=error.offset)
        return False
    return True


def _check_command_use(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    for i, pattern in enumerate(values.get("args_match", ())):
        try:
            re.compile(pattern)
        except re.error as error:
            v.problem(
                node_for(node, "args_match"),
                f"{key_path}.args_match[{i}]",
                f"invalid regular expression: {error}",
            )
            return False
    return True


def _check_expectations(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    # ShellCheck's findings are advice (and `fail_on` holds only while a script is there): they expect nothing.
    if not any(value not in (None, ()) for key, value in values.items() if key != "shellcheck"):
        keys = ", ".join(info.key for info in fields_of(model.Expectations) if info.key != "shellcheck")
        v.problem(node, key_path, f"expects nothing, so every attempt would pass; give at least one of: {keys}")
        return False
    return True


def _names_command(text: str, command: str) -> bool:
    """Whether a task's text names `command` (`vi|vim`: either) as a word: `grep`, "with grep", `grep -i`,
    `grep로` (Korean particles follow a word without a space)."""
    return any(
        re.search(r"(?<![A-Za-z0-9_.-])" + re.escape(name.strip()) + r"(?![A-Za-z0-9_-])", text)
        for name in command.split("|")
        if name.strip()
    )


def _check_exercise(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    named = _check_named_uses(v, node, values, key_path)
    return _check_near_misses(v, node, values, key_path) and named


def _check_near_misses(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """A near miss changes text the solution has, into something else."""
    solution = values.get("solution") or ()
    texts = [step if isinstance(step, str) else f"{step.run}\n{step.keys}" for step in solution]
    misses_node = node_for(node, "near_misses")
    ok = True
    for i, miss in enumerate(values.get("near_misses", ())):
        item = (
            misses_node.value[i] if isinstance(misses_node, yaml.SequenceNode) and i < len(misses_node.value) else node
        )
        if miss.replace == miss.with_:
            v.problem(item, f"{key_path}.near_misses[{i}]", "the near miss changes nothing", "give another `with`")
            ok = False
        elif not any(miss.replace in text for text in texts):
            v.problem(
                node_for(item, "replace"),
                f"{key_path}.near_misses[{i}].replace",
                f"the solution has no {miss.replace!r} to change",
                "copy the text from the solution exactly",
            )
            ok = False
    return ok


def _check_named_uses(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    """A required command (`shape.uses`) must be named by the task in every language: where the task does not
    say which tool, a learner who gets the result with another one (`printf` for `echo`, `awk` for `cut`) is
    right, and the result is what is graded. `prefers` is for the usual tool the task leaves open."""
    expect, title, prompt = values.get("expect"), values.get("title"), values.get("prompt")
    shape = getattr(expect, "shape", None)
    if shape is None or title is None or prompt is None:
        return True
    uses_node = node_for(node_for(node_for(node, "expect"), "shape"), "uses")
    ok = True
    for i, use in enumerate(shape.uses):
        command = use.command if isinstance(use, model.CommandUse) else use
        silent = [
            LANGUAGE_NAMES[lang]
            for lang in ("en", "ko")
            if not _names_command(f"{title.get(lang)}\n{prompt.get(lang)}", command)
        ]
        if not silent:
            continue
        item = (
            uses_node.value[i] if isinstance(uses_node, yaml.SequenceNode) and i < len(uses_node.value) else uses_node
        )
        v.problem(
            item,
            f"{key_path}.expect.shape.uses[{i}]",
            f"the exercise requires `{command}`, but its task ({' and '.join(silent)} title and prompt) never names "
            "it: a learner who gets the result with another tool would be refused",
            f"name `{command}` in the prompt (e.g. 'with `{command}`') in every language, or move it to `prefers:`, "
            "which accepts other tools and shows this one as a tip",
        )
        ok = False
    return ok


def _check_lesson(v: NodeValidator, node: yaml.Node, values: dict[str, Any], key_path: str) -> bool:
    seen: dict[str, int] = {}
    ok = True
    exercises_node = node_for(node, "exercises")
    for i, exercise in enumerate(values.get("exercises", ())):
        if exercise.id in seen:
            item_node = exercises_node.value[i] if isinstance(exercises_node, yaml.SequenceNode) else node
            v.problem(
                node_for(item_node, "id"),
                f"exercises[{i}].id",
                f"duplicate exercise id {exercise.id!r} (also exercises[{seen[exercise.id]}])",
            )
            ok = False
        seen.setdefault(exercise.id, i)
    return ok


CROSS_FIELD_CHECKS: dict[type, Callable[[NodeValidator, yaml.Node, dict[str, Any], str], bool]] = {
    model.LocalText: _check_local_text,
    model.FileFixture: _check_file_fixture,
    model.Fixture: _check_fixture,
    model.TextMatch: _check_text_match,
    model.Rewrite: check_rewrite,
    model.FileExpect: check_file_expect,
    model.EachFile: check_each_file,
    model.ProcessExpect: check_process_expect,
    model.ShellCheckExpect: check_shellcheck,
    model.Keys: _check_keys,
    model.CommandUse: _check_command_use,
    model.Expectations: _check_expectations,
    model.Exercise: _check_exercise,
    model.Lesson: _check_lesson,
}
