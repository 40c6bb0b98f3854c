"""`shelltutor check`: the report format, the closing count, exit statuses, --json, and the installed command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from shelltutor import __version__
from shelltutor.cli import main
from shelltutor.cli.common import CliEnv
from shelltutor.course.catalog import builtin_lessons_dir
from shelltutor.course.loader import MAX_FILE_BYTES

BAD = Path(__file__).parent / "bad_lessons"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?:(?P<key>[\w.\[\]]+): )?(?P<message>.+?)"
    r"(?: \((?P<suggestion>[^()]*(?:\([^()]*\))?[^()]*)\))?$"
)


def run_cli(*argv: str) -> tuple[int, str, str]:
    env = CliEnv(stdout=StringIO(), stderr=StringIO(), stdin=StringIO(), environ={})
    code = main(list(argv), env=env)
    assert isinstance(env.stdout, StringIO) and isinstance(env.stderr, StringIO)
    return code, env.stdout.getvalue(), env.stderr.getvalue()


def test_clean_builtin_lessons_exit_0() -> None:
    code, out, err = run_cli("check")
    assert code == 0, out
    files = len(list(builtin_lessons_dir().rglob("*.yaml")))
    assert re.fullmatch(rf"{files} files checked: no problems \(\d+ lessons\)\n", out)
    assert err == ""


def test_one_problem_is_one_line_then_the_count() -> None:
    code, out, _ = run_cli("check", str(BAD / "unknown_key_did_you_mean.yaml"))
    assert code == 2
    assert out.splitlines() == [
        f"{BAD / 'unknown_key_did_you_mean.yaml'}:12:5: exercises[0].promt: unknown key 'promt' "
        "(did you mean 'prompt'?)",
        "1 file checked: 1 problem",
    ]


def test_whole_file_problem_has_no_key_path() -> None:
    code, out, _ = run_cli("check", str(BAD / "empty_file.yaml"))
    assert code == 2
    assert out.splitlines()[0] == (
        f"{BAD / 'empty_file.yaml'}:0:0: is empty (start from the example in docs/lesson-format.md)"
    )


def test_every_bad_fixture_in_one_call_without_a_traceback(tmp_path: Path) -> None:
    oversized = tmp_path / "oversized.yaml"
    oversized.write_bytes(b"format_version: 1\n" + b"#" * MAX_FILE_BYTES)
    code, out, err = run_cli("check", str(BAD), str(oversized))
    assert code == 2
    assert "Traceback" not in out + err
    *lines, closing = out.splitlines()
    files = [*sorted(BAD.rglob("*.yaml")), oversized]
    assert closing == f"{len(files)} files checked: {len(lines)} problems"
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    reported = {m["path"] for m in parsed if m}
    # The first of two lessons with the same id is fine; the second one is reported.
    expected = {str(f) for f in files} - {str(BAD / "duplicate_lesson_id" / "first.yaml")}
    assert reported == expected
    assert len([m for m in parsed if m and m["path"].endswith("several_problems.yaml")]) == 4
    assert lines == sorted(lines, key=lambda ln: (ln.split(":")[0], int(ln.split(":")[1]), int(ln.split(":")[2])))


def test_json_output() -> None:
    code, out, _ = run_cli("check", "--json", str(BAD / "several_problems.yaml"), str(BAD / "invalid_id.yaml"))
    assert code == 2
    data = json.loads(out)
    assert data["files"] == 2
    assert len(data["problems"]) == 5
    first = next(p for p in data["problems"] if p["path"].endswith("invalid_id.yaml"))
    assert first == {
        "path": str(BAD / "invalid_id.yaml"),
        "line": 3,
        "column": 5,
        "key_path": "id",
        "message": "'Invalid_Id' does not have the right form: an id is lowercase letters, digits and dashes, "
        "e.g. 'where-am-i'",
        "suggestion": "did you mean 'invalid-id'?",
    }


def test_json_output_when_clean() -> None:
    code, out, _ = run_cli("check", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["problems"] == [] and data["files"] >= 2


def test_a_directory_with_no_lessons_is_bad_input(tmp_path: Path) -> None:
    code, out, err = run_cli("check", str(tmp_path))
    assert code == 2
    assert out == "0 files checked: no problems (0 lessons)\n"
    assert err == f"no lesson files found in {tmp_path}\n"


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert out.splitlines() == [f"{tmp_path / 'missing.yaml'}:0:0: no such file", "1 file checked: 1 problem"]


def test_lessons_in_an_authoring_directory_may_use_the_builtin_chapters(tmp_path: Path) -> None:
    lesson = (BAD / "unknown_chapter.yaml").read_text(encoding="utf-8").replace("chapter: 42", "chapter: 2")
    (tmp_path / "lesson.yaml").write_text(lesson, encoding="utf-8")
    code, out, _ = run_cli("check", str(tmp_path))
    assert (code, out) == (0, "1 file checked: no problems (1 lessons)\n")


def test_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", "--help"])
    assert exited.value.code == 0
    assert "Exit 0 when clean, 2 when there are problems" in " ".join(capsys.readouterr().out.split())


# --- the installed command ------------------------------------------------------------------------------------


def installed_command() -> str:
    found = shutil.which("shelltutor", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("the shelltutor console script is not installed next to this Python (pip install -e .)")
    return found


def test_installed_console_script_checks_the_builtin_lessons() -> None:
    done = subprocess.run([installed_command(), "check"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.fullmatch(r"\d+ files checked: no problems \(\d+ lessons\)\n", done.stdout)


def test_installed_console_script_exits_2_on_bad_lessons() -> None:
    done = subprocess.run(
        [installed_command(), "check", str(BAD)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_python_dash_m_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "shelltutor", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout == f"shelltutor {__version__}\n"
