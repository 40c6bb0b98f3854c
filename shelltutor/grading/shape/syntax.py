"""Reading a command line's syntax tree (tree-sitter-bash) into its commands, pipelines, redirections and tokens.

Every walk over the tree is a loop over an explicit stack, never a recursion: a learner's `((((…))))`,
`$( $( … ) )` or `{ { … } }` nests as deep as the line is long, far deeper than Python's call stack.
"""

from __future__ import annotations

import os.path
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import tree_sitter

from shelltutor.grading.shape.words import (
    Redirect,
    assignment,
    find_actions,
    node_text,
    option_forms,
    redirect_of,
    unescape,
    unquote,
    unwrap,
)
from shelltutor.sandbox.bashtree import bash_parser as bash_parser  # also explain's parser

WORD_NODES = frozenset(
    {"word", "string", "raw_string", "ansi_c_string", "translated_string", "concatenation", "number"}
)
"""Nodes that make one shell word (unquoted for comparison, never split further)."""
_SHELLS = frozenset({"bash", "sh", "dash"})
MAX_SCRIPT_DEPTH = 8
"""How many `bash -c '…'` inside one another are looked into (each level's quoting costs more than the last,
so a real line never comes near; a deeper script still counts as the command that runs it)."""
MAX_WRAPPED_DEPTH = 32
"""How many wrappers inside one another (`sudo time nice …`, `find -exec find -exec …`) are followed: each level
holds the rest of the line as its arguments, so following all of a long chain would cost its length squared."""
_TOKEN_LEAVES = WORD_NODES | {"simple_expansion", "expansion", "heredoc_body", "variable_assignment", "file_redirect"}


@dataclass(frozen=True)
class SimpleCommand:
    """One command with its unquoted words, where its output goes, and the redirections written on it."""

    name: str
    args: tuple[str, ...] = ()
    redirects: tuple[Redirect, ...] = ()
    """Redirections applying to this command, in the order written (enclosing statements' last)."""
    piped_out: bool = False
    """Its standard output feeds another command in a pipeline."""
    captured: bool = False
    """It runs inside `$( )` or `<( )`: its output is captured, not shown."""
    wrapped_by: str | None = None
    """The command that runs it (`sudo`, `xargs`, `time` …), if any."""
    piped_in: bool = False
    """Its standard input comes from another command in a pipeline."""

    @property
    def stdout_to_file(self) -> bool:
        """Its standard output is redirected to a file."""
        return any(r.op in {">", ">>", "&>", "&>>"} for r in self.redirects)

    def options(self) -> frozenset[str]:
        """The options given: `-rn` counts as `-r` and `-n`, `--key=2` as `--key`; the raw words too."""
        found: set[str] = set()
        for arg in self.args:
            if arg == "--":
                break
            found.update(option_forms(arg))
        return frozenset(found)


@dataclass(frozen=True)
class ParsedLine:
    """What a bash parser sees in one command line."""

    source: str
    commands: tuple[SimpleCommand, ...] = ()
    """Every simple command, including those in `$( )`, subshells, loops and wrapped by sudo/xargs/time."""
    pipelines: tuple[int, ...] = ()
    """The number of stages of each pipeline."""
    redirect_groups: tuple[tuple[Redirect, ...], ...] = ()
    """The redirections of each command, in the order written (for `2>&1 > f` vs `> f 2>&1`)."""
    background: bool = False
    first_word: str | None = None
    tokens: tuple[str, ...] = ()
    """The line as unquoted tokens, for comparing two lines regardless of spacing and quoting."""
    has_error: bool = False
    """The parser found a syntax error (an unclosed quote, a stray `)` …)."""

    @property
    def redirects(self) -> tuple[Redirect, ...]:
        """Every redirection on the line."""
        return tuple(r for group in self.redirect_groups for r in group)

    def uses(self, name: str) -> bool:
        """Whether the command `name` is run anywhere on the line."""
        return any(c.name == name for c in self.commands)


def parse(command: str) -> ParsedLine:
    """The shape of one command line (cached: lines repeat across attempts and the harness)."""
    return _parse(command, 0)


