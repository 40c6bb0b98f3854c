"""Matching parsed command lines: against an exercise's shape requirements, each other, and full-screen programs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from shelltutor.course.model import CommandUse, ShapeCheck
from shelltutor.grading.options import Given, has_options, read_options
from shelltutor.grading.pathspell import LESSON_HOME
from shelltutor.grading.shape.describe import (
    ShapeFailure,
    failure,
    missing_argument,
    missing_options,
    missing_redirect,
    none_of_the_alternatives,
)
from shelltutor.grading.shape.looking import looks_only, tmux_words
from shelltutor.grading.shape.syntax import SimpleCommand, parse
from shelltutor.sandbox.frontdoor import MAX_COMMAND_BYTES

EDITORS = frozenset({"vi", "vim", "view", "nvim", "vimdiff", "nano", "pico", "emacs", "htop", "watch", "mc"})
"""Full-screen programs that need a terminal even when their output is redirected."""
REPLS = frozenset({"bash", "sh", "dash", "zsh", "python", "python3", "ipython", "bc"})
"""Programs that, given no script, start a prompt of their own reading the keyboard."""
PAGERS = frozenset({"less", "more", "most", "man", "info", "top"})
"""Programs that take the screen only when their output goes to the terminal."""
PAGER_BATCH_OPTIONS: dict[str, frozenset[str]] = {
    "man": frozenset({"-k", "-f", "-w", "--apropos", "--whatis", "--where", "--path"}),
    "top": frozenset({"-b", "--batch"}),
}
"""Options with which these programs print and exit instead of taking the screen."""
KEYBOARD_FILTERS = frozenset(
    {"cat", "tac", "nl", "tee", "sort", "uniq", "wc", "head", "tail", "tr", "cut", "paste", "fold", "rev", "xargs"}
    | {"grep", "egrep", "fgrep", "awk", "gawk", "mawk", "nawk", "sed", "base64", "md5sum", "sha256sum", "od"}
)
"""Programs that read their standard input when given no file to read: at the prompt, the keyboard (`cat > f`,
`sort`, `wc -l`), until Ctrl-D; the learner must be able to type into them."""
STDIN_ONLY = frozenset({"tee", "tr", "xargs"})
"""Of those, the ones whose words are never a file to read instead (`tee log` writes to `log`)."""
PROGRAM_FIRST: dict[str, frozenset[str]] = {
    name: frozenset({"-e", "-f"}) for name in ("grep", "egrep", "fgrep", "awk", "gawk", "mawk", "nawk", "sed")
}
"""Programs whose first word is a pattern or program, not a file, unless one of these options gives it."""
NEVER_STDIN: dict[str, frozenset[str]] = {
    "grep": frozenset({"-r", "-R"}),  # grep -r without a file searches the current directory
    "egrep": frozenset({"-r", "-R"}),
    "fgrep": frozenset({"-r", "-R"}),
    "sed": frozenset({"-i"}),  # sed -i without a file says "no input files"
    "sort": frozenset({"--files0-from"}),
    "wc": frozenset({"--files0-from"}),
    "xargs": frozenset({"-a"}),
}
"""Options with which these programs read files, or nothing, rather than their standard input."""
KEYBOARD_WRAPPERS = (None, "exec", "command", "env", "time", "nice", "stdbuf")
"""Wrappers that leave the command reading the learner's terminal (`nohup` and `xargs` give it no terminal)."""
APPEND_TO_WRITE = {">>": ">", "2>>": "2>", "&>>": "&>"}
PRINTERS = frozenset({"echo", "printf"})
"""Builtins that print the words they are given: the way an answer gets typed in rather than worked out."""
_EXPANSION = re.compile(r"[$`*?\[{~]")
"""A word with any of these may expand to something the learner did not type (a variable, `$( )`, a glob,
braces, `~`); only words with none of them are certainly typed-in text."""


