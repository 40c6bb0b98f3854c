"""Inside one shell word: its quoting (`'…'`, `"…"`, `$'…'`, `\\`) and what the shell expands before the program
runs (`$VAR`, `${…}`, `~`, globs, braces, `$(…)`, `$(( ))`, `<(…)`), shown against the live shell in an exercise."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tree_sitter

from shelltutor.explain import arith, params
from shelltutor.explain.glob import Chars, expand_braces, expand_glob, has_glob, joined
from shelltutor.explain.model import Kind

if TYPE_CHECKING:
    from shelltutor.explain.walker import Walker

WORD_PARTS = frozenset(
    {
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "number",
        "simple_expansion",
        "expansion",
        "command_substitution",
        "process_substitution",
        "brace_expression",
        "extglob_pattern",
        "regex",
    }
)
SHOWN = 12
"""Values shown for an expansion; the rest are counted."""


def explain_word(w: Walker, node: tree_sitter.Node, depth: int, *, whole: bool = True) -> None:
    """Spans for the quoting and expansions inside the word `node` (the caller gives the word's role); without
    `whole`, no brace expansion or globbing (an assignment's value, a `[[ ]]` operand), only `~`."""
    chars, known = word_chars(w, node)
    _whole_word(w, node, chars, known, depth, whole=whole)
    stack = [(node, False)]
    while stack:
        part, quoted = stack.pop()
        kind = part.type
        if kind == "word":
            _backslashes(w, part, depth)
            continue
        if kind == "string":
            w.emit(part, "quoting", w.say("quote.double"), depth)
            stack.extend((c, True) for c in reversed(part.named_children))
        elif kind == "raw_string":
            w.emit(part, "quoting", w.say("quote.single"), depth)
        elif kind == "ansi_c_string":
            w.emit(part, "quoting", w.say("quote.ansi_c"), depth)
        elif kind == "translated_string":
            w.emit(part, "quoting", w.say("quote.translated"), depth)
        elif kind == "concatenation":
            stack.extend((c, quoted) for c in reversed(part.children) if c.is_named)
        elif kind in ("simple_expansion", "expansion"):
            _parameter(w, part, quoted, depth)
        elif kind in ("command_substitution", "process_substitution"):
            _substitution(w, part, depth)
        elif kind == "arithmetic_expansion":
            explain_arithmetic(w, part, depth, substituted=True)


def explain_expansion(w: Walker, node: tree_sitter.Node, depth: int) -> None:
    """One expansion inside double quotes or a here-document (`$X`, `${…}`, `$(…)`, `$(( ))`)."""
    if node.type in ("simple_expansion", "expansion"):
        _parameter(w, node, True, depth)
    elif node.type in ("command_substitution", "process_substitution"):
        _substitution(w, node, depth)
    elif node.type == "arithmetic_expansion":
        explain_arithmetic(w, node, depth, substituted=True)


def word_chars(w: Walker, node: tree_sitter.Node) -> tuple[Chars, bool]:
    """The word's characters after quote removal and (in an exercise) parameter expansion, each marked literal or
    not; False when some part's value is not known here (`$(…)`, a variable outside an exercise)."""
    chars: Chars = []
    known = True
    stack = [(node, False)]
    while stack:
        part, quoted = stack.pop()
        kind = part.type
        text = w.node_text(part)
        if kind in ("word", "number", "extglob_pattern", "regex"):
            chars.extend(_unescaped(text) if not quoted else [(c, True) for c in text])
        elif kind == "raw_string":
            chars.extend((c, True) for c in text[1:-1])
        elif kind == "ansi_c_string":
            chars.extend((c, True) for c in _ansi_c(text[2:-1]))
        elif kind in ("string", "translated_string"):
            inner = (
                next((c for c in part.children if c.type == "string"), part) if kind == "translated_string" else part
            )
            stack.extend((c, True) for c in reversed(inner.children) if c.is_named)
            if not inner.named_children:
                continue
        elif kind == "string_content":
            chars.extend((c, True) for c in _unescape_double(text))
        elif kind == "concatenation":
            stack.extend((c, quoted) for c in reversed(part.children) if c.is_named)
        elif kind in ("simple_expansion", "expansion"):
            value = _value(w, part)
            if value is None:
                known = False
                chars.extend((c, True) for c in text)
            else:
                chars.extend((c, quoted) for c in value)
        elif kind == "brace_expression":
            chars.extend((c, False) for c in text)
        else:
            known = False
            chars.extend((c, True) for c in text)
    return chars, known


def _unescaped(text: str) -> Chars:
    chars: Chars = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            if text[index + 1] != "\n":
                chars.append((text[index + 1], True))
            index += 2
            continue
        chars.append((text[index], False))
        index += 1
    return chars


def _unescape_double(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text) and text[index + 1] in '$`"\\\n':
            if text[index + 1] != "\n":
                out.append(text[index + 1])
            index += 2
            continue
        out.append(text[index])
        index += 1
    return "".join(out)


def _ansi_c(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "e": "\x1b", "r": "\r"}
    out: list[str] = []
    index = 0
    while index < len(text):
        if text[index] == "\\" and index + 1 < len(text):
            out.append(escapes.get(text[index + 1], "\\" + text[index + 1]))
            index += 2
            continue
        out.append(text[index])
        index += 1
    return "".join(out)


def _whole_word(w: Walker, node: tree_sitter.Node, chars: Chars, known: bool, depth: int, *, whole: bool) -> None:
    """What happens to the word as a whole: `~`, brace expansion, globbing."""
    first = node.named_children[0] if node.type == "concatenation" and node.named_children else node
    if first.type == "word" and w.node_text(first).startswith("~"):
        _tilde(w, first, depth)
    elif first.type == "word" and w.node_text(node).startswith("!"):
        history_word(w, node, depth)  # the whole word: `!$` is a word `!` and a `$` to tree-sitter
    if not whole:
        return
    if node.type in ("concatenation", "word", "brace_expression"):
        braces = expand_braces(chars) if "{" in w.node_text(node) else None
        if braces is not None:
            shown = ", ".join(braces[:SHOWN]) + (" …" if len(braces) > SHOWN else "")
            w.emit(node, "expansion", w.say("brace", count=len(braces), words=shown), depth, expands_to=tuple(braces))
            return
    if not has_glob(chars):
        return
    matches = expand_glob(chars, w.view) if w.view is not None and known else None
    if w.view is None or not known:
        w.emit(node, "expansion", w.say("glob"), depth)
    elif matches is None:
        w.emit(node, "expansion", w.say("glob") + " " + w.say("glob.unlisted"), depth)
    elif not matches:
        w.emit(node, "expansion", w.say("glob") + " " + w.say("glob.none", word=joined(chars)), depth, expands_to=())
    else:
        shown = " ".join(matches[:SHOWN]) + (" …" if len(matches) > SHOWN else "")
        text = w.say("glob") + " " + w.say("glob.matches", count=len(matches), names=shown)
        w.emit(node, "expansion", text, depth, source="sandbox", expands_to=tuple(matches))


_HISTORY = re.compile(r"^!(!|-?\d+|\$|\*|\^|[A-Za-z_.][^\s;|&<>()]*)")


def history_word(w: Walker, node: tree_sitter.Node, depth: int, kind: Kind = "expansion") -> bool:
    """`!!`, `!-2`, `!42`, `!$`, `!ls` at the start of an unquoted word: bash's history expansion, done on the
    whole line before it is even read as a command. Whether it was one."""
    found = _HISTORY.match(w.node_text(node))
    if found is None:
        return False
    start = w.text.char(node.start_byte)
    where = (start, start + len(found.group()))
    said = w.say("history", word=found.group())
    designator = found.group(1)
    history = w.view.history if w.view is not None else ()
    if history and (designator == "!" or (designator.startswith("-") and int(designator[1:] or 0) <= len(history))):
        entry = history[-1] if designator == "!" else history[-int(designator[1:])]
        w.emit(where, kind, f"{said} {w.say('now', value=entry)}", depth, source="sandbox", expands_to=(entry,))
    else:
        w.emit(where, kind, said, depth)
    return True


def _tilde(w: Walker, node: tree_sitter.Node, depth: int) -> None:
    text = w.node_text(node)
    prefix = text.split("/", 1)[0]
    start = w.text.char(node.start_byte)
    where = (start, start + len(prefix))
    variables = w.view.variables if w.view is not None else None
    if prefix == "~":
        value = variables.get("HOME") if variables is not None else None
        explanation = w.say("tilde.home")
    elif prefix == "~+":
        value = variables.get("PWD") if variables is not None else None
        explanation = w.say("tilde.pwd")
    elif prefix == "~-":
        value = variables.get("OLDPWD") if variables is not None else None
        explanation = w.say("tilde.oldpwd")
    else:
        value = None
        explanation = w.say("tilde.user", user=prefix[1:])
    if value is not None:
        w.emit(
            where,
            "expansion",
            explanation + " " + w.say("now", value=value),
            depth,
            source="sandbox",
            expands_to=(value,),
        )
    else:
        w.emit(where, "expansion", explanation, depth)


def _backslashes(w: Walker, node: tree_sitter.Node, depth: int) -> None:
    text = w.node_text(node)
    start = w.text.char(node.start_byte)
    index = 0
    while index < len(text) - 1:
        if text[index] == "\\":
            following = text[index + 1]
            key = "quote.continuation" if following == "\n" else "quote.backslash"
            w.emit((start + index, start + index + 2), "quoting", w.say(key, char=following), depth)
            index += 2
            continue
        index += 1


def _value(w: Walker, node: tree_sitter.Node) -> str | None:
    """A parameter expansion's value in the exercise's shell (None outside one, or when not certain)."""
    if w.view is None:
        return None
    if node.type == "simple_expansion":
        name = w.node_text(node)[1:]
        if name in params.SPECIAL or name.isdigit():
            return None
        return w.view.variables.get(name, "")
    parameter = params.take_apart(node)
    return None if parameter is None else params.value_of(parameter, dict(w.view.variables))


def _parameter(w: Walker, node: tree_sitter.Node, quoted: bool, depth: int) -> None:
    if node.type == "simple_expansion":
        name = w.node_text(node)[1:]
        explanation = _name_says(w, name)
    else:
        parameter = params.take_apart(node)
        if parameter is None:
            w.emit(node, "expansion", w.say("param.unknown"), depth)
            return
        name = parameter.name
        explanation = _name_says(w, name)
        if parameter.length:
            explanation = w.say("param.length", name=name)
        elif parameter.indirect:
            explanation = w.say("param.indirect", name=name)
        if parameter.index is not None:
            explanation += " " + w.say("param.index", index=parameter.index)
        if parameter.operator is not None:
            key = params.OPERATORS.get(parameter.operator)
            word = parameter.operands[0] if parameter.operands else ""
            if key is not None:
                other = parameter.operands[1] if len(parameter.operands) > 1 else ""
                explanation += " " + w.say(key, word=word, other=other, name=name)
    value = _value(w, node)
    if value is None:
        w.emit(node, "expansion", explanation, depth)
        return
    unset = w.view is not None and name not in w.view.variables and not name.isdigit()
    said = w.say("param.unset") if unset and not value else w.say("now", value=value)
    if not quoted and len(value.split()) > 1:
        said += " " + w.say("param.split", count=len(value.split()))
    w.emit(node, "expansion", f"{explanation} {said}", depth, source="sandbox", expands_to=(value,))


def _name_says(w: Walker, name: str) -> str:
    if name in params.SPECIAL:
        return w.say(params.SPECIAL[name])
    if name.isdigit():
        return w.say("param.positional", n=name)
    return w.say("param.variable", name=name)


def _substitution(w: Walker, node: tree_sitter.Node, depth: int) -> None:
    from shelltutor.explain.walker import Context

    inner = [c for c in node.named_children]
    body = w.node_text(node)
    if node.type == "process_substitution":
        key = "subst.process_in" if body.startswith("<") else "subst.process_out"
    else:
        key = "subst.backtick" if body.startswith("`") else "subst.command"
    said = w.say(key)
    if w.view is not None:
        said += " " + w.say("subst.not_run")
    w.emit(node, "expansion", said, depth)
    captured = dict(w.initial_fds())
    captured[1] = w.say("fd.captured")
    for child in reversed(inner):
        w.push(child, Context(depth + 1, tuple(sorted(captured.items()))))


def explain_arithmetic(w: Walker, node: tree_sitter.Node, depth: int, *, substituted: bool = False) -> None:
    """`$(( … ))` (or the expression of `(( … ))`): what it computes, its value when that changes nothing."""
    expression = next((c for c in node.named_children), None) if substituted else node
    key = "arith.expansion" if substituted else "arith.command"
    said = w.say(key)
    if expression is None:
        w.emit(node, "expansion", said, depth)
        return
    variables = w.view.variables if w.view is not None else None
    result = arith.evaluate(expression, (lambda name: variables.get(name)) if variables is not None else None)
    if result.changes:
        said += " " + w.say("arith.changes", names=", ".join(result.changes))
    elif result.value is not None:
        said += " " + w.say("arith.value", value=result.value)
        w.emit(
            node,
            "expansion",
            said,
            depth,
            source="sandbox" if variables is not None else "shelltutor",
            expands_to=(str(result.value),),
        )
        return
    elif result.unknown == "division":
        said += " " + w.say("arith.division")
    w.emit(node, "expansion", said, depth)
