"""A command's words after its name, as the program reads them: options (bundled `-lah`, `--key=value`, `-n 5`,
`-k6,6`, `--`), their values, plain arguments, and the forms some programs have of their own (`tar xzf`,
`ps aux`, `tmux new -s x`, `kill -9`, `find … -exec … ;`)."""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Any

import tree_sitter

from shelltutor.explain import describe
from shelltutor.explain.words import explain_word

if TYPE_CHECKING:
    from shelltutor.explain.commands import Word
    from shelltutor.explain.walker import Context, Walker

TEST_OPERATORS = {
    "-e": "test.exists",
    "-a": "test.exists_or_and",
    "-f": "test.file",
    "-d": "test.dir",
    "-s": "test.nonempty",
    "-r": "test.readable",
    "-w": "test.writable",
    "-x": "test.executable",
    "-L": "test.symlink",
    "-h": "test.symlink",
    "-z": "test.empty_string",
    "-n": "test.nonempty_string",
    "=": "test.equal",
    "==": "test.equal",
    "!=": "test.not_equal",
    "=~": "test.regex",
    "-eq": "test.eq",
    "-ne": "test.ne",
    "-lt": "test.lt",
    "-le": "test.le",
    "-gt": "test.gt",
    "-ge": "test.ge",
    "-nt": "test.newer",
    "-ot": "test.older",
    "!": "test.not",
    "-o": "test.or",
    "&&": "test.and",
    "||": "test.or",
    "<": "test.before",
    ">": "test.after",
    "(": "test.group",
    ")": "test.group",
}
_FIND_OPERATORS = {
    "(": "find.group",
    ")": "find.group",
    "!": "find.not",
    "-not": "find.not",
    "-a": "find.and",
    "-and": "find.and",
    "-o": "find.or",
    "-or": "find.or",
    ",": "find.comma",
}
_FIND_EXEC = frozenset({"-exec", "-execdir", "-ok", "-okdir"})
_JOB_BUILTINS = frozenset({"fg", "bg", "jobs", "disown", "wait", "kill"})


def _start(w: Walker, word: Word) -> int | None:
    """The character offset of the word's value, when its text is its value (no quotes, no backslashes)."""
    node = word.node
    if node.type in ("word", "number") and w.node_text(node) == word.value:
        return w.text.char(node.start_byte)
    return None


def _option(
    w: Walker,
    program: str,
    spelling: str,
    where: tree_sitter.Node | tuple[int, int],
    depth: int,
    value: str | None = None,
    *,
    table: dict[str, Any] | None = None,
) -> None:
    """One option's span, described from the table, the translation, the manual or bash's `help`."""
    if table is not None:
        own = table.get("options", {}).get(spelling, {})
        text = own.get(w.lang) if isinstance(own, dict) else None
        found = describe.Described(text, w.lang, "table") if text else None
        if found is None and isinstance(own, dict) and own.get("en"):
            found = describe.Described(own["en"], "en", "table")
    else:
        found = describe.option_summary(program, describe.spellings_of(program, spelling), w.lang)
    if found is None:
        known = describe.man_option(program, (spelling,)) is not None
        explanation = w.say("opt.unknown" if not known else "opt.plain", program=program)
        lang, source = None, "shelltutor"
    else:
        explanation, lang, source = found.text, found.lang, found.source
    if value is not None:
        explanation += " " + w.say("opt.value_is", value=value)
    w.emit(where, "option", explanation, depth, lang=lang, source=source)  # type: ignore[arg-type]


def _value_span(w: Walker, where: tree_sitter.Node | tuple[int, int], spelling: str, depth: int) -> None:
    w.emit(where, "argument", w.say("opt.value_of", option=spelling), depth)


def arguments(w: Walker, program: str, words: list[Word], depth: int, *, wrapper: bool = False) -> None:
    """Every word after the command's name."""
    index = 0
    ended = False
    script_next = False
    subcommand: dict[str, Any] | None = None
    plain: list[tuple[Word, bool]] = []
    """Plain arguments, explained once their number is known (`cp A B DEST`: the last is where copies go)."""
    if program == "tar" and words and words[0].value.isalpha() and not wrapper:
        index = _tar_traditional(w, words, depth)
    while index < len(words):
        word = words[index]
        value = word.value
        index += 1
        if value.startswith("-") and len(value) > 1 and not ended:
            if value == "--":
                w.emit(word.node, "option", w.say("opt.end"), depth)
                ended = True
            elif program == "kill" and _signal_word(value[1:]) is not None:
                _signal(w, word, value[1:], depth)
            else:
                script_next = script_next or (program in ("bash", "sh", "dash") and value == "-c")
                index = _option_word(w, program, words, index, depth, subcommand)
            explain_word(w, word.node, depth + 1)
            continue
        if program == "ps" and not ended and value.isalpha() and _bsd(w, word, depth):
            continue
        if program == "tmux" and subcommand is None and not ended:
            subcommand = _subcommand(w, program, word, depth)
            if subcommand is not None:
                continue
        plain.append((word, script_next))
        script_next = False
    for position, (word, script) in enumerate(plain):
        _argument(w, program, word, depth, position, len(plain), script=script)


