"""Every command and construct CURRICULUM.md names is practised: found in some solution or shape check."""

from __future__ import annotations

import re
from functools import cache

import pytest
from course_walk import instances

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import CommandUse, Keys, TextMatch
from shelltutor.grading.shape import ParsedLine, parse


@cache
def course() -> Course:
    loaded = load_course()
    assert not loaded.problems, [p.format() for p in loaded.problems]
    return loaded


@cache
def solution_lines() -> tuple[ParsedLine, ...]:
    lines = []
    for exercise in course().exercises():
        for step in exercise.solution:
            lines.append(parse(step.run if isinstance(step, Keys) else step))
    return tuple(lines)


@cache
def solution_text() -> str:
    """Every solution step as written, keys included (for constructs a parser does not name)."""
    parts = []
    for exercise in course().exercises():
        for step in exercise.solution:
            parts.append(f"{step.run}\n{step.keys}" if isinstance(step, Keys) else step)
    return "\n".join(parts)


@cache
def shape_uses() -> dict[str, set[str]]:
    """Command name → options required by some exercise's shape check."""
    found: dict[str, set[str]] = {}
    for exercise in course().exercises():
        shape = exercise.expect.shape
        if shape is None:
            continue
        for use in shape.uses:
            use = use if isinstance(use, CommandUse) else CommandUse(command=use)
            for name in use.command.split("|"):
                found.setdefault(name, set()).update(use.options)
        if shape.starts_with:
            found.setdefault(shape.starts_with, set())
    return found


def used_with(name: str, option: str | None = None) -> bool:
    """Some solution runs `name` (with `option`), or some shape check requires it."""
    for line in solution_lines():
        for command in line.commands:
            if command.name == name and (option is None or option in command.options()):
                return True
    required = shape_uses().get(name)
    return required is not None and (option is None or option in required)


# (command, option) pairs from CURRICULUM.md, section by section.
COMMANDS = [
    # 1. Getting around
    ("hostname", None),
    ("man", None),
    ("pwd", None),
    ("ls", None),
    ("ls", "-l"),
    ("ls", "-a"),
    ("ls", "-h"),
    ("ls", "-R"),
    ("ls", "-t"),
    ("cd", None),
    ("mkdir", None),
    ("mkdir", "-p"),
    ("echo", None),
    # 2. Files
    ("cp", None),
    ("cp", "-r"),
    ("cp", "-i"),
    ("mv", None),
    ("rm", None),
    ("rm", "-r"),
    ("cat", None),
    ("find", "-name"),
    ("find", "-type"),
    ("find", "-size"),
    ("find", "-exec"),
    ("vi", None),
    # 3. The shell itself
    ("history", None),
    ("export", None),
    ("alias", None),
    ("sudo", None),
    # 4. Text tools
    ("head", "-n"),
    ("tail", "-n"),
    ("tail", "-f"),
    ("sort", None),
    ("sort", "-r"),
    ("sort", "-n"),
    ("sort", "-k"),
    ("sort", "-t"),
    ("uniq", None),
    ("uniq", "-c"),
    ("grep", None),
    ("grep", "-i"),
    ("grep", "-v"),
    ("grep", "-n"),
    ("grep", "-r"),
    ("grep", "-c"),
    ("grep", "-E"),
    ("cut", "-d"),
    ("cut", "-f"),
    ("cut", "-c"),
    ("wc", None),
    ("tr", None),
    # 5. Streams, redirection and pipes
    ("tee", None),
    ("xargs", None),
    # 6. Working on a server
    ("ps", None),
    ("kill", None),
    ("jobs", None),
    ("fg", None),
    ("nohup", None),
    ("df", "-h"),
    ("du", None),
    ("curl", None),
    ("scp", None),
    ("scp", "-r"),
    # against a real server (chapter 10): keys, config, remote commands, rsync, tunnels
    ("ssh-keygen", None),
    ("ssh-copy-id", None),
    ("ssh", None),
    ("ssh", "-L"),
    ("rsync", "-a"),
    ("chmod", None),
    # 7. Shell scripts
    ("bash", None),
]

REDIRECTIONS = [">", ">>", "<", "2>", "2>>", "2>&1", "&>"]

