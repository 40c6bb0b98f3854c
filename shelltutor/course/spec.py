"""The vocabulary the lesson format is declared in: field documentation and constraints, read by every tool."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

FORMAT_VERSION = 1
"""The lesson format version this shelltutor reads and writes."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Lesson and exercise ids: lowercase letters, digits and dashes, starting with a letter or digit."""
CONTROL_CHARACTERS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
"""What a text shown to the learner may not contain, as the inside of a regular expression's character class
(escapes that Python and JSON Schema's ECMAScript both read): C0 controls but tab and newline
(escape among them), DEL, C1 controls, and the bidi embeddings, overrides and isolates, which could rewrite
the learner's terminal or make a text display otherwise than it reads."""
CONTROL_PATTERN = f"^[^{CONTROL_CHARACTERS}]*$"
"""A text without CONTROL_CHARACTERS (the JSON Schema of every shown text)."""


@dataclass(frozen=True)
class FieldSpec:
    """Documentation and constraints of one field, kept in `dataclasses.field(metadata=...)`."""

    doc: str
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_items: int | None = None
    single_ok: bool = False
    """A list field that also accepts one item on its own (`solution: ls` for `solution: [ls]`)."""
    example: Any = None
    shown: bool = False
    """The learner sees this text: control characters and bidi overrides are refused (CONTROL_PATTERN)."""


def spec(doc: str, **constraints: Any) -> dict[str, FieldSpec]:
    """Metadata for `dataclasses.field`: the field's one-line documentation and its constraints."""
    return {"spec": FieldSpec(doc=doc, **constraints)}


def field_spec(f: dataclasses.Field[Any]) -> FieldSpec:
    """The FieldSpec of a dataclass field (every field of the format has one)."""
    found = f.metadata.get("spec")
    if not isinstance(found, FieldSpec):
        raise TypeError(f"field {f.name!r} has no spec(...) metadata")
    return found


def yaml_name(f: dataclasses.Field[Any]) -> str:
    """The key authors write for a field: the Python name, minus a trailing underscore (`type_` → `type`)."""
    return f.name.rstrip("_")


def is_required(f: dataclasses.Field[Any]) -> bool:
    """Whether the author must write this field."""
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@dataclass(frozen=True)
class FieldInfo:
    """A dataclass field with its resolved type, as the validator and the schema generator see it."""

    name: str
    key: str
    type: Any
    spec: FieldSpec
    required: bool


_HINTS_CACHE: dict[type, list[FieldInfo]] = {}


def fields_of(cls: type) -> list[FieldInfo]:
    """The fields of a format dataclass with their types resolved (cached)."""
    cached = _HINTS_CACHE.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    infos = [
        FieldInfo(name=f.name, key=yaml_name(f), type=hints[f.name], spec=field_spec(f), required=is_required(f))
        for f in dataclasses.fields(cls)
        if f.init
    ]
    _HINTS_CACHE[cls] = infos
    return infos


def class_doc(cls: type) -> str:
    """The first line of a format class's docstring."""
    return (cls.__doc__ or "").strip().splitlines()[0]


def union_members(tp: Any) -> tuple[Any, ...] | None:
    """The members of a `X | Y` type, or None if `tp` is not a union."""
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return None


def strip_optional(tp: Any) -> tuple[Any, bool]:
    """`X | None` → (X, True); anything else → (tp, False)."""
    members = union_members(tp)
    if members is None or type(None) not in members:
        return tp, False
    rest = tuple(m for m in members if m is not type(None))
    return (rest[0] if len(rest) == 1 else Union[rest]), True  # noqa: UP007 - rebuilding a runtime union


def literal_values(tp: Any) -> tuple[Any, ...] | None:
    """The allowed values of a `Literal[...]` type, or None."""
    return get_args(tp) if get_origin(tp) is Literal else None


def list_item(tp: Any) -> Any | None:
    """The item type of `tuple[X, ...]` or `list[X]`, or None."""
    origin = get_origin(tp)
    if origin in (list, tuple):
        args = get_args(tp)
        return args[0] if args else Any
    return None


def mapping_value(tp: Any) -> Any | None:
    """The value type of `Mapping[str, X]` / `dict[str, X]`, or None."""
    origin = get_origin(tp)
    if origin is dict or (origin is not None and getattr(origin, "__name__", "") == "Mapping"):
        return get_args(tp)[1]
    return None
