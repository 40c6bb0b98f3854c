"""Lesson format v1, declared once: these dataclasses are the model, the validator's rules and the docs' source.

Every field carries a one-line `spec(...)` docstring; `shelltutor schema` and docs/lesson-format.md are
generated from here. Field names ending in `_` are written without it in YAML (`type_` → `type`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from shelltutor.course.spec import ID_PATTERN, spec

Lang = Literal["en", "ko"]
LANGS: tuple[Lang, ...] = ("en", "ko")

CompareMode = Literal["exact", "normalized", "sorted"]
FileKind = Literal["file", "dir", "symlink"]
RedirectOp = Literal[">", ">>", "<", "2>", "2>>", "2>&1", "1>&2", "&>", "&>>", "|&", "<<<", "<<"]
MODE_PATTERN = r"^0?[0-7]{3,4}$"
FIXTURE_MODE_PATTERN = r"^0?[0-7]{3}$"
"""A fixture's mode: permission bits only, no setuid, setgid or sticky bit."""
RELATIVE_PATH_PATTERN = r"^(?!/)(?!.*(^|/)\.\.(/|$)).+$"
SANDBOX_HOME = "/home/learner"
"""The learner's home inside the sandbox, as lessons write it in absolute paths."""
LEARNER_PATH_PATTERN = r"^(?!.*(^|/)\.\.(/|$))(" + SANDBOX_HOME + r"(/.*)?|/tmp(/.*)?|[^/].*)$"
"""A path the grader reads: relative to the home, or absolute under the home or /tmp, never with `..`."""
FIXTURE_PATH_PATTERN = r"^(?!.*(^|/)\.\.(/|$))(/tmp/.+|[^/].*)$"
"""A path a fixture creates: relative to the home, or absolute under /tmp, never with `..`."""
CWD_PATTERN = r"^(?!.*(^|/)\.\.(/|$))(" + SANDBOX_HOME + r"(/.*)?|/tmp(/.*)?|[^/].*)?$"
"""A starting directory: '' (the home), relative to the home, or absolute under the home or /tmp, never `..`."""


@dataclass(frozen=True)
class LocalText:
    """A learner-facing text, in every language shelltutor ships (Markdown where the field says so)."""

    en: str = field(metadata=spec("English text.", shown=True))
    ko: str = field(metadata=spec("Korean text: natural Korean, with the terms Korean engineers use.", shown=True))

    def get(self, lang: Lang) -> str:
        """The text in `lang`."""
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Keys:
    """A step that starts a full-screen program and types keys into it (how `vi` and `less` solutions are proven)."""

    run: str = field(metadata=spec("The command line that starts the program, e.g. `vi notes.txt`.", shown=True))
    keys: str = field(
        metadata=spec(
            "Keys typed once it runs, with <Esc>, <Enter>, <Tab>, <BS>, <Up>, <Down>, <C-x> (Ctrl-x) and <lt> for '<'.",
            example="iloss: 0.12<Esc>:wq<Enter>",
        )
    )


Step = str | Keys


@dataclass(frozen=True)
class Rewrite:
    """A substitution made in a text before it is compared: timestamps, durations, ids that differ run to run."""

    regex: str = field(
        metadata=spec("A Python regular expression (multiline mode); every match is replaced.", example=r"\d+\.\d+s")
    )
    replace: str = field(
        default="",
        metadata=spec("What each match becomes; `\\1` or `\\g<name>` put a group back.", example="<seconds>"),
    )


