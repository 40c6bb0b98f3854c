"""Fixtures for the browser tests: Debian's Chromium (no browser download), driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from .tutor_page import CHROMIUM, CHROMIUM_ARGS, TERMINAL_HOOK, Served, start_server


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium (no browser download), headless, with a fresh profile."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        viewport={"width": 1280, "height": 800},
    )
    context.add_init_script(TERMINAL_HOOK)
    yield context
    context.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the learners of a module's browser tests (each test logs in under its own name); module-scoped,
    so that it is gone before the tests that count a worker's leftover processes run in the same worker."""
    served = start_server(tmp_path_factory.mktemp("serve"))
    yield served
    served.stop()