def same_commands(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two command lists are the same, token by token (spacing and quoting do not matter)."""
    return len(a) == len(b) and all(parse(x).tokens == parse(y).tokens for x, y in zip(a, b, strict=True))


def equivalent_commands(a: str, b: str) -> bool:
    """Whether two command lines run the same programs with the same options and arguments, however the options
    are spelt (`ls -lah` and `ls -a -l -h`, `rm -R` and `rm --recursive`, `head -3` and `head -n 3`): how an
    alias or a saved command line is compared with the one the task asks for."""
    if same_commands([a], [b]):
        return True
    x, y = parse(a), parse(b)
    if x.has_error or y.has_error or x.pipelines != y.pipelines or x.background != y.background:
        return False
    if [(r.op, r.target) for r in x.redirects] != [(r.op, r.target) for r in y.redirects]:
        return False
    if len(x.commands) != len(y.commands):
        return False
    return all(_same_invocation(p, q) for p, q in zip(x.commands, y.commands, strict=True))


def _same_invocation(a: SimpleCommand, b: SimpleCommand) -> bool:
    if a.name != b.name or a.captured != b.captured or a.wrapped_by != b.wrapped_by:
        return False
    given_a, given_b = read_options(a.name, a.args), read_options(b.name, b.args)
    if given_a is None or given_b is None:
        return a.args == b.args
    if sorted(given_a, key=repr) != sorted(given_b, key=repr):
        return False
    return _operands(a.args, given_a) == _operands(b.args, given_b)


def _operands(args: Sequence[str], given: Sequence[Given]) -> list[str]:
    """The words that are not options nor options' values (`ls -l data` → `data`)."""
    values = [g.value for g in given if g.value is not None]
    out: list[str] = []
    for index, arg in enumerate(args):
        if arg == "--":
            return out + list(args[index + 1 :])
        if arg.startswith("-") and len(arg) > 1:
            continue
        if arg in values:
            values.remove(arg)
            continue
        out.append(arg)
    return out


def needs_terminal(command: str) -> bool:
    """Whether the line starts a full-screen program (vi, less, man, top …) or an interactive shell or Python
    prompt that reads the keyboard, so it needs a real terminal.

    Front ends ask before the sandbox's front door has seen the line: one longer than the sandbox takes is
    refused there, so it is not read here (a pasted megabyte of `$(echo $(echo …))` costs its length squared)."""
    if len(command) > MAX_COMMAND_BYTES or len(command.encode("utf-8", "surrogatepass")) > MAX_COMMAND_BYTES:
        return False
    parsed = parse(command)
    for cmd in parsed.commands:
        if cmd.captured:
            continue
        if cmd.name == "tmux" and _tmux_attaches(cmd.args):
            return True
        if _asks_at_the_terminal(cmd):
            return True
        # An unfinished line (`cat > f <<'EOF'`, the rest of the document still to come) is not run yet.
        if cmd.name in EDITORS or _starts_a_prompt(cmd) or (not parsed.has_error and _reads_the_keyboard(cmd)):
            return True
        if cmd.name in PAGERS and not cmd.piped_out and not cmd.stdout_to_file:
            batch = PAGER_BATCH_OPTIONS.get(cmd.name, frozenset())
            if not batch & cmd.options():
                return True
    return False


def hands_over_to_tmux(command: str) -> bool:
    """Whether the program that takes the terminal is a tmux client: the learner comes back by detaching
    (Ctrl-b d), not by quitting it."""
    if not needs_terminal(command):
        return False
    return any(cmd.name == "tmux" and _tmux_attaches(cmd.args) for cmd in parse(command).commands if not cmd.captured)


TMUX_NEW_VALUE_FLAGS = frozenset("ceFfnstxy")
"""`new-session` options that take a value (`-s train`, `-sd` names the session `d`); the others are flags."""


def _tmux_attaches(args: Sequence[str]) -> bool:
    """`tmux`, `tmux new -s train`, `tmux attach -t train`, `tmux a`: a tmux client that takes the screen until
    it detaches. `tmux ls`, `tmux new -d …`, `tmux kill-session`, `tmux send-keys` … print and exit."""
    words = tmux_words(args)
    if words is None:
        return False  # prints the version; runs one shell command
    commands: list[list[str]] = [[]]
    for word in words:
        if word == ";":
            commands.append([])
        else:
            commands[-1].append(word)
    if not words:
        return True  # plain `tmux` starts a new session and attaches to it
    for command in commands:
        if not command:
            continue
        name, rest = command[0], command[1:]
        if "attach-session".startswith(name):  # `a`, `at`, `attach` …: no other tmux command starts with a
            return True
        new = name == "new" or (len(name) >= 5 and "new-session".startswith(name))
        if new and not _tmux_new_detached(rest):
            return True
    return False


def _tmux_new_detached(args: Sequence[str]) -> bool:
    """Whether `new-session`'s options include `-d` (read as getopt does: `-ds train` is `-d -s train`)."""
    words = list(args)
    while words and words[0].startswith("-") and words[0] not in ("-", "--"):
        word = words.pop(0)
        for index, flag in enumerate(word[1:], start=1):
            if flag == "d":
                return True
            if flag in TMUX_NEW_VALUE_FLAGS:
                if index == len(word) - 1 and words:
                    words.pop(0)  # `-s train`: the value is the next word
                break
    return False


SSH_NO_SESSION = frozenset({"-N", "-f", "-G", "-V", "-Q", "-O"})
"""ssh options with which it runs no interactive session (tunnel only, background, print config or version)."""
SSH_VALUE_OPTIONS = frozenset("BbcDEeFIiJLlmOoPpQRSWw")
"""ssh options that take a value (`-p 2222`, `-i key`, `-L 8888:localhost:8888`)."""
KEYGEN_BATCH = frozenset({"-l", "-y", "-R", "-F", "-H", "-e", "-i", "-m", "-B", "-Y", "-Q", "-k", "-D", "-K"})
"""ssh-keygen options that print or act without asking (fingerprint, public key, known_hosts edits …)."""


def _asks_at_the_terminal(cmd: SimpleCommand) -> bool:
    """Programs that ask questions on the terminal (a password, a passphrase, an editor): `ssh-copy-id`, `ssh
    host` with no remote command, `ssh-keygen` without both `-N` and `-f`, `sftp` without `-b`, `crontab -e`,
    `passwd`, `su`."""
    opts = cmd.options()
    if cmd.name in ("ssh-copy-id", "passwd", "su"):
        return "-h" not in opts and "--help" not in opts
    if cmd.name == "crontab":
        return "-e" in opts
    if cmd.name == "sftp":
        return "-b" not in opts
    if cmd.name == "ssh-keygen":
        if opts & KEYGEN_BATCH:
            return False
        return not ({"-N", "-f"} <= opts)
    if cmd.name == "ssh":
        if opts & SSH_NO_SESSION or cmd.piped_in or any(r.op in ("<", "<<", "<<<") for r in cmd.redirects):
            return False
        return len(_ssh_operands(cmd.args)) <= 1  # a destination and no remote command: a login shell
    return False


def _ssh_operands(args: Sequence[str]) -> list[str]:
    """ssh's words that are not options nor their values: the destination, then the remote command."""
    out: list[str] = []
    words = list(args)
    while words:
        word = words.pop(0)
        if out or not word.startswith("-") or word == "-":
            out.append(word)
            continue
        if word == "--":
            out.extend(words)
            break
        for index, flag in enumerate(word[1:], start=1):
            if flag in SSH_VALUE_OPTIONS:
                if index == len(word) - 1 and words:
                    words.pop(0)
                break
    return out


def _starts_a_prompt(cmd: SimpleCommand) -> bool:
    """`bash`, `sh -l`, `python3`, `python3 -i`: a new prompt reading the keyboard, not a script or `-c`."""
    # Run by sudo (a stand-in here), xargs, nohup, timeout …, it is not the learner's prompt; `exec bash` is.
    if cmd.name not in REPLS or cmd.piped_in or cmd.wrapped_by not in (None, "exec", "command", "env"):
        return False
    if any(r.op in ("<", "<<", "<<<") for r in cmd.redirects):
        return False
    return all(arg.startswith("-") and arg not in ("-c", "-m") for arg in cmd.args)


def _reads_the_keyboard(cmd: SimpleCommand) -> bool:
    """`cat > notes.txt`, `cat -`, `tee log`, `sort`, `wc -l`, `grep x`, `python3 - …`: a program whose standard
    input is the terminal (nothing piped in, no `<`, `<<` or `<<<`) and that reads it, having no file to read."""
    if cmd.piped_in or cmd.wrapped_by not in KEYBOARD_WRAPPERS:
        return False
    if any(r.op.startswith(("<", "0<")) for r in cmd.redirects):
        return False
    if "--help" in cmd.args or "--version" in cmd.args:
        return False
    given = read_options(cmd.name, cmd.args)
    if cmd.name in ("python", "python3"):
        operands = _operands(cmd.args, given) if given is not None else []
        return bool(operands) and operands[0] == "-" and not {"-c", "-m"} & {g.key for g in given or ()}
    if cmd.name not in KEYBOARD_FILTERS:
        return False
    if given is None:
        operands = [arg for arg in cmd.args if arg == "-" or not arg.startswith("-")]
        keys: set[str] = set()
    else:
        operands, keys = _operands(cmd.args, given), {g.key for g in given}
    if keys & NEVER_STDIN.get(cmd.name, frozenset()) or (cmd.name == "grep" and "-V" in keys):
        return False
    if cmd.name == "tr":
        return _tr_runs(len(operands), keys)
    if cmd.name in STDIN_ONLY:
        return True
    if cmd.name in PROGRAM_FIRST and not keys & PROGRAM_FIRST[cmd.name]:
        if cmd.name == "sed" and operands and not _whole_substitution(operands[0]):
            return False  # `sed s/;/,/g f` is `sed s/`: sed stops at once, unterminated `s' command
        operands = operands[1:]  # the pattern, or the awk or sed program
    if cmd.name in ("awk", "gawk", "mawk", "nawk"):
        operands = [arg for arg in operands if not re.match(r"[A-Za-z_]\w*=", arg)]  # var=value, not a file
    return not operands or "-" in operands


def _tr_runs(sets: int, keys: set[str]) -> bool:
    """Whether `tr` with this many sets and these options runs (and reads) rather than stopping with a missing
    or extra operand: `tr a-z A-Z`, `tr -d ,`, `tr -s ' '`; not `tr a-z A-Z file`."""
    delete, squeeze = "-d" in keys, "-s" in keys
    if delete:
        return sets == (2 if squeeze else 1)
    return sets in (1, 2) if squeeze else sets == 2


def _whole_substitution(script: str) -> bool:
    """Whether a sed script that starts with `s` has its three delimiters (`s/a/b/`), or is another command."""
    if len(script) < 2 or script[0] != "s" or script[1].isalnum() or script[1] in "\\\n ":
        return True
    return len(re.findall(r"(?<!\\)" + re.escape(script[1]), script[2:])) >= 2


def check_shape(shape: ShapeCheck, commands: Iterable[str]) -> list[ShapeFailure]:
    """Every requirement of `shape` the attempt's command lines do not meet."""
    lines = [parse(c) for c in commands if c.strip()]
    failures: list[ShapeFailure] = []
    if shape.pipe is True and not any(line.pipelines for line in lines):
        failures.append(failure("pipe", "shape_pipe"))
    if shape.pipe is False and any(line.pipelines for line in lines):
        failures.append(failure("pipe", "shape_no_pipe"))
    if shape.min_stages is not None:
        longest = max((n for line in lines for n in line.pipelines), default=1)
        if longest < shape.min_stages:
            failures.append(failure("min_stages", "shape_min_stages", count=shape.min_stages, got=longest))
    used_ops = {r.op for line in lines for r in line.redirects}
    # Appending to /dev/null is writing to it: `2>> /dev/null` throws errors away as `2> /dev/null` does.
    used_ops |= {
        APPEND_TO_WRITE[r.op]
        for line in lines
        for r in line.redirects
        if r.target == "/dev/null" and r.op in APPEND_TO_WRITE
    }
    failures.extend(missing_redirect(op) for op in shape.redirects if op not in used_ops)
    all_commands = [c for line in lines for c in line.commands]
    for use in shape.uses:
        use_failure = _check_use(use if isinstance(use, CommandUse) else CommandUse(command=use), all_commands)
        if use_failure is not None:
            failures.append(use_failure)
    for name in shape.avoids:
        used = [c.name for c in all_commands if c.name in command_names(name)]
        if used:
            failures.append(failure("avoids", "shape_avoids", command=used[0]))
    if shape.starts_with is not None and not any(line.first_word == shape.starts_with for line in lines):
        failures.append(failure("starts_with", "shape_starts_with", word=shape.starts_with))
    if shape.background is True and not any(line.background for line in lines):
        failures.append(failure("background", "shape_background"))
    if shape.background is False and any(line.background for line in lines):
        failures.append(failure("background", "shape_no_background"))
    if shape.single_command:
        doing = [c for c in all_commands if not looks_only(c) and not c.captured]
        if len(doing) > 1:
            shown = "; ".join(f"`{line.source}`" for line in lines if any(c in doing for c in line.commands))
            failures.append(failure("single_command", "shape_single_command", count=len(doing), commands=shown))
    if shape.any_of:
        alternatives = [check_shape(alternative, [line.source for line in lines]) for alternative in shape.any_of]
        if all(alternatives):
            failures.append(none_of_the_alternatives(alternatives[0][0], len(alternatives) - 1))
    return failures


def command_names(spec: str) -> tuple[str, ...]:
    """The names a `uses`/`avoids` entry accepts: `vi|vim` is either."""
    return tuple(name.strip() for name in spec.split("|") if name.strip())


def _check_use(use: CommandUse, commands: Sequence[SimpleCommand]) -> ShapeFailure | None:
    names = command_names(use.command)
    named = [c for c in commands if c.name in names]
    if not named:
        return failure("uses", "shape_uses", command=" / ".join(names))
    wanted = list(use.options)
    if wanted and not any(all(_has_option(c, opt) for opt in wanted) for c in named):
        return missing_options(use.command, wanted)
    patterns = [re.compile(p) for p in use.args_match]
    candidates = [c for c in named if all(_has_option(c, opt) for opt in wanted)]
    for pattern in patterns:
        if not any(any(pattern.search(word) for arg in c.args for word in _spellings(arg)) for c in candidates):
            return missing_argument(use.command, pattern.pattern)
    return None


def _spellings(arg: str) -> tuple[str, ...]:
    """An argument and the plainer spellings of the same path that an author's pattern may be written for:
    `./hello.sh`, `~/hello.sh` and `/home/learner/hello.sh` are `hello.sh`; `data/` is `data`."""
    plain = arg
    for prefix in ("./", "~/", LESSON_HOME + "/"):
        if plain.startswith(prefix) and len(plain) > len(prefix):
            plain = plain[len(prefix) :]
            break
    if len(plain) > 1:
        plain = plain.rstrip("/") or plain
    return (arg,) if plain == arg else (arg, plain)


def _has_option(command: SimpleCommand, option: str) -> bool:
    # Read as the program reads its options: `rm -R`, `--recursive` and `-rf` all give `-r`.
    known = has_options(command.name, command.args, option.split())
    if known is not None:
        return known
    given = command.options()
    if option in given:
        return True
    if option.startswith("-") and not option.startswith("--") and len(option) > 2:
        return all(f"-{char}" in given for char in option[1:])  # `-rn` asked, `-r -n` given
    return False


def unmet_preferences(shape: ShapeCheck, commands: Iterable[str]) -> list[str]:
    """The `prefers` entries (the usual tools, not required) that the attempt's commands do not use, as the
    learner would type them (`grep -i`)."""
    all_commands = [c for line in (parse(c) for c in commands if c.strip()) for c in line.commands]
    unmet = []
    for entry in shape.prefers:
        use = entry if isinstance(entry, CommandUse) else CommandUse(command=entry)
        if _check_use(use, all_commands) is not None:
            unmet.append(" ".join((command_names(use.command)[0], *use.options)))
    return unmet


def typed_output(line: str) -> str | None:
    """The text a line prints only because the learner typed it in, or None: every command the line runs is
    `echo` or `printf` with literal words (no variable, `$( )`, glob or `~`), as in `echo 3` for "print the exit
    status" or `echo /home/learner/projects` for "print the directory you are in"."""
    parsed = parse(line)
    if parsed.has_error or not parsed.commands or parsed.background:
        return None
    if any(c.name not in PRINTERS or c.wrapped_by is not None or c.piped_in for c in parsed.commands):
        return None
    if any(r.op in ("<", "<<", "<<<") for r in parsed.redirects):
        return None
    words = [arg for c in parsed.commands for arg in c.args]
    if not words or any(_EXPANSION.search(word) for word in words):
        return None
    return " ".join(words)