# Constructs a parser does not name as a command: looked for in the solutions' text.
CONSTRUCTS = {
    "--help": r"--help\b",
    "cd ..": r"\bcd \.\.",
    "cd ~": r"\bcd ~|\bcd$|\bcd\s*$",
    "cd -": r"\bcd -(\s|$)",
    "absolute path": r"\bcd /",
    "find -mtime or -newer": r"-mtime|-newer",
    "vi insert mode i and Esc": r"(^|\n)[^\n]*\bi[^\n]*<Esc>",
    "vi :w": r":w<Enter>",
    "vi :q": r":q<Enter>",
    "vi :wq": r":wq<Enter>",
    "vi :q!": r":q!<Enter>",
    "!!": r"!!",
    "!N": r"![0-9]+",
    "~/.bashrc": r"~/\.bashrc",
    "/dev/null": r"/dev/null",
    "ps aux": r"\bps aux\b",
    "chmod 755": r"\bchmod 755\b",
    "chmod +x": r"\bchmod (u)?\+x\b",
    "./script.sh": r"\./[\w-]+\.sh\b",
    "shebang": r"#!/",
    "$1": r"\$1\b|\$\{1\}",
    "$@": r"\$@",
    "$?": r"\$\?",
    "if": r"\bif\b",
    "for": r"\bfor\b",
    "background &": r"&\s*($|\n|;)",
}


@pytest.mark.parametrize(("name", "option"), COMMANDS, ids=[f"{n} {o or ''}".strip() for n, o in COMMANDS])
def test_command_is_practised(name: str, option: str | None) -> None:
    assert used_with(name, option), f"no solution or shape check uses `{name}{' ' + option if option else ''}`"


@pytest.mark.parametrize("op", REDIRECTIONS)
def test_redirection_is_practised(op: str) -> None:
    in_solutions = any(r.op == op for line in solution_lines() for r in line.redirects)
    in_shapes = any(op in exercise.expect.shape.redirects for exercise in course().exercises() if exercise.expect.shape)
    assert in_solutions or in_shapes, f"no exercise practises `{op}`"


def test_pipes_and_multi_stage_pipelines_are_practised() -> None:
    stages = [n for line in solution_lines() for n in line.pipelines]
    assert any(n >= 2 for n in stages)
    assert any(n >= 4 for n in stages), "no multi-stage pipeline (4+ commands) in any solution"
    assert re.search(r"\|&", solution_text()), "no solution uses |&"


@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_construct_is_practised(construct: str) -> None:
    assert re.search(CONSTRUCTS[construct], solution_text(), re.MULTILINE), f"no solution shows {construct}"


def test_the_course_is_big_enough() -> None:
    exercises = list(course().exercises())
    assert len(course().lessons) >= 15
    assert len(exercises) >= 100
    chapters = {lesson.chapter for lesson in course().lessons}
    # Chapters 1-7 are CURRICULUM.md's sections; later ones (8: awk, sed, archives, ...) come from its
    # "course v2" list. Every chapter course.yaml names has lessons, and none is left out.
    assert set(range(1, 8)) <= chapters, "every chapter of CURRICULUM.md has lessons"
    assert chapters == {c.number for c in course().chapters}, "every chapter of course.yaml has lessons"


def test_every_exercise_has_two_hints_and_two_explained_wrong_answers() -> None:
    for exercise in course().exercises():
        assert len(exercise.hints) >= 2, exercise.global_id
        explained = [w for w in exercise.wrong if w.explanation is not None]
        assert len(explained) >= 2, exercise.global_id


def test_data_is_generated_where_answers_come_from_data() -> None:
    # Exercises compared with the solution's output on the same data must be able to vary that data: a
    # large share of the course generates it from the seed.
    randomized = [e for e in course().exercises() if e.randomized]
    assert len(randomized) >= 50


def test_every_pattern_says_in_words_what_it_looks_for() -> None:
    # A learner whose attempt fails a regex is told what it looks for, never shown the pattern itself.
    found = [(where, m) for e in course().exercises() for where, m in instances(e.expect, TextMatch, e.global_id)]
    patterns = [(where, m) for where, m in found if m.regex is not None]
    assert len(patterns) >= 20
    assert [where for where, m in patterns if m.looks_for is None] == []
