"""The engine never imports the UI: modules outside shelltutor.tui and shelltutor.cli load without textual or rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import shelltutor

PACKAGE_DIR = Path(shelltutor.__file__).resolve().parent
UI_PACKAGES = ("shelltutor.tui", "shelltutor.cli", "shelltutor.web")
NOT_IMPORTABLE = ("shelltutor.__main__",)  # running it starts the program
UI_LIBRARIES = ("textual", "rich")


def engine_modules() -> list[str]:
    """Every module of the package except the UI layers, found on disk (so new modules are covered at once)."""
    names = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(not part.isidentifier() for part in parts):
            continue  # data or scratch files, not modules
        name = ".".join(parts)
        if any(name == ui or name.startswith(ui + ".") for ui in UI_PACKAGES) or name in NOT_IMPORTABLE:
            continue
        names.append(name)
    return names


def test_the_engine_modules_are_found() -> None:
    found = set(engine_modules())
    assert {"shelltutor", "shelltutor.problems", "shelltutor.resources", "shelltutor.course.loader"} <= found
    assert not any(name.startswith(UI_PACKAGES) for name in found)


@pytest.mark.parametrize("module", engine_modules())
def test_engine_module_imports_no_ui_library(module: str) -> None:
    probe = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        f"print(','.join(sorted(m for m in {UI_LIBRARIES!r} if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()} (the engine must not import the UI)"
