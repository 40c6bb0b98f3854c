"""Pilot tests of the lesson text: every line of an explanation or prompt is readable in the narrow lesson pane."""

from __future__ import annotations

from pathlib import Path

from shelltutor.course.catalog import load_course
from shelltutor.service import make_service
from shelltutor.tui.app import make_app

from .conftest import FIXTURE_COURSE
from .helpers import screen_text, wait_ready

LONG_COMMAND = "export HF_HOME=~/cache/huggingface # where transformers keeps downloaded models"


async def test_code_blocks_wrap_instead_of_being_cut_off(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "course.yaml").write_text((FIXTURE_COURSE / "course.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    lesson = (FIXTURE_COURSE / "tui-count.yaml").read_text(encoding="utf-8")
    counts = '  en: "`wc -l` counts lines."'
    assert counts in lesson
    lesson = lesson.replace(counts, f'  en: "`wc -l` counts lines.\\n\\n```\\n{LONG_COMMAND}\\n```\\n\\nThe end."')
    prompt = "      en: Print how many lines `app.log` has, and nothing else."
    assert prompt in lesson
    lesson = lesson.replace(prompt, f'      en: "Print how many lines `app.log` has.\\n\\n```\\n{LONG_COMMAND}\\n```"')
    (course / "tui-count.yaml").write_text(lesson, encoding="utf-8")
    service = make_service(lang="en", data_dir=tmp_path / "data", course=load_course([course], include_builtin=False))
    try:
        app = make_app(service, exercise="tui-count/count")
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_ready(pilot)
            await pilot.pause()
            left = "\n".join(row[:54] for row in screen_text(app).splitlines())
            words = " ".join(left.replace("│", " ").split())
            assert words.count("# where transformers keeps downloaded models") == 2  # the prompt and the explanation
            assert "The end." in words
    finally:
        service.close()