@lru_cache(maxsize=2048)
def _parse(command: str, depth: int) -> ParsedLine:
    try:
        source = command.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no byte decoded to: not text bash could be given
        source = command.encode("utf-8", errors="replace")
    tree = bash_parser().parse(source)
    walker = _Walker(depth)
    walker.walk(tree.root_node)
    first = next((c.name for c in walker.commands if c.wrapped_by is None), None)
    return ParsedLine(
        source=command,
        commands=tuple(walker.commands),
        pipelines=tuple(walker.pipelines),
        redirect_groups=tuple(walker.groups),
        background=walker.background,
        first_word=first,
        tokens=tuple(_tokens(tree.root_node, source)),
        has_error=tree.root_node.has_error,
    )


@dataclass(frozen=True)
class _Context:
    piped_out: bool = False
    captured: bool = False
    redirects: tuple[Redirect, ...] = ()
    piped_in: bool = False
    redirected_body: bool = False
    """The node is the body of a redirected statement (whose redirections are grouped there)."""


_Task = tuple[tree_sitter.Node, _Context]


@dataclass
class _Walker:
    depth: int
    commands: list[SimpleCommand] = field(default_factory=list)
    pipelines: list[int] = field(default_factory=list)
    groups: list[tuple[Redirect, ...]] = field(default_factory=list)
    background: bool = False

    def walk(self, root: tree_sitter.Node) -> None:
        """Visit every node in document order: each visit does its own work, then hands back its children."""
        stack: list[_Task] = [(root, _Context())]
        while stack:
            node, ctx = stack.pop()
            stack.extend(reversed(self._visit(node, ctx)))

    def _visit(self, node: tree_sitter.Node, ctx: _Context) -> list[_Task]:
        kind = node.type
        inner = ctx if not ctx.redirected_body else _Context(ctx.piped_out, ctx.captured, ctx.redirects, ctx.piped_in)
        if kind == "&":
            self.background = True
            return []
        if kind == "pipeline":
            return self._pipeline(node, inner)
        if kind == "redirected_statement":
            return self._redirected(node, inner)
        if kind in ("command", "declaration_command", "unset_command", "test_command"):
            return self._command(node, ctx)
        if kind in ("command_substitution", "process_substitution"):
            return _children(node, _Context(captured=True))
        if kind in ("file_redirect", "heredoc_redirect", "herestring_redirect"):
            redirect = redirect_of(node)
            if redirect is not None:
                self.groups.append((redirect,))
        return _children(node, inner)

    def _pipeline(self, node: tree_sitter.Node, ctx: _Context) -> list[_Task]:
        stages = [c for c in node.children if c.is_named and c.type != "comment"]
        self.pipelines.append(len(stages))
        if any(c.type == "|&" for c in node.children):
            self.groups.append((Redirect("|&"),))
        last = len(stages) - 1
        return [
            (
                stage,
                _Context(
                    ctx.piped_out or index != last,
                    ctx.captured,
                    ctx.redirects if index == last else (),
                    ctx.piped_in or index > 0,
                ),
            )
            for index, stage in enumerate(stages)
        ]

    def _redirected(self, node: tree_sitter.Node, ctx: _Context) -> list[_Task]:
        body = node.child_by_field_name("body")
        own = tuple(r for c in node.children if c != body and (r := redirect_of(c)) is not None)
        inline = inline_redirects(body) if body is not None and body.type == "command" else ()
        if inline or own:
            self.groups.append(inline + own)
        # substitutions inside the redirections' targets, then the body
        tasks = [task for child in node.children if child != body for task in _children(child, ctx)]
        if body is not None:
            tasks.append((body, _Context(ctx.piped_out, ctx.captured, own + ctx.redirects, ctx.piped_in, True)))
        return tasks

    def _command(self, node: tree_sitter.Node, ctx: _Context) -> list[_Task]:
        words: list[str] = []
        name: str | None = None
        for child in node.children:
            if child.type == "command_name":
                name = unquote(child.named_children[0]) if child.named_children else node_text(child)
            elif not child.is_named:
                if node.type != "command" and name is None:
                    name = node_text(child)  # `export`, `declare`, `unset`, `[[`
            elif child.type == "variable_assignment":
                if node.type != "command":
                    words.append(assignment(child))
            elif child.type != "comment" and redirect_of(child) is None:
                words.append(unquote(child))
        inline = inline_redirects(node)
        if inline and not ctx.redirected_body:
            self.groups.append(inline)  # otherwise grouped with the enclosing statement's redirections
        ctx = _Context(ctx.piped_out, ctx.captured, ctx.redirects, ctx.piped_in)
        if name is not None and name.startswith("%") and len(name) > 1:
            # `%1` alone is bash's short form of `fg %1` (and `%1 &` of `bg %1`).
            words.insert(0, name)
            name = "fg"
        if name is not None:
            self._add(os.path.basename(name) or name, tuple(words), inline + ctx.redirects, ctx)
        tasks: list[_Task] = []
        for child in node.children:
            if redirect_of(child) is not None:
                tasks.extend(_children(child, ctx))  # substitutions inside a redirection's target
            elif child.type not in ("command_name", "word"):
                tasks.append((child, ctx))
        return tasks

    def _add(self, name: str, args: tuple[str, ...], redirects: tuple[Redirect, ...], ctx: _Context) -> None:
        """The command, then what it runs (`sudo ls`, `find -exec`, `bash -c '…'`), in document order; a stack,
        not a recursion: `sudo sudo sudo … ls` is as deep as the line is long."""
        pending: list[tuple[str, tuple[str, ...], tuple[Redirect, ...], str | None, int]] = [
            (name, args, redirects, None, 0)
        ]
        while pending:
            name, args, redirects, wrapped_by, level = pending.pop()
            self.commands.append(
                SimpleCommand(name, args, redirects, ctx.piped_out, ctx.captured, wrapped_by, ctx.piped_in)
            )
            inner = unwrap(name, args) if level < MAX_WRAPPED_DEPTH else None
            if inner is not None:
                pending.append((os.path.basename(inner[0]) or inner[0], inner[1:], redirects, name, level + 1))
            elif name == "find" and level < MAX_WRAPPED_DEPTH:
                actions = [(os.path.basename(a[0]) or a[0], a[1:], (), name, level + 1) for a in find_actions(args)]
                pending.extend(reversed(actions))
            elif name in _SHELLS and "-c" in args[:-1] and self.depth < MAX_SCRIPT_DEPTH:
                script = args[args.index("-c") + 1]
                for command in _parse(script, self.depth + 1).commands:
                    self.commands.append(
                        SimpleCommand(command.name, command.args, command.redirects, ctx.piped_out, ctx.captured, name)
                    )


