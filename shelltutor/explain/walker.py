"""The walk over a command line's syntax tree: the structure (lists, pipelines, groups, loops) and its operators
and keywords; commands, words and redirections are handed to their own modules.

Like grading/shape/syntax.py, the walk is a loop over an explicit stack, never a recursion: `$( $( … ) )` nests
as deep as the line is long.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import tree_sitter

from shelltutor.explain.model import Collected, Kind, Source, Span
from shelltutor.explain.source import CommandText
from shelltutor.explain.view import ShellView
from shelltutor.explain.wording import say

Fds = tuple[tuple[int, str], ...]
"""Where each open file descriptor goes at this point, in words, sorted by number."""

COMMAND_NODES = frozenset({"command", "declaration_command", "unset_command"})
REDIRECT_NODES = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_KEYWORDS: dict[str, str] = {
    "if": "kw.if",
    "then": "kw.then",
    "elif": "kw.elif",
    "else": "kw.else",
    "fi": "kw.fi",
    "for": "kw.for",
    "select": "kw.select",
    "in": "kw.in",
    "do": "kw.do",
    "done": "kw.done",
    "while": "kw.while",
    "until": "kw.until",
    "case": "kw.case",
    "esac": "kw.esac",
    "function": "kw.function",
    "[[": "kw.test_open",
    "]]": "kw.test_close",
    "((": "kw.arith_open",
    "))": "kw.arith_close",
}
_OPERATORS: dict[tuple[str, str], str] = {
    ("pipeline", "|"): "op.pipe",
    ("pipeline", "|&"): "op.pipe_both",
    ("list", "&&"): "op.and",
    ("list", "||"): "op.or",
    ("negated_command", "!"): "op.not",
    ("subshell", "("): "op.subshell_open",
    ("subshell", ")"): "op.subshell_close",
    ("compound_statement", "{"): "op.group_open",
    ("compound_statement", "}"): "op.group_close",
    ("case_item", ")"): "op.case_pattern_end",
    ("case_item", ";;"): "op.case_end",
    ("case_item", ";&"): "op.case_fallthrough",
    ("case_item", ";;&"): "op.case_continue",
    ("case_item", "|"): "op.case_or",
}
_EVERYWHERE: dict[str, str] = {";": "op.semicolon", "&": "op.background", "\n": "op.semicolon"}


@dataclass(frozen=True)
class Context:
    """What a node inherits from where it stands."""

    depth: int = 0
    fds: Fds = ()
    """Where stdin, stdout, stderr (and any other open descriptor) go, before the node's own redirections."""
    redirects: tuple[tree_sitter.Node, ...] = ()
    """Redirections of the enclosing statement that belong to this command (`cmd <<< s &>> log`)."""


