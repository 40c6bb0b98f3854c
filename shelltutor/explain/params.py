"""Parameter expansions (`$X`, `${X:-d}`, `${#X}`, `${X%.*}` …): what each form does, and its value computed from
the shell's variables where that is certain."""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from shelltutor.explain.glob import GlobPattern, component_pattern, plain

SPECIAL = {
    "?": "param.status",
    "$": "param.pid",
    "!": "param.last_job",
    "#": "param.count",
    "@": "param.all",
    "*": "param.all_one",
    "0": "param.zero",
    "-": "param.flags",
    "_": "param.last_arg",
}
"""Special parameters, to the wording key that says what each holds."""
OPERATORS = {
    ":-": "param.op.default",
    "-": "param.op.default_unset",
    ":=": "param.op.assign",
    "=": "param.op.assign",
    ":?": "param.op.error",
    "?": "param.op.error",
    ":+": "param.op.alternative",
    "+": "param.op.alternative",
    "#": "param.op.strip_prefix",
    "##": "param.op.strip_prefix_long",
    "%": "param.op.strip_suffix",
    "%%": "param.op.strip_suffix_long",
    "/": "param.op.replace",
    "//": "param.op.replace_all",
    "/#": "param.op.replace",
    "/%": "param.op.replace",
    "^": "param.op.upper_first",
    "^^": "param.op.upper",
    ",": "param.op.lower_first",
    ",,": "param.op.lower",
    ":": "param.op.substring",
    "@": "param.op.transform",
}
MAX_VALUE = 2000
"""Longer values are shown, not computed on (pattern removal costs the value's length squared)."""


@dataclass(frozen=True)
class Parameter:
    """One `${…}` taken apart."""

    name: str
    index: str | None = None
    """The subscript of `${a[1]}`, `${a[@]}`."""
    length: bool = False
    """`${#X}`."""
    indirect: bool = False
    """`${!X}`."""
    operator: str | None = None
    operands: tuple[str, ...] = ()
    literal_operands: bool = True
    """The operands hold no expansion or quoting (so the value can be computed here)."""


def take_apart(node: tree_sitter.Node) -> Parameter | None:
    """The parts of an `expansion` node (`${…}`)."""
    name: str | None = None
    index: str | None = None
    length = indirect = False
    operator: str | None = None
    operands: list[str] = []
    literal = True
    for child in node.children:
        text = (child.text or b"").decode("utf-8", "surrogateescape")
        if not child.is_named:
            if text in ("${", "}"):
                continue
            if name is None:
                length, indirect = length or text == "#", indirect or text == "!"
            elif operator is None:
                operator = text
            continue
        if name is None and child.type in ("variable_name", "special_variable_name"):
            name = text
        elif name is None and child.type == "subscript":
            base = child.child_by_field_name("name") or (child.named_children[0] if child.named_children else None)
            name = (base.text or b"").decode() if base is not None else text.split("[", 1)[0]
            index = text[len(name) + 1 : -1] if text.endswith("]") else None
        elif name is not None:
            operands.append(text)
            literal = literal and child.type in ("word", "number", "regex") and "\\" not in text and "$" not in text
    if name is None:
        return None
    return Parameter(name, index, length, indirect, operator, tuple(operands), literal)


def value_of(parameter: Parameter, variable: dict[str, str] | None) -> str | None:
    """The expansion's value (None when it cannot be computed for certain here)."""
    if variable is None or parameter.index not in (None, "0") or parameter.name in SPECIAL or parameter.name.isdigit():
        return None
    value = variable.get(parameter.name)
    if parameter.indirect:
        if value is None or parameter.operator is not None:
            return None
        value = variable.get(value)
        return value or ""
    if parameter.length:
        return str(len(value or ""))
    op = parameter.operator
    if op is None:
        return value or ""
    if not parameter.literal_operands or (value is not None and len(value) > MAX_VALUE):
        return None
    word = parameter.operands[0] if parameter.operands else ""
    unset_or_empty = not value if op.startswith(":") else value is None
    if op in (":-", "-", ":=", "=", ":?", "?"):
        return word if unset_or_empty else value
    if op in (":+", "+"):
        return "" if unset_or_empty else word
    text = value or ""
    if op in ("#", "##", "%", "%%"):
        return _strip(text, word, op)
    if op in ("^^", ",,", "^", ","):
        changed = text.upper() if op[0] == "^" else text.lower()
        return changed if len(op) == 2 else changed[:1] + text[1:]
    if op in ("/", "//") and not any(c in word for c in "*?["):
        new = parameter.operands[1] if len(parameter.operands) > 1 else ""
        return text.replace(word, new, -1 if op == "//" else 1) if word else text
    if op == ":":
        return _substring(text, parameter.operands)
    return None


def _strip(text: str, pattern: str, op: str) -> str:
    glob = _pattern(pattern)
    lengths = range(len(text) + 1) if len(op) == 1 else range(len(text), -1, -1)
    for size in lengths:
        if op[0] == "#" and glob.matches(text[:size]):
            return text[size:]
        if op[0] == "%" and glob.matches(text[len(text) - size :]):
            return text[: len(text) - size]
    return text


def _pattern(pattern: str) -> GlobPattern:
    return component_pattern(plain(pattern))


def _substring(text: str, operands: tuple[str, ...]) -> str | None:
    try:
        offset = int(operands[0]) if operands else 0
        length = int(operands[1]) if len(operands) > 1 else None
    except ValueError:
        return None
    if offset < 0:
        offset = max(len(text) + offset, 0)
    if length is None:
        return text[offset:]
    end = offset + length if length >= 0 else len(text) + length
    return text[offset:end] if end >= offset else None
