"""How values, types and the forms of patterns read in the validator's problem messages."""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from shelltutor.course import model
from shelltutor.course.spec import (
    ID_PATTERN,
    list_item,
    literal_values,
    mapping_value,
    strip_optional,
    union_members,
)

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"

PATTERN_FORMS = {
    ID_PATTERN: "an id is lowercase letters, digits and dashes, e.g. 'where-am-i'",
    model.MODE_PATTERN: "permission bits are 3 or 4 octal digits, e.g. '0644' or '755'",
    model.FIXTURE_MODE_PATTERN: "permission bits are 3 or 4 octal digits, e.g. '0644' or '755'",
    model.RELATIVE_PATH_PATTERN: "a path relative to the home, without '..', e.g. 'logs/app.log'",
    model.LEARNER_PATH_PATTERN: (
        f"a path relative to the home, or absolute under {model.SANDBOX_HOME} or /tmp, without '..', "
        "e.g. 'logs/app.log'"
    ),
    model.FIXTURE_PATH_PATTERN: "a path relative to the home, without '..', e.g. 'logs/app.log'",
    model.CWD_PATTERN: "a directory relative to the home, or under /tmp, without '..', e.g. 'logs' or '/tmp/job'",
}
"""What a value checked against a pattern should look like, in words."""


def describe_node(node: yaml.Node) -> str:
    """How a YAML value reads in a message: `a list`, `the number 3`, `the text 'abc'`."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing (null)"
    if node.tag in (INT_TAG, FLOAT_TAG):
        return f"the number {node.value}"
    if node.tag == BOOL_TAG:
        return f"the boolean {node.value}"
    text = str(node.value)
    return f"the text {text[:40]!r}" + ("…" if len(text) > 40 else "")


def describe_type(tp: Any) -> str:
    """How an expected type reads in a message."""
    tp, _ = strip_optional(tp)
    members = union_members(tp)
    if members is not None:
        return " or ".join(describe_type(m) for m in members)
    values = literal_values(tp)
    if values is not None:
        return "one of " + ", ".join(repr(v) for v in values)
    if list_item(tp) is not None:
        return "a list"
    if mapping_value(tp) is not None or dataclasses.is_dataclass(tp):
        if tp is model.LocalText:
            return "a mapping with en and ko texts"
        return "a mapping"
    return {str: "a text", int: "a whole number", float: "a number", bool: "true or false"}.get(tp, str(tp))