@dataclass
class Walker:
    """Walks one tree and collects the spans of everything on the line."""

    text: CommandText
    lang: str
    view: ShellView | None
    found: Collected = field(default_factory=Collected)
    _stack: list[tuple[tree_sitter.Node, Context]] = field(default_factory=list)

    # -- emitting ---------------------------------------------------------------------------------------------
    def emit(
        self,
        where: tree_sitter.Node | tuple[int, int],
        kind: Kind,
        explanation: str,
        depth: int,
        *,
        lang: str | None = None,
        source: Source = "shelltutor",
        expands_to: tuple[str, ...] | None = None,
    ) -> None:
        """Add a span (a node's, or characters `(start, end)`)."""
        start, end = self.text.span(where) if isinstance(where, tree_sitter.Node) else where
        if end <= start:
            return
        lang = lang or self.lang
        if lang != self.lang:
            self.found.english_fallbacks += 1
        self.found.spans.append(
            Span(start, end, kind, self.text.text(start, end), explanation, lang, source, depth, expands_to)
        )

    def say(self, key: str, /, **values: object) -> str:
        """A sentence in the learner's language."""
        return say(key, self.lang, **values)

    def node_text(self, node: tree_sitter.Node) -> str:
        """A node's text as written."""
        start, end = self.text.span(node)
        return self.text.text(start, end)

    def push(self, node: tree_sitter.Node, ctx: Context) -> None:
        """Walk `node` later (its spans then come in order, after what is being emitted now)."""
        self._stack.append((node, ctx))

    def initial_fds(self) -> Fds:
        """Where the three standard descriptors go for a command typed at the prompt."""
        return ((0, self.say("fd.keyboard")), (1, self.say("fd.terminal")), (2, self.say("fd.terminal")))

    # -- walking ----------------------------------------------------------------------------------------------
    def walk(self, root: tree_sitter.Node) -> None:
        """Visit every node in document order."""
        self._stack = [(root, Context(0, self.initial_fds()))]
        while self._stack:
            node, ctx = self._stack.pop()
            tasks = self._visit(node, ctx)
            self._stack.extend(reversed(tasks))

    def _visit(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        from shelltutor.explain import commands, redirects, words

        kind = node.type
        if kind == "comment":
            self.emit(node, "comment", self.say("comment"), ctx.depth)
            return []
        if kind == "ERROR":
            return [(child, ctx) for child in node.children if child.is_named]
        if kind in COMMAND_NODES:
            commands.explain_command(self, node, ctx)
            return []
        if kind == "redirected_statement":
            return redirects.redirected_statement(self, node, ctx)
        if kind == "pipeline":
            return self._pipeline(node, ctx)
        if kind == "test_command":
            commands.explain_test(self, node, ctx)
            return []
        if kind == "variable_assignment":
            commands.explain_assignment(self, node, ctx, alone=True)
            return []
        if kind == "variable_assignments":
            for child in node.named_children:
                commands.explain_assignment(self, child, ctx, alone=True)
            return []
        if kind in ("for_statement", "select_statement"):
            return self._for(node, ctx)
        if kind == "case_statement":
            return self._case(node, ctx)
        if kind == "function_definition":
            return self._function(node, ctx)
        if kind == "arithmetic_expansion" or kind in words.WORD_PARTS:
            words.explain_word(self, node, ctx.depth)
            return []
        return self._structure(node, ctx)

    def _structure(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        """Operators and keywords of the node itself; its named children walked in turn."""
        tasks: list[tuple[tree_sitter.Node, Context]] = []
        arithmetic = node.type in ("arithmetic_command", "compound_statement") and _has(node, "((")
        for child in node.children:
            if child.is_named:
                if arithmetic and child.type not in ("comment",):
                    from shelltutor.explain import words

                    words.explain_arithmetic(self, child, ctx.depth + 1)
                    continue
                tasks.append((child, ctx))
                continue
            self.token(node, child, ctx.depth)
        return tasks

    def token(self, parent: tree_sitter.Node, child: tree_sitter.Node, depth: int) -> None:
        """A keyword's or an operator's span."""
        token = self.node_text(child)
        if (token in _KEYWORDS and parent.type not in ("test_command",)) or token in ("[[", "]]"):
            self.emit(child, "keyword", self.say(_KEYWORDS[token]), depth)
            return
        key = _OPERATORS.get((parent.type, token)) or _EVERYWHERE.get(token)
        if key is not None:
            self.emit(child, "operator", self.say(key), depth)

    def _pipeline(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        stages = [c for c in node.children if c.is_named and c.type != "comment"]
        tasks: list[tuple[tree_sitter.Node, Context]] = []
        pipe_out = self.say("fd.pipe_out")
        pipe_in = self.say("fd.pipe_in")
        for index, stage in enumerate(stages):
            fds = dict(ctx.fds)
            if index > 0:
                fds[0] = pipe_in
            if index < len(stages) - 1:
                fds[1] = pipe_out
                following = stage.next_sibling
                if following is not None and self.node_text(following) == "|&":
                    fds[2] = pipe_out
            tasks.append((stage, replace(ctx, fds=tuple(sorted(fds.items())))))
        for child in node.children:
            if not child.is_named:
                self.token(node, child, ctx.depth)
        return tasks

    def _for(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        from shelltutor.explain import words

        tasks: list[tuple[tree_sitter.Node, Context]] = []
        variable = node.child_by_field_name("variable")
        for index, child in enumerate(node.children):
            field_name = node.field_name_for_child(index)
            if not child.is_named:
                self.token(node, child, ctx.depth)
            elif child == variable:
                self.emit(child, "argument", self.say("for.variable", name=self.node_text(child)), ctx.depth)
            elif field_name == "value":
                self.emit(child, "argument", self.say("for.value"), ctx.depth)
                words.explain_word(self, child, ctx.depth + 1)
            else:
                tasks.append((child, ctx))
        return tasks

    def _case(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        from shelltutor.explain import words

        tasks: list[tuple[tree_sitter.Node, Context]] = []
        subject = node.child_by_field_name("value")
        for child in node.children:
            if not child.is_named:
                self.token(node, child, ctx.depth)
            elif child == subject:
                self.emit(child, "argument", self.say("case.subject"), ctx.depth)
                words.explain_word(self, child, ctx.depth + 1)
            elif child.type == "case_item":
                tasks.extend(self._case_item(child, ctx))
            else:
                tasks.append((child, ctx))
        return tasks

    def _case_item(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        tasks: list[tuple[tree_sitter.Node, Context]] = []
        for index, child in enumerate(node.children):
            if not child.is_named:
                self.token(node, child, ctx.depth)
            elif node.field_name_for_child(index) == "value":
                self.emit(child, "argument", self.say("case.pattern"), ctx.depth)
            else:
                tasks.append((child, ctx))
        return tasks

    def _function(self, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
        name = node.child_by_field_name("name")
        tasks: list[tuple[tree_sitter.Node, Context]] = []
        for child in node.children:
            if child == name:
                self.emit(child, "command", self.say("function.name", name=self.node_text(child)), ctx.depth)
            elif child.is_named:
                tasks.append((child, ctx))
            elif self.node_text(child) == "(":
                end = child.next_sibling
                stop = end.end_byte if end is not None and self.node_text(end) == ")" else child.end_byte
                self.emit(
                    (self.text.char(child.start_byte), self.text.char(stop)),
                    "operator",
                    self.say("function.parens"),
                    ctx.depth,
                )
            elif self.node_text(child) != ")":
                self.token(node, child, ctx.depth)
        return tasks


def _has(node: tree_sitter.Node, token: str) -> bool:
    return any(not c.is_named and (c.text or b"").decode("utf-8", "replace") == token for c in node.children)
