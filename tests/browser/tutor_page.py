"""Helpers of the browser tests: `shelltutor serve` on a free port, and its page read as text."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_SECONDS = 60.0
"""The server loads the course and probes the sandbox before it listens (a loaded CI machine is slow)."""
WAIT_SECONDS = 30.0
"""How long a test waits for a text to appear in the browser's terminal."""

TERMINAL_HOOK = """
Object.defineProperty(Object.prototype, "websocket_url", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "websocket_url", {value, writable: true, configurable: true, enumerable: true});
    window.__shelltutorTerminals = (window.__shelltutorTerminals || []).concat([this]);
  },
});
"""
"""Keeps textual-serve's terminal object where the test can read it. textual.js builds it in a closure at page
load (`this.websocket_url = …` is its first assignment); a setter on Object.prototype sees that assignment,
records the object and steps aside. The object's `terminal` is xterm.js's, whose buffer holds the text as
drawn (the canvas itself has none)."""
READ_SCREEN = """() => {
  const session = (window.__shelltutorTerminals || [])[0];
  if (!session || !session.terminal) return null;
  const term = session.terminal, buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""
HIGHLIGHTED = """(needle) => {
  const term = window.__shelltutorTerminals[0].terminal, buffer = term.buffer.active;
  const background = (y, x) => {
    const line = buffer.getLine(buffer.viewportY + y), cell = line && line.getCell(x);
    return cell ? cell.getBgColor() : null;
  };
  for (let y = 0; y + 1 < term.rows; y++) {
    const x = buffer.getLine(buffer.viewportY + y).translateToString(true).indexOf(needle);
    if (x >= 0 && background(y, x) !== background(y + 1, x)) return true;
  }
  return false;
}"""
"""Whether a row showing `needle` has another background than the row below it: the tree's cursor is on it."""


@dataclass
class Served:
    """A running `shelltutor serve`."""

    url: str
    data: Path
    process: subprocess.Popen[str]
    log: Path
    """The server's standard error: a line per session started and ended, with its process id."""
    seen: set[int] = field(default_factory=set)

    def session_pids(self) -> list[int]:
        """Every session process the server has started, oldest first."""
        return [int(pid) for pid in re.findall(r"session (\d+) started", self.log.read_text())]

    def new_session_pid(self, timeout: float = WAIT_SECONDS) -> int:
        """The process id of the session started since the last call."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            fresh = [pid for pid in self.session_pids() if pid not in self.seen]
            if fresh:
                self.seen.add(fresh[0])
                return fresh[0]
            time.sleep(0.05)
        raise AssertionError(f"no new session in the server's log:\n{self.log.read_text()}")

    def stop(self) -> None:
        """SIGINT, as Ctrl+C in the teacher's terminal; the server stops every session first."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("the server did not stop on SIGINT") from None


def start_server(tmp: Path, *options: str) -> Served:
    """`shelltutor serve --port 0` with its own data and cache directories, once it listens."""
    env = dict(os.environ, XDG_DATA_HOME=str(tmp / "xdg-data"), XDG_CACHE_HOME=str(tmp / "xdg-cache"), LANG="C.UTF-8")
    env.pop("LC_ALL", None)
    data = tmp / "serve"
    log = tmp / "server.log"
    argv = [sys.executable, "-m", "shelltutor", "serve", "--port", "0", "--data", str(data), *options]
    with log.open("w") as err:
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, env=env, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + SERVER_START_SECONDS
    line = ""
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            return Served(found.group(), data, process, log)
    process.kill()
    raise AssertionError(f"the server did not start: {line!r}\n{log.read_text()}")


class Screen:
    """A page of the tutor, read as text from its terminal."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def text(self) -> str:
        """What the terminal shows now, row by row."""
        return str(self.page.evaluate(READ_SCREEN) or "")

    def wait_for(self, *texts: str, timeout: float = WAIT_SECONDS) -> str:
        """The screen once it shows every one of `texts`."""
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = self.text()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} did not appear; the screen shows:\n{shown}")

    def wait_for_cursor_on(self, text: str, timeout: float = WAIT_SECONDS) -> None:
        """Wait until the course map's cursor is on the row showing `text`. The map is drawn before its cursor is
        placed (after a refresh), and an Enter in between opens nothing: a learner that quick loses the key."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.page.evaluate(HIGHLIGHTED, text):
                return
            time.sleep(0.05)
        raise AssertionError(f"the cursor did not come to {text!r}; the screen shows:\n{self.text()}")

    def type(self, text: str) -> None:
        """Type into the terminal (it has the keyboard focus)."""
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.type(text)

    def press(self, key: str) -> None:
        """A key, as Playwright names it (Enter, Escape, F9)."""
        self.page.focus(".xterm-helper-textarea")
        self.page.keyboard.press(key)

    def run(self, command: str) -> None:
        """Type a command and press Enter."""
        self.type(command)
        self.press("Enter")


def open_tutor(browser: BrowserContext, url: str) -> Screen:
    """A new tab on the tutor's page."""
    page = browser.new_page()
    page.goto(url)
    return Screen(page)


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (its sandboxes: bubblewrap and what runs in it)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_ended(pids: set[int], timeout: float = 15.0) -> set[int]:
    """The ones of `pids` still running after `timeout` (empty when all have ended)."""
    deadline = time.monotonic() + timeout
    running = set(pids)
    while running and time.monotonic() < deadline:
        running = {pid for pid in running if alive(pid)}
        time.sleep(0.05)
    return running
