"""The lesson loader: one bad-lesson fixture per kind of problem (message, line, column, key path), and good loads."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from shelltutor.course.catalog import builtin_lessons_dir, load_course
from shelltutor.course.loader import MAX_FILE_BYTES, check_chapters, load_file, load_paths
from shelltutor.course.model import (
    CommandUse,
    CourseFile,
    Exercise,
    FileExpect,
    FileFixture,
    Keys,
    Lesson,
    LocalText,
    ShapeCheck,
    TextMatch,
    WrongAnswer,
)
from shelltutor.problems import Problem

BAD = Path(__file__).parent / "bad_lessons"

GOOD_LESSON = """\
format_version: 1
id: good-lesson
chapter: 1
order: 5
title: {en: A good lesson, ko: 좋은 레슨}
summary: {en: Everything in it is right., ko: 모든 것이 올바릅니다.}
explanation:
  en: Some **Markdown**.
  ko: 약간의 **마크다운**.
exercises:
  - id: where
    title: {en: Where, ko: 어디}
    prompt: {en: Print the directory with pwd (sort -r is allowed)., ko: pwd로 디렉터리를 출력하세요(sort -r도 됩니다).}
    hints:
      - {en: Use pwd., ko: pwd를 쓰세요.}
    solution: pwd
    wrong:
      - commands: ls
        explanation: {en: That lists files., ko: 파일 목록입니다.}
    fixture:
      files:
        - path: bin/run.sh
          content: "echo hi\\n"
          mode: 0755
        - path: data
          type: dir
        - path: latest
          type: symlink
          target: bin/run.sh
      setup: cd data
    expect:
      stdout: "/home/learner/data"
      stderr: {empty: true}
      exit_code: 0
      files:
        - path: bin/run.sh
          content: echo hi
          mode: '0755'
      shape:
        uses: [pwd, {command: sort, options: [-r]}]
        redirects: '>'
  - id: edit
    title: {en: Edit, ko: 편집}
    prompt: {en: Write hello into notes.txt with vi., ko: vi로 notes.txt에 hello를 쓰세요.}
    hints:
      - {en: Press i to insert., ko: i를 눌러 입력하세요.}
    solution:
      - run: vi notes.txt
        keys: ihello<Esc>:wq<Enter>
      - cat notes.txt
    full_screen: true
    expect:
      files:
        - path: notes.txt
          content: {exact: "hello\\n"}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    """The problems of one fixture, shown by its file name, with the cross-file chapter check applied."""
    result = load_paths([path])
    check_chapters(result, load_paths([builtin_lessons_dir() / "course.yaml"]).chapters)
    return sorted(result.problems)


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    key_path: str
    message: str
    """The start of the message (long lists of known keys are not repeated here)."""
    suggestion: str | None = None


