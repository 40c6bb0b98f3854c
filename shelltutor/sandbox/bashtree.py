"""The tree-sitter-bash parser, one per thread (the sandbox's pipeline taps and the grader's shape reading)."""

from __future__ import annotations

import threading

import tree_sitter
import tree_sitter_bash

LANGUAGE = tree_sitter.Language(tree_sitter_bash.language())
_local = threading.local()


def bash_parser() -> tree_sitter.Parser:
    """This thread's parser (a tree-sitter parser is not safe to share between threads)."""
    parser: tree_sitter.Parser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = tree_sitter.Parser(LANGUAGE)
        _local.parser = parser
    return parser
