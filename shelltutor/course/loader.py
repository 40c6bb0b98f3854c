"""Reads lesson and course files from disk into model objects, collecting every problem instead of raising."""

from __future__ import annotations

import functools
import gc
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from shelltutor.course.model import Chapter, CourseFile, Lesson
from shelltutor.course.spec import FORMAT_VERSION
from shelltutor.course.validate import INVALID, NodeValidator
from shelltutor.course.yamlbounds import check_bounds
from shelltutor.problems import Problem

MAX_FILE_BYTES = 1 << 20
"""A lesson file larger than this is refused (1 MiB is far beyond any real lesson)."""
COURSE_FILE_NAME = "course.yaml"
LESSON_SUFFIXES = (".yaml", ".yml")

PARALLEL_MIN_FILES = 200
"""From this many files on, `load_paths` reads them in worker processes (one per core)."""

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_RESOLVER = yaml.resolver.Resolver()
_CONTENT_LINE = re.compile(r"^[ \t]*[^#\s]", re.M)
"""A line that is neither blank nor a comment."""


@functools.lru_cache(maxsize=8192)
def _plain_tag(value: str) -> str:
    """The implicit tag of a plain (unquoted) scalar: lesson files repeat the same keys and words a lot."""
    return str(_PLAIN_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


def _fast_resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """PyYAML's tag resolution with the answers that need no regular expression short-circuited."""
    if kind is yaml.ScalarNode:
        if not implicit[0]:
            return _STR  # quoted or block text is always a string
        if len(value) <= 64:
            return _plain_tag(value)
        return str(_PLAIN_RESOLVER.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
    return _SEQ if kind is yaml.SequenceNode else _MAP


try:
    _Loader: type = type("LessonLoader", (yaml.CSafeLoader,), {"resolve": _fast_resolve})
except AttributeError:  # PyYAML built without libyaml: several times slower, and stricter in places
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class LessonRef:
    """What the checks across files need of a good lesson: its id, its chapter and its file."""

    id: str
    chapter: int
    source: str


@dataclass
class LoadResult:
    """Everything read from a set of paths: the good lessons, the chapters and every problem."""

    lessons: list[Lesson] = field(default_factory=list)
    """Empty when loaded with `contents=False`; `refs` names the good lessons either way."""
    chapters: list[Chapter] = field(default_factory=list)
    courses: list[CourseFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    refs: list[LessonRef] = field(default_factory=list)


def iter_lesson_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every `.yaml`/`.yml` file named or found (recursively, sorted) below the given paths."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in LESSON_SUFFIXES and p.is_file())
        else:
            yield path


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or the problems that make it unreadable (missing, empty, binary, oversized)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, 0, 0, "", "no such file")]
    except IsADirectoryError:
        return None, [Problem(shown, 0, 0, "", "is a directory, not a lesson file")]
    except OSError as error:
        return None, [Problem(shown, 0, 0, "", f"cannot be read: {error.strerror}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Problem(
                shown,
                0,
                0,
                "",
                f"is {len(data):,} bytes; a lesson file may be at most {MAX_FILE_BYTES:,}",
                "split it into several lessons",
            )
        ]
    if b"\0" in data:
        return None, [Problem(shown, 0, 0, "", "is binary (contains NUL bytes), not a YAML lesson")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(shown, line, column, "", "is not valid UTF-8 text", "save it as UTF-8")]
    if _CONTENT_LINE.search(text) is None:  # only blank lines and comments
        return None, [Problem(shown, 0, 0, "", "is empty", "start from the example in docs/lesson-format.md")]
    return text, []


def compose(text: str, shown: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree (which keeps positions and duplicate keys), or the syntax error as a problem."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            # libyaml's message ("cannot start any token") does not say the culprit is a tab.
            message = "YAML syntax error: a tab character; YAML indentation must be spaces"
            return None, [Problem(shown, line, column, "", message, "indent with spaces, not tabs")]
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.problem:
            context = error.context
            start = error.context_mark
            if start is not None and mark is not None and start.line != mark.line:
                context += f" that starts on line {start.line + 1}, column {start.column + 1}"
            message += f" ({context})"
        return None, [Problem(shown, line, column, "", message, _syntax_hint(error))]
    except yaml.reader.ReaderError as error:
        line, column = _reader_position(text, error)
        message = f"YAML error: the character U+{error.character:04X} is not allowed in a YAML file"
        suggestion = 'remove it; where a file\'s content needs it, write it as an escape in double quotes, e.g. "\\e"'
        return None, [Problem(shown, line, column, "", message, suggestion)]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 0, 0, "", f"YAML error: {error}")]
    return node, []


def _reader_position(text: str, error: yaml.reader.ReaderError) -> tuple[int, int]:
    """(line, column) of the character a ReaderError is about: libyaml gives its offset in UTF-8 bytes,
    pure-Python PyYAML in characters."""
    offset = error.position
    if not (0 <= offset < len(text) and ord(text[offset]) == error.character):
        offset = len(text.encode("utf-8")[: error.position].decode("utf-8", "replace"))
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def _syntax_hint(error: yaml.MarkedYAMLError) -> str | None:
    problem = str(error.problem or "")
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put text containing ': ' in quotes, or use a block scalar (|)"
    if "found character '`'" in problem or "cannot start any token" in problem:
        return "put the text in quotes"
    return None