@dataclass(frozen=True)
class TextMatch:
    """What a stream or a file's content must be. Every key given must hold; a bare string means `normalized`."""

    shorthand: ClassVar[str] = "normalized"

    exact: str | None = field(default=None, metadata=spec("Exactly this text, byte for byte."))
    normalized: str | None = field(
        default=None,
        metadata=spec("This text, ignoring trailing spaces on each line and blank lines at the end."),
    )
    sorted: str | None = field(default=None, metadata=spec("These lines in any order (each line normalized as above)."))
    regex: str | None = field(
        default=None, metadata=spec("A Python regular expression that must match somewhere (multiline mode).")
    )
    looks_for: LocalText | None = field(
        default=None,
        metadata=spec(
            "What `regex` looks for, in words the learner understands: shown instead of the pattern when it does "
            "not match.",
            example="{en: a line with the job's number and Running, ko: 작업 번호와 Running이 있는 줄}",
        ),
    )
    contains: tuple[str, ...] = field(
        default=(), metadata=spec("Texts that must each appear somewhere.", single_ok=True)
    )
    excludes: tuple[str, ...] = field(default=(), metadata=spec("Texts that must not appear anywhere.", single_ok=True))
    same_as_solution: CompareMode | None = field(
        default=None,
        metadata=spec(
            "The same as the reference solution's on the same fixture, compared this way "
            "(exact, normalized or sorted); no need to paste the expected output."
        ),
    )
    empty: bool | None = field(default=None, metadata=spec("true: nothing at all; false: something."))
    rewrite: tuple[Rewrite, ...] = field(
        default=(),
        metadata=spec(
            "Substitutions made, in order, in the text and in every text it is compared with (the expected text, "
            "the solution's output) before any key is checked.",
            single_ok=True,
        ),
    )
    trim: bool = field(
        default=False,
        metadata=spec(
            "true: spaces at the start and end of every line, and blank lines at the start and end, do not count "
            "(applied after `rewrite`, to both sides)."
        ),
    )


@dataclass(frozen=True)
class FileFixture:
    """A file, directory or symlink in the learner's home (or /tmp) before they start."""

    path: str = field(
        metadata=spec(
            "Path relative to the home, e.g. `logs/app.log`, or absolute under /tmp, e.g. `/tmp/job/out.log`; "
            "each path once, never inside a file or symlink.",
            pattern=FIXTURE_PATH_PATTERN,
            shown=True,
        )
    )
    type_: FileKind = field(default="file", metadata=spec("file, dir or symlink."))
    content: str = field(default="", metadata=spec("The file's text (files only)."))
    mode: str | None = field(
        default=None,
        metadata=spec(
            "Permission bits in octal, e.g. '0644' or '755' (no setuid, setgid or sticky bit).",
            pattern=FIXTURE_MODE_PATTERN,
        ),
    )
    target: str | None = field(default=None, metadata=spec("Where the symlink points (symlinks only).", shown=True))
    content_base64: str | None = field(
        default=None,
        metadata=spec(
            "The file's bytes in base64, for content that is not text (a gzip, a PNG, a checkpoint): created byte "
            "for byte; instead of `content`.",
            example="H4sIAAAAAAAAA8tIzcnJBwCGphA2BQAAAA==",
        ),
    )

    def data(self) -> bytes:
        """The bytes the file is created with: `content_base64` decoded, else `content` as UTF-8."""
        if self.content_base64 is not None:
            return base64.b64decode("".join(self.content_base64.split()), validate=True)
        return self.content.encode("utf-8")


@dataclass(frozen=True)
class Fixture:
    """The world the exercise starts in: files, generated data, setup commands, the starting directory."""

    files: tuple[FileFixture, ...] = field(default=(), metadata=spec("Files, directories and symlinks to create."))
    generate: str | None = field(
        default=None,
        metadata=spec(
            "A bash script run in the home before the learner starts, with $SEED set; data made from the seed "
            "is regenerated per attempt, and answers are re-checked on a second seed."
        ),
    )
    setup: tuple[str, ...] = field(
        default=(),
        metadata=spec(
            "Commands run in the learner's shell before they start (e.g. start a server); not in history.",
            single_ok=True,
        ),
    )
    cwd: str = field(
        default="",
        metadata=spec(
            "Starting directory: relative to the home ('' is the home itself), or absolute under /tmp, e.g. "
            "`/tmp/job` (make it with a `files` entry).",
            pattern=CWD_PATTERN,
        ),
    )
    fresh_history: bool = field(
        default=False,
        metadata=spec(
            "true: the shell starts with an empty history, not the learner's saved one, as the solution's does "
            "(for exercises that grade `history` output or `!N` numbers)."
        ),
    )


GLOB_DOC = "`*` and `?` stay within a name, `**/` spans directories, and a glob without `/` matches names at any depth"
"""How the globs of directory checks match, in words (the docs and the learner's messages say it alike)."""


