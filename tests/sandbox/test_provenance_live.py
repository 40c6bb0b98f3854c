"""Verdicts judge the commands that made the result, in real sessions: a required program that ran but did not
make the result does not count, and a right command undone by an earlier one is told so."""

from __future__ import annotations

import pytest
from sandbox_helpers import shipped_exercise

from shelltutor.course.model import Keys
from shelltutor.grading.grader import Grader
from shelltutor.grading.provenance import Trail
from shelltutor.grading.sessions import spec_for
from shelltutor.sandbox import Session

LINE = "2024-06-01 run-043: lr 3e-4, diverged after epoch 5"


ex = shipped_exercise


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader()


def test_a_required_program_that_made_nothing_does_not_count(grader: Grader) -> None:
    """`echo … >> notes.txt`, then `vi notes.txt` and `:q`: vi ran, but the line was added by echo."""
    exercise = ex("editing-with-vi/vi-append-line")
    steps = [f"echo '{LINE}' >> notes.txt", Keys(run="vi notes.txt", keys=":q<Enter>")]
    verdict, _ = grader.grade_commands(exercise, steps)
    assert verdict.status == "fail", verdict.format()
    assert "`vi`" in verdict.message.en or "vi" in verdict.message.en
    assert any("Only the commands that made the result count" in d.en for d in verdict.details)
    # The same line added by vi itself passes, whatever came before it.
    steps = ["cat notes.txt", Keys(run="vi notes.txt", keys=f"Go{LINE}<Esc>:wq<Enter>")]
    verdict, _ = grader.grade_commands(exercise, steps)
    assert verdict.status == "pass", verdict.format()


def test_a_program_used_earlier_on_something_else_does_not_count(grader: Grader) -> None:
    """The session's history is not the answer: vi opened and quit, then the file edited with sed."""
    exercise = ex("editing-with-vi/vi-append-line")
    steps = [Keys(run="vi notes.txt", keys=":q<Enter>"), f"sed -i '$a {LINE}' notes.txt"]
    verdict, _ = grader.grade_commands(exercise, steps)
    assert verdict.status == "fail", verdict.format()


def test_multi_step_answers_keep_every_step_that_made_the_result(grader: Grader) -> None:
    """A file made by one command and finished by another: both made the result, both count."""
    exercise = ex("editing-with-vi/vi-append-line")
    steps = [Keys(run="vi notes.txt", keys=f"Go{LINE[:20]}<Esc>:wq<Enter>"), f"sed -i '$s/.*/{LINE}/' notes.txt"]
    verdict, _ = grader.grade_commands(exercise, steps)
    assert verdict.status == "pass", verdict.format()


def test_a_right_command_after_a_destructive_one_is_told_to_start_afresh(grader: Grader) -> None:
    exercise = ex("redirection/keep-training-log")
    verdict, _ = grader.grade_commands(exercise, ["python3 train.py > runs.log", "python3 train.py >> runs.log"])
    assert verdict.status == "fail"
    assert verdict.message.en.startswith("Your last command is right, but earlier commands had already changed")
    assert "`runs.log`" in verdict.message.en and "F5" in verdict.message.en
    assert "`runs.log`" in verdict.message.ko
    # A wrong last command after the same mistake gets no such comfort.
    verdict, _ = grader.grade_commands(exercise, ["python3 train.py > runs.log", "python3 train.py > runs.log"])
    assert verdict.status == "fail"
    assert not verdict.message.en.startswith("Your last command is right")
    # Nothing earlier touched the file: the usual verdict.
    verdict, _ = grader.grade_commands(exercise, ["ls", "python3 train.py >> runs.log"])
    assert verdict.status == "pass", verdict.format()


def test_the_trail_sees_content_mode_and_removal() -> None:
    exercise = ex("redirection/keep-training-log")
    with Session.start(spec_for(exercise, 1, "auto")) as session:
        trail = Trail.of(exercise)
        trail.start(session, None)
        for command in ("ls", "cat runs.log >/dev/null", "echo x >> runs.log", "chmod 600 runs.log", "rm runs.log"):
            trail.record(session, session.run(command))
    assert [bool(trail.changed(i)) for i in range(5)] == [False, False, True, True, True]
    assert trail.changed_before(4) == {"runs.log"}