def _children(node: tree_sitter.Node, ctx: _Context) -> list[_Task]:
    return [(child, ctx) for child in node.children]


def parent_is_redirected(node: tree_sitter.Node) -> bool:
    """Whether the node is the body of a redirected statement (whose redirections are grouped there)."""
    parent = node.parent
    return parent is not None and parent.type == "redirected_statement"


def inline_redirects(node: tree_sitter.Node) -> tuple[Redirect, ...]:
    """The redirections written among a command's own words."""
    return tuple(r for c in node.children if (r := redirect_of(c)) is not None)


def _tokens(root: tree_sitter.Node, source: bytes) -> Iterator[str]:
    """Unquoted words and operators in order; words that touch (`'a b'\\ c`) are joined, comments dropped."""
    previous: tree_sitter.Node | None = None
    pending: str | None = None
    for node in _token_nodes(root):
        if node.type in WORD_NODES or node.type in ("simple_expansion", "expansion"):
            value = unquote(node)
            gap = _gap(previous, node, root, source) if previous is not None else None
            if pending is not None and gap is not None and (not gap or (not gap.isspace() and "\\" in gap)):
                pending += unescape(gap, inside_double=False) + value
            else:
                if pending is not None:
                    yield pending
                pending = value
            previous = node
            continue
        if pending is not None:
            yield pending
            pending = None
        previous = None
        if node.type == "variable_assignment":
            yield assignment(node)
        elif node.type == "file_redirect":
            redirect = redirect_of(node)
            if redirect is None:
                yield node_text(node)
            else:
                yield redirect.op
                if redirect.target and not redirect.op.endswith(redirect.target):
                    yield redirect.target
        else:
            yield node_text(node)
    if pending is not None:
        yield pending


def _gap(left: tree_sitter.Node, right: tree_sitter.Node, root: tree_sitter.Node, source: bytes) -> str:
    raw = source[left.end_byte - root.start_byte : right.start_byte - root.start_byte]
    return raw.decode("utf-8", errors="surrogateescape")


def _token_nodes(root: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """The tree's words and operators in document order (words, expansions and redirections whole)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            continue
        if node.type in _TOKEN_LEAVES or node.child_count == 0:
            yield node
        else:
            stack.extend(reversed(node.children))
