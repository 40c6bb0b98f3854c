"""Grading against real sandbox sessions: the classic mistakes made for real, symlinks, replays, the CLIs.

Isolation is the sandbox's default (bwrap); SHELLTUTOR_TEST_ISOLATION=none runs the same tests unisolated.
"""

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
from shelltutor.grading.harness import verify_exercise
from shelltutor.grading.sessions import run_steps, spec_for
from shelltutor.sandbox import Session
from shelltutor.sandbox.results import JSON_KEYS

ISOLATION = os.environ.get("SHELLTUTOR_TEST_ISOLATION", "auto")
FIXTURES = Path(__file__).parents[1] / "fixtures" / "lessons-grading"


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course([FIXTURES / "good"], include_builtin=False)
    assert not loaded.problems
    return loaded


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(isolation=ISOLATION)  # type: ignore[arg-type]


def ex(course: Course, name: str) -> Exercise:
    found = course.exercise(f"grading-basics/{name}")
    assert found is not None
    return found


def grade(grader: Grader, exercise: Exercise, *commands: str, seed: int = 1):  # type: ignore[no-untyped-def]
    return grader.grade_commands(exercise, list(commands), seed)


def test_solution_passes_and_wrong_answers_fail(course: Course, grader: Grader) -> None:
    for exercise in course.exercises():
        report = verify_exercise(grader, exercise, builtin=True, source="fixture")
        assert report.ok, [f.format() for f in report.findings]


def test_pwd_in_the_right_directory(course: Course, grader: Grader) -> None:
    verdict, results = grade(grader, ex(course, "pwd"), "pwd")
    assert verdict.status == "pass", verdict.format()
    assert results[0].stdout.rstrip().endswith("/logs")
    verdict, _ = grade(grader, ex(course, "pwd"), "cd .. && pwd")
    assert verdict.status == "fail"
    assert verdict.diff is not None and "-" in verdict.diff["stdout"]


def test_stdout_instead_of_stderr(course: Course, grader: Grader) -> None:
    verdict, results = grade(grader, ex(course, "to-stderr"), "echo disk full")
    assert verdict.status == "fail"
    assert results[0].stdout == "disk full\n" and results[0].stderr == ""
    assert verdict.message.en == (
        "Your command printed its error on standard output; the exercise wants it on standard error "
        "(send it there with `>&2`)."
    )
    assert verdict.matched_wrong == 0
    assert verdict.wrong_explanation is not None and verdict.wrong_explanation.en == "That is standard output."


def test_missing_execute_bit_for_real(course: Course, grader: Grader) -> None:
    verdict, _ = grade(grader, ex(course, "make-executable"), "chmod u+r train.sh")
    assert verdict.message.en == "`train.sh` is not executable: give it the execute bit with `chmod +x train.sh`."
    verdict, _ = grade(grader, ex(course, "make-executable"), "chmod 700 train.sh")
    assert verdict.status == "pass"


def test_variable_not_exported_and_assignment_with_spaces(course: Course, grader: Grader) -> None:
    verdict, _ = grade(grader, ex(course, "export-lr"), "LR=0.01")
    assert verdict.message.en == (
        "`LR` is set but not exported, so the programs you start cannot see it: use `export LR`."
    )
    verdict, results = grade(grader, ex(course, "export-lr"), "LR = 0.01")
    assert results[0].exit_code == 127
    assert verdict.message.en.startswith("In bash, `LR = value` runs a command called `LR`")


def test_wrong_directory(course: Course, grader: Grader) -> None:
    verdict, _ = grade(grader, ex(course, "go-to-logs"), "cd /tmp")
    assert verdict.message.en == "You are in `/tmp`; the exercise wants you to end up in `~/logs`."


