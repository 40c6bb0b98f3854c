"""Turns a YAML node tree into format objects, collecting every problem with its line, column and key path."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from shelltutor.course import model
from shelltutor.course.nodes import join_key
from shelltutor.course.plans import class_plan, type_plan
from shelltutor.course.rules import (
    CONTROL,
    CROSS_FIELD_CHECKS,
    LANGUAGE_NAMES,
    control_problem,
    pattern_problem,
)
from shelltutor.course.spec import (
    ID_PATTERN,
    FieldInfo,
    literal_values,
)
from shelltutor.course.wording import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    PATTERN_FORMS,
    describe_node,
    describe_type,
)
from shelltutor.problems import Problem, closest, did_you_mean

_INT = INT_TAG
_FLOAT = FLOAT_TAG
_BOOL = BOOL_TAG
_NULL = NULL_TAG


class Invalid:
    """Marks a value that could not be built; its problems are already recorded."""

    _instance: ClassVar[Invalid | None] = None

    def __new__(cls) -> Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance


INVALID = Invalid()


class NodeValidator:
    """Walks one document, building format objects and recording problems against `path`."""

    def __init__(self, path: str, text: str | None = None) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self._constructor = SafeConstructor()
        self._text = text
        """The document's text, to point at a character a value holds (None: at the value)."""
        self._lines: list[str] | None = None

    def problem(
        self,
        node: yaml.Node | None,
        key_path: str,
        message: str,
        suggestion: str | None = None,
        offset: int = 0,
    ) -> None:
        """Record a problem at `node` (or the whole file); `offset` points into a one-line scalar's text."""
        line = node.start_mark.line + 1 if node is not None else 0
        column = node.start_mark.column + 1 if node is not None else 0
        if offset and node is not None and _text_maps_to_source(node):
            column += offset + (1 if getattr(node, "style", None) else 0)
        self.problems.append(Problem(self.path, line, column, key_path, message, suggestion))

    def problem_at_character(
        self, node: yaml.Node, key_path: str, character: str, message: str, suggestion: str | None = None
    ) -> None:
        """Record a problem at the first place after `node`'s start where the file holds `character` as it is
        (at the value itself when it is written as an escape such as \\e)."""
        start = node.start_mark
        if self._text is not None:
            if self._lines is None:
                self._lines = self._text.split("\n")
            for number in range(start.line, min(node.end_mark.line + 1, len(self._lines))):
                column = self._lines[number].find(character, start.column if number == start.line else 0)
                if column >= 0:
                    self.problems.append(Problem(self.path, number + 1, column + 1, key_path, message, suggestion))
                    return
        self.problem(node, key_path, message, suggestion)

    def build(self, node: yaml.Node, tp: Any, key_path: str) -> Any:
        """The value of `node` as type `tp`, or INVALID after recording why."""
        plan = type_plan(tp)
        if node.tag == _NULL and isinstance(node, yaml.ScalarNode):
            if plan.optional:
                return None
            self.problem(node, key_path, f"expected {describe_type(plan.tp)}, got nothing")
            return INVALID
        kind = plan.kind
        if kind == "dataclass":
            return self._build_dataclass(node, plan.tp, key_path)
        if kind == "scalar":
            return self._build_scalar(node, plan.tp, key_path)
        if kind == "list":
            return self._build_list(node, plan.item, key_path, None)
        if kind == "union":
            return self._build_union(node, plan.members, key_path)
        if kind == "literal":
            return self._build_literal(node, plan.values, key_path)
        return self._build_mapping(node, plan.item, key_path)

    def _kind_matches(self, node: yaml.Node, tp: Any) -> bool:
        """Whether `node` is the kind of YAML value `tp` is written as (used to choose a union member)."""
        plan = type_plan(tp)
        tp = plan.tp
        if plan.kind == "list":
            return isinstance(node, yaml.SequenceNode)
        if plan.kind in ("mapping", "dataclass"):
            if plan.shorthand and isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
                return True
            return isinstance(node, yaml.MappingNode)
        if not isinstance(node, yaml.ScalarNode):
            return False
        if plan.kind == "literal":
            return self._scalar(node) in plan.values
        if tp is int:
            return node.tag == _INT
        if tp is bool:
            return node.tag == _BOOL
        if tp is float:
            return node.tag in (_INT, _FLOAT)
        return True

    def _build_union(self, node: yaml.Node, members: tuple[Any, ...], key_path: str) -> Any:
        for member in members:
            if self._kind_matches(node, member):
                return self.build(node, member, key_path)
        expected = " or ".join(describe_type(m) for m in members)
        words = [str(v) for m in members for v in (literal_values(m) or ())]
        suggestion = did_you_mean(str(node.value), words) if isinstance(node, yaml.ScalarNode) and words else None
        self.problem(node, key_path, f"expected {expected}, got {describe_node(node)}", suggestion)
        return INVALID

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        try:
            if node.tag == _INT:
                return self._constructor.construct_yaml_int(node)
            if node.tag == _FLOAT:
                return self._constructor.construct_yaml_float(node)
            if node.tag == _BOOL:
                return self._constructor.construct_yaml_bool(node)
        except (ConstructorError, ValueError):
            return node.value
        if node.tag == _NULL:
            return None
        return node.value

    def _build_literal(self, node: yaml.Node, values: tuple[Any, ...], key_path: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
            if value in values:
                return value
            suggestion = did_you_mean(str(value), [str(v) for v in values])
            allowed = ", ".join(str(v) for v in values)
            self.problem(node, key_path, f"{value!r} is not allowed here; expected one of: {allowed}", suggestion)
        else:
            self.problem(node, key_path, f"expected {describe_type(values)}, got {describe_node(node)}")
        return INVALID

    def _build_scalar(self, node: yaml.Node, tp: Any, key_path: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, key_path, f"expected {describe_type(tp)}, got {describe_node(node)}")
            return INVALID
        if tp is str:
            # Any scalar is accepted as its source text: `mode: 0755` means '0755', not 493.
            return str(node.value)
        value = self._scalar(node)
        if tp is bool and node.tag == _BOOL:
            return value
        if tp is int and node.tag == _INT:
            return value
        if tp is float and node.tag in (_INT, _FLOAT):
            return float(value)
        self.problem(node, key_path, f"expected {describe_type(tp)}, got {describe_node(node)}")
        return INVALID

    def _build_list(self, node: yaml.Node, item: Any, key_path: str, info: FieldInfo | None) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            # One item on its own; a scalar for a list of allowed words is checked as that word (did you mean).
            one_word = isinstance(node, yaml.ScalarNode) and literal_values(item) is not None
            if info is not None and info.spec.single_ok and (one_word or self._kind_matches(node, item)):
                one = self.build(node, item, key_path)
                return INVALID if one is INVALID else (one,)
            self.problem(node, key_path, f"expected a list, got {describe_node(node)}")
            return INVALID
        items = [self.build(child, item, f"{key_path}[{i}]") for i, child in enumerate(node.value)]
        if any(v is INVALID for v in items):
            return INVALID
        if info is not None and info.spec.min_items and len(items) < info.spec.min_items:
            self.problem(node, key_path, f"needs at least {info.spec.min_items} item(s), got {len(items)}")
            return INVALID
        return tuple(items)

    def _mapping_pairs(self, node: yaml.MappingNode, key_path: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) pairs, reporting duplicate and non-text keys."""
        seen: dict[str, yaml.Node] = {}
        pairs: list[tuple[str, yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, key_path, "keys must be plain words")
                continue
            key = str(key_node.value)
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.problem(
                    key_node, join_key(key_path, key), f"duplicate key {key!r} (first defined on line {first})"
                )
                continue
            seen[key] = key_node
            pairs.append((key, key_node, value_node))
        return pairs

    def _build_mapping(self, node: yaml.Node, value_type: Any, key_path: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, key_path, f"expected a mapping, got {describe_node(node)}")
            return INVALID
        result = {
            key: self.build(v, value_type, join_key(key_path, key)) for key, _, v in self._mapping_pairs(node, key_path)
        }
        return INVALID if any(v is INVALID for v in result.values()) else result

    def _build_dataclass(self, node: yaml.Node, cls: type, key_path: str) -> Any:
        if cls is model.LocalText:
            text = _plain_local_text(node)
            if text is not None:
                return text
        shorthand = getattr(cls, "shorthand", None)
        if shorthand and isinstance(node, yaml.ScalarNode) and node.tag != _NULL:
            return cls(**{shorthand: str(node.value)})
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, key_path, f"expected {describe_type(cls)}, got {describe_node(node)}")
            return INVALID
        plan = class_plan(cls)
        infos = plan.infos
        values: dict[str, Any] = {}
        ok = True
        misspelt: set[str] = set()
        for key, key_node, value_node in self._mapping_pairs(node, key_path):
            info = infos.get(key)
            if info is None:
                close = closest(key, infos)
                if close is not None:
                    misspelt.add(close)
                suggestion = did_you_mean(key, infos)
                if suggestion is None and _comma_split(node, value_node):
                    suggestion = "a comma inside {…} separates keys: put text containing commas in double quotes"
                known = ", ".join(infos)
                self.problem(
                    key_node,
                    join_key(key_path, key),
                    f"unknown key {key!r}",
                    suggestion or f"known keys: {known}",
                )
                ok = False
                continue
            child_path = join_key(key_path, key)
            if key in plan.list_items:
                value = self._build_list(value_node, plan.list_items[key], child_path, info)
            else:
                value = self.build(value_node, info.type, child_path)
            if value is INVALID:
                ok = False
                continue
            if key in plan.constrained:
                ok = self._check_constraints(value_node, value, info, child_path) and ok
            values[info.name] = value
        present = {str(k.value) for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        for info in plan.required:
            if info.key not in present:
                ok = False
                if info.key not in misspelt:  # already reported as "unknown key …, did you mean"
                    self._missing(node, cls, info, key_path)
        if not ok:
            return INVALID
        return self._finish(node, cls, values, key_path)

    def _missing(self, node: yaml.Node, cls: type, info: FieldInfo, key_path: str) -> None:
        if cls is model.LocalText:
            language = LANGUAGE_NAMES.get(info.key, info.key)
            self.problem(node, key_path, f"missing {language} translation ({info.key})")
        else:
            self.problem(node, key_path, f"missing required key {info.key!r}: {info.spec.doc}")

    def _check_constraints(self, node: yaml.Node, value: Any, info: FieldInfo, key_path: str) -> bool:
        s = info.spec
        if s.shown and not self._check_shown(node, value, key_path):
            return False
        if s.pattern and isinstance(value, str) and not re.match(s.pattern, value):
            special = pattern_problem(s.pattern, value)
            if special is not None:
                self.problem(node, key_path, *special)
                return False
            form = PATTERN_FORMS.get(s.pattern, s.doc)
            suggestion = None
            if s.pattern == ID_PATTERN:
                slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
                suggestion = f"did you mean {slug!r}?" if slug else None
            self.problem(node, key_path, f"{value!r} does not have the right form: {form}", suggestion)
            return False
        if isinstance(value, int | float) and not isinstance(value, bool):
            if s.minimum is not None and value < s.minimum:
                self.problem(node, key_path, f"must be at least {s.minimum:g}, got {value}")
                return False
            if s.maximum is not None and value > s.maximum:
                self.problem(node, key_path, f"must be at most {s.maximum:g}, got {value}")
                return False
        return True

    def _check_shown(self, node: yaml.Node, value: Any, key_path: str) -> bool:
        """Refuse control characters in a text (or a list's texts) the learner will see."""
        if isinstance(value, str):
            texts = [(node, key_path, value)]
        elif isinstance(value, tuple):
            items = node.value if isinstance(node, yaml.SequenceNode) else [node]
            texts = [(n, f"{key_path}[{i}]", v) for i, (n, v) in enumerate(zip(items, value, strict=False))]
        else:
            return True
        ok = True
        for text_node, where, text in texts:
            if not isinstance(text, str):
                continue  # a Keys step checks its own `run`
            found = CONTROL.search(text)
            if found is not None:
                message, suggestion = control_problem(found.group())
                self.problem_at_character(text_node, where, found.group(), message, suggestion)
                ok = False
        return ok

    def _finish(self, node: yaml.Node, cls: type, values: dict[str, Any], key_path: str) -> Any:
        """Builds the object after the rules that span several fields of one class."""
        check = CROSS_FIELD_CHECKS.get(cls)
        if check is not None and not check(self, node, values, key_path):
            return INVALID
        return cls(**values)


def _plain_local_text(node: yaml.Node) -> model.LocalText | None:
    """The commonest object in a lesson, `{en: …, ko: …}` with two non-empty texts, built directly; None for
    anything else (a missing or empty translation, another key), which the general path reports."""
    if type(node) is not yaml.MappingNode or len(node.value) != 2:
        return None
    (k1, v1), (k2, v2) = node.value
    if type(v1) is not yaml.ScalarNode or type(v2) is not yaml.ScalarNode or v1.tag == _NULL or v2.tag == _NULL:
        return None
    first, second = k1.value, k2.value
    if first == "en" and second == "ko":
        en, ko = v1.value, v2.value
    elif first == "ko" and second == "en":
        en, ko = v2.value, v1.value
    else:
        return None
    if not en.strip() or not ko.strip() or CONTROL.search(en) or CONTROL.search(ko):
        return None
    return model.LocalText(en=en, ko=ko)


def _comma_split(mapping: yaml.Node, value: yaml.Node) -> bool:
    """Whether a key looks like the rest of a text cut at a comma: `{en: One, two, ko: …}` gives a key `two`."""
    return bool(getattr(mapping, "flow_style", False)) and value.tag == _NULL and not value.value


def _text_maps_to_source(node: yaml.Node) -> bool:
    """Whether a scalar's text appears in the file character for character on one line (no escapes)."""
    if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
        return False
    # Double quotes may hide escapes (`\t` is one character in the value, two in the file): no offset there.
    return not node.style or (node.style == "'" and "'" not in node.value)
