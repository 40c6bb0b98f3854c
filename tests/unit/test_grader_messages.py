"""Every grader message exists in English and Korean with the same fields."""

from __future__ import annotations

import string

import pytest

from shelltutor.grading.messages import MESSAGES, REDIRECT_MEANINGS, local, text


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_the_same_fields(key: str) -> None:
    en, ko = MESSAGES[key]
    assert en.strip() and ko.strip()
    assert en != ko
    # Korean may pick a noun form with its particle (stream_subject) where English uses the bare noun.
    assert fields(en) - {"stream"} <= fields(ko) | {"stream"}
    assert fields(ko) - {"stream_subject", "stream"} <= fields(en)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in ko), "Korean text should be in Hangul"


def test_korean_uses_the_engineers_terms() -> None:
    korean = " ".join(ko for _, ko in MESSAGES.values())
    for term in ("표준 출력", "표준 에러", "종료 코드", "리다이렉션", "파이프"):
        assert term in korean


def test_every_redirect_operator_of_the_format_has_a_meaning() -> None:
    from typing import get_args

    from shelltutor.course.model import RedirectOp

    assert set(get_args(RedirectOp)) == set(REDIRECT_MEANINGS)


def test_local_resolves_local_text_fields_per_language() -> None:
    from shelltutor.grading.messages import STREAM_NAMES

    message = local("stream_is_empty", stream=STREAM_NAMES["stderr"])
    assert message.en == "Your command printed nothing on standard error; the exercise expects output there."
    assert message.ko.startswith("명령어가 표준 에러에 아무것도 출력하지 않았습니다.")
    assert text("pass", "ko") == "정답입니다!"