def test_file_made_in_another_directory(course: Course, grader: Grader) -> None:
    verdict, _ = grade(
        grader, ex(course, "save-errors"), "mkdir -p sub && cd sub && grep ERROR ../app.log > errors.txt"
    )
    assert verdict.message.en == (
        "`errors.txt` does not exist, but there is a `errors.txt` in `~/sub`: it was created in another "
        "directory (the one you were in at the time)."
    )


def test_append_instead_of_overwrite(course: Course, grader: Grader) -> None:
    verdict, _ = grade(grader, ex(course, "save-errors"), "echo old > errors.txt", "grep ERROR app.log >> errors.txt")
    assert verdict.message.en == (
        "`errors.txt` still has its old content before the new: `>>` appends; to replace the content, use `>`."
    )
    assert verdict.diff is not None and "+old" in verdict.diff["file:errors.txt"].splitlines()


def test_learner_symlink_outside_is_reported_not_followed(course: Course, grader: Grader) -> None:
    verdict, _ = grade(grader, ex(course, "save-errors"), "ln -s /etc/passwd errors.txt")
    assert verdict.status == "fail"
    assert verdict.message.en == (
        "`errors.txt` is a symbolic link (to `/etc/passwd`), not a regular file; the grader does not follow links."
    )
    assert verdict.diff is None  # nothing was read through the link


def test_learner_symlink_inside_home_is_not_followed_either(course: Course, grader: Grader) -> None:
    # The link points at a file with exactly the right content: following it would pass.
    verdict, _ = grade(
        grader,
        ex(course, "save-errors"),
        "grep ERROR app.log > real.txt",
        "ln -s real.txt errors.txt",
    )
    assert verdict.status == "fail"
    assert "is a symbolic link (to `real.txt`)" in verdict.message.en


def test_symlinked_directory_is_not_followed(course: Course, grader: Grader) -> None:
    exercise = ex(course, "save-errors")
    with Session.start(spec_for(exercise, 1, ISOLATION)) as session:  # type: ignore[arg-type]
        run_steps(session, ["mkdir real && grep ERROR app.log > real/errors.txt", "ln -s real linked"])
        with pytest.raises(OSError):
            session.read_file("linked/errors.txt", 1000)


def test_hard_coded_answer_fails_on_the_second_seed(course: Course, grader: Grader) -> None:
    exercise = ex(course, "count-errors")
    _, results = grade(grader, exercise, "grep -c ERROR app.log", seed=5)
    count = results[0].stdout.strip()
    verdict, _ = grade(grader, exercise, f"echo {count}", seed=5)
    assert verdict.status == "fail" and "you typed in yourself" in verdict.message.en
    verdict, _ = grade(grader, exercise, f"n={count}; echo $n", seed=5)
    assert verdict.status == "fail", "the fixture must give seeds 5 and 1005 different counts"
    assert verdict.replay_seed == 1005
    assert "freshly generated data" in verdict.message.en
    verdict, _ = grade(grader, exercise, "grep ERROR app.log | wc -l", seed=5)
    assert verdict.status == "pass"
    assert verdict.message.en == "Correct! It also works on freshly generated data."


def test_refused_command_is_the_learners_fail(course: Course, grader: Grader) -> None:
    verdict, results = grade(grader, ex(course, "pwd"), "pwd\x00")
    assert verdict.status == "fail"
    assert verdict.message.en.startswith("The sandbox did not run your command: ")
    assert results == []


def test_grade_cli_json_contract(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "--lessons",
            str(FIXTURES / "good"),
            "grade",
            "grading-basics/to-stderr",
            "--json",
            "--isolation",
            ISOLATION,
            "echo disk full",
        ],
        CliEnv(stdout=out, stderr=err),
    )
    assert code == 1, err.getvalue()
    payload = json.loads(out.getvalue())
    assert payload["exercise"] == "grading-basics/to-stderr"
    assert payload["status"] == "fail"
    assert payload["message"].startswith("Your command printed its error on standard output")
    assert set(payload["diff"]) == {"stderr", "stdout"}
    assert [r["command"] for r in payload["results"]] == ["echo disk full"]
    assert set(payload["results"][0]) == set(JSON_KEYS)
    assert payload["results"][0]["stages"] == []  # no pipeline
    assert payload["wrong_explanation"] == "That is standard output."


