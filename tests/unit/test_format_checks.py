"""`shelltutor check` on the format's later features: one bad-lesson fixture per failure, and good uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shelltutor.course.jsonschema import lesson_schema
from shelltutor.course.loader import load_file
from shelltutor.course.model import (
    EachFile,
    FileExpect,
    FileFixture,
    Lesson,
    ProcessExpect,
    Rewrite,
    TextMatch,
)

FORMAT = Path(__file__).parent / "bad_lessons" / "format"
GRADING = Path(__file__).parents[1] / "fixtures" / "lessons-grading" / "format"
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FILES = "exercises[0].expect.files[0]"
PROCESS = "exercises[0].expect.processes[0]"
FIXTURE = "exercises[0].fixture"


@dataclass(frozen=True)
class E:
    line: int
    column: int
    key_path: str
    message: str
    """The start of the message."""
    suggestion: str = ""
    """The start of the suggestion ('' : none is asserted)."""


CASES: dict[str, E] = {
    # rewrite and trim
    "rewrite_invalid_regex.yaml": E(
        19, 32, "exercises[0].expect.stdout.rewrite.regex", "invalid regular expression: missing ), unterminated"
    ),
    "rewrite_matches_empty.yaml": E(
        20,
        21,
        "exercises[0].expect.stdout.rewrite[0].regex",
        "this pattern matches the empty text, so it would put the replacement between every two characters",
        "make it match at least one character",
    ),
    "rewrite_unknown_group.yaml": E(
        21,
        22,
        "exercises[0].expect.stdout.rewrite[0].replace",
        "the replacement cannot be used with this pattern: invalid group reference 2",
        "refer only to groups the pattern has",
    ),
    "textmatch_only_modifiers.yaml": E(
        18,
        9,
        "exercises[0].expect.stdout",
        "says nothing to check; give at least one of: exact, normalized, sorted, regex, contains, excludes, "
        "same_as_solution, empty",
    ),
    # binary fixtures
    "fixture_base64_invalid.yaml": E(
        19, 27, f"{FIXTURE}.files[0].content_base64", "not valid base64", "encode the file with `base64 -w0 FILE`"
    ),
    "fixture_base64_with_content.yaml": E(
        20,
        27,
        f"{FIXTURE}.files[0].content_base64",
        "give the file's content once: `content` (text) or `content_base64` (bytes), not both",
        "remove one of them",
    ),
    "fixture_base64_on_dir.yaml": E(
        20, 27, f"{FIXTURE}.files[0].content_base64", "a dir has no content", "remove `content_base64`"
    ),
    # fixtures and the starting directory under /tmp
    "fixture_path_outside_tmp.yaml": E(
        18,
        17,
        f"{FIXTURE}.files[0].path",
        "'/etc/motd' is absolute and not under /tmp: a fixture makes paths relative to the home, or under the "
        "sandbox's own /tmp",
        "write it relative to the home",
    ),
    "fixture_path_names_tmp.yaml": E(
        18, 17, f"{FIXTURE}.files[0].path", "'/tmp/.' names /tmp itself", "give a path below /tmp"
    ),
    "fixture_cwd_dotdot.yaml": E(
        19, 12, f"{FIXTURE}.cwd", "'data/../..' climbs with '..'", "write the path without '..'"
    ),
    "fixture_cwd_outside.yaml": E(
        17, 12, f"{FIXTURE}.cwd", "'/var/tmp' is outside the home and /tmp", "write a directory relative to the home"
    ),
    "fixture_cwd_not_made.yaml": E(
        19,
        12,
        f"{FIXTURE}.cwd",
        "the starting directory '/tmp/other' is not made by the fixture",
        "add `- {path: /tmp/other, type: dir}` to the fixture's `files`",
    ),
    "fixture_cwd_is_file.yaml": E(
        19, 12, f"{FIXTURE}.cwd", "the starting directory 'notes' is a file of the fixture, not a directory"
    ),
    # directories
    "dir_keys_on_file.yaml": E(
        20, 20, f"{FILES}.entries", "`entries` is a check on a directory, and this path is a file", "write `type: dir`"
    ),
    "dir_keys_with_content.yaml": E(
        20, 20, f"{FILES}.content", "`content` does not fit a directory, which `empty` says this path is"
    ),
    "dir_keys_contradict.yaml": E(
        20,
        18,
        f"{FILES}.count",
        "these directory checks contradict each other: empty says 0, count says 2",
        "keep one of them",
    ),
    "dir_keys_with_exists_false.yaml": E(
        20, 18, f"{FILES}.empty", "`empty` says what is true of the path, but `exists: false` wants it gone"
    ),
    "dir_entry_not_a_name.yaml": E(
        19, 31, f"{FILES}.entries[1]", "'sub/data.csv' is not a name directly inside the directory"
    ),
    "dir_entry_twice.yaml": E(19, 37, f"{FILES}.entries[2]", "'sub' is given twice (also entries[1])"),
    "glob_unclosed.yaml": E(19, 33, f"{FILES}.none_match[1]", "the '[' is never closed with ']'"),
    "glob_dotdot.yaml": E(20, 21, f"{FILES}.each[0].glob", "a glob may not climb with '..'"),
    "each_same_as_solution.yaml": E(
        21,
        43,
        f"{FILES}.each[0].content.same_as_solution",
        "the files a glob matches cannot be compared with the solution's",
    ),
    # links
    "resolves_to_on_file.yaml": E(
        20,
        24,
        f"{FILES}.resolves_to",
        "only a symlink leads somewhere, and this path is a file",
        "write `type: symlink`",
    ),
    "resolves_to_outside.yaml": E(
        19, 24, f"{FILES}.resolves_to", "'/etc/passwd' is outside the learner's home and /tmp"
    ),
    # processes
    "process_names_nothing.yaml": E(
        18, 11, PROCESS, "says no process: give its `name` (as `ps` shows it) or a `command`"
    ),
    "process_name_with_slash.yaml": E(
        18, 17, f"{PROCESS}.name", "'./serve.sh' is not a program's name as `ps` shows it", "give the name without"
    ),
    "process_invalid_regex.yaml": E(
        18, 31, f"{PROCESS}.command", "invalid regular expression: missing ), unterminated subpattern at position 10"
    ),
    "process_looks_for_without_command.yaml": E(
        19, 22, f"{PROCESS}.looks_for", "`looks_for` describes a `command` pattern, and there is none here"
    ),
    "process_settle_too_long.yaml": E(20, 27, f"{PROCESS}.settle_seconds", "must be at most 10, got 60"),
}


def test_every_fixture_file_has_a_case() -> None:
    assert {p.name for p in FORMAT.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_fixture_reports_one_problem_at_its_place(name: str) -> None:
    expected = CASES[name]
    lesson, problems = load_file(FORMAT / name)
    assert lesson is None
    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.line, problem.column) == (expected.line, expected.column), problem.format()
    assert problem.key_path == expected.key_path
    assert problem.message.startswith(expected.message), problem.message
    if expected.suggestion:
        assert problem.suggestion is not None and problem.suggestion.startswith(expected.suggestion)


SCHEMA_ALSO_REJECTS = [
    "fixture_path_outside_tmp.yaml",
    "fixture_cwd_dotdot.yaml",
    "fixture_cwd_outside.yaml",
    "resolves_to_outside.yaml",
    "process_settle_too_long.yaml",
]


@pytest.mark.parametrize("name", SCHEMA_ALSO_REJECTS)
def test_the_schema_rejects_it_too(name: str) -> None:
    data = yaml.load((FORMAT / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    assert list(jsonschema.Draft202012Validator(lesson_schema()).iter_errors(data)), f"the schema accepts {name}"


def test_the_grading_fixture_lesson_uses_every_feature_and_loads() -> None:
    path = GRADING / "format-features.yaml"
    lesson, problems = load_file(path)
    assert problems == [] and isinstance(lesson, Lesson)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    assert list(jsonschema.Draft202012Validator(lesson_schema()).iter_errors(data)) == []
    by_id = {exercise.id: exercise for exercise in lesson.exercises}
    stdout = by_id["run-timed"].expect.stdout
    assert isinstance(stdout, TextMatch) and stdout.rewrite == (Rewrite(regex=r"\d+ms", replace="<ms>"),)
    labels = by_id["count-labels"].expect.stdout
    assert isinstance(labels, TextMatch) and labels.trim is True and labels.sorted is not None
    work, sub = by_id["clean-tmp"].expect.files
    assert work.none_match == ("*.tmp",) and work.entries == ("keep.txt", "sub/") and sub.count == 1
    assert by_id["empty-outbox"].expect.files[0].empty is True
    (runs,) = by_id["set-lr"].expect.files
    assert runs.each == (EachFile(glob="*/config.yaml", content=runs.each[0].content, at_least=3),) and isinstance(
        runs.each[0].content, TextMatch
    )
    server = by_id["start-server"].expect.processes
    assert server[0] == ProcessExpect(name="serve.sh") and server[1].command == "^sleep 600$"
    assert by_id["stop-job"].expect.processes == (ProcessExpect(name="sleep", running=False),)
    assert by_id["link-latest"].expect.files == (FileExpect(path="latest", resolves_to="checkpoints/epoch-03.pt"),)
    assert by_id["check-data"].expect.terminal == TextMatch(normalized="checking data\nwarning: 3 rows skipped\ndone\n")
    assert by_id["check-data-again"].expect.terminal == TextMatch(same_as_solution="normalized")
    gzip = by_id["read-gzip"].fixture.files[0]
    assert gzip.data()[:2] == b"\x1f\x8b" and gzip.content == ""
    tmp = by_id["save-from-tmp"].fixture
    assert tmp.cwd == "/tmp/job" and tmp.files[0].path == "/tmp/job/out.log"


def test_older_lessons_mean_what_they_meant() -> None:
    # Every new key is optional, with a default that changes nothing.
    assert TextMatch(normalized="x").rewrite == () and TextMatch(normalized="x").trim is False
    entry = FileExpect(path="a")
    assert (entry.resolves_to, entry.empty, entry.entries, entry.count, entry.none_match, entry.each) == (
        None,
        None,
        (),
        None,
        (),
        (),
    )
    assert FileFixture(path="a", content="é\n").data() == "é\n".encode()


def test_base64_with_line_breaks_is_decoded_whole(tmp_path: Path) -> None:
    text = (GRADING / "format-features.yaml").read_text(encoding="utf-8")
    encoded = "H4sIAAAAAAAAA0styE/O0MnJLy7mMtQx0DM14jICUsaGXAA+cYrMGQAAAA=="
    block = "content_base64: |\n            " + encoded[:30] + "\n            " + encoded[30:] + "\n"
    text = text.replace(f"content_base64: {encoded}\n", block)
    assert block in text
    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    lesson, problems = load_file(path)
    assert problems == [] and isinstance(lesson, Lesson)
    (gzip,) = [e for e in lesson.exercises if e.id == "read-gzip"]
    assert gzip.fixture.files[0].data() == FileFixture(path="x", content_base64=encoded).data()


GOOD_HEAD = (FORMAT / "fixture_cwd_is_file.yaml").read_text(encoding="utf-8").split("    fixture:")[0]


@pytest.mark.parametrize(
    "body",
    [
        # the same name in the home and in /tmp are two paths
        "    fixture:\n      files:\n        - {path: tmp/a, content: x}\n        - {path: /tmp/a, content: y}\n"
        "      cwd: /tmp\n    expect: {exit_code: 0}\n",
        # a starting directory below a fixture file's folder, or named as the lesson's home
        "    fixture:\n      files:\n        - {path: logs/app/x.log}\n      cwd: logs/app\n"
        "    expect: {exit_code: 0}\n",
        "    fixture:\n      files:\n        - {path: logs, type: dir}\n      cwd: /home/learner/logs\n"
        "    expect: {exit_code: 0}\n",
        # a generator may make the starting directory itself
        "    fixture:\n      generate: mkdir -p /tmp/job\n      cwd: /tmp/job\n    expect: {exit_code: 0}\n",
        # directory checks that agree, and with an explicit type
        "    expect:\n      files:\n        - {path: d, type: dir, entries: [a, b/], count: 2, empty: false}\n",
        "    expect:\n      files:\n        - {path: d, none_match: '**/*.pyc'}\n",
        "    expect:\n      files:\n        - {path: d, each: [{glob: '[!.]*.csv', at_least: 0}]}\n",
        # a link check with the old and the new key
        "    expect:\n      files:\n        - {path: l, type: symlink, target: a/b, resolves_to: /tmp/a/b}\n",
        # processes by pattern and name together; rewrite with a group; trim alone on a comparison
        "    expect:\n      processes:\n"
        "        - {name: python3, command: 'train\\.py', looks_for: {en: training, ko: 학습}}\n",
        "    expect:\n      terminal:\n        regex: done\n"
        "        rewrite: [{regex: '(\\d+)ms', replace: '\\1 ms'}]\n",
        "    expect:\n      stderr: {normalized: x, trim: true}\n",
    ],
)
def test_good_uses_load(tmp_path: Path, body: str) -> None:
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_HEAD + body, encoding="utf-8")
    lesson, problems = load_file(path)
    assert problems == [], [p.format() for p in problems]
    assert isinstance(lesson, Lesson)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    assert list(jsonschema.Draft202012Validator(lesson_schema()).iter_errors(data)) == []
