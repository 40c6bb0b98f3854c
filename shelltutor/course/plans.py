"""What the validator needs to know about each declared type and format class, worked out once and cached."""

from __future__ import annotations

import dataclasses
from typing import Any

from shelltutor.course.spec import (
    FieldInfo,
    fields_of,
    list_item,
    literal_values,
    mapping_value,
    strip_optional,
    union_members,
)


@dataclasses.dataclass(frozen=True)
class TypePlan:
    """What the validator needs to know about one declared type, worked out once (typing introspection is slow)."""

    tp: Any
    """The type without its `| None`."""
    optional: bool
    kind: str
    """union, literal, list, mapping, dataclass or scalar."""
    members: tuple[Any, ...] = ()
    values: tuple[Any, ...] = ()
    item: Any = None
    """The item type of a list, or the value type of a mapping."""
    shorthand: str | None = None


_PLANS: dict[Any, TypePlan] = {}


def type_plan(tp: Any) -> TypePlan:
    """The (cached) plan of a declared type."""
    try:
        return _PLANS[tp]
    except KeyError:
        pass
    stripped, optional = strip_optional(tp)
    members = union_members(stripped)
    values = literal_values(stripped)
    item = list_item(stripped)
    value_type = mapping_value(stripped)
    if members is not None:
        plan = TypePlan(stripped, optional, "union", members=members)
    elif values is not None:
        plan = TypePlan(stripped, optional, "literal", values=values)
    elif item is not None:
        plan = TypePlan(stripped, optional, "list", item=item)
    elif value_type is not None:
        plan = TypePlan(stripped, optional, "mapping", item=value_type)
    elif dataclasses.is_dataclass(stripped) and isinstance(stripped, type):
        plan = TypePlan(stripped, optional, "dataclass", shorthand=getattr(stripped, "shorthand", None))
    else:
        plan = TypePlan(stripped, optional, "scalar")
    _PLANS[tp] = plan
    return plan


@dataclasses.dataclass(frozen=True)
class ClassPlan:
    """The fields of one format class, by YAML key, with what the validator needs per field (worked out once)."""

    infos: dict[str, FieldInfo]
    list_items: dict[str, Any]
    """For list fields (also `list | None`), the item type."""
    constrained: frozenset[str]
    """Keys of fields with a pattern, minimum or maximum, or shown to the learner."""
    required: tuple[FieldInfo, ...]


_CLASS_PLANS: dict[type, ClassPlan] = {}


def class_plan(cls: type) -> ClassPlan:
    """The (cached) plan of a format dataclass."""
    found = _CLASS_PLANS.get(cls)
    if found is None:
        infos = {info.key: info for info in fields_of(cls)}
        plans = {key: type_plan(info.type) for key, info in infos.items()}
        found = ClassPlan(
            infos=infos,
            list_items={key: plan.item for key, plan in plans.items() if plan.kind == "list"},
            constrained=frozenset(
                key
                for key, info in infos.items()
                if info.spec.pattern
                or info.spec.minimum is not None
                or info.spec.maximum is not None
                or info.spec.shown
            ),
            required=tuple(info for info in infos.values() if info.required),
        )
        _CLASS_PLANS[cls] = found
    return found
