"""Finding one's way in a YAML node tree: key paths as messages write them, and the value node of a key."""

from __future__ import annotations

import yaml


def join_key(key_path: str, key: str) -> str:
    """`exercises[0]` and `id` → `exercises[0].id`."""
    return f"{key_path}.{key}" if key_path else key


def node_for(node: yaml.Node, key: str) -> yaml.Node:
    """The value node of `key` in a mapping node (or the mapping itself when absent)."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                found: yaml.Node = value_node
                return found
    return node


def item_node(node: yaml.Node, index: int) -> yaml.Node:
    """The `index`th item of a sequence node (or the node itself when it is not a list that long)."""
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        found: yaml.Node = node.value[index]
        return found
    return node