CASES: dict[str, Expected] = {
    "yaml_syntax_error.yaml": Expected(
        7,
        8,
        "",
        "YAML syntax error: did not find expected ',' or '}' "
        "(while parsing a flow mapping that starts on line 6, column 8)",
    ),
    "tab_indentation.yaml": Expected(
        7,
        1,
        "",
        "YAML syntax error: a tab character; YAML indentation must be spaces",
        "indent with spaces, not tabs",
    ),
    "duplicate_key.yaml": Expected(
        16, 5, "exercises[0].solution", "duplicate key 'solution' (first defined on line 15)"
    ),
    "unknown_key_did_you_mean.yaml": Expected(
        12, 5, "exercises[0].promt", "unknown key 'promt'", "did you mean 'prompt'?"
    ),
    "unknown_key_no_match.yaml": Expected(
        16,
        5,
        "exercises[0].difficulty",
        "unknown key 'difficulty'",
        "known keys: id, title, prompt, hints, solution, expect, explanation, wrong, near_misses, fixture, limits, "
        "full_screen",
    ),
    "wrong_type_string_for_list.yaml": Expected(
        13, 12, "exercises[0].hints", "expected a list, got the text 'Use pwd.'"
    ),
    "wrong_type_list_for_mapping.yaml": Expected(6, 8, "title", "expected a mapping with en and ko texts, got a list"),
    "wrong_type_text_for_number.yaml": Expected(4, 10, "chapter", "expected a whole number, got the text 'one'"),
    "missing_required_field.yaml": Expected(
        10, 5, "exercises[0]", "missing required key 'prompt': The task, in Markdown."
    ),
    "missing_translation.yaml": Expected(6, 8, "title", "missing Korean translation (ko)"),
    "empty_translation.yaml": Expected(6, 26, "title.ko", "the Korean text is empty"),
    "unsupported_format_version.yaml": Expected(
        2,
        17,
        "format_version",
        "format_version '2' is not supported; this shelltutor reads format_version 1",
        "upgrade shelltutor, or write the lesson in format 1 (docs/lesson-format.md)",
    ),
    "missing_format_version.yaml": Expected(
        2, 1, "", "missing required key 'format_version' (write `format_version: 1`)"
    ),
    "invalid_id.yaml": Expected(
        3,
        5,
        "id",
        "'Invalid_Id' does not have the right form: an id is lowercase letters, digits and dashes, e.g. 'where-am-i'",
        "did you mean 'invalid-id'?",
    ),
    "duplicate_exercise_id.yaml": Expected(18, 9, "exercises[1].id", "duplicate exercise id 'pwd' (also exercises[0])"),
    "unknown_chapter.yaml": Expected(
        4,
        1,
        "chapter",
        "chapter 42 is not in any course.yaml (chapters: 1, 2, 3, 4, 5, 6, 7",
        "add it to course.yaml or use an existing chapter",
    ),
    "empty_file.yaml": Expected(0, 0, "", "is empty", "start from the example in docs/lesson-format.md"),
    "comment_only.yaml": Expected(0, 0, "", "is empty", "start from the example in docs/lesson-format.md"),
    "binary_file.yaml": Expected(0, 0, "", "is binary (contains NUL bytes), not a YAML lesson"),
    # Line 3, column 16: the Latin-1 byte of "Café" (columns count bytes here: the line cannot be decoded).
    "invalid_utf8.yaml": Expected(3, 16, "", "is not valid UTF-8 text", "save it as UTF-8"),
    # Column 18: the '(' inside the quotes that the error is about.
    "invalid_regex.yaml": Expected(
        18,
        18,
        "exercises[0].expect.stdout.regex",
        "invalid regular expression: missing ), unterminated subpattern at position 1",
    ),
    "near_miss_not_in_solution.yaml": Expected(
        17,
        19,
        "exercises[0].near_misses[0].replace",
        "the solution has no '+2' to change",
        "copy the text from the solution exactly",
    ),
    # Column 16: the `grep` the task never names (a learner who prints the lines with awk would be refused).
    "uses_not_named.yaml": Expected(
        19,
        16,
        "exercises[0].expect.shape.uses[0]",
        "the exercise requires `grep`, but its task (English and Korean title and prompt) never names it",
        "name `grep` in the prompt",
    ),
    "looks_for_without_regex.yaml": Expected(
        19,
        20,
        "exercises[0].expect.stdout.looks_for",
        "`looks_for` describes a `regex`, and there is none here",
        "add the `regex` it describes, or remove `looks_for`",
    ),
    "symlink_without_target.yaml": Expected(
        18,
        11,
        "exercises[0].fixture.files[0]",
        "a symlink needs a target",
        "add `target: path/it/points/to`",
    ),
    # Column 21: the `<Foo>` itself, not the start of the keys text.
    "unknown_key_notation.yaml": Expected(
        17, 21, "exercises[0].solution[0].keys", "unknown key <Foo>; known keys: <Esc>, <Enter>"
    ),
    "empty_expect.yaml": Expected(
        16,
        13,
        "exercises[0].expect",
        "expects nothing, so every attempt would pass; give at least one of: stdout, stderr, exit_code, files",
    ),
    "textmatch_no_key.yaml": Expected(
        17,
        15,
        "exercises[0].expect.stdout",
        "says nothing to check; give at least one of: exact, normalized, sorted, regex, contains",
    ),
    "comma_in_flow_mapping.yaml": Expected(
        6,
        26,
        "title.two streams",
        "unknown key 'two streams'",
        "a comma inside {…} separates keys: put text containing commas in double quotes",
    ),
    "top_level_list.yaml": Expected(2, 1, "", "a lesson file is a mapping of keys (format_version, id, title, …)"),
}


