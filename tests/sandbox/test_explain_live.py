"""explain against an exercise's live shell (real bwrap): the learner's own variables, cwd, aliases and files;
`$(…)`, backticks and arithmetic that assigns are described, never run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shelltutor.exercise_run import ExerciseRun
from shelltutor.explain import Explanation
from shelltutor.explain.render import render_text
from shelltutor.service import TutorService, make_service

E2E_COURSE = Path(__file__).parents[1] / "fixtures" / "e2e-course"


@pytest.fixture
def run(tmp_path: Path) -> Iterator[ExerciseRun]:
    """The e2e course's pwd exercise (cwd ~/projects/sentiment, holding train.py), with some state of its own."""
    service: TutorService = make_service(lang="en", extra_dirs=[E2E_COURSE], data_dir=tmp_path)
    opened = service.open("e2e-basics/pwd")
    try:
        setup = (
            "export GREETING='hello world'; PLAIN=local; i=5; mkdir -p data; touch data/a.csv data/b.csv "
            "data/.hidden.csv data/notes.txt; alias ll='ls -l'; greet() { echo hi; }"
        )
        outcome = opened.run(setup)
        assert outcome.result is not None and outcome.result.exit_code == 0, outcome.result
        yield opened
    finally:
        opened.close()
        service.close()


def _span(explanation: Explanation, text: str, kind: str = "expansion") -> tuple[str, tuple[str, ...] | None]:
    found = [s for s in explanation.spans if s.text == text and s.kind == kind]
    assert found, f"no {kind} span {text!r} in {[(s.text, s.kind) for s in explanation.spans]}"
    return found[0].explanation, found[0].expands_to


def test_variables_are_the_learners_own(run: ExerciseRun) -> None:
    explained = run.explain('echo $GREETING "$PLAIN" ${UNSET_THING} ${GREETING:-x} ${#PLAIN} $((i * 2))', "en")
    assert explained.in_sandbox
    said, value = _span(explained, "$GREETING")
    assert value == ("hello world",) and "splits into 2 words" in said  # unquoted
    said, value = _span(explained, "$PLAIN")
    assert value == ("local",) and "splits" not in said  # an unexported variable of the shell counts too
    said, value = _span(explained, "${UNSET_THING}")
    assert value == ("",) and "Not set now" in said
    assert _span(explained, "${GREETING:-x}")[1] == ("hello world",)
    assert _span(explained, "${#PLAIN}")[1] == ("5",)
    assert _span(explained, "$((i * 2))")[1] == ("10",)


def test_globs_and_tilde_follow_cd(run: ExerciseRun) -> None:
    home = run.explain("ls ~ data/*.csv data/[ab].csv '*.csv' data/*.none .*", "en")
    assert _span(home, "~")[1] == ("/home/learner",)
    assert _span(home, "data/*.csv")[1] == ("data/a.csv", "data/b.csv")  # .hidden.csv: `*` skips dotfiles
    assert _span(home, "data/[ab].csv")[1] == ("data/a.csv", "data/b.csv")
    assert not any(s.text == "'*.csv'" and s.kind == "expansion" for s in home.spans)  # quoted: no glob
    said, value = _span(home, "data/*.none")
    assert value == () and "gets `data/*.none` itself" in said
    run.run("cd data")
    moved = run.explain("ls *.csv .*.csv ../*.py; cd -", "en")
    assert _span(moved, "*.csv")[1] == ("a.csv", "b.csv")
    assert _span(moved, ".*.csv")[1] == (".hidden.csv",)
    assert _span(moved, "../*.py")[1] == ("../train.py",)
    assert _span(moved, "-", "argument")[1] == ("/home/learner/projects/sentiment",)


def test_substitutions_are_described_never_run(run: ExerciseRun) -> None:
    explained = run.explain("echo $(touch by-dollar) `touch by-backtick` $((i++)) <(touch by-process) > out.txt", "en")
    said, value = _span(explained, "$(touch by-dollar)")
    assert value is None and "does not run it" in said
    assert "changes i" in _span(explained, "$((i++))")[0]
    assert any(s.kind == "command" and s.text == "touch" for s in explained.spans)  # what it would run, explained
    check = run.run("ls by-dollar by-backtick by-process out.txt; echo i=$i")
    assert check.result is not None
    assert check.result.stdout == "i=5\n"
    for name in ("by-dollar", "by-backtick", "by-process", "out.txt"):
        assert f"cannot access '{name}'" in check.result.stderr


def test_aliases_functions_and_the_shells_path(run: ExerciseRun) -> None:
    run.run("mkdir -p ~/bin && printf '#!/bin/sh\\necho mine\\n' > ~/bin/mytool && chmod +x ~/bin/mytool")
    run.run('export PATH="$HOME/bin:$PATH"')
    explained = run.explain("ll -t; greet; mytool; nosuchtool", "en")
    said, _ = _span(explained, "ll", "command")
    assert "alias" in said and "`ls -l`" in said
    assert _span(explained, "-t", "option")[0].startswith("sort by time")  # ls's option, through the alias
    assert "function" in _span(explained, "greet", "command")[0]
    assert not any(p.message.startswith("Unknown command `mytool`") for p in explained.problems)  # on its PATH
    assert [p.kind for p in explained.problems] == ["unknown_command"]
    assert "`nosuchtool`" in explained.problems[0].message


def test_a_redirection_onto_an_existing_file_warns(run: ExerciseRun) -> None:
    explained = run.explain("sort data/notes.txt > data/a.csv 2>> log.txt", "ko")
    said, _ = _span(explained, "> data/a.csv", "redirection")
    assert "이미 있습니다" in said
    said, _ = _span(explained, "2>> log.txt", "redirection")
    assert "이미 있습니다" not in said


def test_hostile_values_are_shown_not_obeyed(run: ExerciseRun) -> None:
    run.run("export EVIL=$'\\e]0;pwned\\a\\e[2J'; touch $'data/\\e[31mred.csv'")
    explained = run.explain("echo $EVIL data/*.csv", "en")
    assert _span(explained, "$EVIL")[1] == ("\x1b]0;pwned\x07\x1b[2J",)
    text = render_text(explained)
    assert "\x1b" not in text and "\x07" not in text
    assert "␛]0;pwned␇␛[2J" in text and "data/␛[31mred.csv" in text


def test_while_a_command_runs_it_explains_without_the_shell(run: ExerciseRun) -> None:
    worker = threading.Thread(target=run.run, args=("sleep 2",))
    worker.start()
    try:
        time.sleep(0.3)
        explained = run.explain("echo $GREETING", "en")
        assert not explained.in_sandbox
        assert any("A command is running" in note for note in explained.notes)
        assert _span(explained, "$GREETING")[1] is None
    finally:
        worker.join()


def test_history_expansion_shows_the_command_it_stands_for(run: ExerciseRun) -> None:
    run.run("echo first")
    run.run("ls data")
    explained = run.explain("sudo !! && !-2", "en")
    said, value = _span(explained, "!!", "command")
    assert said.startswith("History expansion") and value == ("ls data",)
    assert _span(explained, "!-2", "command")[1] == ("echo first",)
    assert not explained.problems
