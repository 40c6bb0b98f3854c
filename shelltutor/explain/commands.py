"""Simple commands: the command word (alias, function, builtin, program, or unknown), assignments, and each word
after it as an option (bundles, values, `--`), an argument, or another command (`sudo`, `xargs`, `find -exec`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

import tree_sitter

from shelltutor.explain import describe, options, redirects
from shelltutor.explain.builtins import KEYWORDS, builtin_names
from shelltutor.explain.words import explain_word, history_word
from shelltutor.grading.shape.words import WRAPPER_ARG_OPTIONS, unquote, unwrap
from shelltutor.resources import data_dir

if TYPE_CHECKING:
    from shelltutor.explain.walker import Context, Walker

MAX_WRAPPED = 16
"""Wrappers inside one another followed (`sudo time nice …`); the rest are plain arguments."""
SHELLS = frozenset({"bash", "sh", "dash"})


@dataclass(frozen=True)
class Word:
    """One word of a command: its node and its value after quote removal (expansions as written)."""

    node: tree_sitter.Node
    value: str


def explain_command(w: Walker, node: tree_sitter.Node, ctx: Context) -> None:
    """A `command`, `declaration_command` (export, local, declare …) or `unset_command`."""
    inline = [c for c in node.children if c.type in redirects.REDIRECTS]
    redirects.explain(w, sorted([*inline, *ctx.redirects], key=lambda n: n.start_byte), ctx)
    name: tree_sitter.Node | None = None
    arguments: list[Word] = []
    assignments: list[tree_sitter.Node] = []
    declared = node.type != "command"
    for child in node.children:
        if child.type in redirects.REDIRECTS or child.type == "comment":
            continue
        if child.type == "command_name":
            name = child.named_children[0] if child.named_children else child
        elif not child.is_named:
            if declared and name is None:
                name = child  # `export`, `local`, `unset`
        elif child.type == "variable_assignment" and (not declared or name is None):
            assignments.append(child)
        elif declared and child.type in ("variable_assignment", "variable_name"):
            _declared(w, child, w.node_text(name) if name is not None else "", ctx.depth)
        else:
            arguments.append(Word(child, _value(w, child)))
    for assignment in assignments:
        explain_assignment(w, assignment, ctx, alone=name is None)
    if name is not None:
        explain_simple(w, Word(name, _value(w, name)), arguments, ctx)


def _value(w: Walker, node: tree_sitter.Node) -> str:
    """The word with quotes removed and expansions as written: how options are recognised, in a sandbox or not."""
    return unquote(node) if node.is_named else w.node_text(node)


def explain_simple(w: Walker, name: Word, arguments: list[Word], ctx: Context) -> None:
    """The command word and its arguments; a wrapper's command (`sudo ls`) in turn, as a loop."""
    level = 0
    while True:
        program = name.value.rsplit("/", 1)[-1] if "/" in name.value and not name.value.endswith("/") else name.value
        _command_word(w, name, program, ctx.depth)
        if w.view is not None and name.value in w.view.aliases and w.view.aliases[name.value].split():
            program = w.view.aliases[name.value].split()[0]  # `ll -t`: the options are those of the alias's `ls`
        values = tuple(a.value for a in arguments)
        inner = unwrap(program, values) if program in WRAPPER_ARG_OPTIONS and level < MAX_WRAPPED else None
        if inner is None:
            if program == "find":
                options.find_arguments(w, arguments, ctx)
            else:
                options.arguments(w, program, arguments, ctx.depth)
            return
        first = len(arguments) - len(inner)
        options.arguments(w, program, arguments[:first], ctx.depth, wrapper=True)
        name, arguments = arguments[first], arguments[first + 1 :]
        level += 1


def _command_word(w: Walker, name: Word, program: str, depth: int) -> None:
    """The span of the command word: what runs, and what it is for."""
    node = name.node
    value = name.value
    view = w.view
    if (node.is_named and node.type != "word") or (node.type == "word" and "\\" in w.node_text(node)):
        explain_word(w, node, depth + 1)
    if "$" in w.node_text(node) or "`" in w.node_text(node):
        w.emit(node, "command", w.say("cmd.from_expansion"), depth)
        return
    if node.type == "word" and history_word(w, node, depth, kind="command"):
        return
    if view is not None and value in view.aliases and node.type == "word":
        said = w.say("cmd.alias", name=value, text=view.aliases[value])
        first = view.aliases[value].split()[0] if view.aliases[value].split() else ""
        found = describe.program_summary(first, w.lang) if first else None
        if found is not None and found.lang == w.lang:
            said += f" {first}: {found.text}"
        w.emit(node, "command", said, depth, source="sandbox")
        return
    if value in KEYWORDS:
        w.emit(node, "keyword", w.say("cmd.keyword", name=value), depth)
        return
    if view is not None and value in view.functions:
        w.emit(node, "command", w.say("cmd.function", name=value), depth, source="sandbox")
        return
    if value in builtin_names():
        found = describe.program_summary(value, w.lang)
        text = w.say("cmd.builtin", name=value) + (f" {found.text}" if found else "")
        w.emit(
            node,
            "command",
            text,
            depth,
            lang=found.lang if found else None,
            source=found.source if found else "shelltutor",
        )
        return
    found = describe.program_summary(program, w.lang)
    where = "cmd.path" if "/" in value else "cmd.program"
    if found is not None:
        text = w.say(where, name=value) + " " + found.text
        w.emit(node, "command", text, depth, lang=found.lang, source=found.source)
        if not _exists(w, value, program):
            _unknown(w, node, value, "cmd.not_found_but_documented")
        return
    if _exists(w, value, program):
        w.emit(node, "command", w.say(where, name=value) + " " + w.say("cmd.undocumented"), depth)
        return
    w.emit(node, "command", w.say("cmd.unknown", name=value), depth)
    _unknown(w, node, value, "problem.unknown_command")