def _option_word(
    w: Walker, program: str, words: list[Word], index: int, depth: int, subcommand: dict[str, Any] | None
) -> int:
    """The option word `words[index - 1]`; returns the index after it and any value it took."""
    word = words[index - 1]
    value = word.value
    start = _start(w, word)
    name = program

    def takes(spelling: str) -> str:
        if subcommand is not None:
            found = subcommand.get("values", {}).get(spelling)
            return str(found) if found else "none"
        return describe.takes_value(name, spelling)

    if value.startswith("--"):
        spelling, has_value, given = value.partition("=")
        if has_value:
            _option(w, name, spelling, word.node, depth, given, table=subcommand)
            if start is not None:
                _value_span(w, (start + len(spelling) + 1, start + len(value)), spelling, depth + 1)
            return index
        _option(w, name, spelling, word.node, depth, table=subcommand)
        return _next_value(w, words, index, spelling, depth) if takes(spelling) == "required" else index
    numeric = describe.numeric_option(name)
    if numeric is not None and value[1:].isdigit():
        w.emit(word.node, "option", w.say("opt.numeric", option=numeric, value=value[1:]), depth)
        return index
    if (subcommand is None and not describe.bundles(name)) or (
        len(value) > 2 and not describe.known_option(name, value[:2]) and describe.known_option(name, value)
    ):
        _option(w, name, value, word.node, depth, table=subcommand)
        return _next_value(w, words, index, value, depth) if takes(value) == "required" else index
    letters = value[1:]
    parts: list[tuple[str, int, str | None]] = []  # (spelling, offset in the word, value inside the word)
    takes_next: str | None = None
    for at, letter in enumerate(letters):
        spelling = f"-{letter}"
        rest = letters[at + 1 :]
        kind = takes(spelling)
        if kind == "none" or (kind == "optional" and not rest):
            parts.append((spelling, at + 1, None))
            continue
        if rest:
            parts.append((spelling, at + 1, rest))
        else:
            parts.append((spelling, at + 1, None))
            takes_next = spelling if kind == "required" else None
        break
    if len(parts) == 1:
        spelling, offset, inside = parts[0]
        _option(w, name, spelling, word.node, depth, inside, table=subcommand)
        if inside is not None and start is not None:
            _value_span(w, (start + offset + 1, start + len(value)), spelling, depth + 1)
    else:
        listed = ", ".join(spelling for spelling, _, _ in parts)
        w.emit(word.node, "option", w.say("opt.bundle", count=len(parts), options=listed), depth)
        for spelling, offset, inside in parts:
            where = (start + offset, start + offset + 1) if start is not None else word.node
            _option(w, name, spelling, where, depth + 1, inside, table=subcommand)
            if inside is not None and start is not None:
                _value_span(w, (start + offset + 1, start + len(value)), spelling, depth + 1)
    return _next_value(w, words, index, takes_next, depth) if takes_next is not None else index


def _next_value(w: Walker, words: list[Word], index: int, spelling: str, depth: int) -> int:
    """The word after an option that takes a value is that value (`-n 5`); the index after it."""
    if index >= len(words):
        return index
    _value_span(w, words[index].node, spelling, depth)
    explain_word(w, words[index].node, depth + 1)
    return index + 1


def _argument(w: Walker, program: str, word: Word, depth: int, index: int, count: int, *, script: bool) -> None:
    value = word.value
    if script:
        key = "arg.script"
    elif value == "-" and program == "cd":
        key = "arg.cd_dash"
        if w.view is not None and w.view.variables.get("OLDPWD"):
            said = w.say(key) + " " + w.say("now", value=w.view.variables["OLDPWD"])
            w.emit(word.node, "argument", said, depth, source="sandbox", expands_to=(w.view.variables["OLDPWD"],))
            return
    elif value == "-":
        key = "arg.dash"
    elif value.startswith("%") and program in _JOB_BUILTINS:
        key = "arg.job"
    else:
        own = describe.positional(program, w.lang, index, count)
        if own is not None:
            w.emit(word.node, "argument", own.text, depth, lang=own.lang, source=own.source)
            explain_word(w, word.node, depth + 1)
            return
        key = "arg.generic"
    said = w.say(key, program=program, value=value)
    if w.view is not None and key == "arg.generic" and "$" not in value and "*" not in value and value:
        kind = w.view.kind_of(w.view.absolute(value.replace("~", w.view.variables.get("HOME", "~"), 1)))
        if kind is not None:
            said += " " + w.say(f"arg.is_{kind}")
    w.emit(word.node, "argument", said, depth)
    explain_word(w, word.node, depth + 1)


