"""`shelltutor --lessons DIR --watch` on a pty: the installed command reloads a lesson saved while it runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pexpect
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_the_installed_tutor_follows_saves_of_a_new_lesson(
    tmp_path: Path, shelltutor_bin: str, tutor_env: dict[str, str]
) -> None:
    folder = tmp_path / "lessons"
    made = subprocess.run(
        [shelltutor_bin, "new", "lesson", "watched", "--lessons", str(folder)],
        env=tutor_env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    path = folder / "watched.yaml"
    text = path.read_text(encoding="utf-8")
    child = pexpect.spawn(
        shelltutor_bin,
        ["--lessons", str(folder), "--watch", "--lesson", "watched"],
        env=tutor_env,
        encoding="utf-8",
        dimensions=(40, 140),
        timeout=30,
    )
    try:
        child.expect("How many errors")
        path.write_text(text.replace("    prompt:", "    promt:"), encoding="utf-8")
        child.expect("The lesson files have problems")
        child.expect("unknown key 'promt'")
        path.write_text(text.replace("How many errors?", "How many ERROR lines?"), encoding="utf-8")
        child.expect("How many ERROR lines")
        child.sendcontrol("q")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