def _exists(w: Walker, value: str, program: str) -> bool:
    """Whether the command would be found: on the shell's PATH in an exercise, else on this machine's (or among
    the sandbox's stand-ins); a path is taken as given."""
    if "/" in value:
        if w.view is None:
            return True
        return w.view.kind_of(w.view.absolute(value)) is not None or describe.installed(value)
    if w.view is not None:
        found = w.view.has_command(value)
        if found is not None:
            return found
    return describe.installed(program) or program in _stand_ins()


@cache
def _stand_ins() -> frozenset[str]:
    """The programs the sandbox puts in place of the machine's (crontab, nvidia-smi, …)."""
    folder = data_dir("sandbox") / "bin"
    return frozenset(p.name for p in folder.iterdir()) if folder.is_dir() else frozenset()


def _unknown(w: Walker, node: tree_sitter.Node, name: str, key: str) -> None:
    from shelltutor.explain.model import Problem

    offset = w.text.char(node.start_byte)
    line, column = w.text.position(offset)
    message = w.say(key, name=name, line=line, column=column, offset=offset)
    w.found.problems.append(Problem("unknown_command", offset, line, column, message))


def explain_assignment(w: Walker, node: tree_sitter.Node, ctx: Context, *, alone: bool) -> None:
    """`NAME=value` before a command (for that command only) or alone (for the shell)."""
    name = node.child_by_field_name("name")
    value = node.child_by_field_name("value")
    variable = w.node_text(name) if name is not None else "?"
    appends = any(not c.is_named and w.node_text(c) == "+=" for c in node.children)
    shown = "" if value is None else _value(w, value)
    key = ("assign.append_alone" if appends else "assign.alone") if alone else "assign.for_command"
    said = w.say(key, name=variable, value=shown)
    if w.view is not None and variable in w.view.variables:
        said += " " + w.say("assign.was", value=w.view.variables[variable])
    w.emit(node, "assignment", said, ctx.depth, source="sandbox" if w.view is not None else "shelltutor")
    if value is not None:
        explain_word(w, value, ctx.depth + 1, whole=False)


def _declared(w: Walker, node: tree_sitter.Node, builtin: str, depth: int) -> None:
    """A name given to `export`, `local`, `declare`, `readonly`, `unset`."""
    if node.type == "variable_assignment":
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        variable = w.node_text(name) if name is not None else "?"
        shown = "" if value is None else _value(w, value)
        w.emit(node, "assignment", w.say(f"declare.{_declare_kind(builtin)}_value", name=variable, value=shown), depth)
        if value is not None:
            explain_word(w, value, depth + 1, whole=False)
        return
    variable = w.node_text(node)
    w.emit(node, "argument", w.say(f"declare.{_declare_kind(builtin)}", name=variable), depth)


def _declare_kind(builtin: str) -> str:
    return {"export": "export", "local": "local", "readonly": "readonly", "unset": "unset"}.get(builtin, "declare")


def explain_test(w: Walker, node: tree_sitter.Node, ctx: Context) -> None:
    """`[ … ]` (the builtin test) and `[[ … ]]` (the keyword): their operators and operands."""
    from shelltutor.explain.walker import Context as Ctx

    for child in node.children:
        text = w.node_text(child)
        if not child.is_named:
            if text in ("[", "]"):
                w.emit(child, "command", w.say("test.bracket_open" if text == "[" else "test.bracket_close"), ctx.depth)
            else:
                w.token(node, child, ctx.depth)
            continue
        stack: list[tree_sitter.Node] = [child]
        while stack:
            part = stack.pop()
            if part.type in ("unary_expression", "binary_expression", "parenthesized_expression", "negated_expression"):
                for inner in reversed(part.children):
                    if inner.type == "test_operator" or not inner.is_named:
                        options.test_operator(w, inner, ctx.depth)
                    else:
                        stack.append(inner)
            elif part.type in ("command_substitution", "process_substitution"):
                w.push(part, replace(Ctx(ctx.depth), fds=ctx.fds))
            else:
                w.emit(part, "argument", w.say("test.operand"), ctx.depth)
                explain_word(w, part, ctx.depth + 1, whole=False)