def test_every_fixture_file_has_a_case() -> None:
    on_disk = {p.name for p in BAD.glob("*.yaml")}
    assert on_disk == set(CASES) | {"several_problems.yaml"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fixture_reports_one_problem_at_its_line(name: str) -> None:
    expected = CASES[name]
    problems = problems_of(BAD / name)
    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert problem.path == str(BAD / name)
    assert (problem.line, problem.column) == (expected.line, expected.column), problem.format()
    assert problem.key_path == expected.key_path
    assert problem.message.startswith(expected.message), problem.message
    if expected.suggestion is None:
        assert problem.suggestion is None
    else:
        assert problem.suggestion is not None and problem.suggestion.startswith(expected.suggestion)


def test_several_problems_in_one_file_are_all_reported() -> None:
    found = [
        (p.line, p.column, p.key_path, p.message, p.suggestion) for p in problems_of(BAD / "several_problems.yaml")
    ]
    assert found == [
        (4, 10, "chapter", "expected a whole number, got the text 'first'", None),
        (6, 8, "title", "missing Korean translation (ko)", None),
        # Not also "missing required key 'prompt'": the misspelling is the one mistake.
        (12, 5, "exercises[0].promt", "unknown key 'promt'", "did you mean 'prompt'?"),
        (
            16,
            13,
            "exercises[0].expect",
            "expects nothing, so every attempt would pass; give at least one of: "
            "stdout, stderr, exit_code, files, cwd, variables, aliases, shape, terminal, processes",
            None,
        ),
    ]


def test_duplicate_lesson_id_across_files_reports_the_second_and_keeps_the_first() -> None:
    directory = BAD / "duplicate_lesson_id"
    result = load_paths([directory])
    assert result.files == 2
    assert [lesson.source for lesson in result.lessons] == [str(directory / "first.yaml")]
    (problem,) = result.problems
    assert problem.path == str(directory / "second.yaml")
    assert (problem.line, problem.column, problem.key_path) == (3, 1, "id")
    assert problem.message == f"duplicate lesson id 'same-id': {directory / 'first.yaml'} uses it too"


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("format_version: 1\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    (problem,) = problems_of(path)
    assert (problem.line, problem.column, problem.key_path) == (0, 0, "")
    assert problem.message.startswith(f"is {path.stat().st_size:,} bytes; a lesson file may be at most 1,048,576")
    assert problem.suggestion == "split it into several lessons"


def test_missing_file_and_directory_are_problems_not_exceptions(tmp_path: Path) -> None:
    _, problems = load_file(tmp_path / "nope.yaml")
    assert [p.message for p in problems] == ["no such file"]
    _, problems = load_file(tmp_path)
    assert [p.message for p in problems] == ["is a directory, not a lesson file"]


WRONG_VALUES = [
    # (replace this, with this, line, key path, message, suggestion)
    ("exit_code: 0", "exit_code: nonzro", 34, "exercises[0].expect.exit_code",
     "expected a whole number or one of 'nonzero', 'same_as_solution', got the text 'nonzro'",
     "did you mean 'nonzero'?"),
    ("exit_code: 0", "exit_code: 1.5", 34, "exercises[0].expect.exit_code",
     "expected a whole number or one of 'nonzero', 'same_as_solution', got the number 1.5", None),
    ("mode: 0755\n", "mode: 0799\n", 24, "exercises[0].fixture.files[0].mode",
     "'0799' does not have the right form: permission bits are 3 or 4 octal digits, e.g. '0644' or '755'", None),
    ("path: data\n", "path: ../data\n", 25, "exercises[0].fixture.files[1].path",
     "'../data' does not have the right form: a path relative to the home, without '..', e.g. 'logs/app.log'", None),
    ("solution: pwd\n", "solution: []\n", 16, "exercises[0].solution", "needs at least 1 item(s), got 0", None),
    ("redirects: '>'", "redirects: '>|'", 41, "exercises[0].expect.shape.redirects",
     "'>|' is not allowed here; expected one of: >, >>, <, 2>, 2>>, 2>&1, 1>&2, &>, &>>, |&, <<<, <<",
     "did you mean '>'?"),
    ("chapter: 1\n", "chapter: 0\n", 3, "chapter", "must be at least 1, got 0", None),
    ("type: dir\n", "type: directory\n", 26, "exercises[0].fixture.files[1].type",
     "'directory' is not allowed here; expected one of: file, dir, symlink", None),
    ("content: echo hi\n", "content: [echo hi]\n", 37, "exercises[0].expect.files[0].content",
     "expected a mapping or a text, got a list", None),
    ("setup: cd data\n", "setup: {cd: data}\n", 30, "exercises[0].fixture.setup", "expected a list, got a mapping",
     None),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "line", "key_path", "message", "suggestion"), WRONG_VALUES)
def test_more_wrong_values(
    tmp_path: Path, old: str, new: str, line: int, key_path: str, message: str, suggestion: str | None
) -> None:
    assert old in GOOD_LESSON
    lesson, problems = load_file(write(tmp_path, "lesson.yaml", GOOD_LESSON.replace(old, new, 1)))
    assert lesson is None
    assert [(p.line, p.key_path, p.message, p.suggestion) for p in problems] == [(line, key_path, message, suggestion)]


def test_an_optional_field_left_empty_is_absent(tmp_path: Path) -> None:
    lesson, problems = load_file(
        write(tmp_path, "lesson.yaml", GOOD_LESSON.replace("stderr: {empty: true}", "stderr:"))
    )
    assert problems == [] and isinstance(lesson, Lesson)
    assert lesson.exercises[0].expect.stderr is None


# --- good lessons -------------------------------------------------------------------------------------------------


def test_good_lesson_loads_into_model_objects(tmp_path: Path) -> None:
    path = write(tmp_path, "good.yaml", GOOD_LESSON)
    lesson, problems = load_file(path)
    assert problems == []
    assert isinstance(lesson, Lesson)
    assert lesson.source == str(path)
    assert (lesson.id, lesson.chapter, lesson.order, lesson.format_version) == ("good-lesson", 1, 5, 1)
    assert lesson.title == LocalText(en="A good lesson", ko="좋은 레슨")
    assert lesson.explanation.get("ko") == "약간의 **마크다운**."
    where, edit = lesson.exercises
    assert isinstance(where, Exercise)
    assert where.global_id == "good-lesson/where"
    # `solution: pwd` is a one-step solution; `commands: ls` a one-command wrong answer.
    assert where.solution == ("pwd",)
    assert where.wrong == (
        WrongAnswer(commands=("ls",), explanation=LocalText(en="That lists files.", ko="파일 목록입니다.")),
    )
    # `mode: 0755` unquoted is the text '0755', not the number 493.
    assert where.fixture.files == (
        FileFixture(path="bin/run.sh", content="echo hi\n", mode="0755"),
        FileFixture(path="data", type_="dir"),
        FileFixture(path="latest", type_="symlink", target="bin/run.sh"),
    )
    assert where.fixture.setup == ("cd data",)
    assert not where.randomized
    # A bare string is a normalized TextMatch, wherever a TextMatch is expected.
    assert where.expect.stdout == TextMatch(normalized="/home/learner/data")
    assert where.expect.stderr == TextMatch(empty=True)
    assert where.expect.exit_code == 0
    assert where.expect.files == (FileExpect(path="bin/run.sh", content=TextMatch(normalized="echo hi"), mode="0755"),)
    assert where.expect.shape == ShapeCheck(uses=("pwd", CommandUse(command="sort", options=("-r",))), redirects=(">",))
    assert edit.full_screen
    assert edit.solution == (Keys(run="vi notes.txt", keys="ihello<Esc>:wq<Enter>"), "cat notes.txt")
    assert edit.expect.files[0].content == TextMatch(exact="hello\n")


def test_generated_fixture_marks_the_exercise_randomized(tmp_path: Path) -> None:
    text = GOOD_LESSON.replace("      setup: cd data\n", "      setup: cd data\n      generate: seq $SEED > n.txt\n")
    lesson, problems = load_file(write(tmp_path, "good.yaml", text))
    assert problems == [] and isinstance(lesson, Lesson)
    assert lesson.exercises[0].randomized
    assert lesson.exercises[0].fixture.generate == "seq $SEED > n.txt"


def test_course_file_loads(tmp_path: Path) -> None:
    course, problems = load_file(builtin_lessons_dir() / "course.yaml")
    assert problems == []
    assert isinstance(course, CourseFile)
    assert course.chapters[0].number == 1
    assert course.chapters[0].title.en == "Getting around"


def test_shipped_lessons_load_cleanly() -> None:
    result = load_paths([builtin_lessons_dir()])
    check_chapters(result, result.chapters)
    assert result.problems == []
    assert result.lessons and result.files == len(result.lessons) + 1


# --- the course -----------------------------------------------------------------------------------------------


def test_load_course_skips_a_broken_lesson_and_loads_the_good_ones(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD_LESSON)
    shutil.copy(BAD / "unknown_key_did_you_mean.yaml", tmp_path / "broken.yaml")
    course = load_course([tmp_path])
    assert "good-lesson" in [lesson.id for lesson in course.lessons]
    mine = [(p.path, p.line, p.key_path) for p in course.problems if p.path.startswith(str(tmp_path))]
    assert mine == [(str(tmp_path / "broken.yaml"), 12, "exercises[0].promt")]
    assert course.exercise("good-lesson/edit") is not None


def test_load_course_reports_lessons_in_an_unknown_chapter(tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", GOOD_LESSON.replace("chapter: 1\n", "chapter: 99\n"))
    course = load_course([tmp_path])
    known = ", ".join(str(c.number) for c in load_course().chapters)
    assert [p.message for p in course.problems if p.path.endswith("good.yaml")] == [
        f"chapter 99 is not in any course.yaml (chapters: {known})"
    ]


def test_authoring_directory_lesson_replaces_a_builtin_of_the_same_id(tmp_path: Path) -> None:
    builtin = load_course()
    first = builtin.lessons[0]
    override = (
        GOOD_LESSON.replace("id: good-lesson", f"id: {first.id}")
        .replace("chapter: 1\n", f"chapter: {first.chapter}\n")
        .replace("order: 5\n", f"order: {first.order}\n")
    )
    path = write(tmp_path, "override.yaml", override)
    course = load_course([tmp_path])
    assert [p for p in course.problems if p.path.startswith(str(tmp_path))] == []
    assert len(course.lessons) == len(builtin.lessons)
    replaced = course.lesson(first.id)
    assert replaced is not None and replaced.source == str(path)
    assert replaced.title.en == "A good lesson"
    assert [lesson.id for lesson in course.lessons] == [lesson.id for lesson in builtin.lessons]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{en: One, ko: 하나}", LocalText(en="One", ko="하나")),
        ("{ko: 하나, en: One}", LocalText(en="One", ko="하나")),  # either order
        ("{en: 1, ko: true}", LocalText(en="1", ko="true")),  # any scalar, as its source text
        ("en: 'x'\nko: |\n  여러 줄\n", LocalText(en="x", ko="여러 줄\n")),
        ("{en: One, ko: ''}", None),  # an empty translation is a problem, not a text
        ("{en: One, ko: }", None),
        ("{en: One, ja: 一つ}", None),
        ("{en: One}", None),
        ("[One, 하나]", None),
    ],
)
def test_a_text_is_built_the_same_by_the_short_path_and_the_general_one(text: str, expected: object) -> None:
    import yaml

    from shelltutor.course.validate import NodeValidator

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    validator = NodeValidator("t.yaml")
    built = validator.build(node, LocalText, "title")
    if expected is None:
        assert validator.problems, built
    else:
        assert built == expected and not validator.problems
