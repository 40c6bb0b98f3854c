"""Equivalent answers in the shape of a command: typed-in output, the usual tool (`prefers`), "in one command",
option and path spellings, `%1` for `fg %1`, appending to /dev/null."""

from __future__ import annotations

import pytest

from shelltutor.course.model import CommandUse, ShapeCheck
from shelltutor.grading.shape import check_shape, equivalent_commands, parse, typed_output, unmet_preferences


@pytest.mark.parametrize(
    ("line", "typed"),
    [
        ("echo 3", "3"),
        ("echo /home/learner/projects/sentiment", "/home/learner/projects/sentiment"),
        ("printf '%s\\n' 'model: resnet50'", "%s\\n model: resnet50"),
        ('echo "5.2.15(1)-release"', "5.2.15(1)-release"),
        ("echo 1; echo 2", "1 2"),
    ],
)
def test_output_made_only_of_typed_words_is_typed(line: str, typed: str) -> None:
    assert typed_output(line) == typed


@pytest.mark.parametrize(
    "line",
    [
        "echo $?",
        'echo "$?"',
        'printf "%s\\n" "$PWD"',
        "echo $(pwd)",
        "echo `hostname`",
        "echo ~",
        "echo *.log",
        "echo {1..3}",
        'echo "model: $MODEL"',
        "pwd",
        "ls nothing; echo 2",  # another command runs too: its status may be what is printed
        "cat <<< 3",
        "echo 3 &",
        "sudo echo 3",
        "",
        "echo 'unclosed",
    ],
)
def test_output_that_the_shell_works_out_is_not_typed(line: str) -> None:
    assert typed_output(line) is None


def test_prefers_lists_the_usual_tools_an_attempt_did_without() -> None:
    shape = ShapeCheck(prefers=("pwd", CommandUse(command="grep", options=("-i",))))
    assert unmet_preferences(shape, ["echo $PWD", "awk 'tolower($0) ~ /error/' app.log"]) == ["pwd", "grep -i"]
    assert unmet_preferences(shape, ["pwd", "grep --ignore-case error app.log"]) == []
    assert unmet_preferences(shape, ["pwd", "grep error app.log"]) == ["grep -i"]


def test_prefers_is_never_a_shape_failure() -> None:
    assert check_shape(ShapeCheck(prefers=("pwd",)), ["echo $PWD"]) == []


@pytest.mark.parametrize(
    ("commands", "ok"),
    [
        (["mkdir -p exp-01/logs exp-01/checkpoints"], True),
        (["ls", "mkdir logs checkpoints", "ls -l"], True),  # looking around does not count
        (["mkdir logs", "mkdir checkpoints"], False),
        (["mkdir logs && mkdir checkpoints"], False),
        (["cd ../.."], True),
        (["cd ..", "cd .."], False),
        (["cd ..; cd .."], False),
        (["pwd", "cd ../..", "pwd"], True),
    ],
)
def test_single_command_counts_the_commands_that_do_something(commands: list[str], ok: bool) -> None:
    failures = check_shape(ShapeCheck(single_command=True), commands)
    assert (not failures) is ok
    if not ok:
        assert failures[0].key == "single_command"
        assert "2" in failures[0].message.en and "2" in failures[0].message.ko


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("ls -lah", "ls -alh", True),
        ("ls -a -l -h", "ls -alh", True),
        ("ls -l -a --human-readable", "ls -alh", True),
        ("head -3 f", "head -n 3 f", True),
        ("head --lines=3 f", "head -n3 f", True),
        ("rm -R x", "rm --recursive x", True),
        ("ls   -lh   data", "ls -hl data", True),
        ("ls -alh", "ls -al", False),
        ("ls -l data", "ls -l logs", False),
        ("ls -alh | less", "ls -alh", False),
        ("tail -n 3 x", "tail -n 4 x", False),
        ("grep -c x f > out", "grep -c x f", False),
        ("sort -r f", "sort f -r", True),
    ],
)
def test_equivalent_commands_read_options_as_the_program_does(a: str, b: str, same: bool) -> None:
    assert equivalent_commands(a, b) is same
    assert equivalent_commands(b, a) is same


def test_a_job_spec_alone_is_fg() -> None:
    assert [(c.name, c.args) for c in parse("%1").commands] == [("fg", ("%1",))]
    assert not check_shape(ShapeCheck(uses=("fg",)), ["%2"])


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("python3 train.py 2> /dev/null", True),
        ("python3 train.py 2>> /dev/null", True),
        ("python3 train.py 2>> warnings.log", False),  # appending to a file is not throwing away
    ],
)
def test_appending_to_dev_null_is_writing_to_it(line: str, ok: bool) -> None:
    assert (not check_shape(ShapeCheck(redirects=("2>",)), [line])) is ok


@pytest.mark.parametrize(
    ("arg", "ok"),
    [
        ("hello.sh", True),
        ("./hello.sh", True),
        ("~/hello.sh", True),
        ("/home/learner/hello.sh", True),
        ("./other.sh", False),
        ("/tmp/hello.sh", False),
    ],
)
def test_an_argument_pattern_accepts_every_spelling_of_the_path(arg: str, ok: bool) -> None:
    shape = ShapeCheck(uses=(CommandUse(command="bash", args_match=(r"^hello\.sh$",)),))
    assert (not check_shape(shape, [f"bash {arg}"])) is ok
