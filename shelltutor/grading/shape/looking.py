"""Commands that only look (`ls`, `cat notes.txt`, `tmux ls`, `nvidia-smi`, `crontab -l`): run on the way to an
answer, they change nothing an exercise grades, so they are steps, never failed attempts."""

from __future__ import annotations

from collections.abc import Sequence

from shelltutor.grading.shape.syntax import SimpleCommand

LOOKING = frozenset(
    {"man", "less", "more", "info", "help", "apropos", "whatis", "type", "which", "whereis", "ls", "pwd", "cat"}
    | {"head", "tail", "file", "stat", "tree", "jobs", "ps", "history", "printenv", "id", "whoami", "clear"}
    | {"nvidia-smi", "df", "du", "free", "uptime", "nproc", "hostname", "groups", "date", "tmux ls", "crontab -l"}
)
"""Programs (and program-and-subcommand names, see `step_name`) that only look (`echo` is not one: it is how an
answer gets typed in)."""
TMUX_LOOKING = frozenset(
    {"ls", "list-sessions", "list-windows", "lsw", "list-panes", "lsp", "list-clients", "lsc", "has-session", "has"}
    | {"capture-pane", "capturep", "display-message", "display", "show-options", "show", "list-keys", "lsk"}
)
"""tmux commands that print and change nothing."""
TMUX_VALUE_FLAGS = frozenset("cfLST")
"""tmux's own options (before its command) that take a value: `-L sock`, `-Lsock`, `-f tmux.conf` …"""


def step_name(cmd: SimpleCommand) -> str:
    """The command as a step: its program, or for programs whose subcommand decides whether they only look
    (`tmux ls` vs `tmux attach`, `crontab -l` vs `crontab -e`), `tmux ls` and `crontab -l`."""
    if cmd.name == "tmux" and _tmux_command(cmd.args) in TMUX_LOOKING:
        return "tmux ls"
    if cmd.name == "crontab" and "-l" in cmd.options() and not {"-e", "-r", "-i"} & cmd.options():
        return "crontab -l"
    return cmd.name


def looks_only(cmd: SimpleCommand) -> bool:
    """Whether the command only looks (see LOOKING)."""
    return step_name(cmd) in LOOKING


def tmux_words(args: Sequence[str]) -> list[str] | None:
    """tmux's words after its own options (`tmux -L sock ls` → `ls`); None for `-V` (prints the version) and `-c`
    (runs one shell command)."""
    words = list(args)
    while words and words[0].startswith("-") and len(words[0]) > 1:
        flags = words.pop(0)
        if flags == "--":
            break
        for index, flag in enumerate(flags[1:], start=1):
            if flag in ("V", "c"):
                return None
            if flag in TMUX_VALUE_FLAGS:
                if index == len(flags) - 1 and words:
                    words.pop(0)
                break
    return words


def _tmux_command(args: Sequence[str]) -> str | None:
    """tmux's command word (`tmux -L sock ls` → `ls`); None for plain `tmux`, `-V` and `-c`."""
    words = tmux_words(args)
    return words[0] if words else None
