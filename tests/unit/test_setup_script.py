"""The set-up behind the README's two commands: one clear sentence per failure, nothing half-made left, no
network once set up. `scripts/setup.sh` runs against stand-ins for python3, dpkg, id and sudo."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "setup.sh"
REAL_TOOLS = ("bash", "rm", "cat", "chmod", "cksum", "mkdir", "dirname", "touch", "env")


def _tool(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/bash\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    """A PATH of its own: the few real tools the script uses, and nothing else (no sudo, no python)."""
    d = tmp_path / "bin"
    d.mkdir()
    for name in REAL_TOOLS:
        real = shutil.which(name)
        assert real is not None, name
        (d / name).symlink_to(real)
    return d


def _run(bin_dir: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env={"PATH": str(bin_dir), "HOME": str(bin_dir.parent)},
        cwd=cwd or bin_dir.parent,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )


def _python(bin_dir: Path, version: str, venv: str = "ok") -> None:
    """A python3 that reports `version`; `-m venv DIR` makes a working venv (ok), or fails half-way
    without ensurepip (noensurepip), as Debian's python3 without python3-venv does."""
    major, minor = (int(x) for x in version.split("."))
    old = "1" if (major, minor) < (3, 11) else "0"
    if venv == "ok":
        make = (
            f'mkdir -p "$3/bin"; printf "#!/bin/bash\\necho \\"\\$*\\" >>{bin_dir.parent}/calls\\n" >"$3/bin/python"; '
            'chmod +x "$3/bin/python"; exit 0'
        )
    else:
        make = (
            'mkdir -p "$3/bin"; touch "$3/bin/python"; '
            "echo 'The virtual environment was not created successfully because ensurepip is not available.' >&2; "
            "exit 1"
        )
    _tool(
        bin_dir,
        "python3",
        f"""case "$*" in
  *"sys.exit(sys.version_info < (3, 11))"*) exit {old} ;;
  *'print("%d.%d"'*) echo {version} ;;
  "-m venv "*) {make} ;;
esac
""",
    )


def test_a_python_older_than_3_11_is_named_and_nothing_is_made(bin_dir: Path) -> None:
    _python(bin_dir, "3.9")
    venv = bin_dir.parent / ".venv"
    done = _run(bin_dir, "venv", str(venv))
    assert done.returncode == 1
    assert "needs Python 3.11 or newer, and python3 here is 3.9" in done.stderr
    assert "make PYTHON=" in done.stderr
    assert not venv.exists()


def test_a_python_without_venv_support_is_named_and_the_half_made_venv_removed(bin_dir: Path) -> None:
    _python(bin_dir, "3.12", venv="noensurepip")
    venv = bin_dir.parent / ".venv"
    done = _run(bin_dir, "venv", str(venv))
    assert done.returncode == 1
    assert "apt-get install python3.12-venv" in done.stderr
    assert not venv.exists(), "a stale .venv/bin/python would make every later make fail"
    assert done.stderr.count("\n") == 1, done.stderr


def test_a_stale_virtualenv_is_made_afresh(bin_dir: Path) -> None:
    _python(bin_dir, "3.11")
    venv = bin_dir.parent / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to("/nonexistent/python3.11")  # its Python was removed
    (venv / "leftover").touch()
    done = _run(bin_dir, "venv", str(venv))
    assert done.returncode == 0, done.stderr
    assert not (venv / "leftover").exists()
    assert not (venv / "bin" / "python").is_symlink()
    (venv / "mine").touch()
    assert _run(bin_dir, "venv", str(venv)).returncode == 0
    assert (venv / "mine").exists(), "a working virtualenv is kept as it is"


def test_an_installed_checkout_starts_without_pip(bin_dir: Path) -> None:
    """`make tutor` twice: the second run installs nothing (so it needs no network)."""
    _python(bin_dir, "3.11")
    checkout = bin_dir.parent
    (checkout / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    venv = checkout / ".venv"
    calls = checkout / "calls"
    assert _run(bin_dir, "install", str(venv), "run").returncode == 0
    assert "-m pip install -q -e ." in calls.read_text()
    calls.write_text("")
    assert _run(bin_dir, "install", str(venv), "run").returncode == 0
    assert "install" not in calls.read_text()
    assert _run(bin_dir, "install", str(venv), "test").returncode == 0
    assert "-m pip install -q -e .[test]" in calls.read_text(), "the test extras are new"
    calls.write_text("")
    assert _run(bin_dir, "install", str(venv), "run").returncode == 0
    assert "install" not in calls.read_text(), "the test install covers the run install"
    (checkout / "pyproject.toml").write_text("[project]\nname = 'x'\nversion = '2'\n")
    assert _run(bin_dir, "install", str(venv), "run").returncode == 0
    assert "-m pip install -q -e ." in calls.read_text(), "a changed pyproject.toml is installed again"


def _dpkg(bin_dir: Path, missing: set[str]) -> None:
    cases = "|".join(sorted(missing)) or "__none__"
    _tool(bin_dir, "dpkg", f'case "$2" in {cases}) exit 1 ;; esac\nexit 0\n')


def test_an_ordinary_user_without_sudo_is_told_which_packages_to_ask_for(bin_dir: Path) -> None:
    _dpkg(bin_dir, {"bubblewrap", "man-db"})
    _tool(bin_dir, "id", "echo 1000\n")
    done = _run(bin_dir, "system-deps", "bubblewrap", "man-db", "vim", "less")
    assert done.returncode == 1
    assert "not installed: bubblewrap man-db" in done.stderr
    assert "ask an administrator to run 'apt-get install bubblewrap man-db' as root" in done.stderr
    assert "command not found" not in done.stderr


def test_an_ordinary_user_with_sudo_installs_through_it(bin_dir: Path) -> None:
    _dpkg(bin_dir, {"bubblewrap"})
    _tool(bin_dir, "id", "echo 1000\n")
    log = bin_dir.parent / "sudo.log"
    _tool(bin_dir, "sudo", f'echo "$*" >>{log}\n')
    done = _run(bin_dir, "system-deps", "bubblewrap", "vim")
    assert done.returncode == 0, done.stderr
    assert "install -y -qq bubblewrap" in log.read_text()


def test_nothing_to_install_is_silent(bin_dir: Path) -> None:
    _dpkg(bin_dir, set())
    _tool(bin_dir, "id", "echo 1000\n")
    done = _run(bin_dir, "system-deps", "bubblewrap", "vim")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_makefile_uses_the_script_for_every_install_step() -> None:
    makefile = (SCRIPT.parents[1] / "Makefile").read_text()
    assert "scripts/setup.sh install $(VENV) run" in makefile
    assert "scripts/setup.sh install $(VENV) test" in makefile
    assert "pip install" not in makefile, "installs go through the script, which skips them when up to date"
    assert os.access(SCRIPT, os.X_OK)
