"""What a command's words mean: unquoted values, redirections, options, what a wrapper (`sudo`, `find -exec`) runs."""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

WRAPPER_ARG_OPTIONS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"}),
    "nice": frozenset({"-n"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "xargs": frozenset({"-n", "-I", "-d", "-P", "-L", "-s", "-E", "-a"}),
    "env": frozenset({"-u", "-C", "--unset", "--chdir"}),
    "watch": frozenset({"-n", "--interval"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "nohup": frozenset(),
    "time": frozenset(),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset({"-a"}),
}
"""Commands that run another command given as their arguments, with their options that take a value."""


def unwrap(name: str, args: tuple[str, ...]) -> tuple[str, ...] | None:
    """The command a wrapper (`sudo ls`, `xargs grep x`, `timeout 5 cmd`) runs, if any."""
    takes_value = WRAPPER_ARG_OPTIONS.get(name)
    if takes_value is None:
        return None
    index = 0
    positional_to_skip = 1 if name == "timeout" else 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            index += 1
            break
        if arg.startswith("-") and len(arg) > 1:
            index += 2 if arg in takes_value else 1
            continue
        if name == "env" and "=" in arg:
            index += 1
            continue
        if positional_to_skip:
            positional_to_skip -= 1
            index += 1
            continue
        break
    rest = args[index:]
    return rest or None


def find_actions(args: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The commands of `find … -exec cmd {} ;` (also -execdir, -ok, -okdir; ended by `;` or `+`)."""
    actions: list[tuple[str, ...]] = []
    index = 0
    while index < len(args):
        if args[index] in ("-exec", "-execdir", "-ok", "-okdir"):
            end = index + 1
            while end < len(args) and args[end] not in (";", "+"):
                end += 1
            if end > index + 1:
                actions.append(args[index + 1 : end])
            index = end
        index += 1
    return actions


def option_forms(arg: str) -> set[str]:
    """The options one word gives: `-rn` is `-rn`, `-r` and `-n`; `--key=2` is itself and `--key`."""
    if arg.startswith("--") and len(arg) > 2:
        return {arg, arg.split("=", 1)[0]}
    if arg.startswith("-") and len(arg) > 1:
        return {arg, *(f"-{char}" for char in arg[1:])}
    return set()


@dataclass(frozen=True)
class Redirect:
    """One redirection, its operator normalized: `>` for `1>`, `1>&2` for `>&2`, `&>` for `>& file`."""

    op: str
    target: str = ""


def node_text(node: tree_sitter.Node) -> str:
    """The node's source text."""
    return (node.text or b"").decode("utf-8", errors="surrogateescape")


def unquote(node: tree_sitter.Node) -> str:
    """A word's value as bash would pass it (quotes and backslashes removed; expansions left as written)."""
    kind = node.type
    if kind == "raw_string":
        return node_text(node)[1:-1]
    if kind == "string":
        return "".join(
            unescape(node_text(c), inside_double=True) if c.type == "string_content" else node_text(c)
            for c in node.named_children
        )
    if kind == "concatenation":
        # Its parts are words, strings and expansions, never another concatenation: one level, no recursion.
        return "".join(node_text(c) if c.type == "concatenation" else unquote(c) for c in node.children)
    if kind == "word":
        return unescape(node_text(node), inside_double=False)
    return node_text(node)


def unescape(raw: str, *, inside_double: bool) -> str:
    """Backslashes removed as bash does outside quotes, or inside double quotes."""
    out: list[str] = []
    chars = iter(raw)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            if inside_double and following not in '$`"\\\n':
                out.append(char)
            if following != "\n":
                out.append(following)
        else:
            out.append(char)
    return "".join(out)


def redirect_of(node: tree_sitter.Node) -> Redirect | None:
    """The redirection a node writes, if it is one."""
    if node.type == "heredoc_redirect":
        return Redirect("<<")
    if node.type == "herestring_redirect":
        return Redirect("<<<")
    if node.type != "file_redirect":
        return None
    fd: int | None = None
    op = ""
    target = ""
    for child in node.children:
        if child.type == "file_descriptor":
            fd = int(node_text(child))
        elif not child.is_named:
            op = node_text(child)
        else:
            target = unquote(child)
    return Redirect(_normalize_op(op, fd, target), target)


def _normalize_op(op: str, fd: int | None, target: str) -> str:
    if op in (">", ">|"):
        return ">" if fd in (None, 1) else f"{fd}>"
    if op == ">>":
        return ">>" if fd in (None, 1) else f"{fd}>>"
    if op == "<":
        return "<" if fd in (None, 0) else f"{fd}<"
    if op == ">&":
        if target.isdigit() or target == "-":
            return f"{1 if fd is None else fd}>&{target}"
        return "&>" if fd is None else f"{fd}>"
    if op == "<&":
        return f"{0 if fd is None else fd}<&{target}"
    if op in (">&-", "<&-"):
        return f"{(1 if op[0] == '>' else 0) if fd is None else fd}{op}"
    return op


def assignment(node: tree_sitter.Node) -> str:
    """`NAME=value`, the value unquoted."""
    name = node.child_by_field_name("name")
    value = node.child_by_field_name("value")
    return f"{node_text(name) if name else ''}={unquote(value) if value else ''}"
