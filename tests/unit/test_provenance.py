"""Which commands made the graded result: the rules, on a fake filesystem."""

from __future__ import annotations

from grader_fakes import FakeResult, FakeWorld, exercise

from shelltutor.course.model import Expectations, FileExpect, ShapeCheck, VariableExpect
from shelltutor.grading.checks import evaluate
from shelltutor.grading.provenance import Trail, producing, shape_commands

FILES = Expectations(files=(FileExpect(path="notes.txt", content="a\nb\n"),), shape=ShapeCheck(uses=("vi",)))


def _trail(world: FakeWorld, steps: list[tuple[str, object]], expect: Expectations = FILES) -> tuple[Trail, list[str]]:
    """Run `steps` (command, content of notes.txt afterwards) against the fake world, noting the trail."""
    trail = Trail.of(exercise(expect))
    trail.start(world, "/home/learner")
    commands = []
    for command, content in steps:
        if content is None:
            world.files.pop("notes.txt", None)
        else:
            world.files["notes.txt"] = content
        commands.append(command)
        trail.record(world, FakeResult(command=command))
    return trail, commands


def test_only_commands_that_changed_a_graded_file_count() -> None:
    world = FakeWorld({"notes.txt": "a\n"})
    trail, commands = _trail(world, [("echo b >> notes.txt", "a\nb\n"), ("vi notes.txt", "a\nb\n")])
    assert shape_commands(exercise(FILES), commands, trail) == ["echo b >> notes.txt"]
    verdict = evaluate(exercise(FILES), commands, [FakeResult()] * 2, world, shape_lines=["echo b >> notes.txt"])
    assert verdict.status == "fail"
    assert any("Only the commands that made the result count" in d.en for d in verdict.details)


def test_every_command_that_changed_it_counts() -> None:
    world = FakeWorld({"notes.txt": "a\n"})
    steps = [
        ("ls", "a\n"),
        ("vi notes.txt", "a\nx\n"),
        ("sed -i s/x/b/ notes.txt", "a\nb\n"),
        ("cat notes.txt", "a\nb\n"),
    ]
    trail, commands = _trail(world, steps)
    assert producing(exercise(FILES), len(commands), trail) == [1, 2]
    assert trail.changed_before(3) == {"notes.txt"} and trail.changed_before(0) == frozenset()


def test_the_last_command_counts_when_its_output_is_graded() -> None:
    expect = Expectations(stdout="b\n", files=FILES.files)
    world = FakeWorld({"notes.txt": "a\n"})
    trail, _commands = _trail(world, [("vi notes.txt", "a\nb\n"), ("tail -1 notes.txt", "a\nb\n")], expect)
    assert producing(exercise(expect), 2, trail) == [0, 1]


def test_when_it_cannot_be_told_every_command_counts() -> None:
    world = FakeWorld({"notes.txt": "a\n"})
    steps: list[tuple[str, object]] = [("echo b >> notes.txt", "a\nb\n"), ("vi notes.txt", "a\nb\n")]
    streams_only = Expectations(stdout="x\n", shape=ShapeCheck(uses=("vi",)))
    variables = Expectations(files=FILES.files, variables=(VariableExpect(name="X"),))
    for expect in (streams_only, variables):
        trail, commands = _trail(FakeWorld({"notes.txt": "a\n"}), steps, expect)
        assert producing(exercise(expect), 2, trail) is None
        assert shape_commands(exercise(expect), commands, trail) == commands
    assert shape_commands(exercise(FILES), ["a", "b"], None) == ["a", "b"]
    trail, commands = _trail(world, steps)
    trail.busy = True  # a background job could have written the file while any command ran
    assert producing(exercise(FILES), 2, trail) is None


def test_a_removed_file_and_a_mode_change_are_changes() -> None:
    world = FakeWorld({"notes.txt": "a\n"})
    trail, _ = _trail(world, [("chmod 600 notes.txt", ("a\n", 0o600)), ("rm notes.txt", None)])
    assert trail.changed(0) == {"notes.txt"} and trail.changed(1) == {"notes.txt"}
