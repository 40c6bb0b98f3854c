"""Maps a lesson's fixture to a sandbox session spec, and runs solution steps (commands or full-screen keys)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from shelltutor.course.keys import parse_keys
from shelltutor.course.model import Exercise, Keys, Step
from shelltutor.sandbox import CommandResult, HomeEntry, Session, SessionSpec, load_limits

Isolation = Literal["auto", "bwrap", "none"]


def spec_for(exercise: Exercise, seed: int, isolation: Isolation = "auto") -> SessionSpec:
    """The session an attempt at `exercise` starts in, with its data generated from `seed`."""
    home = tuple(
        HomeEntry(
            path=f.path,
            kind=f.type_,
            content=f.data() if f.type_ == "file" else b"",
            mode=int(f.mode, 8) if f.mode is not None else None,
            target=f.target,
        )
        for f in exercise.fixture.files
    )
    overrides = {
        name: value for name, value in vars(exercise.limits).items() if value is not None and not name.startswith("_")
    }
    limits = load_limits().with_overrides(overrides) if overrides else load_limits()
    return SessionSpec(
        home=home,
        generate=exercise.fixture.generate,
        seed=seed,
        setup=tuple(exercise.fixture.setup),
        cwd=exercise.fixture.cwd,
        limits=limits,
        isolation=isolation,
    )


def step_command(step: Step) -> str:
    """The command line of a step (for a full-screen step, the line that starts the program)."""
    return step.run if isinstance(step, Keys) else step


def run_step(session: Session, step: Step, timeout: float | None = None) -> CommandResult:
    """Run one step: a command line, or a full-screen program on a terminal with its keys typed; `timeout`
    (seconds) instead of the session's wall clock."""
    if isinstance(step, Keys):
        return session.run(step.run, terminal=True, keys=parse_keys(step.keys), timeout=timeout)
    return session.run(step, timeout=timeout)


def run_steps(
    session: Session,
    steps: Sequence[Step],
    *,
    on_result: Callable[[CommandResult], None] | None = None,
    timeouts: Sequence[float | None] | None = None,
) -> list[CommandResult]:
    """Run the steps in order; stops early when the shell ended (the rest would run in a new shell).
    `timeouts` gives each step its own clock (None: the session's)."""
    results: list[CommandResult] = []
    for index, step in enumerate(steps):
        timeout = timeouts[index] if timeouts is not None and index < len(timeouts) else None
        result = run_step(session, step, timeout)
        results.append(result)
        if on_result is not None:
            on_result(result)
        if result.session_ended:
            break
    return results
