"""ShellCheck on scripts learners write in real sandbox sessions: findings with the verdict, `fail_on`, and the
file read through the sandbox (never through a learner's symlink)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from shelltutor.cli import main
from shelltutor.cli.common import CliEnv
from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import Exercise
from shelltutor.grading.grader import Grader
from shelltutor.grading.harness import verify_exercise, verify_grader

ISOLATION = os.environ.get("SHELLTUTOR_TEST_ISOLATION", "auto")
QUOTING_LESSON = """\
format_version: 1
id: lint-live
chapter: 1
order: 1
title: {en: Quoting in scripts, ko: 스크립트 안의 따옴표}
summary: {en: Quote variables., ko: 변수를 따옴표로 감쌉니다.}
explanation: {en: Quote them., ko: 감싸세요.}
exercises:
  - id: backup
    title: {en: A backup script, ko: 백업 스크립트}
    prompt:
      en: >-
        Write `backup.sh`, which copies the file named by its first argument into `backups/`, with the
        variable in double quotes. Run it on `my data.csv`.
      ko: >-
        첫 번째 인자로 받은 파일을 `backups/`로 복사하는 `backup.sh`를 변수에 큰따옴표를 붙여 작성하세요.
        `my data.csv`로 실행하세요.
    hints: [{en: 'cp "$1" backups/', ko: 'cp "$1" backups/'}]
    solution:
      - printf '#!/bin/bash\\ncp "$1" backups/\\n' > backup.sh
      - bash backup.sh 'my data.csv'
    wrong:
      - commands:
          - printf '#!/bin/bash\\ncp "$1" backups/ && cp $1 backups/copy.csv\\n' > backup.sh
          - bash backup.sh 'my data.csv'
    fixture:
      files:
        - {path: my data.csv, content: "a,b\\n"}
        - {path: backups, type: dir}
    expect:
      exit_code: 0
      files:
        - {path: backups/my data.csv, content: "a,b\\n"}
      shellcheck: {file: backup.sh, fail_on: [SC2086]}
