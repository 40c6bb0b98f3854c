"""The messages of the checks on what an attempt left behind: both languages, the same fields, Korean as written."""

from __future__ import annotations

import re
import string

import pytest

from shelltutor.grading.messages import MESSAGES as GENERAL
from shelltutor.grading.worldmessages import MESSAGES, TERMINAL_NAME, local, text


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_with_the_same_fields(key: str) -> None:
    en, ko = MESSAGES[key]
    assert en.strip() and ko.strip() and en != ko
    assert fields(en) == fields(ko)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in ko), "Korean text should be in Hangul"
    # a particle never stands apart from the code span before it (CONTRIBUTING, "Writing the Korean text")
    assert not re.search(r"`[^`]+` (을|를|이|가|은|는|에|으로|로)\b", ko), ko


def test_the_catalog_does_not_shadow_the_general_one() -> None:
    assert not set(MESSAGES) & set(GENERAL)


def test_local_resolves_fields_per_language_and_falls_back_to_the_general_catalog() -> None:
    described = local("process_named", name="serve.sh")
    message = local("process_missing", what=described)
    assert message.en.endswith("nothing is running that the exercise looks for: a process called `serve.sh`.")
    assert message.ko.endswith("찾는 것: 이름이 `serve.sh`인 프로세스")
    assert local("pass").en == "Correct!"
    assert (
        text("dir_is_empty", "ko", path="outbox")
        == "`outbox` 디렉터리가 비어 있습니다. 이 문제에서는 안에 무언가 있어야 합니다."
    )
    assert TERMINAL_NAME.ko.startswith("출력")
