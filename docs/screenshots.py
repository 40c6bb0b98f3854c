"""Screenshots for the README: the real tutor on the built-in course, after a classic mistake, as SVG.

Drives the app headless with Textual's Pilot and the real sandbox, types `uniq -c` without `sort` into the
"count per label" exercise and saves the screen in English and Korean:

    .venv/bin/python docs/screenshots.py        # writes docs/screenshot-en.svg and docs/screenshot-ko.svg
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from shelltutor.service import make_service
from shelltutor.tui.app import make_app
from shelltutor.tui.screens.lesson import LessonScreen
from shelltutor.tui.widgets.command_input import CommandInput

EXERCISE = "sort-and-uniq/count-per-label"
COMMAND = "uniq -c data/labels.txt | head -4"
SIZE = (120, 34)
HERE = Path(__file__).parent


async def shoot(lang: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as data:
        service = make_service(lang="ko" if lang == "ko" else "en", data_dir=Path(data))
        app = make_app(service, exercise=EXERCISE)
        try:
            async with app.run_test(size=SIZE) as pilot:

                async def ready() -> LessonScreen:
                    deadline = time.monotonic() + 30
                    while not (isinstance(app.screen, LessonScreen) and app.screen.ready):
                        if time.monotonic() > deadline:
                            raise SystemExit("the lesson did not open")
                        await pilot.pause(0.05)
                    return app.screen

                screen = await ready()
                screen.query_one(CommandInput).insert_text_at_cursor(COMMAND)
                await pilot.press("enter")
                await pilot.pause(0.2)
                await ready()
                await pilot.pause(0.3)
                app.save_screenshot(filename=target.name, path=str(target.parent))
        finally:
            service.close()
    print(f"wrote {target}")


def main() -> None:
    for lang in ("en", "ko"):
        asyncio.run(shoot(lang, HERE / f"screenshot-{lang}.svg"))


if __name__ == "__main__":
    main()
