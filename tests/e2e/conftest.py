"""Fixtures for end-to-end tests: the installed `shelltutor` command with a private data directory."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture
def shelltutor_bin() -> str:
    """The installed console script (next to the running interpreter, else on PATH)."""
    beside = Path(sys.executable).with_name("shelltutor")
    if beside.exists():
        return str(beside)
    found = shutil.which("shelltutor")
    assert found, "the shelltutor command is not installed (pip install -e .)"
    return found


@pytest.fixture
def tutor_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose user data directory (progress) is private to the test."""
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["LANG"] = "C.UTF-8"
    env.pop("LC_ALL", None)
    return env
