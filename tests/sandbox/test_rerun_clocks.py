"""Re-runs keep the learner's clock: a command they stopped is stopped again in the re-check, not left a minute."""

from __future__ import annotations

import time

from sandbox_helpers import shipped_exercise

from shelltutor.grading.grader import STOPPED_GRACE_SECONDS, Grader, rerun_clocks
from shelltutor.grading.sessions import spec_for
from shelltutor.sandbox import Session


def test_a_stopped_tail_f_before_the_right_answer_is_not_waited_for_in_the_re_check() -> None:
    exercise = shipped_exercise("head-and-tail/log-last-lines")
    assert exercise.randomized  # the passing attempt is re-run on other data, every command of it
    grader = Grader()
    seed = 3
    steps = ["tail -f logs/train.log", "tail -n 5 logs/train.log"]
    with Session.start(spec_for(exercise, seed)) as session:
        # The learner watches the log for a second, then stops it (here: its own 1 s clock, as Ctrl-C would).
        stopped = session.run(steps[0], timeout=1.0)
        assert stopped.timed_out or stopped.interrupted
        right = session.run(steps[1])
        started = time.monotonic()
        verdict = grader.grade(exercise, session, steps, [stopped, right], seed)
        waited = time.monotonic() - started
    assert verdict.status == "pass", verdict.format()
    assert verdict.replay_seed is not None
    # The session's own clock is a minute; the re-check stops the `tail -f` after about as long as it ran.
    assert waited < 20, f"the verdict took {waited:.1f} s"


def test_clocks_follow_what_the_learner_stopped() -> None:
    class Result:
        def __init__(self, ms: float, *, interrupted: bool = False, timed_out: bool = False) -> None:
            self.duration_ms, self.interrupted, self.timed_out = ms, interrupted, timed_out

    clocks = rerun_clocks([Result(120), Result(2500, interrupted=True), Result(60000, timed_out=True)])
    assert clocks == [None, 2.5 + STOPPED_GRACE_SECONDS, 60.0 + STOPPED_GRACE_SECONDS]
