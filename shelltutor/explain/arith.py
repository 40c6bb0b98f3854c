"""bash arithmetic (`$(( ))`, `(( ))`) evaluated here on the syntax tree, only where it changes nothing: an
expression that assigns (`=`, `+=`, `++`) is never evaluated, only named."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

_MASK = 1 << 64
_ASSIGNING = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", "**="})
_NUMBER = re.compile(r"^(?:0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*|\d+#[0-9a-zA-Z@_]+)$")
MAX_NODES = 2000


@dataclass(frozen=True)
class Evaluated:
    """What an arithmetic expression gives, or why it is not computed."""

    value: int | None = None
    changes: tuple[str, ...] = ()
    """Variables it would assign to (then it is not evaluated)."""
    unknown: str | None = None
    """Why the value is not known: `division`, `unknown` (a variable or form not known here)."""


def _signed(value: int) -> int:
    value %= _MASK
    return value - _MASK if value >= 1 << 63 else value


def parse_number(text: str) -> int | None:
    """A bash integer constant: decimal, 0x hex, 0 octal, BASE#digits."""
    if not _NUMBER.match(text):
        return None
    try:
        if "#" in text:
            base_text, digits = text.split("#", 1)
            base = int(base_text)
            if not 2 <= base <= 36:
                return None
            return _signed(int(digits, base))
        if text.lower().startswith("0x"):
            return _signed(int(text, 16))
        if text.startswith("0") and len(text) > 1:
            return _signed(int(text, 8))
        return _signed(int(text))
    except ValueError:
        return None


def changed_variables(node: tree_sitter.Node) -> tuple[str, ...]:
    """The variables an arithmetic expression assigns to (`i++`, `x = 3`, `n += 2`)."""
    names: list[str] = []
    stack = [node]
    seen = 0
    while stack and seen < MAX_NODES:
        current = stack.pop()
        seen += 1
        tokens = [_text(c) for c in current.children if not c.is_named]
        if any(t in _ASSIGNING or t in ("++", "--") for t in tokens):
            target = next((c for c in current.named_children if c.type == "variable_name"), None)
            names.append(_text(target) if target is not None else "?")
        stack.extend(current.named_children)
    return tuple(dict.fromkeys(names))


def evaluate(node: tree_sitter.Node, variable: Callable[[str], str | None] | None) -> Evaluated:
    """The value of an arithmetic expression; variables read through `variable` (None: not known here)."""
    changes = changed_variables(node)
    if changes:
        return Evaluated(changes=changes)
    try:
        return Evaluated(value=_eval(node, variable, 0))
    except ZeroDivisionError:
        return Evaluated(unknown="division")
    except (ValueError, RecursionError):
        return Evaluated(unknown="unknown")


_BINARY: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: int(a / b) if b else _zero(),
    "%": lambda a, b: a - b * int(a / b) if b else _zero(),
    "**": lambda a, b: pow(a, b, _MASK) if b >= 0 else _bad(),
    "<<": lambda a, b: a << (b % 64),
    ">>": lambda a, b: a >> (b % 64),
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "||": lambda a, b: int(bool(a) or bool(b)),
}


def _zero() -> int:
    raise ZeroDivisionError


def _bad() -> int:
    raise ValueError("negative exponent")


def _eval(node: tree_sitter.Node, variable: Callable[[str], str | None] | None, depth: int) -> int:
    if depth > 200:
        raise ValueError("too deep")
    kind = node.type
    named = node.named_children
    if kind in ("number", "variable_name", "word"):
        text = _text(node)
        number = parse_number(text)
        if number is not None:
            return number
        return _variable(text, variable)
    if kind == "simple_expansion" and named:
        return _variable(_text(named[0]), variable)
    if kind == "parenthesized_expression" and len(named) == 1:
        return _eval(named[0], variable, depth + 1)
    if kind == "unary_expression" and len(named) == 1:
        value = _eval(named[0], variable, depth + 1)
        operator = _text(node.children[0])
        found = {"-": -value, "+": value, "!": int(not value), "~": ~value}.get(operator)
        if found is None:
            raise ValueError(operator)
        return _signed(found)
    if kind == "binary_expression" and len(named) == 2:
        operator = next(_text(c) for c in node.children if not c.is_named)
        function = _BINARY.get(operator)
        if function is None:
            raise ValueError(operator)
        return _signed(function(_eval(named[0], variable, depth + 1), _eval(named[1], variable, depth + 1)))
    if kind == "ternary_expression" and len(named) == 3:
        condition = _eval(named[0], variable, depth + 1)
        return _eval(named[1] if condition else named[2], variable, depth + 1)
    raise ValueError(kind)


def _variable(name: str, variable: Callable[[str], str | None] | None) -> int:
    if variable is None or not name.replace("_", "a").isalnum():
        raise ValueError(name)
    value = variable(name)
    if value is None or not value.strip():
        return 0  # bash: an unset or empty variable is 0
    number = parse_number(value.strip().lstrip("+"))
    if number is None and value.strip().startswith("-"):
        positive = parse_number(value.strip()[1:])
        number = None if positive is None else -positive
    if number is None:
        raise ValueError(value)  # an expression in a variable: not followed here
    return number


def _text(node: tree_sitter.Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")
