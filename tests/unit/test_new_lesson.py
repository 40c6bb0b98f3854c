"""`shelltutor new lesson ID`: a commented skeleton that check accepts and verify proves, never overwriting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from test_check_cli import run_cli

from shelltutor.course.loader import load_file
from shelltutor.course.model import Lesson
from shelltutor.course.spec import fields_of
from shelltutor.resources import data_dir

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


def test_the_skeleton_is_a_valid_lesson_that_check_accepts(tmp_path: Path) -> None:
    folder = tmp_path / "my lessons"  # made if missing; a space in the path
    code, out, err = run_cli("new", "lesson", "log-counting", "--lessons", str(folder))
    assert (code, err) == (0, "")
    path = folder / "log-counting.yaml"
    assert f"wrote {path} (chapter 12, order 5)" in out
    assert f"shelltutor --lessons '{folder}' --watch --lesson log-counting" in out
    lesson, problems = load_file(path)
    assert problems == [] and lesson is not None
    assert lesson.id == "log-counting" and lesson.chapter == 12
    assert [e.global_id for e in lesson.exercises] == ["log-counting/count-errors"]
    code, out, _ = run_cli("check", "--lessons", str(folder))
    assert code == 0 and "1 file checked: no problems (1 lessons)" in out


def test_the_schema_comment_names_the_shipped_schema(tmp_path: Path) -> None:
    assert run_cli("new", "lesson", "a", "--lessons", str(tmp_path))[0] == 0
    first = (tmp_path / "a.yaml").read_text(encoding="utf-8").splitlines()[0]
    found = SCHEMA_LINE.match(first)
    assert found is not None, first
    schema = (tmp_path / found["path"]).resolve()  # relative to the file, or absolute
    assert schema == (data_dir("schema") / "lesson.schema.json").resolve()
    assert json.loads(schema.read_text(encoding="utf-8"))["title"].startswith("shelltutor lesson")


def test_every_key_written_is_commented(tmp_path: Path) -> None:
    assert run_cli("new", "lesson", "b", "--lessons", str(tmp_path))[0] == 0
    text = (tmp_path / "b.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert set(data) == {info.key for info in fields_of(type(load_file(tmp_path / "b.yaml")[0]))}  # every lesson key
    keyed = re.compile(r"^\s*(?:- )?(?P<key>[a-z_]+):")
    uncommented = [
        line
        for line in text.splitlines()
        if (found := keyed.match(line)) and found["key"] not in ("en", "ko") and "#" not in line
    ]
    assert uncommented == []
    assert "ko: " in text and re.search(r"[가-힣]", text)  # both languages


def test_it_never_overwrites_and_refuses_bad_input(tmp_path: Path) -> None:
    assert run_cli("new", "lesson", "mine", "--lessons", str(tmp_path))[0] == 0
    path = tmp_path / "mine.yaml"
    path.write_text("# my work\n", encoding="utf-8")  # the author's own text, not a lesson yet
    code, out, err = run_cli("new", "lesson", "mine", "--lessons", str(tmp_path))
    assert code == 2 and out == "" and "exists already: not overwritten" in err
    assert path.read_text(encoding="utf-8") == "# my work\n"
    code, _, err = run_cli("new", "lesson", "My Lesson", "--lessons", str(tmp_path))
    assert code == 2 and "did you mean 'my-lesson'?" in err
    code, _, err = run_cli("new", "lesson", "where-am-i", "--lessons", str(tmp_path))
    assert code == 2 and "a lesson with the id 'where-am-i' exists already" in err
    code, _, err = run_cli("new", "lesson", "other", "--chapter", "77", "--lessons", str(tmp_path))
    assert code == 2 and "chapter 77 is in no course.yaml" in err
    code, _, err = run_cli("new", "lesson", "other", "--lessons", str(tmp_path), "--lessons", str(tmp_path / "x"))
    assert code == 2 and "give one --lessons DIR" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]


def test_the_chapter_and_order_follow_the_course(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text(
        "format_version: 1\ntitle: {en: Mine, ko: 내 코스}\nchapters: [{number: 40, title: {en: Extra, ko: 추가}}]\n"
    )
    assert run_cli("new", "lesson", "first", "--lessons", str(tmp_path))[0] == 0
    assert run_cli("new", "lesson", "second", "--lessons", str(tmp_path))[0] == 0
    assert run_cli("new", "lesson", "third", "--chapter", "3", "--lessons", str(tmp_path))[0] == 0
    lessons = [load_file(tmp_path / f"{name}.yaml")[0] for name in ("first", "second", "third")]
    placed = {lesson.id: (lesson.chapter, lesson.order) for lesson in lessons if isinstance(lesson, Lesson)}
    assert placed["first"] == (40, 1) and placed["second"] == (40, 2) and placed["third"][0] == 3
    assert run_cli("check", str(tmp_path))[0] == 0


def test_without_lessons_it_writes_in_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("new", "lesson", "here")
    assert code == 0 and (tmp_path / "here.yaml").is_file()
    assert "shelltutor --lessons . --watch --lesson here" in out


@pytest.mark.slow
def test_verify_proves_the_skeleton(tmp_path: Path) -> None:
    assert run_cli("new", "lesson", "proved", "--lessons", str(tmp_path))[0] == 0
    code, out, err = run_cli("verify", "--lessons", str(tmp_path), "--json")
    report = json.loads(out)
    assert code == 0, out + err
    assert [(e["exercise"], e["ok"], e["problems"]) for e in report["exercises"]] == [("proved/count-errors", True, [])]
