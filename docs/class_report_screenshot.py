"""The class report's screenshot for the docs: six learners work through the built-in course in the real tutor,
export their progress, and the report's HTML page is photographed in headless Chromium.

Each learner types into `shelltutor --plain` (their own data directory, a pause between lines, so the times are
real), with the solutions and some typical mistakes; then:

    .venv/bin/python docs/class_report_screenshot.py     # writes docs/class-report.png (about two minutes)
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from shelltutor.course.catalog import load_course
from shelltutor.course.model import Keys

HERE = Path(__file__).parent
SHELLTUTOR = str(Path(sys.executable).with_name("shelltutor"))
WIDTH, HEIGHT = 1240, 1800
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
MISTAKES: dict[str, list[str]] = {
    "where-am-i/hostname": ["uname"],
    "where-am-i/echo-message": ["echo Training started resnet50"],
    "where-am-i/which-bash": ["echo $SHELL", "bash --version"],
    "listing-files/ls-hidden": ["ls -h sentiment-api"],
    "listing-files/ls-recursive": ["ls -a data", "ls data/*"],
    "moving-around/cd-up": ["cd ../"],
    "making-directories/mkdir-parents": ["mkdir -r experiments/resnet50/lr-0.001/seed-42"],
}
"""Mistakes some learners make before the solution (none of them foreseen by the lessons)."""
PLANS: dict[str, tuple[list[str], str | None, set[str]]] = {
    "ana": (["where-am-i", "listing-files", "moving-around", "making-directories", "removing-files"], None, set()),
    "ben": (["where-am-i", "listing-files", "moving-around"], None, {"where-am-i/which-bash", "moving-around/cd-up"}),
    "chloe": (["where-am-i", "listing-files"], "listing-files/ls-recursive", set(MISTAKES)),
    "jimin": (["where-am-i", "listing-files", "moving-around", "making-directories"], None, set(MISTAKES)),
    "seoyeon": (["where-am-i"], "where-am-i/which-bash", {"where-am-i/hostname", "where-am-i/which-bash"}),
    "minjun": (["where-am-i", "listing-files"], "listing-files/ls-hidden", {"listing-files/ls-hidden"}),
}
"""Per learner: the lessons worked through, the exercise they are stuck at (if any), the mistakes they make."""


def lines_for(lesson_id: str, stuck: str | None, makes: set[str]) -> tuple[list[str], bool]:
    """What a learner types in one lesson, and whether they stopped there (stuck)."""
    lesson = load_course().lesson(lesson_id)
    assert lesson is not None, lesson_id
    lines: list[str] = []
    for exercise in lesson.exercises:
        if exercise.global_id in makes:
            lines += MISTAKES[exercise.global_id]
        if exercise.global_id == stuck:
            return lines, True
        if exercise.global_id in makes:
            lines.append(":reset")  # a fresh shell and files: `cd ../` went somewhere
        if exercise.full_screen or any(isinstance(step, Keys) for step in exercise.solution):
            lines.append(":skip")
        else:
            lines += [str(step) for step in exercise.solution]
    return lines, False


def learn(name: str, root: Path) -> Path:
    """Drive the tutor as `name`, a pause between lines, and export the progress."""
    lessons, stuck, makes = PLANS[name]
    env = {**os.environ, "XDG_DATA_HOME": str(root / name), "XDG_CACHE_HOME": str(root / "cache"), "LANG": "C.UTF-8"}
    pace = random.Random(name)
    for lesson in lessons:
        lines, stopped = lines_for(lesson, stuck, makes)
        tutor = subprocess.Popen(
            [SHELLTUTOR, "--plain", "--lesson", lesson],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        assert tutor.stdin is not None
        for line in lines:
            time.sleep(pace.uniform(1.0, 4.0))
            tutor.stdin.write(line + "\n")
            tutor.stdin.flush()
        tutor.stdin.close()
        tutor.wait(timeout=120)
        if stopped:
            break
    target = root / "exports" / f"{name}.json"
    subprocess.run([SHELLTUTOR, "progress", "--export", str(target)], env=env, check=True, capture_output=True)
    return target


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "exports").mkdir()
        with ThreadPoolExecutor(max_workers=3) as pool:
            list(pool.map(lambda name: learn(name, root), PLANS))
        page_path = root / "class.html"
        subprocess.run([SHELLTUTOR, "class", "report", str(root / "exports"), "--html", str(page_path)], check=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
            page.goto(page_path.as_uri())
            # The top of the page: the summary, both charts, the learners by chapter, the first unforeseen answers.
            page.screenshot(
                path=str(HERE / "class-report.png"), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}
            )
            browser.close()
    print(f"wrote {HERE / 'class-report.png'}")


if __name__ == "__main__":
    main()
