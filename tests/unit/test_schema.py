"""The JSON Schema for editors: the committed copy is current, and it agrees with the loader on good and bad files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from shelltutor.course.catalog import builtin_lessons_dir
from shelltutor.course.jsonschema import lesson_schema, schema_text
from shelltutor.course.loader import load_file

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema" / "lesson.schema.json"
BAD = Path(__file__).parent / "bad_lessons"
SHIPPED = sorted(builtin_lessons_dir().rglob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = lesson_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# yaml.safe_load with the parser the loader uses: libyaml when PyYAML has it. (Pure-Python PyYAML is stricter
# in places: it rejects a `?` inside a plain scalar in a flow mapping, `{en: Is it?, ko: …}`, which libyaml and
# YAML 1.2 editors accept.)
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def errors(validator: jsonschema.Draft202012Validator, path: Path) -> list[str]:
    data: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return [error.message for error in validator.iter_errors(data)]


def test_committed_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schema/lesson.schema.json is stale: run `shelltutor schema > schema/lesson.schema.json`"
    )


def test_schema_is_valid_json_with_a_title_and_descriptions() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for name, definition in schema["$defs"].items():
        assert definition["description"], name
        for key, prop in definition["properties"].items():
            assert prop["description"], f"{name}.{key}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_schema_accepts_every_shipped_file(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    assert errors(validator, path) == []
    assert load_file(path)[1] == []


def test_shipped_lessons_point_editors_at_the_schema() -> None:
    for path in SHIPPED:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == COMMITTED.resolve(), path


# Problems a JSON Schema can express: the schema and the loader both reject these files.
BOTH_REJECT = [
    "unknown_key_did_you_mean.yaml",
    "unknown_key_no_match.yaml",
    "wrong_type_string_for_list.yaml",
    "wrong_type_list_for_mapping.yaml",
    "wrong_type_text_for_number.yaml",
    "missing_required_field.yaml",
    "missing_translation.yaml",
    "unsupported_format_version.yaml",
    "missing_format_version.yaml",
    "invalid_id.yaml",
    "several_problems.yaml",
    "top_level_list.yaml",
    "comma_in_flow_mapping.yaml",
]


@pytest.mark.parametrize("name", BOTH_REJECT)
def test_schema_and_loader_both_reject(validator: jsonschema.Draft202012Validator, name: str) -> None:
    assert load_file(BAD / name)[1], f"the loader accepts {name}"
    assert errors(validator, BAD / name), f"the schema accepts {name}"


# Problems only the loader sees (PyYAML drops duplicate keys; regexes, key names and cross-field rules are code).
LOADER_ONLY = [
    "duplicate_key.yaml",
    "empty_translation.yaml",
    "duplicate_exercise_id.yaml",
    "invalid_regex.yaml",
    "symlink_without_target.yaml",
    "unknown_key_notation.yaml",
    "empty_expect.yaml",
    "textmatch_no_key.yaml",
]


@pytest.mark.parametrize("name", LOADER_ONLY)
def test_loader_catches_what_the_schema_cannot(validator: jsonschema.Draft202012Validator, name: str) -> None:
    assert load_file(BAD / name)[1], f"the loader accepts {name}"
    assert errors(validator, BAD / name) == []


@pytest.mark.parametrize(
    ("fragment", "replacement"),
    [
        ("order: 1\n", "order: 1\ndifficulty: hard\n"),
        ("order: 1\n", "order: first\n"),
        ("      stdout: {same_as_solution: exact}\n", "      stdout: {same_as_solution: fuzzy}\n"),
        ("      stdout: {same_as_solution: exact}\n", "      exit_code: [0]\n"),
        ("    solution: pwd\n", "    solution: {run: vi}\n"),
        ("    solution: pwd\n", "    solution: pwd\n    full_screen: sometimes\n"),
        ("title: {en: Example, ko: 예제}", "title: {en: Example, ko: 예제, ja: 例}"),
    ],
)
def test_schema_and_loader_agree_on_variations(
    validator: jsonschema.Draft202012Validator, tmp_path: Path, fragment: str, replacement: str
) -> None:
    base = (BAD / "unknown_chapter.yaml").read_text(encoding="utf-8").replace("chapter: 42", "chapter: 1")
    good = tmp_path / "good.yaml"
    good.write_text(base, encoding="utf-8")
    assert load_file(good)[1] == [] and errors(validator, good) == []
    assert fragment in base
    bad = tmp_path / "bad.yaml"
    bad.write_text(base.replace(fragment, replacement, 1), encoding="utf-8")
    assert load_file(bad)[1], "the loader accepts it"
    assert errors(validator, bad), "the schema accepts it"


def test_shipped_lessons_parse_without_libyaml_too() -> None:
    # libyaml accepts a few things pure-Python PyYAML refuses (an unquoted `?` inside `{…}`); an install
    # without libyaml must still load the course.
    for path in sorted(Path(__file__).parents[2].joinpath("lessons").rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
