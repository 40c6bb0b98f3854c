"""`shelltutor class report`: reading and merging progress files, their checks, the figures and the outputs."""

from __future__ import annotations

import io
import json
import sqlite3
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from shelltutor import progress
from shelltutor.classroom.aggregate import BREAK_S, ClassReport, build_report
from shelltutor.classroom.exports import parse_export
from shelltutor.classroom.htmlreport import render_html
from shelltutor.classroom.integrity import verify
from shelltutor.classroom.regrade import regrade
from shelltutor.classroom.sources import collect, read_path
from shelltutor.classroom.textreport import render_text
from shelltutor.classroom.wrong_answers import yaml_list
from shelltutor.cli import main
from shelltutor.cli.common import CliEnv
from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import Exercise, LocalText
from shelltutor.grading.verdict import Verdict
from shelltutor.progress import MIGRATIONS, ProgressStore, chain_link, export_seal

E2E_COURSE = Path(__file__).parents[1] / "fixtures" / "e2e-course"
PWD, COUNT = "e2e-basics/pwd", "e2e-basics/count-errors"
T0 = 1_700_000_000.0
Answer = tuple[str, str, str]
"""(exercise, command, status) as the tutor records an attempt."""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course([E2E_COURSE], include_builtin=False)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The store's clock, set by the test: each attempt is dated `now[0]`, then the clock moves on 30 s."""
    now = [T0]

    def tick() -> float:
        now[0] += 30.0
        return now[0]

    fake = types.SimpleNamespace(time=tick, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(progress, "time", fake)
    yield now


def store_export(tmp_path: Path, name: str, answers: list[Answer], *, lang: str | None = None) -> dict[str, Any]:
    """What `shelltutor progress --export` writes after these attempts (one run per exercise, as the tutor)."""
    store = ProgressStore(tmp_path / f"db-{name}" / "progress.sqlite3")
    runs: dict[str, int] = {}
    for exercise, command, status in answers:
        attempt = store.record_attempt(exercise, [command], status, run=runs.get(exercise), seed=7)
        runs.setdefault(exercise, attempt)
    document = store.export(lang=lang)
    store.close()
    return document


def write(path: Path, document: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def reseal(document: dict[str, Any]) -> dict[str, Any]:
    """Recompute every checksum, as someone who read the code could."""
    head = progress.CHAIN_START
    for record in document["attempts"]:
        head = record["hash"] = chain_link(head, record)
    document["integrity"] = {"algorithm": "sha256-chain", "head": head}
    document["integrity"]["seal"] = export_seal(document)
    return document


def report_of(course: Course, *paths: Path, **options: Any) -> ClassReport:
    learners, skipped = collect(list(paths))
    return build_report(learners, skipped, course, **options)


def learner(report: ClassReport, name: str) -> Any:
    return next(row for row in report.learners if row.name == name)


ANA: list[Answer] = [(PWD, "ls", "fail"), (PWD, "pwd", "pass"), (COUNT, "grep -c ERROR app.log", "pass")]
BEN: list[Answer] = [
    (PWD, "dirs", "fail"),
    (PWD, "echo here", "fail"),
    (PWD, "pwd", "pass"),
    (COUNT, "grep -c error app.log", "fail"),
    (COUNT, "grep ERROR app.log | wc -l", "pass"),
]
JIMIN: list[Answer] = [
    (PWD, "  dirs ", "fail"),
    (PWD, "pwd", "pass"),
    (COUNT, "grep -c error  app.log", "fail"),
    (COUNT, "grep ERROR app.log", "fail"),
]


@pytest.fixture
def class_dir(tmp_path: Path, clock: list[float]) -> Path:
    exports = tmp_path / "exports"
    write(exports / "ana.json", store_export(tmp_path, "ana", ANA, lang="en"))
    write(exports / "ben.json", store_export(tmp_path, "ben", BEN, lang="en"))
    write(exports / "지민.json", store_export(tmp_path, "jimin", JIMIN, lang="ko"))
    return exports


# -- reading and merging ----------------------------------------------------------------------------------


def test_an_export_verifies_and_reads_back_what_was_stored(tmp_path: Path, clock: list[float]) -> None:
    document = json.loads(json.dumps(store_export(tmp_path, "ana", ANA, lang="ko")))
    assert document["version"] == 4 and document["lang"] == "ko"
    assert [a["seed"] for a in document["attempts"]] == [7, 7, 7]
    read = parse_export(document, path=Path("ana.json"), name="ana")
    assert [(a.exercise, a.commands, a.status) for a in read.attempts] == [(e, (c,), s) for e, c, s in ANA]
    assert [(c.exercise, c.attempts) for c in read.completions] == [(PWD, 2), (COUNT, 1)]
    assert verify(read) == []


def older_export(version: int, answers: list[Answer]) -> dict[str, Any]:
    """An export as shelltutor wrote it before checksums: version 3 (each attempt's own command, its run) or
    version 2 (each attempt with every command of its run so far, no run)."""
    attempts: list[dict[str, Any]] = []
    completed: list[dict[str, Any]] = []
    runs: dict[str, list[str]] = {}
    for n, (exercise, command, status) in enumerate(answers, start=1):
        at = T0 + 60 * n
        run = runs.setdefault(exercise, [])
        record: dict[str, Any] = {"exercise": exercise, "at": at, "status": status}
        if version == 2:
            record["commands"] = [*run, command]
        else:
            first = next((i for i, a in enumerate(answers, start=1) if a[0] == exercise), n)
            record.update(run=first, commands=[command], cut_bytes=0)
        run.append(command)
        attempts.append(record)
        if status == "pass" and exercise not in {c["exercise"] for c in completed}:
            completed.append({"exercise": exercise, "at": at, "attempts": len(run)})
    return {
        "format": "shelltutor-progress",
        "version": version,
        "exported_at": T0 + 10_000,
        "completed": completed,
        "attempts": attempts,
        "hints": {},
    }


def test_exports_of_every_version_and_language_merge(tmp_path: Path, class_dir: Path, course: Course) -> None:
    write(class_dir / "old" / "v2.json", older_export(2, BEN))
    write(class_dir / "old" / "v3.json", older_export(3, BEN))
    report = report_of(course, class_dir, lang="ko")
    assert [row.name for row in report.learners] == ["ana", "ben", "v2", "v3", "지민"]
    assert all(row.counted for row in report.learners)
    assert {row.name: row.integrity for row in report.learners} == {
        "ana": "verified",
        "ben": "verified",
        "v2": "unchecked",
        "v3": "unchecked",
        "지민": "verified",
    }
    assert {row.name: row.lang for row in report.learners}["지민"] == "ko"
    assert learner(report, "v2").findings[0].message.ko.startswith("내보내기 버전 2: 체크섬이 없습니다")
    # version 2's cumulative command lists become each attempt's own command, in one run per exercise
    v2 = read_path(class_dir / "old" / "v2.json")
    last = v2.attempts[-1]
    assert last.commands == ("grep ERROR app.log | wc -l",)
    assert v2.run_commands(last) == ["grep -c error app.log", "grep ERROR app.log | wc -l"]
    assert learner(report, "v2").done == learner(report, "ben").done == 2


# -- the figures ------------------------------------------------------------------------------------------


def test_each_exercise_counts_tried_passed_and_medians(class_dir: Path, course: Course) -> None:
    report = report_of(course, class_dir)
    rows = {row.exercise.global_id: row for row in report.exercises}
    assert (rows[PWD].tried, rows[PWD].passed, rows[PWD].median_attempts) == (3, 3, 2)
    assert rows[PWD].median_seconds == 30.0  # ana and jimin passed 30 s after their first attempt, ben 60 s
    assert (rows[COUNT].tried, rows[COUNT].passed, rows[COUNT].median_attempts) == (3, 2, 1.5)
    assert rows[COUNT].median_seconds == 45.0  # from the pass of pwd: ana 30 s, ben 60 s
    assert [c.done for c in learner(report, "지민").chapters] == [1]


def test_a_break_before_an_exercise_does_not_count_as_time_on_it(
    tmp_path: Path, clock: list[float], course: Course
) -> None:
    store = ProgressStore(tmp_path / "db" / "progress.sqlite3")
    store.record_attempt(PWD, ["pwd"], "pass")
    clock[0] += BREAK_S  # lunch: the next attempt comes BREAK_S + 30 s later
    first = store.record_attempt(COUNT, ["wc -l app.log"], "fail")
    store.record_attempt(COUNT, ["grep -c ERROR app.log"], "pass", run=first)
    write(tmp_path / "in" / "kim.json", store.export())
    store.close()
    rows = {row.exercise.global_id: row for row in report_of(course, tmp_path / "in").exercises}
    assert rows[PWD].median_seconds == 0.0 and rows[COUNT].median_seconds == 30.0


def test_the_stuck_list_names_who_tried_and_did_not_pass(class_dir: Path, course: Course) -> None:
    report = report_of(course, class_dir)
    assert [row.exercise.global_id for row in report.stuck] == [COUNT]
    assert report.stuck[0].stuck == ["지민"] and report.stuck[0].stuck_failures == 2


def test_unforeseen_wrong_answers_are_grouped_and_counted(tmp_path: Path, class_dir: Path, course: Course) -> None:
    # the solution itself failing (the run went wrong before it) is no wrong answer to foresee
    kim: list[Answer] = [(COUNT, "cd /tmp", "fail"), (COUNT, "grep -c ERROR app.log", "fail")]
    write(class_dir / "kim.json", store_export(tmp_path, "kim", kim))
    report = report_of(course, class_dir)
    found = {item.exercise.global_id: item for item in report.unforeseen}
    # `ls` and `grep ERROR app.log` are the lesson's own wrong answers; spacing does not make another answer
    pwd = [(a.commands, a.learners, a.attempts) for a in found[PWD].answers]
    assert pwd == [(("dirs",), 2, 2), (("echo here",), 1, 1)]
    count = [(a.commands, a.learners, a.attempts) for a in found[COUNT].answers]
    assert count == [(("grep -c error app.log",), 2, 2), (("cd /tmp",), 1, 1)]
    assert "grep ERROR app.log" not in json.dumps([a.commands for a in found[COUNT].answers])
    pasted = yaml.safe_load(found[PWD].yaml("en"))
    assert pasted == [{"commands": ["dirs"]}, {"commands": ["echo here"]}]
    assert "# 2 learners, 2 attempts" in found[PWD].yaml("en") and "학습자 2명, 시도 2번" in found[PWD].yaml("ko")


@pytest.mark.parametrize(
    "commands",
    [["cat > a <<'EOF'\nhi\nEOF"], ["echo \x1b[2J\u202e gone"], ["echo 'a, b' [x] # c", "- x: y"], ["한국어 명령"]],
    ids=["newline", "escapes", "yaml-marks", "korean"],
)
def test_pasted_yaml_reads_back_as_the_commands_typed(commands: list[str]) -> None:
    line = yaml_list(commands)
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert yaml.safe_load(f"- commands: {line}") == [{"commands": commands}]


# -- files that are skipped ---------------------------------------------------------------------------------


def bad_files(folder: Path) -> dict[str, str]:
    """A file per way of being unusable, and the words its reason must contain."""
    good = {"format": "shelltutor-progress", "version": 3, "exported_at": T0, "completed": [], "hints": {}}
    cases: dict[str, tuple[object, str]] = {
        "not-json.json": ("{bad", "not JSON (line 1, column 2"),
        "a-list.json": ([1, 2], "not a shelltutor progress export"),
        "other-tool.json": ({"format": "gameshell"}, "not a shelltutor progress export"),
        "newer.json": ({**good, "version": 9, "attempts": []}, "newer shelltutor (export version 9)"),
        "bad-status.json": (
            {
                **good,
                "attempts": [{"exercise": PWD, "at": T0, "run": 1, "commands": [], "cut_bytes": 0, "status": "ok"}],
            },
            "attempts[0].status: 'ok' is not one of pass, fail, step, error",
        ),
        "no-at.json": (
            {**good, "attempts": [{"exercise": PWD, "run": 1, "commands": [], "cut_bytes": 0, "status": "fail"}]},
            "attempts[0].at: missing",
        ),
        "bool-count.json": (
            {**good, "attempts": [], "completed": [{"exercise": PWD, "at": T0, "attempts": True}]},
            "completed[0].attempts: expected a whole number",
        ),
        "commands-not-strings.json": (
            {
                **good,
                "attempts": [{"exercise": PWD, "at": T0, "run": 1, "commands": [1], "cut_bytes": 0, "status": "fail"}],
            },
            "attempts[0].commands: expected a list of strings",
        ),
    }
    for name, (content, _) in cases.items():
        (folder / name).write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    (folder / "nan.json").write_text('{"format": "shelltutor-progress", "version": NaN}', encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    sqlite3.connect(folder / "other.sqlite").execute("CREATE TABLE t (x)").connection.close()
    odd = sqlite3.connect(folder / "odd.sqlite3")  # shelltutor's tables by name, not by shape
    for table in ("attempts", "completions", "hints", "settings"):
        odd.execute(f"CREATE TABLE {table} (x)")
    odd.execute("PRAGMA user_version = 3")
    odd.commit()
    odd.close()
    newer = sqlite3.connect(folder / "newer.sqlite3")
    for table in ("attempts", "completions", "hints", "settings"):
        newer.execute(f"CREATE TABLE {table} (x)")
    newer.execute("PRAGMA user_version = 99")
    newer.commit()
    newer.close()
    (folder / "progress.sqlite3").write_bytes(b"this is no database" * 100)
    words = {name: reason for name, (_, reason) in cases.items()}
    words |= {"nan.json": "not JSON", "deep.json": "not JSON", "binary.json": "not JSON (not UTF-8"}
    words |= {
        "odd.sqlite3": "the progress database cannot be read: no such column",
        "newer.sqlite3": "newer shelltutor (database schema 99)",
    }
    return words | {"other.sqlite": "not a shelltutor progress database", "progress.sqlite3": "not a shelltutor"}


def test_malformed_and_foreign_files_are_named_and_skipped(tmp_path: Path, class_dir: Path, course: Course) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    words = bad_files(folder)
    (class_dir / ".git").mkdir()
    (class_dir / ".git" / "config.json").write_text("{bad", encoding="utf-8")  # hidden folders are not walked
    learners, skipped = collect([class_dir, *sorted(folder.iterdir()), tmp_path / "missing.json"])
    assert [le.name for le in learners] == ["ana", "ben", "지민"]  # the good files are read all the same
    reasons = {s.path.name: s.reason.en for s in skipped}
    assert set(reasons) == {*words, "missing.json"}
    for name, expected in words.items():
        assert expected in reasons[name], (name, reasons[name])
    assert reasons["missing.json"] == "no such file or directory"
    assert all(s.reason.ko and s.reason.ko != s.reason.en for s in skipped)


# -- edited files -------------------------------------------------------------------------------------------


def edited(class_dir: Path, change: Callable[[dict[str, Any]], None], *, name: str = "ana") -> Path:
    path = class_dir / f"{name}.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    return write(path, document)


def findings(course: Course, class_dir: Path, name: str = "ana") -> list[str]:
    row = learner(report_of(course, class_dir), name)
    assert row.integrity == "edited" and not row.counted
    return [f.message.en for f in row.findings if f.edited]


def test_a_completion_added_by_hand_is_found(class_dir: Path, course: Course) -> None:
    def add(document: dict[str, Any]) -> None:
        document["completed"].append({"exercise": "where-am-i/pwd", "at": T0 + 100, "attempts": 1})
        document["completed"].append({"exercise": COUNT, "at": T0 + 100, "attempts": 1})

    edited(class_dir, add, name="지민")
    assert findings(course, class_dir, "지민") == [
        "the file was changed after export (completions, hints or dates do not match its seal)",
        "where-am-i/pwd is marked done, but no attempt passed it",
        f"{COUNT} is marked done, but no attempt passed it",
    ]
    report = report_of(course, class_dir)
    assert [row.tried for row in report.exercises] == [2, 2]  # the edited file is left out of the figures
    included = report_of(course, class_dir, include_edited=True)
    assert learner(included, "지민").counted and [row.tried for row in included.exercises] == [3, 3]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["attempts"][1]["commands"].__setitem__(0, "echo /home/learner"), ["attempt 2 (e2e-basics/pwd)"]),
        (lambda d: d["attempts"].pop(0), ["attempt 1 (e2e-basics/pwd)", "seal"]),
        (lambda d: d["attempts"].pop(), ["last attempts were removed", "seal"]),
        (lambda d: d["attempts"].reverse(), ["attempt 1 (e2e-basics/count-errors)", "attempt 2", "attempt 3"]),
        (lambda d: d.pop("integrity"), ["checksums are missing"]),
        (lambda d: d.__setitem__("exported_at", T0), ["seal"]),
    ],
    ids=["changed", "first-removed", "last-removed", "reordered", "no-seal", "redated"],
)
def test_a_broken_chain_is_found_where_it_breaks(
    class_dir: Path, course: Course, change: Callable[[dict[str, Any]], None], expected: list[str]
) -> None:
    edited(class_dir, change)
    found = " | ".join(findings(course, class_dir))
    for words in expected:
        assert words in found


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["completed"].append({"exercise": "where-am-i/pwd", "at": T0, "attempts": 1}), "no attempt passed"),
        (lambda d: d["completed"].pop(), f"{COUNT} was passed, but is not marked done"),
        (lambda d: d["completed"][0].__setitem__("attempts", 1), "after 1 attempt, but the file holds 2"),
        (lambda d: d["completed"][0].__setitem__("at", T0 - 5), "marked done at another time"),
        (
            lambda d: d["attempts"][2].__setitem__("at", T0 - 1000),
            "attempt 3 (e2e-basics/count-errors) is dated before",
        ),
        (lambda d: d["attempts"][2].__setitem__("at", T0 + 99_999), "attempt 3 is dated after the export"),
        (lambda d: d["attempts"][1].__setitem__("run", 99), "attempt 2 (e2e-basics/pwd) belongs to a run"),
        (lambda d: d["attempts"][0].__setitem__("status", "pass"), "marked done at another time"),
    ],
    ids=["done-without-pass", "pass-without-done", "count", "completion-date", "backwards", "future", "run", "status"],
)
def test_a_file_resealed_by_someone_who_read_the_code_must_still_agree_with_itself(
    class_dir: Path, course: Course, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    def change_and_reseal(document: dict[str, Any]) -> None:
        change(document)
        reseal(document)

    edited(class_dir, change_and_reseal)
    assert any(expected in words for words in findings(course, class_dir)), findings(course, class_dir)


def forge(document: dict[str, Any], commands: list[str]) -> None:
    """A pass typed into the file with every field right, and the checksums recomputed."""
    last = document["attempts"][-1]
    at = last["at"] + 40
    attempt = {**last, "id": last["id"] + 1, "exercise": COUNT, "at": at, "commands": commands, "status": "pass"}
    attempt["run"] = attempt["id"]
    document["attempts"].append(attempt)
    document["completed"].append({"exercise": COUNT, "at": at, "attempts": 3})
    document["exported_at"] = at + 1
    reseal(document)


def test_a_consistent_forgery_passes_the_checks_and_only_grading_again_finds_it(
    class_dir: Path, course: Course
) -> None:
    """The limit docs/class-report.md states: a forgery that agrees with itself reads as verified; --regrade
    grades the commands behind the completion (here a stand-in grader: the real one runs in tests/e2e)."""
    edited(class_dir, lambda d: forge(d, ["echo 12"]), name="지민")
    assert learner(report_of(course, class_dir), "지민").integrity == "verified"
    learners, skipped = collect([class_dir])
    graded: list[tuple[str, list[str], int]] = []

    def grade(exercise: Exercise, commands: list[str], seed: int) -> Verdict:
        graded.append((exercise.global_id, commands, seed))
        return Verdict("pass" if commands[-1] != "echo 12" else "fail", LocalText(en="", ko=""))

    extra = regrade(learners, course, per_learner=10, grade=grade)
    report = build_report(learners, skipped, course, extra_findings=extra)
    row = learner(report, "지민")
    assert row.integrity == "edited"
    assert [f.message.en for f in row.findings if f.edited] == [
        f"{COUNT}: the commands that passed it do not pass when graded again (echo 12)"
    ]
    assert (PWD, ["  dirs ", "pwd"], 7) in graded  # the whole passing attempt, on its own seed
    assert "2 completions graded again: all pass" in [f.message.en for f in learner(report, "ana").findings]


def test_regrading_takes_at_most_the_number_asked(class_dir: Path, course: Course) -> None:
    learners, _ = collect([class_dir])
    graded: list[str] = []

    def grade(exercise: Exercise, commands: list[str], seed: int) -> Verdict:
        graded.append(exercise.global_id)
        return Verdict("pass", LocalText(en="", ko=""))

    regrade(learners, course, per_learner=1, grade=grade)
    assert len(graded) == 3  # one completion of each of the three learners


# -- the tutor's databases ----------------------------------------------------------------------------------


def test_a_serve_store_is_read_without_being_changed(tmp_path: Path, clock: list[float], course: Course) -> None:
    path = tmp_path / "serve" / "learners" / "u-17" / "progress.sqlite3"
    store = ProgressStore(path)
    store.record_attempt(PWD, ["pwd"], "pass")
    store.close()
    before = path.read_bytes()
    report = report_of(course, tmp_path / "serve")
    row = learner(report, "u-17")
    assert (row.kind, row.integrity, row.done) == ("store", "store", 1)
    assert path.read_bytes() == before


def test_an_older_database_is_migrated_in_a_copy(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "old" / "progress.sqlite3"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    for steps in MIGRATIONS[:2]:
        for step in steps:
            assert isinstance(step, str)
            db.execute(step)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO attempts (exercise, at, commands, status) VALUES (?, ?, ?, 'fail')", (PWD, T0, '["ls"]'))
    db.execute(
        "INSERT INTO attempts (exercise, at, commands, status) VALUES (?, ?, ?, 'pass')", (PWD, T0 + 1, '["ls", "pwd"]')
    )
    db.execute("INSERT INTO completions VALUES (?, ?, 2)", (PWD, T0 + 1))
    db.commit()
    db.close()
    row = learner(report_of(course, path), "old")
    assert (row.integrity, row.done, row.attempts) == ("store", 1, 2)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2


# -- the outputs --------------------------------------------------------------------------------------------


def run_cli(*args: str, lang: str = "C.UTF-8") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["class", "report", "--lessons", str(E2E_COURSE), *args],
        env=CliEnv(stdout=out, stderr=err, environ={"LANG": lang}),
    )
    return code, out.getvalue(), err.getvalue()


def test_json_output_has_every_part(class_dir: Path) -> None:
    edited(class_dir, lambda d: d["completed"].pop(), name="ben")
    (class_dir / "junk.json").write_text("[]", encoding="utf-8")
    code, out, _ = run_cli(str(class_dir), "--json")
    assert code == 1
    payload = json.loads(out)
    assert payload["format"] == "shelltutor-class-report" and payload["version"] == 1
    assert set(payload) >= {"course", "learners", "exercises", "stuck", "unforeseen", "skipped", "generated_at"}
    ben = next(row for row in payload["learners"] if row["name"] == "ben")
    assert ben["integrity"] == "edited" and ben["counted"] is False
    assert {"edited": True, "message": f"{COUNT} was passed, but is not marked done"} in ben["findings"]
    ana = next(row for row in payload["learners"] if row["name"] == "ana")
    assert set(ana) == {
        *("name", "source", "kind", "export_version", "lang", "integrity", "counted", "findings", "done", "total"),
        *("chapters", "attempts", "last_active", "current"),
    }
    assert ana["export_version"] == 4 and ana["lang"] == "en" and ana["current"] == COUNT
    pwd = next(row for row in payload["exercises"] if row["id"] == PWD)
    assert {k: pwd[k] for k in ("tried", "passed", "median_attempts", "median_seconds")} == {
        "tried": 2,
        "passed": 2,
        "median_attempts": 2,
        "median_seconds": 30.0,
    }
    assert payload["stuck"] == [
        {"id": COUNT, "title": "Count the errors", "chapter": 1, "stuck": ["지민"], "tried": 2, "failed_attempts": 2}
    ]
    unforeseen = {item["exercise"]: item["answers"] for item in payload["unforeseen"]}
    assert unforeseen[PWD] == [{"commands": ["dirs"], "learners": 1, "attempts": 1}]  # 지민's `  dirs `, trimmed
    assert yaml.safe_load(payload["unforeseen"][0]["yaml"])
    assert payload["skipped"] == [{"path": str(class_dir / "junk.json"), "reason": "not a shelltutor progress export"}]


def test_text_output_in_korean_and_the_exit_statuses(tmp_path: Path, class_dir: Path) -> None:
    code, out, _ = run_cli(str(class_dir), "--lang", "ko")
    assert code == 0
    assert "학급 리포트" in out and "학습자가 막힌 곳" in out and "지민" in out
    assert "- commands: [dirs]  # 학습자 2명, 시도 2번" in out
    code, out, err = run_cli(str(tmp_path / "nothing-here"))
    assert code == 2 and "no such file or directory" in out and "no learner's progress could be read" in err
    code, _, err = run_cli(str(class_dir), "--html", str(tmp_path / "no-dir" / "r.html"))
    assert code == 2 and "cannot write" in err


HOSTILE = "<script>alert(1)</script>\x1b]52;c;aGk=\x07\u202e"


def test_hostile_text_is_shown_not_obeyed(tmp_path: Path, clock: list[float], course: Course) -> None:
    answers: list[Answer] = [(PWD, f"echo {HOSTILE}", "fail"), ("gone/<img src=x>", "x", "fail")]
    write(tmp_path / "in" / "<b>evil</b>.json", store_export(tmp_path, "evil", answers))
    report = report_of(course, tmp_path / "in")
    text = render_text(report)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "␛]52" in text
    page = render_html(report)
    assert "<script" not in page and "<img" not in page and "<b>evil" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;␛]52" in page and "&lt;b&gt;evil&lt;/b&gt;" in page
    assert "\x1b" not in page and "\u202e" not in page


def test_the_html_page_is_self_contained(class_dir: Path, course: Course) -> None:
    page = render_html(report_of(course, class_dir, lang="ko"))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # the chapter and stuck charts, and a small bar per exercise tried
    assert (page.count('<svg class="chart"'), page.count('<svg class="chart stuck"'), page.count('class="mini"')) == (
        1,
        1,
        2,
    )
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "https:" not in page and page.replace("http://www.w3.org/2000/svg", "").count("http:") == 0