@dataclass(frozen=True)
class EachFile:
    """Files below a directory that match a glob: at least `at_least`, each a regular file that passes the checks."""

    glob: str = field(
        metadata=spec(f"Paths below the directory, e.g. `*/config.yaml` ({GLOB_DOC}).", shown=True),
    )
    content: TextMatch | str | None = field(
        default=None, metadata=spec("What each matching file must contain (a text match).")
    )
    at_least: int = field(
        default=1,
        metadata=spec("How many files must match at least (a check over no files would prove nothing).", minimum=0),
    )


@dataclass(frozen=True)
class FileExpect:
    """What must be true of one path after the attempt (read without following the learner's symlinks)."""

    path: str = field(
        metadata=spec(
            "Path relative to the home, or absolute under /home/learner or /tmp (what the learner can make).",
            pattern=LEARNER_PATH_PATTERN,
            shown=True,
        )
    )
    exists: bool = field(default=True, metadata=spec("false: the path must be absent."))
    type_: FileKind | None = field(default=None, metadata=spec("file, dir or symlink."))
    content: TextMatch | str | None = field(default=None, metadata=spec("The file's content (files only)."))
    mode: str | None = field(
        default=None, metadata=spec("Exact permission bits in octal, e.g. '0755'.", pattern=MODE_PATTERN)
    )
    executable: bool | None = field(default=None, metadata=spec("Whether the owner may execute it (chmod +x)."))
    target: str | None = field(
        default=None,
        metadata=spec(
            "Where the symlink points, read from the link's folder without following anything (`./b`, `a/../b` "
            "and the absolute path count alike).",
            shown=True,
        ),
    )
    resolves_to: str | None = field(
        default=None,
        metadata=spec(
            "Symlinks: the file the link leads to when followed link by link, as the system does, however the "
            "target is spelled (relative, `ln -sr`, absolute); that file must exist.",
            pattern=LEARNER_PATH_PATTERN,
            shown=True,
        ),
    )
    empty: bool | None = field(
        default=None, metadata=spec("Directories: true: nothing inside (hidden files count); false: something.")
    )
    entries: tuple[str, ...] = field(
        default=(),
        metadata=spec(
            "Directories: exactly these names directly inside, in any order, hidden ones included; a name ending "
            "in `/` must be a directory.",
            shown=True,
        ),
    )
    count: int | None = field(
        default=None,
        metadata=spec("Directories: this many names directly inside, hidden ones included.", minimum=0),
    )
    none_match: tuple[str, ...] = field(
        default=(),
        metadata=spec(
            f"Directories: globs nothing below may match, e.g. `*.tmp` ({GLOB_DOC}).", single_ok=True, shown=True
        ),
    )
    each: tuple[EachFile, ...] = field(
        default=(), metadata=spec("Directories: files below that match a glob, each checked (e.g. its content).")
    )