"""


@pytest.fixture(scope="module")
def builtin() -> Course:
    return load_course()


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(isolation=ISOLATION)  # type: ignore[arg-type]


def exercise(course: Course, global_id: str) -> Exercise:
    found = course.exercise(global_id)
    assert found is not None
    return found


WRITE_HELLO = "cat > hello.sh <<'EOF'\n#!/bin/bash\necho \"Training server ready\"\nEOF"


def test_a_script_without_a_shebang_gets_shellchecks_advice(builtin: Course, grader: Grader) -> None:
    ex = exercise(builtin, "first-script/write-and-run")
    verdict, _ = grader.grade_commands(ex, ["echo 'echo \"Training server ready\"' > hello.sh", "bash hello.sh"])
    assert verdict.status == "fail", verdict.format()
    (script,) = verdict.scripts
    assert script.path == "hello.sh" and [f.code for f in script.findings] == ["SC2148"]
    shown = verdict.format("en")
    assert "ShellCheck on `hello.sh`" in shown and "line 1: No shebang" in shown
    right, _ = grader.grade_commands(ex, [WRITE_HELLO, "bash hello.sh"])
    assert right.status == "pass" and right.scripts[0].findings == ()  # linted, and nothing to say


def test_advice_on_a_right_answer_leaves_it_right(builtin: Course, grader: Grader) -> None:
    ex = exercise(builtin, "variables-arguments/all-arguments")
    script = "cat > line_counts.sh <<'EOF'\n#!/bin/bash\necho \"files: $#\"\nwc -l $@\nEOF"
    run = "./line_counts.sh data/train.jsonl data/valid.jsonl data/test.jsonl"
    verdict, _ = grader.grade_commands(ex, [script, "chmod +x line_counts.sh", run])
    assert verdict.status == "pass", verdict.format()
    assert [f.code for f in verdict.scripts[0].findings] == ["SC2068"]
    assert "인자를 공백에서 다시 나눕니다" in verdict.format("ko")


def test_a_fixture_script_run_as_it_is_is_not_the_learners(builtin: Course, grader: Grader) -> None:
    ex = exercise(builtin, "first-script/permission-denied")
    verdict, _ = grader.grade_commands(ex, ["chmod +x check_data.sh", "./check_data.sh"])
    assert verdict.status == "pass" and verdict.scripts == ()


def test_a_symlink_to_a_host_file_is_not_read(builtin: Course, grader: Grader) -> None:
    ex = exercise(builtin, "first-script/write-and-run")
    verdict, _ = grader.grade_commands(ex, ["ln -s /etc/passwd hello.sh", "bash hello.sh"])
    assert verdict.status == "fail" and verdict.scripts == ()


@pytest.fixture(scope="module")
def quoting(tmp_path_factory: pytest.TempPathFactory) -> Exercise:
    folder = tmp_path_factory.mktemp("lint-lessons")
    (folder / "course.yaml").write_text(
        "format_version: 1\ntitle: {en: T, ko: 제목}\nchapters: [{number: 1, title: {en: One, ko: 하나}}]\n"
    )
    (folder / "lint-live.yaml").write_text(QUOTING_LESSON, encoding="utf-8")
    course = load_course([folder], include_builtin=False)
    assert not course.problems, [p.format() for p in course.problems]
    return exercise(course, "lint-live/backup")


def test_fail_on_fails_the_unquoted_script_and_verify_proves_the_exercise(quoting: Exercise, grader: Grader) -> None:
    # The file is copied all right, but the script still has an unquoted $1: the exercise fails on that.
    half = ["printf '#!/bin/bash\\ncp \"$1\" backups/\\necho copied $1\\n' > backup.sh", "bash backup.sh 'my data.csv'"]
    verdict, results = grader.grade_commands(quoting, half)
    assert results[-1].exit_code == 0 and results[-1].stdout.strip() == "copied my data.csv"
    assert verdict.status == "fail", verdict.format()
    assert verdict.message.en.startswith("ShellCheck finds SC2086 in `backup.sh` (line 3): Unquoted variable")
    # Unquoted where it matters, it goes wrong (`cp my data.csv backups/`), and ShellCheck says why.
    unquoted = ["printf '#!/bin/bash\\ncp $1 backups/\\n' > backup.sh", "bash backup.sh 'my data.csv'"]
    verdict, results = grader.grade_commands(quoting, unquoted)
    assert verdict.status == "fail" and results[-1].exit_code != 0
    assert any(d.en.startswith("ShellCheck finds SC2086 in `backup.sh` (line 2)") for d in verdict.details)
    report = verify_exercise(verify_grader(isolation=ISOLATION), quoting, builtin=False)  # type: ignore[arg-type]
    assert report.ok, [f.format() for f in report.findings]  # the solution passes, the half-quoted one fails


def test_grade_json_and_plain_mode_show_the_findings(tmp_path: Path) -> None:
    out = io.StringIO()
    code = main(
        ["grade", "first-script/write-and-run", "--json", "echo 'echo hi' > hello.sh", "bash hello.sh"],
        CliEnv(stdout=out, stderr=io.StringIO(), data_dir=tmp_path),
    )
    assert code == 1
    report = json.loads(out.getvalue())
    assert report["shellcheck"][0]["path"] == "hello.sh"
    assert report["shellcheck"][0]["findings"][0]["code"] == "SC2148"

    plain = io.StringIO()
    answer = "echo 'cd $1' > hello.sh\n:quit\n"
    main(
        ["--plain", "--lang", "ko", "--exercise", "first-script/write-and-run"],
        CliEnv(stdin=io.StringIO(answer), stdout=plain, stderr=io.StringIO(), data_dir=tmp_path),
    )
    said = plain.getvalue()
    assert "hello.sh에 대한 ShellCheck의 조언 (린터의 조언일 뿐, 채점 결과는 바뀌지 않습니다):" in said
    assert "- 1번째 줄: 셰뱅이 없습니다." in said
