"""Plain mode's `:pipeline`: the last pipeline stage by stage, from the installed `shelltutor --plain`."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")


def _plain(shelltutor_bin: str, env: dict[str, str], stdin: str, lang: str) -> str:
    proc = subprocess.run(
        [shelltutor_bin, "--lessons", E2E_COURSE, "--plain", "--lang", lang, "--exercise", "e2e-basics/pwd"],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.mark.parametrize(
    ("lang", "none", "counts", "status"),
    [
        ("en", "No pipeline yet", "→ 3 lines, 6 bytes · exit 0 · stderr → the screen", "exit 141 (SIGPIPE"),
        (
            "ko",
            "아직 파이프라인을 실행하지 않았습니다",
            "→ 3줄, 6바이트 · 종료 코드 0 · 표준 에러 → 화면",
            "종료 코드 141",
        ),
    ],
)
def test_pipeline_command_prints_the_stages(
    shelltutor_bin: str, tutor_env: dict[str, str], lang: str, none: str, counts: str, status: str
) -> None:
    typed = ":pipeline\nprintf 'a\\nb\\na\\n' | grep a\necho between\n:pipeline\nyes | head -1\n:p\npwd\n"
    out = _plain(shelltutor_bin, tutor_env, typed, lang)
    assert none in out
    assert "printf 'a\\nb\\na\\n' → 3 → grep a → 2" in out
    assert "1. printf 'a\\nb\\na\\n'" in out and counts in out
    assert "   │ b" in out  # the first lines of each stage
    assert re.search(r"yes → [\d,]+\+ → head -1 → 1", out) and status in out  # `+`: head stopped reading


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "exit status: 153 (usually SIGXFSZ: file size limit exceeded"),
        ("ko", "종료 코드: 153 (보통 SIGXFSZ: 파일 크기 제한 초과"),
    ],
)
def test_a_status_a_signal_gave_is_said_in_words(
    shelltutor_bin: str, tutor_env: dict[str, str], lang: str, said: str
) -> None:
    """The status line says what 153 usually means, and that the limit is the sandbox's."""
    out = _plain(shelltutor_bin, tutor_env, "head -c 20M /dev/zero > big\npwd\n", lang)
    assert said in out, out
