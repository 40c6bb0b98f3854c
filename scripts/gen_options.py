"""Regenerates shelltutor/grading/options.json: every spelling of each option of the programs learners use.

The table is read from the programs' own `--help` (GNU getopt's "-r, -R, --recursive" lines, curl's
"-o, --output <file>", OpenSSH's usage line), so a shape check accepts every spelling the program itself
accepts: long forms, aliases, bundles, attached values. It is generated here, on a development machine, and
committed: the tutor never runs a program named by a lesson on the host. Run: .venv/bin/python scripts/gen_options.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "shelltutor" / "grading" / "options.json"

GNU = [
    "ls",
    "rm",
    "cp",
    "mv",
    "mkdir",
    "rmdir",
    "ln",
    "touch",
    "cat",
    "head",
    "tail",
    "wc",
    "sort",
    "uniq",
    "cut",
    "tr",
    "tee",
    "grep",
    "du",
    "df",
    "chmod",
    "chown",
    "chgrp",
    "stat",
    "date",
    "echo",
    "printf",
    "nl",
    "paste",
    "seq",
    "sleep",
    "basename",
    "dirname",
    "realpath",
    "readlink",
    "env",
    "nohup",
    "xargs",
    "sed",
    "diff",
    "file",
    "less",
    "man",
    "tar",
    "gzip",
    "gunzip",
    "zcat",
    "split",
    "comm",
    "join",
    "fold",
    "fmt",
    "od",
    "base64",
    "sha256sum",
    "md5sum",
    "timeout",
    "ps",
    "free",
    "id",
    "whoami",
    "uname",
    "hostname",
    "mktemp",
    "install",
    "shuf",
    "cmp",
    "wget",
    "curl",
    "rsync",
    "unzip",
    "zip",
    "watch",
    "top",
    "pgrep",
    "pkill",
]

# GNU getopt help lines: "  -r, -R, --recursive   text", "      --block-size=SIZE  text",
# "  -e script, --expression=script"
_HELP_LINE = re.compile(r"^ {1,8}(-[^ ].*?)(?: {2,}|\t|$)")
_SPELLING = re.compile(r"^(--?[A-Za-z0-9?][\w?-]*)(\[?[= ]?<?[^,]*)?$")

# Programs whose --help does not list what matters, written by hand (value: [[names...], arg]).
MANUAL: dict[str, list[tuple[list[str], str]]] = {
    "awk": [
        (["-F", "--field-separator"], "required"),
        (["-v", "--assign"], "required"),
        (["-f", "--file"], "required"),
    ],
    "scp": [],  # filled from the usage line below
    "ssh": [],
    "python3": [(["-c"], "required"), (["-m"], "required"), (["-u"], "none"), (["-V", "--version"], "none")],
    "bash": [(["-c"], "none"), (["-x"], "none"), (["-e"], "none"), (["-n"], "none"), (["-u"], "none")],
    "sh": [(["-c"], "none"), (["-x"], "none"), (["-e"], "none"), (["-n"], "none"), (["-u"], "none")],
    "history": [(["-c"], "none"), (["-d"], "required"), (["-a"], "none"), (["-w"], "none"), (["-r"], "none")],
    "jobs": [(["-l"], "none"), (["-p"], "none"), (["-r"], "none"), (["-s"], "none")],
    "export": [(["-p"], "none"), (["-n"], "none"), (["-f"], "none")],
    "alias": [(["-p"], "none")],
    "type": [(["-a"], "none"), (["-t"], "none"), (["-p"], "none"), (["-P"], "none"), (["-f"], "none")],
    "cd": [(["-P"], "none"), (["-L"], "none")],
    "read": [(["-r"], "none"), (["-p"], "required"), (["-a"], "required"), (["-d"], "required"), (["-s"], "none")],
    # find's --help lists its expression in columns that the GNU parser misreads; its words, by hand.
    "find": [
        (["-H"], "none"),
        (["-L"], "none"),
        (["-P"], "none"),
        *(
            ([word], "required")
            for word in [
                "-name",
                "-iname",
                "-path",
                "-ipath",
                "-wholename",
                "-iwholename",
                "-regex",
                "-iregex",
                "-lname",
                "-ilname",
                "-type",
                "-xtype",
                "-size",
                "-mtime",
                "-mmin",
                "-atime",
                "-amin",
                "-ctime",
                "-cmin",
                "-newer",
                "-anewer",
                "-cnewer",
                "-perm",
                "-user",
                "-group",
                "-uid",
                "-gid",
                "-links",
                "-inum",
                "-samefile",
                "-maxdepth",
                "-mindepth",
                "-used",
                "-fstype",
                "-printf",
                "-fprintf",
                "-fprint",
                "-fprint0",
                "-fls",
                "-regextype",
                "-context",
                "-exec",
                "-execdir",
                "-ok",
                "-okdir",
            ]
        ),
        *(
            ([word], "none")
            for word in [
                "-print",
                "-print0",
                "-delete",
                "-depth",
                "-daystart",
                "-follow",
                "-mount",
                "-xdev",
                "-noleaf",
                "-ls",
                "-prune",
                "-quit",
                "-empty",
                "-executable",
                "-readable",
                "-writable",
                "-nouser",
                "-nogroup",
                "-true",
                "-false",
                "-not",
                "-and",
                "-or",
                "-a",
                "-o",
                "-warn",
                "-nowarn",
                "-ignore_readdir_race",
                "-noignore_readdir_race",
                "-help",
                "-version",
            ]
        ),
    ],
    # Debian's cron 3.0pl1 (the sandbox's stand-in copies its parser): no --help, and not installed on the host.
    "crontab": [(["-u"], "required"), (["-l"], "none"), (["-r"], "none"), (["-e"], "none"), (["-i"], "none")],
}
# Spellings the help text gives only in words ("--sort=WORD ... time (-t)"): more names for an option.
SAME_AS: dict[str, dict[str, list[str]]] = {
    "ls": {
        "-t": ["--sort=time"],
        "-S": ["--sort=size"],
        "-U": ["--sort=none"],
        "-v": ["--sort=version"],
        "-X": ["--sort=extension"],
        "-l": ["--format=long", "--format=verbose"],
        "-1": ["--format=single-column"],
        "-m": ["--format=commas"],
        "-x": ["--format=across", "--format=horizontal"],
        "-C": ["--format=vertical"],
        "-u": ["--time=atime", "--time=access", "--time=use"],
        "-c": ["--time=ctime", "--time=status"],
    },
    "sort": {
        "-n": ["--sort=numeric"],
        "-g": ["--sort=general-numeric"],
        "-h": ["--sort=human-numeric"],
        "-M": ["--sort=month"],
        "-R": ["--sort=random"],
        "-V": ["--sort=version"],
    },
}
# Programs with a single-dash word syntax (`find -name`, `java -jar`): their words are never bundles.
NO_BUNDLES = ["find"]
# Obsolete but accepted: `head -3` is `head -n 3`.
NUMERIC_MEANS = {"head": "-n", "tail": "-n"}


def _help(program: str) -> str:
    for args in ([program, "--help"], [program, "--help", "all"], [program, "-h"]):
        try:
            done = subprocess.run(args, capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            return ""
        text = done.stdout + done.stderr
        if program == "curl" and args[-1] != "all":
            continue
        if "--" in text or program in ("top", "watch"):
            return text
    return text


def parse_help(text: str) -> list[tuple[list[str], str]]:
    """The option groups of a GNU-style help text: (spellings, none|required|optional).

    `--lines=[+]NUM` takes a value, `--color[=WHEN]` and `-i[SUFFIX]` may, and `-p, --indicator-style=slash`
    names one value of a long option: there `--indicator-style=slash` itself is a spelling of `-p`."""
    groups: list[tuple[list[str], str]] = []
    for line in text.splitlines():
        found = _HELP_LINE.match(line)
        if not found:
            continue
        parts = []
        for part in re.split(r",\s+", found.group(1).strip()):
            spelled = _SPELLING.match(part.strip())
            if not spelled:
                parts = []
                break
            parts.append((spelled.group(1), (spelled.group(2) or "").strip()))
        if not parts:
            continue
        short_takes = any(not name.startswith("--") and rest and not rest.startswith("[") for name, rest in parts)
        names: list[str] = []
        arg = "none"
        for name, rest in parts:
            if not rest:
                names.append(name)
            elif rest.startswith("["):
                names.append(name)
                arg = "optional" if arg == "none" else arg
            elif not short_takes and name.startswith("--") and re.fullmatch(r"=[a-z][a-z-]*", rest):
                names.append(name + rest)  # `-p, --indicator-style=slash`
            else:
                names.append(name)
                arg = "required"
        groups.append((list(dict.fromkeys(names)), arg))
    return groups


def parse_usage(text: str) -> list[tuple[list[str], str]]:
    """OpenSSH style: `usage: scp [-346ABCOpqRrsTv] [-c cipher] [-P port] ...`."""
    groups: list[tuple[list[str], str]] = []
    for flags in re.findall(r"\[-([A-Za-z0-9]+)\]", text):
        groups.extend(([f"-{c}"], "none") for c in flags)
    for flag in re.findall(r"\[-([A-Za-z0-9]) [a-z_:\[\]]+", text):
        groups.append(([f"-{flag}"], "required"))
    return groups


def version(program: str) -> str:
    try:
        done = subprocess.run(
            [program, "--version"], capture_output=True, text=True, timeout=5, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).splitlines()[0].strip() if (done.stdout or done.stderr) else ""


def main() -> int:
    programs: dict[str, dict[str, object]] = {}
    for program in GNU:
        groups = parse_help(_help(program))
        if not groups:
            print(f"no options read for {program}", file=sys.stderr)
            continue
        programs[program] = {"options": [{"names": n, "arg": a} for n, a in groups], "source": version(program)}
    for program, extra in SAME_AS.items():
        for group in programs[program]["options"]:  # type: ignore[union-attr]
            for name in list(group["names"]):  # type: ignore[index]
                group["names"] += extra.get(name, [])  # type: ignore[index]
    for program, groups in MANUAL.items():
        if program in ("scp", "ssh"):
            done = subprocess.run([program], capture_output=True, text=True, timeout=5, stdin=subprocess.DEVNULL)
            groups = parse_usage(done.stderr)
        programs[program] = {"options": [{"names": n, "arg": a} for n, a in groups], "source": "by hand"}
    for alias, real in (("egrep", "grep"), ("fgrep", "grep"), ("vim", None), ("gawk", "awk"), ("mawk", "awk")):
        if real is not None and real in programs:
            programs[alias] = programs[real]
    programs["python"] = programs["python3"]
    OUT.write_text(
        json.dumps(
            {
                "generated_by": "scripts/gen_options.py",
                "no_bundles": NO_BUNDLES,
                "numeric_means": NUMERIC_MEANS,
                "programs": dict(sorted(programs.items())),
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"{len(programs)} programs written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
