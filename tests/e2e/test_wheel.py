"""The wheel carries the built-in lessons, the sandbox's data and the schema, and finds them when installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_installed_wheel_checks_its_own_lessons(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("shelltutor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "shelltutor/_data/lessons/course.yaml" in names
    assert "shelltutor/_data/sandbox/limits.toml" in names
    assert "shelltutor/_data/schema/lesson.schema.json" in names
    assert sum(n.startswith("shelltutor/_data/lessons/") and n.endswith(".yaml") for n in names) >= 16

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Run from a directory with no checkout in sight, importing only the unpacked wheel.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from shelltutor.resources import data_dir; print(data_dir('lessons'));"
        "from shelltutor.cli import main; raise SystemExit(main(['check']))"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", code, str(site)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(p for p in sys.path if "site-packages" in p)},
    )
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == str(site / "shelltutor" / "_data" / "lessons")
    assert "no problems" in lines[-1]
