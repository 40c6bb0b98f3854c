"""The screenshots of `shelltutor serve` for the docs: a learner logs in from headless Chromium, passes the first
exercise, goes back to the course map, and the page is photographed, in English and in Korean (which needs a
Korean font for Chromium, such as Debian's fonts-nanum or fonts-noto-cjk).

    .venv/bin/python docs/serve_screenshot.py     # writes docs/serve-course-map-{en,ko}.png (about 30 seconds)

It drives the real server and page with the browser tests' helpers (tests/browser/tutor_page.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser.tutor_page import CHROMIUM, CHROMIUM_ARGS, TERMINAL_HOOK, Screen, start_server  # noqa: E402

WIDTH, HEIGHT = 1200, 760
TEXTS = {
    "en": ("Who are you?", "Ada Lovelace", "Where am I?", "type a command", "✔ PASSED", "exercises done"),
    "ko": ("Who are you?", "김민수", "나는 지금 어디에 있을까?", "$ 명령어 입력", "✔ 통과", "개 완료"),
}
"""Per language: the login screen, the learner's name, the first lesson, the prompt, the verdict, the map's line."""


def shoot(lang: str) -> Path:
    """Log in, pass the first exercise, go back to the map and photograph it; the PNG's path."""
    login, name, lesson, prompt, passed, done = TEXTS[lang]
    out = HERE / f"serve-course-map-{lang}.png"
    with tempfile.TemporaryDirectory() as tmp:
        served = start_server(Path(tmp))
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                page.add_init_script(TERMINAL_HOOK)
                page.goto(served.url)
                screen = Screen(page)
                screen.wait_for(login)
                if lang == "ko":
                    screen.press("F9")
                screen.run(name)
                screen.wait_for_cursor_on(lesson)
                screen.press("Enter")
                screen.wait_for(prompt)
                screen.run("pwd")
                screen.wait_for(passed)
                screen.press("Escape")
                screen.wait_for(done)
                page.wait_for_timeout(4500)  # the login's welcome toast gone
                page.screenshot(path=str(out))
                browser.close()
        finally:
            served.stop()
    return out


def main() -> None:
    for lang in TEXTS:
        print(f"wrote {shoot(lang)}")


if __name__ == "__main__":
    main()
