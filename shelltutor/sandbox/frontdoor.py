"""The front door: commands refused before anything runs (too long, NUL bytes)."""

from __future__ import annotations

MAX_COMMAND_BYTES = 4096
"""The longest command accepted, in UTF-8 bytes."""


class CommandRefused(ValueError):
    """A command the sandbox will not run; the message says why, for the learner."""


def check_command(command: str) -> bytes:
    """The command as UTF-8 bytes, or CommandRefused when it cannot be run."""
    if not isinstance(command, str):
        raise CommandRefused("a command must be text")
    if "\x00" in command:
        raise CommandRefused("the command contains a NUL byte (\\0), which a shell command cannot contain")
    try:
        data = command.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CommandRefused(f"the command is not valid text: {exc.reason}") from None
    if len(data) > MAX_COMMAND_BYTES:
        raise CommandRefused(
            f"the command is too long ({len(data)} bytes; at most {MAX_COMMAND_BYTES}): "
            "put long scripts in a file and run the file"
        )
    return data
