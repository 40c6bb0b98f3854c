"""What a status above 128 is said to mean: the signal in words, in both languages, hedged with "usually"."""

from __future__ import annotations

import pytest

from shelltutor.sandbox.exitsignals import SIGNAL_WORDS, signal_note, signal_of


@pytest.mark.parametrize(
    ("status", "en", "ko"),
    [
        (
            153,
            "usually SIGXFSZ: file size limit exceeded: a file grew past the sandbox's limit",
            "보통 SIGXFSZ: 파일 크기",
        ),
        (137, "usually SIGKILL: killed: `kill -9`, or the sandbox's memory limit", "보통 SIGKILL: 강제 종료됨"),
        (139, "usually SIGSEGV: segmentation fault (the program crashed)", "보통 SIGSEGV: 세그멘테이션"),
        (130, "usually SIGINT: interrupted (Ctrl-C)", "보통 SIGINT: 중단됨"),
    ],
)
def test_a_signal_status_is_said_in_words(status: int, en: str, ko: str) -> None:
    assert signal_note(status, "en") == en
    note = signal_note(status, "ko")
    assert note is not None and note.startswith(ko)


@pytest.mark.parametrize("status", [None, 0, 1, 2, 126, 127, 128, 128 + 64, 255, 128 + 10])
def test_other_statuses_have_no_signal(status: int | None) -> None:
    """Ordinary failures, `command not found`, and 128 + a signal nobody's program dies of (SIGUSR1 is 10)."""
    assert signal_of(status) is None and signal_note(status, "en") is None


def test_every_signal_has_both_languages() -> None:
    for en, ko in SIGNAL_WORDS.values():
        assert en and ko and en != ko
