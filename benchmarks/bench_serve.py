"""Browser sessions (`shelltutor serve`): memory per learner, connect → course map, Enter → verdict, with 1, 10 and
30 learners at once, against the terminal tutor in the same run.

Run: `.venv/bin/python benchmarks/bench_serve.py [--sessions 1,10,30] [--commands 5] [--no-chromium]`.

The learners are websocket clients that speak what textual-serve's page speaks (`["stdin", keys]`,
`["resize", …]`, the terminal's bytes back) and read the screen from those bytes (a small screen model: Textual
places every run of text with a cursor move), all in this process. Thirty real Chromium pages on this 2-core
machine would spend more CPU drawing the terminals than the server spends serving them, and the figures would be
the browser's; so one real Chromium page (Debian's, through Playwright) is measured too, to show that the
clients do not change what the server is measured to do.

- memory per learner: each session's process tree (the tutor, its sandboxes: bubblewrap, the shell and what runs
  in it), once every learner has an exercise open and has run its commands; RSS (shared pages counted in every
  process, as `ps` shows) and PSS (shared pages divided among the processes sharing them: what the machine
  really gives each learner), and the fall of MemAvailable divided by the learners.
- connect → login screen (a tutor process started for the websocket), login Enter → course map; the terminal
  tutor's start to its course map is the baseline.
- Enter → verdict: each learner, all at once, clears the output (Ctrl+L), types `pwd` and presses Enter,
  `--commands` times with 1-2 s between them, as learners type; the time until the verdict line is drawn. The
  terminal tutor's, measured the same way, is the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
from bench_tui import shelltutor_command
from bench_tui_latency import p90
from rich.cells import get_character_cell_size

WIDTH, HEIGHT = 140, 42
MAP_TEXT = "exercises done"
LOGIN_TEXT = "Who are you?"
LESSON_TEXT = "type a command"
VERDICT_TEXT = "✔ PASSED —"
"""The verdict line the terminal panel adds under a command (the verdict box on the left has no dash)."""
CSI = re.compile(r"\x1b\[([0-9;?]*)([ -/]*[@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P_^][^\x1b]*\x1b\\|\x1b.")
WAIT_SECONDS = 120.0
ENTER_RETRY_SECONDS = 5.0
"""An Enter on the course map that opened nothing (it came before the map's cursor was placed) is pressed again
after this long; how often that happened is printed."""


class ScreenModel:
    """The text a terminal shows, from what Textual writes: cursor moves and runs of text (colours ignored)."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.rows = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self.changed = asyncio.Event()
        self._tail = ""

    def feed(self, data: bytes) -> None:
        text = self._tail + data.decode("utf-8", errors="replace")
        self._tail = ""
        cut = text.rfind("\x1b")
        if cut >= 0 and not CSI.match(text, cut):  # an escape sequence split between two reads
            text, self._tail = text[:cut], text[cut:]
        position = 0
        for match in CSI.finditer(text):
            self._put(text[position : match.start()])
            position = match.end()
            if match.group(2) in ("H", "f"):
                parts = [int(p) if p.isdigit() else 1 for p in (match.group(1) or "1;1").split(";")] + [1, 1]
                self.y, self.x = parts[0] - 1, parts[1] - 1
        self._put(text[position:])
        self.changed.set()

    def _put(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y += 1
            elif 0 <= self.y < len(self.rows):
                row = self.rows[self.y]
                size = 1 if char.isascii() else get_character_cell_size(char)
                if 0 <= self.x < len(row):
                    row[self.x] = char
                    if size == 2 and self.x + 1 < len(row):
                        row[self.x + 1] = ""
                self.x += max(size, 1)

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.rows)


class Learner:
    """One learner's terminal: keys out, the screen back; `until` waits for the screen to show something."""

    def __init__(self) -> None:
        self.screen = ScreenModel()
        self.enter_retries = 0

    async def send(self, keys: str) -> None:
        raise NotImplementedError

    async def until(self, check: Callable[[str], bool], timeout: float = WAIT_SECONDS) -> None:
        deadline = time.perf_counter() + timeout
        while not check(self.screen.text()):
            self.screen.changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"the screen never showed it:\n{self.screen.text()}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.screen.changed.wait(), left)

    async def shows(self, text: str, timeout: float = WAIT_SECONDS) -> None:
        await self.until(lambda screen: text in screen, timeout)

    async def open_first_exercise(self) -> None:
        """Enter on the course map, again if the first one came before the map's cursor was placed."""
        await asyncio.sleep(random.uniform(1.0, 2.0))  # the learner reads the map
        for _ in range(3):
            await self.send("\r")
            try:
                await self.shows(LESSON_TEXT, ENTER_RETRY_SECONDS)
                return
            except TimeoutError:
                self.enter_retries += 1
        await self.shows(LESSON_TEXT)

    async def verdicts(self, commands: int, think: tuple[float, float]) -> list[float]:
        """Ctrl+L, `pwd`, Enter, `commands` times, `think` seconds apart (at random in that range); milliseconds
        from each Enter to its verdict line."""
        took = []
        for _ in range(commands):
            await asyncio.sleep(random.uniform(*think))
            await self.send("\x0c")
            await self.until(lambda screen: VERDICT_TEXT not in screen)
            await self.send("pwd")
            await self.shows("$ pwd")
            start = time.perf_counter()
            await self.send("\r")
            await self.shows(VERDICT_TEXT)
            took.append((time.perf_counter() - start) * 1000)
        return took


class BrowserLearner(Learner):
    """A websocket client speaking what textual-serve's page speaks."""

    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        super().__init__()
        self.http, self.url = http, url
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self.socket = await self.http.ws_connect(f"{self.url}ws?width={WIDTH}&height={HEIGHT}", max_msg_size=0)
        await self.socket.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen.feed(message.data)

    async def send(self, keys: str) -> None:
        assert self.socket is not None
        await self.socket.send_str(json.dumps(["stdin", keys]))

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            await self.reader


class TerminalLearner(Learner):
    """The terminal tutor on a pseudo-terminal (the baseline)."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__()
        import fcntl
        import pty
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        self.process = subprocess.Popen(
            [shelltutor_command(), "--lang", "en"], stdin=slave, stdout=slave, stderr=slave, env=env,
            start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        os.set_blocking(self.master, False)
        asyncio.get_running_loop().add_reader(self.master, self._read)

    def _read(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            self.screen.feed(os.read(self.master, 65536))

    async def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    async def close(self) -> None:
        await self.send("\x11")  # Ctrl+Q
        await asyncio.to_thread(self.process.wait, 10)
        asyncio.get_running_loop().remove_reader(self.master)
        os.close(self.master)


def children(pid: int) -> list[int]:
    """The processes `pid` started (of every thread of it: bubblewrap is started from the session thread)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    pids, todo = [pid], [pid]
    while todo:
        below = children(todo.pop())
        pids += below
        todo += below
    return pids


def tree_memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of `pid` and every process below it, in MiB."""
    rss = pss = 0
    for one in tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{one}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
    return rss / 1024, pss / 1024


def mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no MemAvailable")


def start_server(tmp: Path, env: dict[str, str], places: int) -> tuple[subprocess.Popen[str], str]:
    argv = [sys.executable, "-m", "shelltutor", "serve", "--port", "0", "--data", str(tmp / "serve")]
    server = subprocess.Popen(
        [*argv, "--max-sessions", str(places)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    assert server.stdout is not None
    for line in server.stdout:
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            return server, found.group()
    raise SystemExit("the server did not start")


async def start_learner(http: aiohttp.ClientSession, url: str, name: str) -> tuple[BrowserLearner, float, float]:
    """Connect, log in as `name`; the learner, ms to the login screen and ms from the login's Enter to the map."""
    learner = BrowserLearner(http, url)
    start = time.perf_counter()
    await learner.connect()
    await learner.shows(LOGIN_TEXT)
    login = (time.perf_counter() - start) * 1000
    await learner.send(name)
    await learner.shows(name)
    start = time.perf_counter()
    await learner.send("\r")
    await learner.shows(MAP_TEXT)
    return learner, login, (time.perf_counter() - start) * 1000


def sessions_cpu_s(server_pid: int) -> float:
    """CPU seconds the sessions have used so far: every process below the server, and the children they waited
    for (the learners' commands)."""
    total = 0
    for pid in tree(server_pid)[1:]:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


async def served_run(
    url: str, server_pid: int, sessions: int, commands: int, think: tuple[float, float]
) -> dict[str, object]:
    """`sessions` new learners at once, step by step (all start, all open an exercise, all run their commands);
    their timings, the sessions' CPU per step, and memory once all have run their commands."""
    before = mem_available_mb()
    names = [f"learner-{sessions}-{i}-{random.randrange(10**6)}" for i in range(sessions)]
    async with aiohttp.ClientSession() as http:
        started = await asyncio.gather(*(start_learner(http, url, name) for name in names))
        learners = [learner for learner, _, _ in started]
        cpu_started = sessions_cpu_s(server_pid)
        await asyncio.gather(*(learner.open_first_exercise() for learner in learners))
        cpu_opened = sessions_cpu_s(server_pid)
        verdicts = await asyncio.gather(*(learner.verdicts(commands, think) for learner in learners))
        await asyncio.sleep(2.0)  # settle: the next exercise prepared, the cycle collector run
        cpu_done = sessions_cpu_s(server_pid)
        memory = [tree_memory(pid) for pid in children(server_pid)]
        drop = (before - mem_available_mb()) / sessions
        for learner in learners:
            await learner.close()
    for _ in range(200):  # every session ended before the next run
        if not children(server_pid):
            break
        await asyncio.sleep(0.1)
    return {
        "login": [login for _, login, _ in started],
        "map": [to_map for _, _, to_map in started],
        "total": [login + to_map for _, login, to_map in started],
        "verdicts": [v for one in verdicts for v in one],
        "rss": [m[0] for m in memory],
        "pss": [m[1] for m in memory],
        "drop": drop,
        "cpu_start": cpu_started / sessions,
        "cpu_open": (cpu_opened - cpu_started) / sessions,
        "cpu_command": (cpu_done - cpu_opened) / (sessions * commands),
        "retries": sum(learner.enter_retries for learner in learners),
    }


async def terminal_run(env: dict[str, str], commands: int, think: tuple[float, float]) -> dict[str, object]:
    """The terminal tutor, the same steps: start to the course map, Enter → verdict."""
    start = time.perf_counter()
    learner = TerminalLearner(env)
    await learner.shows(MAP_TEXT)
    to_map = (time.perf_counter() - start) * 1000
    await learner.open_first_exercise()
    verdicts = await learner.verdicts(commands, think)
    await asyncio.sleep(2.0)
    rss, pss = tree_memory(learner.process.pid)
    await learner.close()
    return {"map": to_map, "verdicts": verdicts, "rss": rss, "pss": pss}


def chromium_run(url: str, commands: int) -> tuple[float, list[float]]:
    """One real Chromium page: page load → login → course map in ms (typing the name included), and Enter →
    verdict as the page's terminal shows it (read every 5 ms)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.browser.tutor_page import CHROMIUM, CHROMIUM_ARGS, TERMINAL_HOOK, Screen

    def until(screen: Screen, check: Callable[[str], bool]) -> None:
        deadline = time.perf_counter() + WAIT_SECONDS
        while not check(screen.text()):
            if time.perf_counter() > deadline:
                raise TimeoutError(screen.text())
            time.sleep(0.005)

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.add_init_script(TERMINAL_HOOK)
        screen = Screen(page)
        start = time.perf_counter()
        page.goto(url)
        screen.wait_for(LOGIN_TEXT)
        screen.run(f"chromium-{random.randrange(10**6)}")
        screen.wait_for(MAP_TEXT)
        to_map = (time.perf_counter() - start) * 1000
        screen.wait_for_cursor_on("Where am I?")
        screen.press("Enter")
        screen.wait_for(LESSON_TEXT)
        took = []
        for _ in range(commands):
            time.sleep(1.0)
            screen.press("Control+L")
            until(screen, lambda text: VERDICT_TEXT not in text)
            screen.type("pwd")
            screen.wait_for("$ pwd")
            start = time.perf_counter()
            screen.press("Enter")
            until(screen, lambda text: VERDICT_TEXT in text)
            took.append((time.perf_counter() - start) * 1000)
        browser.close()
    return to_map, took


def row(name: str, values: list[float], unit: str = "ms") -> str:
    return f"{name:<52} {statistics.median(values):>8.0f} {p90(values):>8.0f} {max(values):>8.0f}  {unit}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,30", help="learners at once, comma-separated (default 1,10,30)")
    parser.add_argument("--commands", type=int, default=5, help="commands each learner runs (default 5)")
    parser.add_argument(
        "--think", default="1-2", help="seconds between a learner's commands, LO-HI (default 1-2: a busy class)"
    )
    parser.add_argument("--no-chromium", action="store_true", help="leave out the one real Chromium page")
    args = parser.parse_args()
    counts = [int(n) for n in args.sessions.split(",")]
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=f"{tmp}/cache", XDG_DATA_HOME=f"{tmp}/data", LANG="C.UTF-8")
        env["TERM"] = "xterm-256color"
        env.pop("LC_ALL", None)
        server, url = start_server(Path(tmp), env, max(counts))
        try:
            asyncio.run(served_run(url, server.pid, 1, 1, think))  # warm-up, not counted: disk caches, bytecode
            terminal = asyncio.run(terminal_run(env, args.commands, think))
            served = {n: asyncio.run(served_run(url, server.pid, n, args.commands, think)) for n in counts}
            chromium = None if args.no_chromium else chromium_run(url, args.commands)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)
    load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(
        f"cpus={os.cpu_count()} commands per learner={args.commands}, {args.think} s apart; "
        f"load before: {load_before}, after: {load_after}"
    )
    print(f"{'measure':<52} {'median':>8} {'p90':>8} {'max':>8}")
    print(row("terminal tutor: start → course map", [terminal["map"]]))  # type: ignore[list-item]
    print(row("terminal tutor: Enter → verdict", terminal["verdicts"]))  # type: ignore[arg-type]
    print(row("terminal tutor: memory (RSS / PSS, one learner)", [terminal["rss"]], "MiB RSS"))  # type: ignore[list-item]
    print(row("", [terminal["pss"]], "MiB PSS"))  # type: ignore[list-item]
    for n, result in served.items():
        print(f"-- {n} learner{'s' if n > 1 else ''} at once")
        print(row("  connect → login screen", result["login"]))  # type: ignore[arg-type]
        print(row("  login Enter → course map", result["map"]))  # type: ignore[arg-type]
        print(row("  connect → course map (without typing the name)", result["total"]))  # type: ignore[arg-type]
        print(row("  Enter → verdict", result["verdicts"]))  # type: ignore[arg-type]
        print(row("  memory per learner, RSS", result["rss"], "MiB"))  # type: ignore[arg-type]
        print(row("  memory per learner, PSS", result["pss"], "MiB"))  # type: ignore[arg-type]
        print(f"  {'MemAvailable fell by, per learner':<50} {result['drop']:>8.0f}  MiB")
        ratio = statistics.median(result["verdicts"]) / statistics.median(terminal["verdicts"])  # type: ignore[arg-type]
        print(f"  {'Enter → verdict, ratio to the terminal tutor':<50} {ratio:>8.2f}  ×")
        cpu = result["cpu_start"], result["cpu_open"], result["cpu_command"]
        print(
            f"  {'CPU per learner: start / open an exercise / a command':<50} "
            + " / ".join(f"{c * 1000:.0f}" for c in cpu)
            + "  ms"
        )  # type: ignore[operator]
        if result["retries"]:
            print(f"  Enter on the map pressed again (came before the cursor): {result['retries']}")
    if chromium is not None:
        print("-- one real Chromium page, alone")
        print(row("  page load → login → course map (name typed)", [chromium[0]]))
        print(row("  Enter → verdict", chromium[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
