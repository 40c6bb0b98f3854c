"""Pilot tests of the texts on the lesson screen: code blocks readable in the narrow pane, Korean that reads right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shelltutor.course.catalog import load_course
from shelltutor.service import TutorService, make_service
from shelltutor.tui.app import make_app
from shelltutor.tui.widgets.output_view import OutputView

from .conftest import FIXTURE_COURSE
from .helpers import screen_text, type_command, wait_ready

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


async def test_handing_over_the_terminal_reads_as_korean(service_factory: Callable[..., TutorService]) -> None:
    app = make_app(service_factory("ko"), exercise="tui-count/count")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await type_command(pilot, "less app.log")  # headless: announced, then "no terminal here"
        out = "\n".join(strip.text for strip in screen.query_one(OutputView).lines)
        assert "터미널을 “less app.log”에 넘깁니다" in out  # the particle is attached, and 에 (not 에게) for a program


async def test_clear_clears_the_terminal_panel(service: TutorService) -> None:
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await type_command(pilot, "echo before")
        screen = await type_command(pilot, "clear")
        out = "\n".join(strip.text for strip in screen.query_one(OutputView).lines)
        assert "before" not in out and "␛" not in out  # cleared, not escape codes shown as text
        assert "exit status 0" in out
        screen = await type_command(pilot, r"printf 'x\e[2J'")  # other output is still shown, made printable
        assert "1│ x␛[2J" in "\n".join(strip.text for strip in screen.query_one(OutputView).lines)


async def test_verdict_line_in_the_terminal_shows_markdown_styled(service: TutorService) -> None:
    app = make_app(service, exercise="tui-where/mkdir")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await type_command(pilot, "mkdir ~/report")
        out = "\n".join(strip.text for strip in screen.query_one(OutputView).lines)
        verdict = next(line for line in out.splitlines() if "NOT YET" in line)
        assert "reports" in verdict and "`" not in verdict, verdict


async def test_a_status_a_signal_gave_is_said_in_words(service: TutorService) -> None:
    """A file past the sandbox's size limit ends `head` with SIGXFSZ (153): the status line says so, and that
    the limit is the sandbox's."""
    app = make_app(service, exercise="tui-count/count")
    async with app.run_test(size=(160, 36)) as pilot:
        screen = await type_command(pilot, "head -c 20M /dev/zero > big")
        out = "\n".join(strip.text for strip in screen.query_one(OutputView).lines)
        assert "exit status 153 (failure) — usually SIGXFSZ: file size limit exceeded" in out, out
