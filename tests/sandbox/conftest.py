"""Fixtures for the sandbox tests: real bwrap sessions, and checks that nothing of them outlives them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_helpers import survivors

from shelltutor.sandbox import Session, SessionSpec, probe_isolation


@pytest.fixture(scope="session", autouse=True)
def _bwrap_works() -> None:
    report = probe_isolation()
    assert report.ok, f"these tests need a working bwrap: {report.problem} (fix: {report.fix})"


@pytest.fixture
def session() -> Iterator[Session]:
    """A fresh bwrap session with an empty home; on teardown, asserts that no process of it survives."""
    s = Session.start(SessionSpec(isolation="bwrap"))
    try:
        yield s
    finally:
        s.close()
        assert survivors(s) == []
