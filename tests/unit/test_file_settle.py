"""File checks look again while the sandbox's processes may still write the file, and only then."""

from __future__ import annotations

from dataclasses import dataclass, field

from grader_fakes import FakeWorld

from shelltutor.course.model import FileExpect, Fixture, TextMatch
from shelltutor.grading.filesettle import WRITERS_SETTLE_SECONDS, file_failures


@dataclass(frozen=True)
class Proc:
    pid: int
    name: str
    argv: tuple[str, ...]
    state: str


@dataclass
class WritingWorld(FakeWorld):
    """A world where a background job appends its log line after `writes_after` looks."""

    running: list[Proc] = field(default_factory=list)
    writes_after: int = 3
    looks: int = 0

    def processes(self) -> list[Proc]:
        self.looks += 1
        if self.looks >= self.writes_after:
            self.files["train.log"] = "epoch 1/10 loss=0.5\n"
        return self.running


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


EXPECT = (FileExpect(path="train.log", content=TextMatch(contains="epoch 1/10")),)
JOB = Proc(42, "python3", ("python3", "train.py"), "S")


def run(world: WritingWorld, clock: Clock) -> list[object]:
    return list(
        file_failures(EXPECT, world, world.state(), None, "", "", ["cmd"], Fixture(), clock=clock, sleep=clock.sleep)
    )


def test_a_log_written_a_moment_later_by_a_running_job_passes() -> None:
    world, clock = WritingWorld(files={"train.log": ""}, running=[JOB]), Clock()
    assert run(world, clock) == [None]
    assert 0 < clock.now < WRITERS_SETTLE_SECONDS


def test_without_running_processes_a_failure_is_final_at_once() -> None:
    world, clock = WritingWorld(files={"train.log": ""}, running=[]), Clock()
    assert run(world, clock)[0] is not None
    assert clock.now == 0.0


def test_stopped_and_zombie_processes_write_nothing() -> None:
    world = WritingWorld(
        files={"train.log": ""}, running=[JOB.__class__(1, "x", (), "T"), JOB.__class__(2, "y", (), "Z")]
    )
    clock = Clock()
    assert run(world, clock)[0] is not None
    assert clock.now == 0.0


def test_a_wrong_file_with_a_job_running_fails_after_the_settle_time() -> None:
    world, clock = WritingWorld(files={"train.log": ""}, running=[JOB], writes_after=10**6), Clock()
    assert run(world, clock)[0] is not None
    assert WRITERS_SETTLE_SECONDS <= clock.now < WRITERS_SETTLE_SECONDS + 0.2
