"""Fixtures for the TUI tests: the real service on the fixture course, with a private progress directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from shelltutor.course.catalog import load_course
from shelltutor.service import TutorService, make_service

FIXTURE_COURSE = Path(__file__).parent.parent / "fixtures" / "tui-course"


@pytest.fixture
def service_factory(tmp_path: Path) -> Iterator[Callable[..., TutorService]]:
    """Builds services on the fixture course only (no built-in lessons), sharing one data directory."""
    made: list[TutorService] = []

    def build(lang: str | None = None) -> TutorService:
        service = make_service(
            lang=lang,  # type: ignore[arg-type]
            data_dir=tmp_path / "data",
            course=load_course([FIXTURE_COURSE], include_builtin=False),
        )
        made.append(service)
        return service

    yield build
    for service in made:
        service.close()


@pytest.fixture
def service(service_factory: Callable[..., TutorService]) -> TutorService:
    """An English service on the fixture course."""
    return service_factory("en")
