"""`shelltutor class report` end to end: learners drive the installed tutor on a pty (in English and Korean, right
and wrong answers), export their progress, and the teacher's report reads the exports; a corrupted file, an
edited one and a forgery with recomputed checksums are among them. The HTML page is opened in Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from shelltutor.progress import CHAIN_START, chain_link, export_seal

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

E2E_COURSE = str(Path(__file__).parents[1] / "fixtures" / "e2e-course")
PWD, COUNT = "e2e-basics/pwd", "e2e-basics/count-errors"
PROMPT = r"learner@shelltutor:[^\r\n$]*\$ "
VERDICTS = {"en": ("PASSED", "NOT YET"), "ko": ("통과", "아직 아닙니다")}
LEARNERS: dict[str, tuple[str, list[tuple[str, bool]]]] = {
    "ana": ("en", [("ls", False), ("pwd", True), ("grep -c ERROR app.log", True)]),
    "ben": (
        "en",
        [
            ("dirs", False),
            ("echo here", False),
            ("pwd", True),
            ("grep -c error app.log", False),
            ("grep ERROR app.log | wc -l", True),
        ],
    ),
    "지민": ("ko", [("dirs", False), ("pwd", True), ("grep -c error app.log", False), ("grep ERROR app.log", False)]),
    "서연": ("ko", [("dirs", False), ("pwd", True), ("wc -l app.log", False)]),
}
"""Who works through the e2e lesson, in which language, typing what (and whether it passes)."""


def installed() -> str:
    """The installed console script, as tests/e2e/conftest.py finds it (a module's fixtures cannot use it)."""
    beside = Path(sys.executable).with_name("shelltutor")
    return str(beside) if beside.exists() else str(shutil.which("shelltutor"))


def environment(home: Path) -> dict[str, str]:
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache")}
    env["LANG"] = "C.UTF-8"
    env.pop("LC_ALL", None)
    return env


def drive(home: Path, lang: str, answers: list[tuple[str, bool]]) -> None:
    """Type `answers` into `shelltutor --plain` on a pty, checking each verdict, then end the input (the tutor
    ends by itself once every exercise is passed)."""
    passed, failed = VERDICTS[lang]
    args = ["--lessons", E2E_COURSE, "--plain", "--lang", lang, "--lesson", "e2e-basics"]
    child = pexpect.spawn(installed(), args, env=environment(home), encoding="utf-8", timeout=60, dimensions=(40, 160))
    try:
        for command, passes in answers:
            child.expect(PROMPT)
            child.sendline(command)
            index = child.expect_exact([f"{passed}:", f"{failed}:"])
            assert index == (0 if passes else 1), (command, child.before)
        if child.expect([PROMPT, pexpect.EOF]) == 0:  # not all passed: the learner stops there
            child.sendeof()
            child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def report(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [installed(), "--lessons", E2E_COURSE, "class", "report", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One export per learner, written by `shelltutor progress --export` after driving the tutor."""
    root = tmp_path_factory.mktemp("class")
    folder = root / "exports"
    folder.mkdir()
    for number, (name, (lang, answers)) in enumerate(LEARNERS.items()):
        home = root / f"home-{number}"
        drive(home, lang, answers)
        target = folder / f"{name}.json"
        done = subprocess.run(
            [installed(), "progress", "--lang", lang, "--export", str(target)],
            env=environment(home),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def copies(exports: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "exports"
    shutil.copytree(exports, folder)
    yield folder


def test_the_report_reads_the_class_in_text(exports: Path) -> None:
    done = report(str(exports))
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "4 learners (4 counted), 2 exercises tried, 0 files skipped" in out
    for name in LEARNERS:
        assert name in out
    assert "2 of 4 stuck (서연, 지민)" in out
    assert "- commands: [dirs]  # 3 learners, 3 attempts" in out
    assert "- commands: [grep -c error app.log]  # 2 learners, 2 attempts" in out
    assert "[ls]" not in out and "[grep ERROR app.log]" not in out  # the lesson foresaw those two


def test_the_report_as_json(exports: Path) -> None:
    done = report(str(exports), "--json", "--lang", "ko")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["lang"] == "ko" and [row["name"] for row in payload["learners"]] == ["ana", "ben", "서연", "지민"]
    assert {row["name"]: row["integrity"] for row in payload["learners"]} == dict.fromkeys(LEARNERS, "verified")
    assert {row["name"]: row["done"] for row in payload["learners"]} == {"ana": 2, "ben": 2, "서연": 1, "지민": 1}
    figures = {row["id"]: (row["tried"], row["passed"], row["median_attempts"]) for row in payload["exercises"]}
    assert figures == {PWD: (4, 4, 2), COUNT: (4, 2, 1.5)}
    assert payload["stuck"][0]["id"] == COUNT and payload["stuck"][0]["stuck"] == ["서연", "지민"]
    answers = {item["exercise"]: item["answers"] for item in payload["unforeseen"]}
    assert answers[PWD] == [
        {"commands": ["dirs"], "learners": 3, "attempts": 3},
        {"commands": ["echo here"], "learners": 1, "attempts": 1},
    ]
    assert "학습자 3명, 시도 3번" in next(i["yaml"] for i in payload["unforeseen"] if i["exercise"] == PWD)


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def test_a_corrupted_and_an_edited_file_are_named(copies: Path) -> None:
    corrupted = copies / "ben.json"
    corrupted.write_bytes(corrupted.read_bytes()[:200])
    edited = load(copies / "서연.json")
    edited["completed"].append({"exercise": COUNT, "at": edited["exported_at"] - 1, "attempts": 2})
    (copies / "서연.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    done = report(str(copies))
    assert done.returncode == 1
    out = done.stdout
    assert f"{corrupted}: not JSON" in out
    assert "서연" in out and "EDITED: left out of the class figures" in out
    assert f"! {COUNT} is marked done, but no attempt passed it" in out
    assert "2 learners (1 counted)" not in out and "3 learners (2 counted)" in out


def forge(path: Path, commands: list[str]) -> None:
    """Give `path` a pass of COUNT it never had, every field and checksum right: what someone who read the
    code could write by hand."""
    document = load(path)
    last = document["attempts"][-1]
    at = last["at"] + 30
    for n, command in enumerate(commands):
        attempt = {**last, "id": last["id"] + 1 + n, "at": at + n, "commands": [command], "exercise": COUNT}
        attempt["status"] = "pass" if n == len(commands) - 1 else "fail"
        document["attempts"].append(attempt)
    taken = sum(1 for a in document["attempts"] if a["exercise"] == COUNT)
    document["completed"].append({"exercise": COUNT, "at": document["attempts"][-1]["at"], "attempts": taken})
    document["exported_at"] = at + 60
    head = CHAIN_START
    for record in document["attempts"]:
        head = record["hash"] = chain_link(head, record)
    document["integrity"] = {"algorithm": "sha256-chain", "head": head}
    document["integrity"]["seal"] = export_seal(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def test_only_grading_again_finds_a_forgery_with_recomputed_checksums(copies: Path) -> None:
    forge(copies / "서연.json", ["echo 13"])
    plain = report(str(copies), "--json")
    assert plain.returncode == 0, plain.stderr
    rows = {row["name"]: row for row in json.loads(plain.stdout)["learners"]}
    assert rows["서연"]["integrity"] == "verified" and rows["서연"]["done"] == 2  # the limit the docs state
    regraded = report(str(copies), "--json", "--regrade")
    assert regraded.returncode == 1, regraded.stderr
    assert "grading again up to 10 completions per learner" in regraded.stderr
    rows = {row["name"]: row for row in json.loads(regraded.stdout)["learners"]}
    assert rows["서연"]["integrity"] == "edited" and not rows["서연"]["counted"]
    forged = f"{COUNT}: the commands that passed it do not pass when graded again (wc -l app.log; echo 13)"
    assert {"edited": True, "message": forged} in rows["서연"]["findings"]
    # the real passes of the others pass again in the sandbox
    for name, graded in (("ana", "2 completions"), ("ben", "2 completions"), ("지민", "1 completion")):
        assert rows[name]["integrity"] == "verified"
        assert {"edited": False, "message": f"{graded} graded again: all pass"} in rows[name]["findings"]


def test_the_html_page_renders_in_chromium_with_nothing_fetched(exports: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    page_path = tmp_path / "class.html"
    done = report(str(exports), "--html", str(page_path))
    assert done.returncode == 0 and f"HTML report written to {page_path}" in done.stderr
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                *("--no-sandbox", "--disable-gpu", "--disable-background-networking"),
                *("--disable-component-update", "--disable-sync", "--no-first-run"),
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.goto(page_path.as_uri())
            assert page.title().startswith("Class report")
            assert page.locator("svg.chart").count() == 2 and page.locator("svg.mini").count() == 2
            bars = page.locator("svg.chart rect.fill")
            widths = [float(bars.nth(i).get_attribute("width") or 0) for i in range(bars.count())]
            assert max(widths) > 0
            box = page.locator("svg.chart").first.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 20
            assert page.locator("#unforeseen pre").first.inner_text().startswith("# e2e-basics/")
            shot = tmp_path / "class.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
        finally:
            browser.close()
    assert requests == [page_path.as_uri()]
    assert errors == []
