"""Redirections, explained in the order bash applies them (left to right) against where each file descriptor goes
at that moment: `>f 2>&1` sends both to f, `2>&1 >f` sends stderr to where stdout went before (the terminal)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import tree_sitter

from shelltutor.explain.words import explain_expansion, explain_word
from shelltutor.grading.shape.words import unquote

if TYPE_CHECKING:
    from shelltutor.explain.walker import Context, Fds, Walker

REDIRECTS = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect"})
_OUTPUT = {">": "redir.out", ">|": "redir.clobber", ">>": "redir.append"}


def redirected_statement(w: Walker, node: tree_sitter.Node, ctx: Context) -> list[tuple[tree_sitter.Node, Context]]:
    """A statement with redirections: a command takes them with its own, in order; a loop or group has them
    apply to everything inside it."""
    from shelltutor.explain.walker import COMMAND_NODES

    body = node.child_by_field_name("body")
    own = tuple(c for c in node.children if c != body and c.type in REDIRECTS)
    if body is not None and body.type in COMMAND_NODES:
        return [(body, replace(ctx, redirects=ctx.redirects + own))]
    fds = explain(w, list(own), ctx)
    return [(body, replace(ctx, fds=fds, redirects=()))] if body is not None else []


def fd_name(w: Walker, fd: int) -> str:
    """`stdout`, `stderr`, … in words."""
    return w.say(f"fd.{fd}") if fd in (0, 1, 2) else w.say("fd.n", n=fd)


def _target_words(w: Walker, target: str) -> str:
    return w.say("fd.devnull") if target == "/dev/null" else w.say("fd.file", name=target)


def explain(w: Walker, nodes: list[tree_sitter.Node], ctx: Context) -> Fds:
    """Spans for `nodes` (in the order written) and where each descriptor goes after them."""
    fds = dict(ctx.fds)
    copies: dict[int, tuple[int, str, str]] = {}
    """A descriptor made a copy of another: (the other, the redirection's text, where both went then)."""
    for node in _flattened(w, nodes, ctx):
        if node.type == "heredoc_redirect":
            _heredoc(w, node, fds, ctx.depth)
            copies.pop(0, None)
            continue
        if node.type == "herestring_redirect":
            target = node.named_children[-1] if node.named_children else None
            text = unquote(target) if target is not None else ""
            w.emit(node, "redirection", w.say("redir.herestring", fd=fd_name(w, 0), text=text), ctx.depth)
            if target is not None:
                explain_word(w, target, ctx.depth + 1, whole=False)
            fds[0] = w.say("fd.herestring")
            copies.pop(0, None)
            continue
        _file_redirect(w, node, fds, copies, ctx.depth)
    return tuple(sorted(fds.items()))


def _flattened(w: Walker, nodes: list[tree_sitter.Node], ctx: Context) -> list[tree_sitter.Node]:
    """The redirections in order, with those tree-sitter nests in a here-document's node (`cat <<EOF >out`);
    anything else it nests there (`<<EOF | wc -l`) is walked on its own."""
    flat: list[tree_sitter.Node] = []
    for node in nodes:
        flat.append(node)
        if node.type != "heredoc_redirect":
            continue
        for child in node.named_children:
            if child.type in REDIRECTS:
                flat.append(child)
            elif child.type not in ("heredoc_start", "heredoc_body", "heredoc_end"):
                w.push(child, replace(ctx, redirects=()))
    return flat


def _file_redirect(
    w: Walker, node: tree_sitter.Node, fds: dict[int, str], copies: dict[int, tuple[int, str, str]], depth: int
) -> None:
    fd: int | None = None
    op = ""
    target: tree_sitter.Node | None = None
    op_end = node.end_byte
    for child in node.children:
        if child.type == "file_descriptor":
            fd = int(w.node_text(child)) if w.node_text(child).isdigit() else None
        elif not child.is_named:
            op, op_end = w.node_text(child), child.end_byte
        elif target is None:
            target = child
    text = unquote(target) if target is not None else ""
    if op in (">&-", "<&-"):
        # tree-sitter-bash reads the next word as this redirection's target; bash closes the descriptor and
        # the word is an argument of its own
        fd = fd if fd is not None else (1 if op[0] == ">" else 0)
        end = w.text.char(op_end)
        w.emit((w.text.char(node.start_byte), end), "redirection", w.say("redir.close", fd=fd_name(w, fd)), depth)
        fds.pop(fd, None)
        if target is not None:
            w.emit(target, "argument", w.say("arg.after_close"), depth)
        return
    start_said: str
    new_copy: tuple[int, str, str] | None = None
    if op in ("&>", "&>>") or (op == ">&" and fd is None and not (text.isdigit() or text == "-")):
        key = "redir.both_append" if op == "&>>" else "redir.both"
        start_said = w.say(key, target=text)
        where = _target_words(w, text)
        changed = [1, 2]
        fds[1] = fds[2] = where
    elif op in (">&", "<&"):
        fd = fd if fd is not None else (1 if op == ">&" else 0)
        other = int(text) if text.isdigit() else None
        if other is None or other not in fds:
            start_said = w.say("redir.dup_closed", fd=fd_name(w, fd), other=text)
            changed = [fd]
        else:
            key = "redir.dup" if op == ">&" else "redir.dup_in"
            start_said = w.say(key, fd=fd_name(w, fd), other=fd_name(w, other), where=fds[other])
            new_copy = (other, w.node_text(node), fds[other])
            fds[fd] = fds[other]
            changed = [fd]
    elif op in _OUTPUT:
        fd = fd if fd is not None else 1
        key = "redir.devnull" if text == "/dev/null" else _OUTPUT[op]
        start_said = w.say(key, fd=fd_name(w, fd), target=_target_words(w, text))
        existing = w.view is not None and w.view.kind_of(w.view.absolute(text)) == "file"
        if op != ">>" and text != "/dev/null" and existing:
            start_said += " " + w.say("redir.exists", target=text)
        fds[fd] = _target_words(w, text)
        changed = [fd]
    elif op in ("<", "<>"):
        fd = fd if fd is not None else 0
        key = "redir.in" if op == "<" else "redir.readwrite"
        start_said = w.say(key, fd=fd_name(w, fd), target=_target_words(w, text))
        fds[fd] = _target_words(w, text)
        changed = [fd]
    else:
        start_said = w.say("redir.other")
        changed = []
    for moved in changed:
        copies.pop(moved, None)
        for copy, (source, written, went) in list(copies.items()):
            if source == moved and copy not in changed and fds.get(moved) != went:
                start_said += " " + w.say(
                    "redir.earlier_copy", copy=fd_name(w, copy), written=written, source=fd_name(w, moved), went=went
                )
                del copies[copy]
    if new_copy is not None and fd is not None:
        copies[fd] = new_copy
    w.emit(node, "redirection", start_said, depth)
    if target is not None and not (op in (">&", "<&") and text.isdigit()):
        explain_word(w, target, depth + 1, whole=False)


def _heredoc(w: Walker, node: tree_sitter.Node, fds: dict[int, str], depth: int) -> None:
    start = next((c for c in node.children if c.type == "heredoc_start"), None)
    body = next((c for c in node.children if c.type == "heredoc_body"), None)
    end = next((c for c in node.children if c.type == "heredoc_end"), None)
    head_end = start.end_byte if start is not None else node.start_byte + 2
    delimiter = w.node_text(start) if start is not None else ""
    quoted = any(q in delimiter for q in "'\"\\")
    strips = w.text.command[w.text.char(node.start_byte) :].startswith("<<-")
    said = w.say("redir.heredoc", fd=fd_name(w, 0), delimiter=delimiter.strip("'\"\\"))
    said += " " + w.say("redir.heredoc_literal" if quoted else "redir.heredoc_expands")
    if strips:
        said += " " + w.say("redir.heredoc_tabs")
    w.emit((w.text.char(node.start_byte), w.text.char(head_end)), "redirection", said, depth)
    fds[0] = w.say("fd.heredoc")
    if body is not None:
        stop = end.end_byte if end is not None else body.end_byte
        w.emit((w.text.char(body.start_byte), w.text.char(stop)), "heredoc", w.say("heredoc.body"), depth)
        if not quoted:
            for part in body.named_children:
                explain_expansion(w, part, depth + 1)