def test_grade_cli_pass_korean_and_unknown_id() -> None:
    out = io.StringIO()
    args = ["--lessons", str(FIXTURES / "good"), "grade", "grading-basics/to-stderr", "--lang", "ko"]
    code = main([*args, "--isolation", ISOLATION, "echo disk full >&2"], CliEnv(stdout=out, stderr=io.StringIO()))
    assert code == 0
    assert "PASS: 정답입니다!" in out.getvalue()
    err = io.StringIO()
    code = main(
        ["--lessons", str(FIXTURES / "good"), "grade", "grading-basics/to-stdrr", "true"],
        CliEnv(stdout=io.StringIO(), stderr=err),
    )
    assert code == 2
    assert "did you mean 'grading-basics/to-stderr'?" in err.getvalue()


def test_verify_cli_reports_what_to_fix() -> None:
    out = io.StringIO()
    code = main(
        ["verify", "--isolation", ISOLATION, "--jobs", "2", str(FIXTURES / "bad")],
        CliEnv(stdout=out, stderr=io.StringIO()),
    )
    text = out.getvalue()
    assert code == 1
    assert "FAIL broken-exercises/solution-fails" in text
    assert "solution: the reference solution fails on seed 1" in text
    assert "wrong[0]: this known wrong answer passes, but it must fail" in text
    assert "start-state: the exercise starts solved: doing nothing passes" in text
    assert "echo: echoing the solution's output for seed 1 passes" in text
    assert "near_misses[0]: the near miss '-n 2' → '-n 3' passes, but it must fail" in text
    assert "near_misses[1]" not in text
    assert "5 exercises verified" in text and "0 ok, 5 to fix" in text


def test_verify_cli_broken_file_and_nothing_loaded(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("format_version: 1\nid: [\n")
    err = io.StringIO()
    code = main(["verify", str(tmp_path)], CliEnv(stdout=io.StringIO(), stderr=err))
    assert code == 2
    assert "broken.yaml:" in err.getvalue() and "nothing to verify" in err.getvalue()


def _history_exercise() -> Exercise:
    from shelltutor.course.model import Expectations, Fixture, LocalText, ShapeCheck, WrongAnswer

    def text(s: str) -> LocalText:
        return LocalText(en=s, ko=s)

    built = Exercise(
        id="history",
        title=text("t"),
        prompt=text("p"),
        hints=(text("h1"), text("h2")),
        solution=("sort data | uniq",),
        expect=Expectations(shape=ShapeCheck(pipe=True)),
        wrong=(WrongAnswer(commands=("sudo sort data",), explanation=text("no sudo needed")),),
        fixture=Fixture(generate="printf 'b\\na\\nb\\n' > data"),
    )
    object.__setattr__(built, "lesson_id", "history-test")
    return built


def test_history_expansion_is_what_gets_graded(grader: Grader) -> None:
    """`!!` typed after `sort data | uniq` ran a pipe: the shape check must see the expanded line."""
    exercise = _history_exercise()
    with Session.start(spec_for(exercise, 1)) as session:
        first = session.run("sort data | uniq")
        again = session.run("!!")
        assert (again.command, again.expanded) == ("!!", "sort data | uniq")
        assert first.expanded == first.command  # nothing to expand
        verdict = grader.grade(exercise, session, ["!!"], [again], 1, replay=False)
        assert verdict.status == "pass", verdict
        session.run("sort data")
        wrong = session.run("sudo !!")
        assert wrong.expanded == "sudo sort data"
        verdict = grader.grade(exercise, session, ["sudo !!"], [wrong], 1, replay=False)
        assert verdict.status == "fail" and verdict.matched_wrong == 0, verdict