def load_file(path: Path, shown: str | None = None) -> tuple[Lesson | CourseFile | None, list[Problem]]:
    """One lesson (or course.yaml) file: the object if it has no problems, and its problems."""
    shown = shown or str(path)
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    node, problems = compose(text, shown)
    if node is None:
        return None, problems
    bound = check_bounds(node, text, _Loader)
    if bound is not None:  # before anything walks the tree: it may expand to billions of values, or never end
        return None, [Problem(shown, bound.line, bound.column, "", bound.message, bound.suggestion)]
    validator = NodeValidator(shown, text)
    if not isinstance(node, yaml.MappingNode):
        validator.problem(node, "", "a lesson file is a mapping of keys (format_version, id, title, …)")
        return None, validator.problems
    if not _version_supported(validator, node):
        return None, validator.problems
    cls: type = CourseFile if path.name == COURSE_FILE_NAME else Lesson
    built = validator.build(node, cls, "")
    if built is INVALID or validator.problems:
        return None, validator.problems
    if isinstance(built, Lesson):
        object.__setattr__(built, "source", shown)
    return built, []


def _version_supported(validator: NodeValidator, node: yaml.MappingNode) -> bool:
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "format_version":
            value = getattr(value_node, "value", None)
            if value != str(FORMAT_VERSION):
                validator.problem(
                    value_node,
                    "format_version",
                    f"format_version {value!r} is not supported; this shelltutor reads format_version {FORMAT_VERSION}",
                    "upgrade shelltutor, or write the lesson in format 1 (docs/lesson-format.md)",
                )
                return False
            return True
    validator.problem(node, "", f"missing required key 'format_version' (write `format_version: {FORMAT_VERSION}`)")
    return False


def load_paths(paths: Iterable[Path], *, contents: bool = True) -> LoadResult:
    """Every lesson and course file below `paths`, with cross-file checks (duplicate ids, unknown chapters).

    With `contents=False` (`shelltutor check`) every file is still parsed and validated in full, but only
    its problems and a `LessonRef` are kept: for a large batch spread over worker processes, sending whole
    lessons back costs a quarter of the work."""
    result = LoadResult()
    files = list(iter_lesson_files(paths))
    with _no_cycle_collection():
        for obj, problems in _load_all(files, load_file if contents else _load_ref):
            result.files += 1
            result.problems.extend(problems)
            if isinstance(obj, CourseFile):
                result.courses.append(obj)
                result.chapters.extend(obj.chapters)
            elif isinstance(obj, Lesson):
                result.lessons.append(obj)
                result.refs.append(_ref(obj))
            elif isinstance(obj, LessonRef):
                result.refs.append(obj)
    _check_duplicate_ids(result)
    return result


def _ref(lesson: Lesson) -> LessonRef:
    return LessonRef(lesson.id, lesson.chapter, lesson.source)


def _load_ref(path: Path) -> tuple[LessonRef | CourseFile | None, list[Problem]]:
    """`load_file`, keeping of a good lesson only what the checks across files need."""
    obj, problems = load_file(path)
    return (_ref(obj) if isinstance(obj, Lesson) else obj), problems


Loaded = tuple[Lesson | LessonRef | CourseFile | None, list[Problem]]


def _load_all(files: list[Path], load: Callable[[Path], Loaded]) -> Iterator[Loaded]:
    """Each file loaded, in order; a large batch is spread over worker processes.

    Workers are forked, which is only safe while this process runs a single thread (a fork copies locks
    held by other threads), so a tutor that is already running sessions loads in-process.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_MIN_FILES or workers < 2 or threading.active_count() > 1:
        for path in files:
            yield load(path)
        return
    # Imported here: the tutor's start-up (a few dozen files) never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(load, files, chunksize=max(1, len(files) // (workers * 4)))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pauses Python's cycle collector while many files load.

    Each file makes hundreds of YAML nodes, and every few thousand allocations the collector would walk all
    the lessons loaded so far: a third of the time of loading a large course. Nodes and lessons hold no
    reference cycles, so reference counting frees the garbage as it goes; the collector runs again after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_duplicate_ids(result: LoadResult) -> None:
    """Reports a lesson id used twice and keeps the first lesson that uses it."""
    first: dict[str, LessonRef] = {}
    dropped: set[int] = set()
    for index, ref in enumerate(result.refs):
        other = first.get(ref.id)
        if other is not None:
            result.problems.append(
                Problem(
                    ref.source,
                    _id_line(ref.source),
                    1,
                    "id",
                    f"duplicate lesson id {ref.id!r}: {other.source} uses it too",
                    "give each lesson its own id",
                )
            )
            dropped.add(index)
            continue
        first[ref.id] = ref
    if dropped:
        result.refs = [r for i, r in enumerate(result.refs) if i not in dropped]
        if result.lessons:  # in the same order as refs
            result.lessons = [lesson for i, lesson in enumerate(result.lessons) if i not in dropped]


def check_chapters(result: LoadResult, known: Iterable[Chapter]) -> None:
    """Reports lessons whose chapter no loaded course.yaml names."""
    numbers = {c.number for c in known}
    for lesson in result.refs:
        if lesson.chapter not in numbers:
            listed = ", ".join(str(n) for n in sorted(numbers)) or "none"
            result.problems.append(
                Problem(
                    lesson.source,
                    _key_line(lesson.source, "chapter"),
                    1,
                    "chapter",
                    f"chapter {lesson.chapter} is not in any course.yaml (chapters: {listed})",
                    "add it to course.yaml or use an existing chapter",
                )
            )


def _key_line(source: str, key: str) -> int:
    """The line of a top-level key in a file already read once (for cross-file problems)."""
    try:
        for number, line in enumerate(Path(source).read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 1


def _id_line(source: str) -> int:
    return _key_line(source, "id")
