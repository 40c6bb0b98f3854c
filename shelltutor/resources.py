"""Locates the data that ships with shelltutor (lessons, sandbox files, schema) in a checkout or a wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The directory `name` (`lessons`, `sandbox` or `schema`) from a source checkout or an installed wheel.

    A wheel carries them under `shelltutor/_data/`; an editable install or a checkout has them at the
    top of the repository, next to the package.
    """
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"shelltutor's data directory {name!r} is missing from this installation")