@pytest.mark.parametrize(
    "answer", ["ls -R data/", "ls -R ./data", "ls -R ./data/", "ls -R ~/data", "ls -R /home/learner/data/"]
)
def test_a_path_spelled_as_typed_names_the_same_folder(grader: Grader, answer: str) -> None:
    """Tab completion's slash, `./`, `~/` and the absolute path: programs print the path as given."""
    verdict, results = grader.grade_commands(ex("listing-files/ls-recursive"), [answer])
    assert results[0].stdout != grader.reference(ex("listing-files/ls-recursive"), 1).stdout or answer == "ls -R data"
    assert verdict.status == "pass", verdict.format()


@pytest.mark.parametrize("answer", ["ls -R data/train/", "ls -r data/", "ls -R data2/", "ls data/"])
def test_another_path_or_option_still_fails(grader: Grader, answer: str) -> None:
    verdict, _ = grader.grade_commands(ex("listing-files/ls-recursive"), [answer])
    assert verdict.status == "fail", verdict.format()


def test_a_script_written_in_vi_is_re_checked_on_other_data(grader: Grader) -> None:
    """The capstone written the way the course teaches, in vi: the re-check runs on the files vi made."""
    exercise = ex("log-summary/count-errors")
    live = grader.reference(exercise, 1).stdout.strip()  # `errors: N` on seed 1
    # `$1` only in a comment: the content check is met, the answer is typed in.
    hard_coded = Keys(
        run="vi summarize.sh", keys=f":set paste<Enter>i#!/bin/bash<Enter># log: $1<Enter>echo '{live}'<Esc>:wq<Enter>"
    )
    verdict, _ = grader.grade_commands(exercise, [hard_coded, "chmod +x summarize.sh", "./summarize.sh logs/app.log"])
    assert verdict.status == "fail", verdict.format()
    assert verdict.replay_seed is not None
    assert "not on freshly generated data" in verdict.message.en
    computed = Keys(
        run="vi summarize.sh",
        keys=':set paste<Enter>i#!/bin/bash<Enter>echo "errors: $(grep -c ERROR "$1")"<Esc>:wq<Enter>',
    )
    verdict, _ = grader.grade_commands(exercise, [computed, "chmod +x summarize.sh", "./summarize.sh logs/app.log"])
    assert verdict.status == "pass", verdict.format()
    assert verdict.replay_seed is not None and "freshly generated data" in verdict.message.en


def test_the_re_check_uses_data_that_differs() -> None:
    """A generator that uses only part of its seed (`SEED % 1000`) hands seed N + 1000 the same data, and
    another seed can give the same answer by chance (seeds 1 and 2 both have 62 errors in app.log): the
    re-check moves on to a seed whose answer differs, so a hard-coded answer is still caught."""
    from dataclasses import replace

    from shelltutor.course.model import Fixture

    base = ex("log-summary/count-errors")
    generate = (base.fixture.generate or "").replace("int(sys.argv[1])", "int(sys.argv[1]) % 1000")
    exercise = replace(base, fixture=replace(base.fixture, generate=generate))
    assert isinstance(exercise.fixture, Fixture)
    grader = Grader()
    assert grader._fixture_print(exercise, 1) == grader._fixture_print(exercise, 1001)
    live = grader.reference(exercise, 1).stdout.strip()
    steps = [
        f"printf '#!/bin/bash\\n# $1\\necho \"{live}\"\\n' > summarize.sh",
        "chmod +x summarize.sh",
        "./summarize.sh logs/app.log",
    ]
    verdict, _ = grader.grade_commands(exercise, steps)
    assert verdict.status == "fail", verdict.format()
    assert verdict.replay_seed == 1003


def test_verify_fails_a_generator_that_ignores_its_seed() -> None:
    from dataclasses import replace

    from shelltutor.grading.harness import verify_exercise

    base = ex("log-summary/count-errors")
    generate = (base.fixture.generate or "").replace("int(sys.argv[1])", "int(sys.argv[1]) % 1000")
    exercise = replace(base, fixture=replace(base.fixture, generate=generate))
    report = verify_exercise(Grader(), exercise, builtin=True, source="test")
    assert any(f.check == "seed" and "seeds 1 and 1001" in f.message for f in report.findings), report.findings
    assert verify_exercise(Grader(), base, builtin=True, source="test").ok
