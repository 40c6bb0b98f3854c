"""Generates the field reference of the lesson format (Markdown) from the model declaration in model.py.

`python -m shelltutor.course.docgen --write` refreshes the generated part of docs/lesson-format.md;
without `--write` it prints the reference.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from shelltutor.course import model
from shelltutor.course.spec import (
    FieldInfo,
    class_doc,
    fields_of,
    list_item,
    literal_values,
    mapping_value,
    strip_optional,
    union_members,
)

BEGIN = "<!-- BEGIN GENERATED REFERENCE -->"
END = "<!-- END GENERATED REFERENCE -->"
DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "lesson-format.md"
"""The guide in a source checkout (the reference is regenerated there, never in an installed copy)."""

ROOTS: tuple[type, ...] = (model.Lesson, model.CourseFile)


def documented_classes() -> list[type]:
    """Every format class reachable from a lesson file or course.yaml, in the order a reader meets them."""
    order: list[type] = []

    def visit(tp: Any) -> None:
        tp, _ = strip_optional(tp)
        for inner in union_members(tp) or ():
            visit(inner)
        item = list_item(tp)
        if item is not None:
            visit(item)
        value = mapping_value(tp)
        if value is not None:
            visit(value)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type) and tp not in order:
            order.append(tp)
            for info in fields_of(tp):
                visit(info.type)

    for root in ROOTS:
        visit(root)
    return order


def anchor(cls: type) -> str:
    """The Markdown heading anchor of a class's section."""
    return cls.__name__.lower()


def type_text(tp: Any, single_ok: bool = False) -> str:
    """A field's type as authors read it: `text`, `list of [Hint](#hint)`, `'a' or 'b'`."""
    tp, _ = strip_optional(tp)
    members = union_members(tp)
    if members is not None:
        if any(getattr(m, "shorthand", None) for m in members):
            members = tuple(m for m in members if m is not str)  # the shorthand class already says "or text"
        return " or ".join(type_text(m) for m in members)
    values = literal_values(tp)
    if values is not None:
        return " or ".join(f"`{v}`" for v in values)
    item = list_item(tp)
    if item is not None:
        text = f"list of {type_text(item)}"
        return f"{text} (one item may stand alone)" if single_ok else text
    value = mapping_value(tp)
    if value is not None:
        return f"mapping of text to {type_text(value)}"
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        link = f"[{tp.__name__}](#{anchor(tp)})"
        shorthand = getattr(tp, "shorthand", None)
        return f"{link} or text (= `{shorthand}`)" if shorthand else link
    simple = {str: "text", int: "whole number", float: "number", bool: "`true` or `false`"}
    return simple.get(tp, str(tp))


def default_text(cls: type, info: FieldInfo) -> str:
    """`required`, or the value a field has when it is left out."""
    if info.required:
        return "**required**"
    found = next(f for f in dataclasses.fields(cls) if f.name == info.name)
    if found.default_factory is not dataclasses.MISSING:
        return "empty"
    value = found.default
    if value is None:
        return "—"
    if value == ():
        return "`[]`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return "`''`"
    return f"`{value}`"


def constraint_text(info: FieldInfo) -> str:
    """The field's limits, as a sentence fragment (empty when it has none)."""
    s = info.spec
    parts = []
    if s.minimum is not None:
        parts.append(f"at least {s.minimum:g}")
    if s.maximum is not None:
        parts.append(f"at most {s.maximum:g}")
    if s.min_items:
        parts.append(f"at least {s.min_items} item{'s' if s.min_items != 1 else ''}")
    if s.pattern:
        parts.append(f"matches `{s.pattern}`")
    if s.shown:
        parts.append("no control characters")
    if s.example is not None:
        parts.append(f"example: `{s.example}`")
    return "; ".join(parts)


def _cell(text: str) -> str:
    """Table cell text: one line, pipes escaped (even in code spans they end a cell), `<Esc>` not read as HTML."""
    parts = re.sub(r"\s+", " ", text).split("`")
    for i in range(0, len(parts), 2):  # outside code spans
        parts[i] = parts[i].replace("<", "&lt;")
    return "`".join(parts).replace("|", "\\|")


def class_section(cls: type) -> str:
    """The Markdown section of one format class: its doc line and a table of its fields."""
    lines = [f"### {cls.__name__}", "", class_doc(cls), ""]
    lines += ["| key | type | default | meaning |", "|---|---|---|---|"]
    for info in fields_of(cls):
        meaning = info.spec.doc
        limits = constraint_text(info)
        if limits:
            meaning += f" ({limits})"
        row = [f"`{info.key}`", type_text(info.type, info.spec.single_ok), default_text(cls, info), meaning]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def generated_reference() -> str:
    """The whole generated reference: a section per class, from Lesson down."""
    intro = (
        "_Generated from `shelltutor/course/model.py` by `python -m shelltutor.course.docgen --write`; "
        "do not edit this part by hand._\n"
    )
    return "\n".join([intro, *(class_section(cls) for cls in documented_classes())])


def with_reference(document: str, reference: str) -> str:
    """`document` with the text between the BEGIN/END markers replaced by `reference`."""
    start = document.find(BEGIN)
    stop = document.find(END)
    if start < 0 or stop < start:
        raise ValueError(f"the document needs the markers {BEGIN} and {END}, in that order")
    return document[: start + len(BEGIN)] + "\n\n" + reference + "\n" + document[stop:]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the reference, or with `--write` refresh it in docs/lesson-format.md."""
    args = list(sys.argv[1:] if argv is None else argv)
    reference = generated_reference()
    if args == ["--write"]:
        old = DOC_PATH.read_text(encoding="utf-8")
        new = with_reference(old, reference)
        if new != old:
            DOC_PATH.write_text(new, encoding="utf-8")
        print(f"{DOC_PATH}: reference {'updated' if new != old else 'already current'}")
        return 0
    if args:
        print("usage: python -m shelltutor.course.docgen [--write]", file=sys.stderr)
        return 2
    sys.stdout.write(reference)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
