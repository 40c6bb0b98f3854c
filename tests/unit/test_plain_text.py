"""Plain mode shows lesson Markdown without its marks: emphasis, backticks, fences and tags go, code stays whole."""

from __future__ import annotations

import pytest

from shelltutor.plain import readable


@pytest.mark.parametrize(
    ("markdown", "heard"),
    [
        ("the **full path** of it", "the full path of it"),
        ("*stderr* and __stdout__", "stderr and stdout"),
        ("**표준 출력**으로 보내세요", "표준 출력으로 보내세요"),
        ("press <kbd>Ctrl</kbd>+<kbd>C</kbd>", "press Ctrl+C"),
        ("use **`2>`** here", "use 2> here"),
        ("`grep x runs/*` and `**/*.py` stay", "grep x runs/* and **/*.py stay"),
        ("``a `b` c``", "a `b` c"),
        ("```\nls -l\n\ncat f\n```\nthen", "    ls -l\n\n    cat f\nthen"),
        ("```bash\necho **x**\n```", "    echo **x**"),
        ("## Where\nthe [manual](https://man7.org)", "Where\nthe manual (https://man7.org)"),
        ("2 * 3 = 6, a*b", "2 * 3 = 6, a*b"),
    ],
)
def test_marks_are_dropped_code_is_kept_whole(markdown: str, heard: str) -> None:
    assert readable(markdown) == heard
