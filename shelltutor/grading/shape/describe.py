"""What a shape requirement that was not met means, in the learner's words (English and Korean)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from shelltutor.course.model import LocalText
from shelltutor.grading.messages import REDIRECT_MEANINGS, Field, local


@dataclass(frozen=True)
class ShapeFailure:
    """One shape requirement that no command of the attempt meets."""

    key: str
    message: LocalText


def failure(key: str, message: str, **values: Field) -> ShapeFailure:
    """A failed requirement `key` (`pipe`, `uses` …) told with the message `message` of grading.messages."""
    return ShapeFailure(key, local(message, **values))


def missing_redirect(op: str) -> ShapeFailure:
    """The redirection `op` (or the pipe `|&`) is not used."""
    meaning = REDIRECT_MEANINGS.get(op, LocalText(en=op, ko=op))
    key = "shape_pipe_both" if op == "|&" else "shape_redirect"  # `|&` is a pipe, not a redirection
    return failure("redirects", key, op=op, what=meaning)


def missing_options(command: str, options: Sequence[str]) -> ShapeFailure:
    """`command` is used, never with all of `options`."""
    return failure("uses", "shape_uses_options", command=command, options=" ".join(f"`{o}`" for o in options))


def none_of_the_alternatives(first: ShapeFailure, others: int) -> ShapeFailure:
    """No alternative of `any_of` holds: what the first one still needs, and that there are others."""
    return failure("any_of", "shape_any_of", first=first.message, count=others)


_PLAIN = re.compile(r"(?:[^\\.^$*+?()\[\]{}|]|\\[.\-/~@:])+")
"""Regex text that stands for itself: no operators, only escaped punctuation (`hello\\.sh`)."""


def missing_argument(command: str, pattern: str) -> ShapeFailure:
    """What a missing argument should be, in words: a learner does not read regular expressions. An anchored
    literal (`^hello\\.sh$`, `^wandb/?$`) is named, a literal prefix (`^~/`) described, anything else left to the
    task's own words."""
    body = pattern.removeprefix("^")
    exact = body.endswith("$")
    body = body.removesuffix("$")
    if exact and body.endswith("/?"):
        body = body[:-2]  # `dir/?`: with or without the slash
    if pattern.startswith("^") and body and _PLAIN.fullmatch(body):
        text = re.sub(r"\\(.)", r"\1", body)
        return failure(
            "uses", "shape_uses_arg_literal" if exact else "shape_uses_arg_prefix", command=command, arg=text
        )
    return failure("uses", "shape_uses_args", command=command)
