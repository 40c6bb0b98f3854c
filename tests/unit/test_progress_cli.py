"""`shelltutor progress`: the summary, --json, --export and --reset (which asks first)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from shelltutor.cli import main
from shelltutor.cli.common import CliEnv
from shelltutor.course.catalog import load_course
from shelltutor.progress import ProgressStore


def _run(
    tmp_path: Path, *args: str, stdin: str = "", before: tuple[str, ...] = (), locale: str = "C.UTF-8"
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = CliEnv(stdout=out, stderr=err, stdin=io.StringIO(stdin), data_dir=tmp_path, environ={"LANG": locale})
    code = main([*before, "progress", *args], env=env)
    return code, out.getvalue(), err.getvalue()


def _first_exercises(count: int) -> list[str]:
    return [e.global_id for e in list(load_course().exercises())[:count]]


def test_json_lists_completions_and_per_lesson_counts(tmp_path: Path) -> None:
    done = _first_exercises(2)
    store = ProgressStore.open(tmp_path)
    for exercise in done:
        store.record_attempt(exercise, ["x"], "fail")
        store.record_attempt(exercise, ["y"], "pass")
    store.record_attempt("no-such-lesson/gone", ["z"], "pass")  # a removed lesson is not counted
    store.close()
    code, out, _ = _run(tmp_path, "--json")
    assert code == 0
    payload = json.loads(out)
    assert payload["completed"] == done
    first = payload["lessons"][0]
    assert first["id"] == done[0].split("/")[0]
    assert first["done"] == 2 and first["total"] >= 2
    assert payload["attempts"] == 5
    assert payload["done"] == 2 and payload["total"] == sum(lesson["total"] for lesson in payload["lessons"])


def test_summary_in_words(tmp_path: Path) -> None:
    (exercise,) = _first_exercises(1)
    store = ProgressStore.open(tmp_path)
    store.record_attempt(exercise, ["pwd"], "pass")
    store.close()
    code, out, _ = _run(tmp_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"1 of {len(list(load_course().exercises()))} exercises done"
    first = load_course().lessons[0]
    assert lines[1].split() == [f"1/{len(first.exercises)}", *first.title.en.split(), f"({first.id})"]


def test_summary_in_the_learners_language(tmp_path: Path) -> None:
    total = len(list(load_course().exercises()))
    first = load_course().lessons[0]
    # asked for on the command line
    _, out, _ = _run(tmp_path, before=("--lang", "ko"))
    assert out.splitlines()[0] == f"연습 문제 {total}개 중 0개 완료"
    assert first.title.ko in out.splitlines()[1]
    # the locale's, then the tutor's saved setting over the locale
    assert _run(tmp_path, locale="ko_KR.UTF-8")[1].startswith("연습 문제")
    store = ProgressStore.open(tmp_path)
    store.set_setting("lang", "en")
    store.close()
    assert _run(tmp_path, locale="ko_KR.UTF-8")[1].startswith("0 of ")


def test_export_writes_portable_json(tmp_path: Path) -> None:
    (exercise,) = _first_exercises(1)
    store = ProgressStore.open(tmp_path)
    store.record_attempt(exercise, ["pwd"], "pass")
    store.close()
    target = tmp_path / "handin.json"
    code, out, _ = _run(tmp_path, "--export", str(target))
    assert code == 0 and str(target) in out
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["format"] == "shelltutor-progress"
    assert exported["completed"][0]["exercise"] == exercise


def test_reset_asks_and_keeps_everything_on_no(tmp_path: Path) -> None:
    (exercise,) = _first_exercises(1)
    store = ProgressStore.open(tmp_path)
    store.record_attempt(exercise, ["pwd"], "pass")
    store.close()
    code, out, _ = _run(tmp_path, "--reset", stdin="n\n")
    assert code == 1 and "nothing deleted" in out and "[y/N]" in out
    code, _, _ = _run(tmp_path, "--reset", stdin="")  # no answer at all is a no
    assert code == 1
    assert ProgressStore.open(tmp_path).completed() == {exercise}
    code, out, _ = _run(tmp_path, "--reset", stdin="y\n")
    assert code == 0 and "progress deleted" in out
    assert ProgressStore.open(tmp_path).completed() == set()


def test_reset_yes_does_not_ask(tmp_path: Path) -> None:
    code, out, _ = _run(tmp_path, "--reset", "--yes")
    assert code == 0 and "[y/N]" not in out


def test_reset_and_export_speak_korean(tmp_path: Path) -> None:
    (exercise,) = _first_exercises(1)
    store = ProgressStore.open(tmp_path)
    store.record_attempt(exercise, ["pwd"], "pass")
    store.close()
    code, out, _ = _run(tmp_path, "--reset", stdin="아니요\n", before=("--lang", "ko"))
    assert code == 1 and "되돌릴 수 없습니다. [y/N]" in out and "아무것도 지우지 않았습니다" in out
    target = tmp_path / "handin.json"
    code, out, _ = _run(tmp_path, "--export", str(target), before=("--lang", "ko"))
    assert code == 0 and out == f"진행 상황을 {target}에 저장했습니다\n"
    code, out, _ = _run(tmp_path, "--reset", stdin="네\n", before=("--lang", "ko"))
    assert code == 0 and "진행 상황을 지웠습니다" in out
    assert ProgressStore.open(tmp_path).completed() == set()
