"""Command shape, read with tree-sitter-bash: commands used, options, pipes, redirections, background jobs.

tree-sitter-bash was chosen over bashlex, which is unmaintained since 2023 and fails on `[[ ]]`, `$(( ))` and
more. Nothing here looks at the raw text with regular expressions: every fact comes from the syntax tree.
"""

from __future__ import annotations

import os.path
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import tree_sitter
import tree_sitter_bash

from shelltutor.course.model import CommandUse, LocalText, ShapeCheck
from shelltutor.grading.messages import REDIRECT_MEANINGS, local

_LANGUAGE = tree_sitter.Language(tree_sitter_bash.language())
_local = threading.local()

WORD_NODES = frozenset(
    {"word", "string", "raw_string", "ansi_c_string", "translated_string", "concatenation", "number"}
)
"""Nodes that make one shell word (unquoted for comparison, never split further)."""
EDITORS = frozenset({"vi", "vim", "view", "nvim", "vimdiff", "nano", "pico", "emacs", "htop", "watch", "mc"})
"""Full-screen programs that need a terminal even when their output is redirected."""
REPLS = frozenset({"bash", "sh", "dash", "zsh", "python", "python3", "ipython", "bc"})
"""Programs that, given no script, start a prompt of their own reading the keyboard."""
PAGERS = frozenset({"less", "more", "most", "man", "info", "top"})
"""Programs that take the screen only when their output goes to the terminal."""
PAGER_BATCH_OPTIONS: dict[str, frozenset[str]] = {
    "man": frozenset({"-k", "-f", "-w", "--apropos", "--whatis", "--where", "--path"}),
    "top": frozenset({"-b", "--batch"}),
}
"""Options with which these programs print and exit instead of taking the screen."""
_WRAPPER_ARG_OPTIONS: dict[str, frozenset[str]] = {
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
_SHELLS = frozenset({"bash", "sh", "dash"})


@dataclass(frozen=True)
class Redirect:
    """One redirection, its operator normalized: `>` for `1>`, `1>&2` for `>&2`, `&>` for `>& file`."""

    op: str
    target: str = ""


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
            found.update(_option_forms(arg))
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


def _parser() -> tree_sitter.Parser:
    parser: tree_sitter.Parser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = tree_sitter.Parser(_LANGUAGE)
        _local.parser = parser
    return parser


@lru_cache(maxsize=2048)
def parse(command: str) -> ParsedLine:
    """The shape of one command line (cached: lines repeat across attempts and the harness)."""
    tree = _parser().parse(command.encode("utf-8", errors="surrogateescape"))
    walker = _Walker()
    walker.visit(tree.root_node, _Context())
    first = next((c.name for c in walker.commands if c.wrapped_by is None), None)
    return ParsedLine(
        source=command,
        commands=tuple(walker.commands),
        pipelines=tuple(walker.pipelines),
        redirect_groups=tuple(walker.groups),
        background=walker.background,
        first_word=first,
        tokens=tuple(_tokens(tree.root_node)),
        has_error=tree.root_node.has_error,
    )


@dataclass(frozen=True)
class _Context:
    piped_out: bool = False
    captured: bool = False
    redirects: tuple[Redirect, ...] = ()
    piped_in: bool = False


@dataclass
class _Walker:
    commands: list[SimpleCommand] = field(default_factory=list)
    pipelines: list[int] = field(default_factory=list)
    groups: list[tuple[Redirect, ...]] = field(default_factory=list)
    background: bool = False

    def visit(self, node: tree_sitter.Node, ctx: _Context) -> None:
        kind = node.type
        if kind == "&":
            self.background = True
        elif kind == "pipeline":
            self._pipeline(node, ctx)
        elif kind == "redirected_statement":
            self._redirected(node, ctx)
        elif kind in ("command", "declaration_command", "unset_command", "test_command"):
            self._command(node, ctx)
        elif kind in ("command_substitution", "process_substitution"):
            self._children(node, _Context(captured=True))
        elif kind in ("file_redirect", "heredoc_redirect", "herestring_redirect"):
            redirect = _redirect(node)
            if redirect is not None:
                self.groups.append((redirect,))
            self._children(node, ctx)
        else:
            self._children(node, ctx)

    def _children(self, node: tree_sitter.Node, ctx: _Context) -> None:
        for child in node.children:
            self.visit(child, ctx)

    def _pipeline(self, node: tree_sitter.Node, ctx: _Context) -> None:
        stages = [c for c in node.children if c.is_named and c.type != "comment"]
        self.pipelines.append(len(stages))
        if any(c.type == "|&" for c in node.children):
            self.groups.append((Redirect("|&"),))
        for index, stage in enumerate(stages):
            last = index == len(stages) - 1
            self.visit(
                stage,
                _Context(
                    ctx.piped_out or not last, ctx.captured, ctx.redirects if last else (), ctx.piped_in or index > 0
                ),
            )

    def _redirected(self, node: tree_sitter.Node, ctx: _Context) -> None:
        body = node.child_by_field_name("body")
        own = tuple(r for c in node.children if c != body and (r := _redirect(c)) is not None)
        inline = _inline_redirects(body) if body is not None and body.type == "command" else ()
        if inline or own:
            self.groups.append(inline + own)
        for child in node.children:
            if child != body:
                self._children(child, ctx)  # substitutions inside redirect targets
        if body is not None:
            self.visit(body, _Context(ctx.piped_out, ctx.captured, own + ctx.redirects, ctx.piped_in))

    def _command(self, node: tree_sitter.Node, ctx: _Context) -> None:
        words: list[str] = []
        name: str | None = None
        for child in node.children:
            if child.type == "command_name":
                name = unquote(child.named_children[0]) if child.named_children else _text(child)
            elif not child.is_named:
                if node.type != "command" and name is None:
                    name = _text(child)  # `export`, `declare`, `unset`, `[[`
            elif child.type == "variable_assignment":
                if node.type != "command":
                    words.append(_assignment(child))
            elif child.type != "comment" and _redirect(child) is None:
                words.append(unquote(child))
        inline = _inline_redirects(node)
        if inline and not parent_is_redirected(node):
            self.groups.append(inline)  # otherwise grouped with the enclosing statement's redirections
        if name is not None:
            self._add(os.path.basename(name) or name, tuple(words), inline + ctx.redirects, ctx, None)
        for child in node.children:
            if _redirect(child) is not None:
                self._children(child, ctx)  # substitutions inside a redirection's target
            elif child.type not in ("command_name", "word"):
                self.visit(child, ctx)

    def _add(
        self,
        name: str,
        args: tuple[str, ...],
        redirects: tuple[Redirect, ...],
        ctx: _Context,
        wrapped_by: str | None,
    ) -> None:
        self.commands.append(
            SimpleCommand(name, args, redirects, ctx.piped_out, ctx.captured, wrapped_by, ctx.piped_in)
        )
        inner = _unwrap(name, args)
        if inner is not None:
            self._add(os.path.basename(inner[0]) or inner[0], inner[1:], redirects, ctx, name)
        elif name == "find":
            for action in _find_actions(args):
                self._add(os.path.basename(action[0]) or action[0], action[1:], (), ctx, name)
        elif name in _SHELLS and "-c" in args[:-1]:
            script = args[args.index("-c") + 1]
            for command in parse(script).commands:
                self.commands.append(
                    SimpleCommand(command.name, command.args, command.redirects, ctx.piped_out, ctx.captured, name)
                )


def parent_is_redirected(node: tree_sitter.Node) -> bool:
    """Whether the node is the body of a redirected statement (whose redirections are grouped there)."""
    parent = node.parent
    return parent is not None and parent.type == "redirected_statement"


def _inline_redirects(node: tree_sitter.Node) -> tuple[Redirect, ...]:
    return tuple(r for c in node.children if (r := _redirect(c)) is not None)


def _unwrap(name: str, args: tuple[str, ...]) -> tuple[str, ...] | None:
    """The command a wrapper (`sudo ls`, `xargs grep x`, `timeout 5 cmd`) runs, if any."""
    takes_value = _WRAPPER_ARG_OPTIONS.get(name)
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


def _find_actions(args: tuple[str, ...]) -> list[tuple[str, ...]]:
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


def _option_forms(arg: str) -> set[str]:
    if arg.startswith("--") and len(arg) > 2:
        return {arg, arg.split("=", 1)[0]}
    if arg.startswith("-") and len(arg) > 1:
        return {arg, *(f"-{char}" for char in arg[1:])}
    return set()


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", errors="surrogateescape")


def unquote(node: tree_sitter.Node) -> str:
    """A word's value as bash would pass it (quotes and backslashes removed; expansions left as written)."""
    kind = node.type
    raw = _text(node)
    if kind == "raw_string":
        return raw[1:-1]
    if kind == "string":
        return "".join(
            _unescape(_text(c), inside_double=True) if c.type == "string_content" else _text(c)
            for c in node.named_children
        )
    if kind == "concatenation":
        return "".join(unquote(c) for c in node.children)
    if kind == "word":
        return _unescape(raw, inside_double=False)
    return raw


def _unescape(raw: str, *, inside_double: bool) -> str:
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


def _redirect(node: tree_sitter.Node) -> Redirect | None:
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
            fd = int(_text(child))
        elif not child.is_named:
            op = _text(child)
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


def _tokens(root: tree_sitter.Node) -> Iterator[str]:
    """Unquoted words and operators in order; words that touch (`'a b'\\ c`) are joined, comments dropped."""
    previous: tree_sitter.Node | None = None
    pending: str | None = None
    for node in _token_nodes(root):
        if node.type in WORD_NODES or node.type in ("simple_expansion", "expansion"):
            value = unquote(node)
            gap = _gap(previous, node, root) if previous is not None else None
            if pending is not None and gap is not None and (not gap or (not gap.isspace() and "\\" in gap)):
                pending += _unescape(gap, inside_double=False) + value
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
            yield _assignment(node)
        elif node.type == "file_redirect":
            redirect = _redirect(node)
            if redirect is None:
                yield _text(node)
            else:
                yield redirect.op
                if redirect.target and not redirect.op.endswith(redirect.target):
                    yield redirect.target
        else:
            yield _text(node)
    if pending is not None:
        yield pending


def _gap(left: tree_sitter.Node, right: tree_sitter.Node, root: tree_sitter.Node) -> str:
    raw = (root.text or b"")[left.end_byte - root.start_byte : right.start_byte - root.start_byte]
    return raw.decode("utf-8", errors="surrogateescape")


def _assignment(node: tree_sitter.Node) -> str:
    name = node.child_by_field_name("name")
    value = node.child_by_field_name("value")
    return f"{_text(name) if name else ''}={unquote(value) if value else ''}"


def _token_nodes(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    if node.type == "comment":
        return
    leaf_like = WORD_NODES | {"simple_expansion", "expansion", "heredoc_body", "variable_assignment", "file_redirect"}
    if node.type in leaf_like or node.child_count == 0:
        yield node
        return
    for child in node.children:
        yield from _token_nodes(child)


def same_commands(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two command lists are the same, token by token (spacing and quoting do not matter)."""
    return len(a) == len(b) and all(parse(x).tokens == parse(y).tokens for x, y in zip(a, b, strict=True))


def needs_terminal(command: str) -> bool:
    """Whether the line starts a full-screen program (vi, less, man, top …) or an interactive shell or Python
    prompt that reads the keyboard, so it needs a real terminal."""
    for cmd in parse(command).commands:
        if cmd.captured:
            continue
        if cmd.name in EDITORS or _starts_a_prompt(cmd):
            return True
        if cmd.name in PAGERS and not cmd.piped_out and not cmd.stdout_to_file:
            batch = PAGER_BATCH_OPTIONS.get(cmd.name, frozenset())
            if not batch & cmd.options():
                return True
    return False


def _starts_a_prompt(cmd: SimpleCommand) -> bool:
    """`bash`, `sh -l`, `python3`, `python3 -i`: a new prompt reading the keyboard, not a script or `-c`."""
    # Run by sudo (a stand-in here), xargs, nohup, timeout …, it is not the learner's prompt; `exec bash` is.
    if cmd.name not in REPLS or cmd.piped_in or cmd.wrapped_by not in (None, "exec", "command", "env"):
        return False
    if any(r.op in ("<", "<<", "<<<") for r in cmd.redirects):
        return False
    return all(arg.startswith("-") and arg not in ("-c", "-m") for arg in cmd.args)


@dataclass(frozen=True)
class ShapeFailure:
    """One shape requirement that no command of the attempt meets."""

    key: str
    message: LocalText


def check_shape(shape: ShapeCheck, commands: Iterable[str]) -> list[ShapeFailure]:
    """Every requirement of `shape` the attempt's command lines do not meet."""
    lines = [parse(c) for c in commands if c.strip()]
    failures: list[ShapeFailure] = []
    if shape.pipe is True and not any(line.pipelines for line in lines):
        failures.append(ShapeFailure("pipe", local("shape_pipe")))
    if shape.pipe is False and any(line.pipelines for line in lines):
        failures.append(ShapeFailure("pipe", local("shape_no_pipe")))
    if shape.min_stages is not None:
        longest = max((n for line in lines for n in line.pipelines), default=1)
        if longest < shape.min_stages:
            failures.append(ShapeFailure("min_stages", local("shape_min_stages", count=shape.min_stages, got=longest)))
    used_ops = {r.op for line in lines for r in line.redirects}
    for op in shape.redirects:
        if op not in used_ops:
            meaning = REDIRECT_MEANINGS.get(op, LocalText(en=op, ko=op))
            key = "shape_pipe_both" if op == "|&" else "shape_redirect"  # `|&` is a pipe, not a redirection
            failures.append(ShapeFailure("redirects", local(key, op=op, what=meaning)))
    all_commands = [c for line in lines for c in line.commands]
    for use in shape.uses:
        failure = _check_use(use if isinstance(use, CommandUse) else CommandUse(command=use), all_commands)
        if failure is not None:
            failures.append(failure)
    for name in shape.avoids:
        used = [c.name for c in all_commands if c.name in command_names(name)]
        if used:
            failures.append(ShapeFailure("avoids", local("shape_avoids", command=used[0])))
    if shape.starts_with is not None and not any(line.first_word == shape.starts_with for line in lines):
        failures.append(ShapeFailure("starts_with", local("shape_starts_with", word=shape.starts_with)))
    if shape.background is True and not any(line.background for line in lines):
        failures.append(ShapeFailure("background", local("shape_background")))
    if shape.background is False and any(line.background for line in lines):
        failures.append(ShapeFailure("background", local("shape_no_background")))
    if shape.any_of:
        alternatives = [check_shape(alternative, [line.source for line in lines]) for alternative in shape.any_of]
        if all(alternatives):
            # None holds: say what the first alternative still needs, and that there are others.
            first = alternatives[0][0].message
            failures.append(ShapeFailure("any_of", local("shape_any_of", first=first, count=len(alternatives) - 1)))
    return failures


def command_names(spec: str) -> tuple[str, ...]:
    """The names a `uses`/`avoids` entry accepts: `vi|vim` is either."""
    return tuple(name.strip() for name in spec.split("|") if name.strip())


def _check_use(use: CommandUse, commands: Sequence[SimpleCommand]) -> ShapeFailure | None:
    names = command_names(use.command)
    named = [c for c in commands if c.name in names]
    if not named:
        return ShapeFailure("uses", local("shape_uses", command=" / ".join(names)))
    wanted = list(use.options)
    if wanted and not any(all(_has_option(c, opt) for opt in wanted) for c in named):
        return ShapeFailure(
            "uses", local("shape_uses_options", command=use.command, options=" ".join(f"`{o}`" for o in wanted))
        )
    patterns = [re.compile(p) for p in use.args_match]
    candidates = [c for c in named if all(_has_option(c, opt) for opt in wanted)]
    for pattern in patterns:
        if not any(any(pattern.search(arg) for arg in c.args) for c in candidates):
            return ShapeFailure("uses", _argument_message(use.command, pattern.pattern))
    return None


_PLAIN = re.compile(r"(?:[^\\.^$*+?()\[\]{}|]|\\[.\-/~@:])+")
"""Regex text that stands for itself: no operators, only escaped punctuation (`hello\\.sh`)."""


def _argument_message(command: str, pattern: str) -> LocalText:
    """What a missing argument should be, in words: a learner does not read regular expressions. An anchored
    literal (`^hello\\.sh$`, `^wandb/?$`) is named, a literal prefix (`^~/`) described, anything else left to the
    task's own words."""
    body = pattern.removeprefix("^")
    exact = body.endswith("$")
    body = body.removesuffix("$")
    if exact and body.endswith("/?"):
        body = body[:-2]  # `dir/?`: with or without the slash
    if pattern.startswith("^") and body and _PLAIN.fullmatch(body):
        text = re.sub(r"\\(.)", r"\1", body)
        return local("shape_uses_arg_literal" if exact else "shape_uses_arg_prefix", command=command, arg=text)
    return local("shape_uses_args", command=command)


def _has_option(command: SimpleCommand, option: str) -> bool:
    given = command.options()
    if option in given:
        return True
    if option.startswith("-") and not option.startswith("--") and len(option) > 2:
        return all(f"-{char}" in given for char in option[1:])  # `-rn` asked, `-r -n` given
    return False
