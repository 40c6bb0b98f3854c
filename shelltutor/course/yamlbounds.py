"""Bounds on what a lesson's YAML node tree expands to: aliases (billion laughs), alias cycles and nesting.

PyYAML composes an alias as a second reference to the anchored node, so composing is cheap; anything that then
walks the tree (the validator, the grader) walks every expansion. A few kilobytes of nested aliases expand
to billions of values, and an alias inside its own anchor never ends. So the tree is measured before anything
else walks it, in a walk that stops at the bounds below, and refused past them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import yaml

MAX_ALIAS_VALUES = 100_000
"""Values (texts, lists, mappings) that aliases may add to a file, counting every copy they stand for."""
MAX_ALIAS_CHARS = 4 << 20
"""Characters of text that aliases may add to a file (four times the largest lesson file)."""
MAX_DEPTH = 64
"""Lists and mappings nested in one another; a real lesson needs about ten."""

_SUGGESTION = "write the values out, or repeat an anchor fewer times"
_SEQUENCE = yaml.SequenceNode
_SCALAR = yaml.ScalarNode
_MAPPING = yaml.MappingNode


@dataclass(frozen=True)
class BoundProblem:
    """Where a document goes past a bound, and what it is."""

    line: int
    """1-based."""
    column: int
    """1-based."""
    message: str
    suggestion: str


def check_bounds(root: yaml.Node, text: str, load: type) -> BoundProblem | None:
    """The first bound the document `root` (composed from `text` with `load`) goes past, or None.

    The tree is walked level by level as the validator would walk it, aliases expanded, stopping as soon as
    a bound is passed; a node met again was reached through an alias. Only then is the text parsed again,
    as events, to point at the very alias responsible.
    """
    seen: set[int] = set()
    level = [root]
    depth = extra = chars = 0
    # No document has more distinct nodes than twice its characters: a longer level holds aliases' copies.
    most = 2 * len(text) + MAX_ALIAS_VALUES
    flatten = chain.from_iterable
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            cycle = _blame(text, load, cycles_only=True)
            return cycle or _at(
                level[0],
                f"lists and mappings are nested more than {MAX_DEPTH} levels deep here",
                "a lesson needs only a few levels: flatten this part",
            )
        ids = list(map(id, level))
        unique = set(ids)
        if len(unique) < len(ids) or not seen.isdisjoint(unique):  # aliases on this level: count their copies
            earlier = unique & seen
            extra += len(ids) - len(unique) + len(earlier)
            if earlier:
                chars += sum(len(n.value) for n in level if type(n) is _SCALAR and id(n) in earlier)
            if len(unique) < len(ids):
                here: set[int] = set()
                for node, key in zip(level, ids, strict=True):
                    if key in here and key not in earlier and type(node) is _SCALAR:
                        chars += len(node.value)
                    here.add(key)
            if extra > MAX_ALIAS_VALUES or chars > MAX_ALIAS_CHARS:
                return _blame(text, load) or _at(level[0], "YAML aliases expand this file too far", _SUGGESTION)
        seen |= unique
        sequences = [node.value for node in level if type(node) is _SEQUENCE]
        mappings = [node.value for node in level if type(node) is _MAPPING]
        if sum(map(len, sequences)) + 2 * sum(map(len, mappings)) > most:
            return _blame(text, load) or _at(level[0], "YAML aliases expand this file too far", _SUGGESTION)
        level = list(flatten(sequences))
        level.extend(flatten(flatten(mappings)))
    return None


def _at(node: yaml.Node, message: str, suggestion: str) -> BoundProblem:
    return BoundProblem(node.start_mark.line + 1, node.start_mark.column + 1, message, suggestion)


@dataclass
class _Open:
    """A list or mapping whose end event has not come yet, with the size of its contents so far."""

    anchor: str | None
    values: int = 1
    chars: int = 0

    def add(self, size: tuple[int, int]) -> None:
        self.values += size[0]
        self.chars += size[1]


def _blame(text: str, load: type, *, cycles_only: bool = False) -> BoundProblem | None:
    """The alias at which the document goes past a bound (with `cycles_only`, an alias inside its own
    anchor), found by replaying its events with the anchors' sizes: the composed tree no longer knows where
    its aliases were written."""
    sizes: dict[str, tuple[int, int]] = {}
    stack = [_Open(None)]
    values = chars = 0
    for event in yaml.parse(text, Loader=load):
        if isinstance(event, yaml.AliasEvent):
            anchor = str(event.anchor)
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
            if any(frame.anchor == anchor for frame in stack):
                message = f"the alias *{anchor} is inside the anchor &{anchor} it refers to: it would never end"
                return BoundProblem(*where, message, "an alias can only repeat a value that is complete")
            size = sizes.get(anchor, (1, 0))
            values += size[0]
            chars += size[1]
            if not cycles_only and (values > MAX_ALIAS_VALUES or chars > MAX_ALIAS_CHARS):
                what = (
                    f"{MAX_ALIAS_VALUES:,} values" if values > MAX_ALIAS_VALUES else f"{MAX_ALIAS_CHARS:,} characters"
                )
                message = f"the YAML alias *{anchor} makes this file expand past {what}"
                return BoundProblem(*where, message, _SUGGESTION)
            stack[-1].add(size)
        elif isinstance(event, yaml.ScalarEvent):
            size = (1, len(event.value))
            if event.anchor is not None:
                sizes[str(event.anchor)] = size
            stack[-1].add(size)
        elif isinstance(event, yaml.CollectionStartEvent):
            stack.append(_Open(None if event.anchor is None else str(event.anchor)))
        elif isinstance(event, yaml.CollectionEndEvent) and len(stack) > 1:
            done = stack.pop()
            size = (done.values, done.chars)
            if done.anchor is not None:
                sizes[done.anchor] = size
            stack[-1].add(size)
    return None
