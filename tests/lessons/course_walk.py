"""Walks a loaded lesson's objects: every value of a given type, with where it is."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def instances(value: object, kind: type[T], where: str) -> Iterator[tuple[str, T]]:
    """Every `kind` object under `value` (dataclass fields, lists, tuples, dicts), with its path."""
    if isinstance(value, kind):
        yield where, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from instances(getattr(value, field.name), kind, f"{where}.{field.name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from instances(item, kind, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from instances(item, kind, f"{where}.{key}")
