"""Options as a program reads them: every spelling of one option (`-R`, `--recursive`, `-rf`, `-n3`, `--lines=3`)
is the same option, read from a table made from the programs' own `--help` (options.json)."""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

Arg = Literal["none", "required", "optional"]
_TABLE = Path(__file__).with_name("options.json")


@dataclass(frozen=True)
class Given:
    """One option of a command as the program understands it."""

    key: str
    """The option's first spelling in the table (`-r` for `-R` and `--recursive` of rm)."""
    value: str | None = None


@dataclass(frozen=True)
class ProgramOptions:
    """What one program accepts."""

    keys: dict[str, str]
    """Every spelling (`-R`, `--recursive`, `--sort=time`) to its option's key."""
    args: dict[str, Arg]
    """Whether each option (by key) takes a value."""
    bundles: bool = True
    """Single-dash words are bundles of letters (`-rf`); not for `find -name`."""
    numeric: str | None = None
    """The option that a bare `-NUM` stands for (`head -3` is `head -n 3`)."""


@cache
def _table() -> dict[str, ProgramOptions]:
    raw = json.loads(_TABLE.read_text(encoding="utf-8"))
    programs: dict[str, ProgramOptions] = {}
    for name, entry in raw["programs"].items():
        keys: dict[str, str] = {}
        args: dict[str, Arg] = {}
        for option in entry["options"]:
            key = option["names"][0]
            args.setdefault(key, option["arg"])
            for spelling in option["names"]:
                keys.setdefault(spelling, key)
        programs[name] = ProgramOptions(
            keys=keys,
            args=args,
            bundles=name not in raw["no_bundles"],
            numeric=raw["numeric_means"].get(name),
        )
    return programs


def program_options(program: str) -> ProgramOptions | None:
    """The table of `program` (a path is looked up by its last part); None when it is not known."""
    return _table().get(program.rsplit("/", 1)[-1])


def read_options(program: str, args: tuple[str, ...] | list[str]) -> list[Given] | None:
    """The options in `args` as `program` reads them (None when the program is not in the table)."""
    if program.rsplit("/", 1)[-1] == "kill":
        return _kill_options(args)
    spec = program_options(program)
    if spec is None:
        return None
    found: list[Given] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            break
        if arg.startswith("--") and len(arg) > 2:
            index = _long(spec, arg, args, index, found)
        elif arg.startswith("-") and len(arg) > 1:
            if spec.numeric is not None and arg[1:].isdigit():
                found.append(Given(spec.keys.get(spec.numeric, spec.numeric), arg[1:]))
            elif spec.bundles:
                index = _bundle(spec, arg, args, index, found)
            else:
                found.append(Given(spec.keys.get(arg, arg)))
    return found


def _long(spec: ProgramOptions, arg: str, args: tuple[str, ...] | list[str], index: int, found: list[Given]) -> int:
    if arg in spec.keys and "=" in arg:  # a spelling with its value, `--sort=time` for `-t`
        found.append(Given(spec.keys[arg]))
        return index
    name, has_value, value = arg.partition("=")
    key = spec.keys.get(name) or _unique_prefix(spec, name)
    if key is None:
        found.append(Given(name, value if has_value else None))
        return index
    takes = spec.args.get(key, "none")
    if has_value:
        found.append(Given(key, value))
    elif takes == "required" and index < len(args):
        found.append(Given(key, args[index]))
        index += 1
    else:
        found.append(Given(key))
    return index


def _unique_prefix(spec: ProgramOptions, name: str) -> str | None:
    """GNU getopt accepts an unambiguous start of a long option (`--recur` for `--recursive`)."""
    keys = {key for spelling, key in spec.keys.items() if spelling.startswith(name) and "=" not in spelling}
    return keys.pop() if len(keys) == 1 else None


def _bundle(spec: ProgramOptions, arg: str, args: tuple[str, ...] | list[str], index: int, found: list[Given]) -> int:
    letters = arg[1:]
    for at, letter in enumerate(letters):
        key = spec.keys.get(f"-{letter}", f"-{letter}")
        takes = spec.args.get(key, "none")
        rest = letters[at + 1 :]
        if takes == "none":
            found.append(Given(key))
            continue
        if rest:  # `-n3`, `-d,`: the rest of the word is the value
            found.append(Given(key, rest))
        elif takes == "required" and index < len(args):
            found.append(Given(key, args[index]))
            index += 1
        else:
            found.append(Given(key))
        break
    return index


def _signal_number(word: str) -> str | None:
    name = word.upper().removeprefix("SIG")
    if word.isdigit():
        return word
    try:
        return str(int(signal.Signals[f"SIG{name}"]))
    except KeyError:
        return None


def _kill_options(args: tuple[str, ...] | list[str]) -> list[Given]:
    """bash's `kill`: `-9`, `-KILL`, `-SIGKILL`, `-s KILL`, `-n 9`, `--signal KILL` all name one signal."""
    found: list[Given] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            break
        if arg in ("-s", "-n", "--signal") and index < len(args):
            number = _signal_number(args[index])
            found.append(Given("signal", number or args[index]))
            index += 1
        elif arg in ("-l", "-L", "--list", "--table"):
            found.append(Given("-l"))
        elif arg.startswith("-") and len(arg) > 1 and not arg[1:].lstrip("-").startswith("%"):
            number = _signal_number(arg[1:])
            found.append(Given("signal", number) if number is not None else Given(arg))
    return found


def has_options(program: str, args: tuple[str, ...] | list[str], wanted: list[str]) -> bool | None:
    """Whether `args` give every option in `wanted` (each spelled any way `program` accepts, values included);
    None when the program is not in the table (the caller falls back to comparing spellings)."""
    given = read_options(program, args)
    if given is None:
        return None
    # Each wanted option is read on its own with the words after it that are not options (`-n 3`): a
    # wanted `-d -f` is two options, although `cut -d -f` would read `-f` as the delimiter.
    chunks: list[list[str]] = []
    for word in wanted:
        if word.startswith("-") or not chunks:
            chunks.append([word])
        else:
            chunks[-1].append(word)
    want: list[Given] = []
    for chunk in chunks:
        read = read_options(program, chunk)
        if not read:
            return None
        want.extend(read)
    for option in want:
        if option.value is None:
            if not any(g.key == option.key for g in given):
                return False
        elif option not in given:
            return False
    return True