@dataclass(frozen=True)
class VariableExpect:
    """A shell variable the learner must have set in the live shell."""

    name: str = field(metadata=spec("Variable name.", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$"))
    value: TextMatch | str | None = field(default=None, metadata=spec("Its value; omit to only require it is set."))
    exported: bool | None = field(
        default=None, metadata=spec("true: must be exported (environment); false: must not be.")
    )


@dataclass(frozen=True)
class AliasExpect:
    """An alias the learner must have defined in the live shell."""

    name: str = field(metadata=spec("Alias name.", shown=True))
    value: str | None = field(
        default=None, metadata=spec("What it expands to; omit to only require it exists.", shown=True)
    )


@dataclass(frozen=True)
class ProcessExpect:
    """A process that must (or must not) be running after the attempt: started in the background, or stopped."""

    name: str | None = field(
        default=None,
        metadata=spec(
            "The program's name as `ps` shows it, e.g. `sleep`, `python3` or `train.sh` (a script counts by its "
            "own name).",
            shown=True,
        ),
    )
    command: str | None = field(
        default=None,
        metadata=spec(
            "A Python regular expression that must match somewhere in the process's full command line "
            "(`ps -o args`), e.g. `train\\.py.*--epochs 5`."
        ),
    )
    looks_for: LocalText | None = field(
        default=None,
        metadata=spec(
            "Which process `command` looks for, in words the learner understands: shown instead of the pattern.",
            example="{en: the training run, ko: 학습 프로세스}",
        ),
    )
    running: bool = field(
        default=True,
        metadata=spec(
            "true: such a process runs after the attempt; false: none does (a stopped one counts as running, one "
            "that has ended does not)."
        ),
    )
    settle_seconds: float = field(
        default=1.0,
        metadata=spec(
            "How long the grader waits for this to hold: a process takes a moment to start, or to end after `kill`.",
            minimum=0,
            maximum=10,
        ),
    )


@dataclass(frozen=True)
class CommandUse:
    """A command that must appear, optionally with given options or arguments."""

    command: str = field(metadata=spec("Command name, e.g. `sort`; `vi|vim` accepts either.", shown=True))
    options: tuple[str, ...] = field(
        default=(), metadata=spec("Options that must be given, e.g. ['-r', '-n'] (combined -rn counts).")
    )
    args_match: tuple[str, ...] = field(
        default=(),
        metadata=spec("Regular expressions each matching some argument, e.g. '^\\w+@[\\w.-]+:'.", single_ok=True),
    )


@dataclass(frozen=True)
class ShapeCheck:
    """The construct the lesson is about, read by a real bash parser over every command of the attempt."""

    pipe: bool | None = field(default=None, metadata=spec("true: some command uses a pipe; false: none may."))
    min_stages: int | None = field(
        default=None, metadata=spec("Some pipeline has at least this many commands.", minimum=2)
    )
    redirects: tuple[RedirectOp, ...] = field(
        default=(),
        metadata=spec("Redirection operators that must be used, e.g. ['2>', '>>'].", single_ok=True),
    )
    uses: tuple[CommandUse | str, ...] = field(
        default=(),
        metadata=spec(
            "Commands that must be used: a name (`sort`, or `vi|vim` for either), or a command with options.",
            single_ok=True,
            shown=True,
        ),
    )
    prefers: tuple[CommandUse | str, ...] = field(
        default=(),
        metadata=spec(
            "The usual way, not required: an attempt that gets the result another way passes, and is shown this "
            "way as a tip. Use it where the task does not name the command (`uses` requires it).",
            single_ok=True,
            shown=True,
        ),
    )
    history: Literal["any", "last", "number", "prefix", "word"] | None = field(
        default=None,
        metadata=spec(
            "The last command uses history expansion, as typed: `last` is `!!` (or `!-1`), `number` is `!N`, "
            "`prefix` is `!text`, `word` takes a word of an earlier command (`!$`, `!^`, `!*`, `!!:2`, `!-2:$`), "
            "`any` is any of them or `^old^new`. What it expanded to is graded by the output, so `!!|wc -l` and "
            "`!! | wc --lines` are alike."
        ),
    )
    single_command: bool | None = field(
        default=None,
        metadata=spec(
            "true: the result is made by one command, as when the task says 'in one command' or 'a single cd' "
            "(`mkdir -p a b` is one; `mkdir a; mkdir b` is two; commands that only look, such as `ls`, do not count)."
        ),
    )
    avoids: tuple[str, ...] = field(
        default=(),
        metadata=spec("Commands that must not be used (`rm|rmdir`: neither).", single_ok=True, shown=True),
    )
    starts_with: str | None = field(
        default=None, metadata=spec("The first word of the command line, e.g. `sudo`.", shown=True)
    )
    background: bool | None = field(default=None, metadata=spec("true: some command runs in the background (&)."))
    any_of: tuple[ShapeCheck, ...] = field(
        default=(),
        metadata=spec(
            "Alternatives, at least one of which must hold as well, e.g. `&>` or `> f 2>&1`: "
            "[{redirects: ['&>']}, {redirects: ['>', '2>&1']}]."
        ),
    )


SHELLCHECK_CODE_PATTERN = r"^SC\d{4}$"
"""A ShellCheck code as its wiki and its messages write it: SC and four digits."""


@dataclass(frozen=True)
class ShellCheckExpect:
    """ShellCheck's findings on the learner's script, shown as advice: they fail an attempt only through `fail_on`.

    Without this key the grader still lints the shell scripts among the files an exercise checks."""

    file: str | None = field(
        default=None,
        metadata=spec(
            "The learner's script, e.g. `train.sh` (relative to the home, or absolute under /home/learner or "
            "/tmp). Default: every file under `files` that is a shell script (a `.sh` name or a shell shebang) "
            "and is not the fixture's file unchanged.",
            pattern=LEARNER_PATH_PATTERN,
            shown=True,
        ),
    )
    fail_on: tuple[str, ...] = field(
        default=(),
        metadata=spec(
            "ShellCheck codes that fail the attempt when found in the script, e.g. [SC2086] where the lesson "
            "teaches quoting; every other finding is advice.",
            single_ok=True,
        ),
    )
    ignore: tuple[str, ...] = field(
        default=(), metadata=spec("ShellCheck codes not shown for this exercise, e.g. [SC2034].", single_ok=True)
    )
    enabled: bool = field(
        default=True, metadata=spec("false: no findings for this exercise (the automatic lint is off too).")
    )


@dataclass(frozen=True)
class Expectations:
    """What a passing attempt looks like. Every expectation given must hold; streams are the last command's."""

    stdout: TextMatch | str | None = field(default=None, metadata=spec("The last command's standard output."))
    stderr: TextMatch | str | None = field(default=None, metadata=spec("The last command's standard error."))
    exit_code: int | Literal["nonzero", "same_as_solution"] | None = field(
        default=None, metadata=spec("The last command's exit status: a number, nonzero or same_as_solution.")
    )
    files: tuple[FileExpect, ...] = field(default=(), metadata=spec("Paths and what must be true of them."))
    cwd: str | None = field(
        default=None, metadata=spec("The shell's directory afterwards: '~', '~/logs' or an absolute path.")
    )
    variables: tuple[VariableExpect, ...] = field(default=(), metadata=spec("Variables set in the live shell."))
    aliases: tuple[AliasExpect, ...] = field(default=(), metadata=spec("Aliases defined in the live shell."))
    shape: ShapeCheck | None = field(
        default=None, metadata=spec("The command's shape (pipes, redirections, commands).")
    )
    terminal: TextMatch | str | None = field(
        default=None,
        metadata=spec(
            "The last command's standard output and standard error together, as the terminal showed them (each "
            "stream's lines in their order; see the guide for how the two are interleaved)."
        ),
    )
    processes: tuple[ProcessExpect, ...] = field(
        default=(), metadata=spec("Processes running, or not, after the attempt (the learner's shell aside).")
    )
    shellcheck: ShellCheckExpect | None = field(
        default=None,
        metadata=spec(
            "Which file is the learner's shell script, and which ShellCheck findings fail the attempt (the others "
            "are shown as advice)."
        ),
    )


@dataclass(frozen=True)
class WrongAnswer:
    """A foreseen mistake: it must fail, and an attempt that matches it gets the tailored explanation."""

    commands: tuple[Step, ...] = field(
        metadata=spec("The wrong commands, as a learner would type them.", single_ok=True, min_items=1, shown=True)
    )
    explanation: LocalText | None = field(
        default=None, metadata=spec("Why it is wrong, shown when an attempt matches (Markdown).")
    )
    shape: ShapeCheck | None = field(
        default=None,
        metadata=spec("Also match any attempt of this shape (e.g. uses uniq, avoids sort), not only these commands."),
    )


@dataclass(frozen=True)
class NearMiss:
    """A small change to the solution that makes it wrong (`-mtime +1` → `-mtime -2`): `shelltutor verify` runs
    the changed solution and reports the exercise if it passes, so a fixture that cannot tell the two apart is
    found before a learner's wrong answer passes."""

    replace: str = field(metadata=spec("Text of the solution to change (it must occur in the solution).", shown=True))
    with_: str = field(metadata=spec("What that text becomes.", shown=True))


@dataclass(frozen=True)
class LimitOverrides:
    """Limits raised or lowered for one exercise (clamped to the sandbox's maximums)."""

    wall_seconds: float | None = field(default=None, metadata=spec("Wall clock per command, seconds.", minimum=0.1))
    cpu_seconds: int | None = field(default=None, metadata=spec("CPU time per command, seconds.", minimum=1))
    processes: int | None = field(default=None, metadata=spec("Processes in the sandbox.", minimum=8))
    memory_mb: int | None = field(default=None, metadata=spec("Address space per process, MiB.", minimum=64))
    file_size_mb: int | None = field(default=None, metadata=spec("Largest file, MB.", minimum=1))
    disk_mb: int | None = field(default=None, metadata=spec("Writable space in home and /tmp, MiB each.", minimum=1))
    open_files: int | None = field(default=None, metadata=spec("Open files per process.", minimum=16))
    output_bytes: int | None = field(default=None, metadata=spec("Output read per command, bytes.", minimum=1024))


@dataclass(frozen=True)
class Exercise:
    """One task the learner solves by typing commands; graded on streams, exit status, files and shape."""

    id: str = field(
        metadata=spec("Unique within the lesson; the global id is `lesson-id/exercise-id`.", pattern=ID_PATTERN)
    )
    title: LocalText = field(metadata=spec("A short title for lists."))
    prompt: LocalText = field(metadata=spec("The task, in Markdown."))
    hints: tuple[LocalText, ...] = field(
        metadata=spec("Hints in order, from a nudge to (nearly) the answer.", min_items=1)
    )
    solution: tuple[Step, ...] = field(
        metadata=spec("The reference solution: one or more commands.", single_ok=True, min_items=1, shown=True)
    )
    expect: Expectations = field(metadata=spec("What a passing attempt looks like."))
    explanation: LocalText | None = field(
        default=None, metadata=spec("Markdown shown before this exercise (teaching between exercises).")
    )
    wrong: tuple[WrongAnswer, ...] = field(default=(), metadata=spec("Known wrong answers: each must fail."))
    near_misses: tuple[NearMiss, ...] = field(
        default=(),
        metadata=spec(
            "Small changes to the solution that make it wrong, e.g. {replace: '+1', with: '-2'}: `verify` checks "
            "that each changed solution fails, so the fixture can tell them apart."
        ),
    )
    fixture: Fixture = field(default_factory=Fixture, metadata=spec("The files and state the exercise starts with."))
    limits: LimitOverrides = field(default_factory=LimitOverrides, metadata=spec("Per-exercise limits."))
    full_screen: bool = field(
        default=False,
        metadata=spec("Needs a real terminal (vi, man, less): the tutor hands its screen over."),
    )

    lesson_id: str = field(default="", init=False, compare=False, repr=False)

    @property
    def global_id(self) -> str:
        """`lesson-id/exercise-id`."""
        return f"{self.lesson_id}/{self.id}"

    @property
    def randomized(self) -> bool:
        """Whether its data is generated from a seed (answers are re-checked on a second seed)."""
        return self.fixture.generate is not None


@dataclass(frozen=True)
class Lesson:
    """A lesson file: explanation and exercises on one topic."""

    format_version: int = field(metadata=spec("The lesson format version; this shelltutor reads 1.", minimum=1))
    id: str = field(metadata=spec("Stable id, used in progress and exercise ids; never rename it.", pattern=ID_PATTERN))
    chapter: int = field(metadata=spec("Chapter number (course.yaml names the chapters).", minimum=1, maximum=99))
    order: int = field(metadata=spec("Position within the chapter; lower comes first.", minimum=0))
    title: LocalText = field(metadata=spec("The lesson's title."))
    summary: LocalText = field(metadata=spec("One sentence on what the learner will be able to do."))
    explanation: LocalText = field(metadata=spec("Markdown shown before the first exercise."))
    exercises: tuple[Exercise, ...] = field(metadata=spec("The exercises, in order.", min_items=1))

    source: str = field(default="", init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for exercise in self.exercises:
            object.__setattr__(exercise, "lesson_id", self.id)


@dataclass(frozen=True)
class Chapter:
    """A chapter of the course map."""

    number: int = field(metadata=spec("The number lessons refer to with `chapter:`.", minimum=1, maximum=99))
    title: LocalText = field(metadata=spec("The chapter's title."))


@dataclass(frozen=True)
class CourseFile:
    """`course.yaml`: the chapters of a lesson directory."""

    format_version: int = field(metadata=spec("The lesson format version; this shelltutor reads 1.", minimum=1))
    title: LocalText = field(metadata=spec("The course's title."))
    chapters: tuple[Chapter, ...] = field(metadata=spec("Chapters in order.", min_items=1))
