"""Generates the JSON Schema of lesson format v1 from the model declaration (for editors' YAML support)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from shelltutor.course import model
from shelltutor.course.spec import (
    CONTROL_PATTERN,
    FORMAT_VERSION,
    class_doc,
    fields_of,
    list_item,
    literal_values,
    mapping_value,
    strip_optional,
    union_members,
)

SCHEMA_ID = "https://shelltutor.invalid/schema/lesson-v1.schema.json"


def _type_schema(tp: Any, defs: dict[str, Any], single_ok: bool = False) -> dict[str, Any]:
    tp, optional = strip_optional(tp)
    schema = _inner(tp, defs, single_ok)
    if optional:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _inner(tp: Any, defs: dict[str, Any], single_ok: bool) -> dict[str, Any]:
    members = union_members(tp)
    if members is not None:
        return {"anyOf": [_type_schema(m, defs) for m in members]}
    values = literal_values(tp)
    if values is not None:
        return {"enum": list(values)}
    item = list_item(tp)
    if item is not None:
        array = {"type": "array", "items": _type_schema(item, defs)}
        return {"anyOf": [_type_schema(item, defs), array]} if single_ok else array
    value_type = mapping_value(tp)
    if value_type is not None:
        return {"type": "object", "additionalProperties": _type_schema(value_type, defs)}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        _define(tp, defs)
        ref = {"$ref": f"#/$defs/{tp.__name__}"}
        shorthand = getattr(tp, "shorthand", None)
        if shorthand:
            return {"anyOf": [{"type": "string", "description": f"Shorthand for `{shorthand}:`."}, ref]}
        return ref
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        if tp is str:
            # YAML authors may write numbers where text is meant (`mode: 0755`); the loader reads their text.
            return {"type": ["string", "number"]}
        return {"type": simple[tp]}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _define(cls: type, defs: dict[str, Any]) -> None:
    name = cls.__name__
    if name in defs:
        return
    defs[name] = {}  # placeholder against recursion
    properties: dict[str, Any] = {}
    required: list[str] = []
    for info in fields_of(cls):
        prop = _type_schema(info.type, defs, info.spec.single_ok)
        prop = {"description": info.spec.doc, **prop}
        s = info.spec
        target = prop
        if s.pattern:
            target["pattern"] = s.pattern
        if s.shown:  # a text, or one item standing for a list; the loader also checks every item of a list
            shown = {"pattern": CONTROL_PATTERN}
            if s.pattern:
                target["allOf"] = [shown]
            else:
                target.update(shown)
        if s.minimum is not None:
            target["minimum"] = s.minimum
        if s.maximum is not None:
            target["maximum"] = s.maximum
        if s.min_items:
            target["minItems"] = s.min_items
        properties[info.key] = prop
        if info.required:
            required.append(info.key)
    if cls is model.Lesson or cls is model.CourseFile:
        properties["format_version"] = {**properties["format_version"], "const": FORMAT_VERSION}
    definition: dict[str, Any] = {
        "type": "object",
        "description": class_doc(cls),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        definition["required"] = required
    defs[name] = definition


def lesson_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that lesson files and course.yaml validate against."""
    defs: dict[str, Any] = {}
    _define(model.Lesson, defs)
    _define(model.CourseFile, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"shelltutor lesson (format {FORMAT_VERSION})",
        "description": "A shelltutor lesson file, or a course.yaml naming the chapters. "
        "Generated from shelltutor/course/model.py; do not edit by hand.",
        "anyOf": [{"$ref": "#/$defs/Lesson"}, {"$ref": "#/$defs/CourseFile"}],
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as it is printed by `shelltutor schema` and stored in schema/lesson.schema.json."""
    return json.dumps(lesson_schema(), indent=2, ensure_ascii=False) + "\n"
