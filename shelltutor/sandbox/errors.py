"""Errors of the sandbox that reach users: each carries a message meant to be shown as it is."""

from __future__ import annotations


class SessionError(RuntimeError):
    """The sandbox cannot start or run; the message says why and, when known, how to fix it."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        super().__init__(message if fix is None else f"{message}\nTo fix: {fix}")
        self.problem = message
        self.fix = fix