def _tar_traditional(w: Walker, words: list[Word], depth: int) -> int:
    """`tar xzf archive.tgz`: the first word is a bundle of options without a dash, whose values follow it."""
    word = words[0]
    start = _start(w, word)
    w.emit(word.node, "option", w.say("opt.tar_old", options=", ".join(f"-{c}" for c in word.value)), depth)
    index = 1
    for at, letter in enumerate(word.value):
        spelling = f"-{letter}"
        where = (start + at, start + at + 1) if start is not None else word.node
        _option(w, "tar", spelling, where, depth + 1)
        if describe.takes_value("tar", spelling) == "required":
            index = _next_value(w, words, index, spelling, depth)
    return index


def _bsd(w: Walker, word: Word, depth: int) -> bool:
    """`ps aux`: BSD-style option letters without a dash (as the table knows them)."""
    own = describe.table()["programs"].get("ps", {}).get("bsd", {})
    if not all(letter in own for letter in word.value):
        return False
    start = _start(w, word)
    w.emit(word.node, "option", w.say("opt.bsd", options=", ".join(word.value)), depth)
    for at, letter in enumerate(word.value):
        entry = own[letter]
        text = entry.get(w.lang) or entry["en"]
        where = (start + at, start + at + 1) if start is not None else word.node
        w.emit(where, "option", text, depth + 1, lang=w.lang if entry.get(w.lang) else "en", source="table")
    return True


def _subcommand(w: Walker, program: str, word: Word, depth: int) -> dict[str, Any] | None:
    """`tmux new-session` / `tmux new`: a subcommand and, from then on, its options."""
    for name, entry in describe.subcommands(program).items():
        if word.value == name or word.value in entry.get("aliases", []):
            text = entry.get(w.lang) or entry["en"]
            said = w.say("cmd.subcommand", program=program, name=name) + " " + text
            w.emit(word.node, "command", said, depth, lang=w.lang if entry.get(w.lang) else "en", source="table")
            found: dict[str, Any] = entry
            return found
    return None


def _signal_word(word: str) -> int | None:
    name = word.upper().removeprefix("SIG")
    if word.isdigit():
        return int(word)
    try:
        return int(signal.Signals[f"SIG{name}"])
    except KeyError:
        return None


def _signal(w: Walker, word: Word, text: str, depth: int) -> None:
    number = _signal_word(text)
    try:
        name = signal.Signals(number).name if number is not None else text
    except ValueError:
        name = text
    key = f"signal.{name}" if f"signal.{name}" in _SIGNAL_KEYS else "signal.other"
    w.emit(word.node, "option", w.say(key, name=name, number=number), depth)


_SIGNAL_KEYS = frozenset(
    {"signal.SIGKILL", "signal.SIGTERM", "signal.SIGINT", "signal.SIGHUP", "signal.SIGSTOP", "signal.SIGCONT"}
)


def find_arguments(w: Walker, words: list[Word], ctx: Context) -> None:
    """find's starting points, then its expression: tests, actions, operators and `-exec … ;` commands."""
    from shelltutor.explain.commands import explain_simple

    depth = ctx.depth
    index = 0
    expression = False
    while index < len(words):
        word = words[index]
        value = word.value
        index += 1
        if value in _FIND_OPERATORS:
            w.emit(word.node, "operator", w.say(_FIND_OPERATORS[value]), depth)
            expression = True
        elif value in _FIND_EXEC:
            end = next((i for i in range(index, len(words)) if words[i].value in (";", "+")), len(words))
            _option(w, "find", value, word.node, depth)
            inner = [x for x in words[index:end] if x.value != "{}"]
            for placeholder in words[index:end]:
                if placeholder.value == "{}":
                    w.emit(placeholder.node, "argument", w.say("find.placeholder"), depth + 1)
            if inner:
                explain_simple(w, inner[0], inner[1:], _deeper(ctx))
            if end < len(words):
                key = "find.exec_end" if words[end].value == ";" else "find.exec_plus"
                w.emit(words[end].node, "operator", w.say(key), depth)
                explain_word(w, words[end].node, depth + 1)
            index = end + 1
            expression = True
        elif value.startswith("-") and len(value) > 1:
            _option(w, "find", value, word.node, depth)
            if describe.takes_value("find", value) == "required":
                index = _next_value(w, words, index, value, depth)
            expression = expression or value not in ("-P", "-L", "-H")
        else:
            key = "find.start" if not expression else "arg.generic"
            w.emit(word.node, "argument", w.say(key, program="find", value=value), depth)
            explain_word(w, word.node, depth + 1)


def _deeper(ctx: Context) -> Context:
    from dataclasses import replace

    return replace(ctx, depth=ctx.depth + 1, redirects=())


def test_operator(w: Walker, node: tree_sitter.Node, depth: int) -> None:
    """An operator of `[ ]` / `[[ ]]` (`-f`, `-eq`, `==`, `!`)."""
    text = w.node_text(node)
    key = TEST_OPERATORS.get(text)
    if key is not None:
        w.emit(node, "operator", w.say(key), depth)
