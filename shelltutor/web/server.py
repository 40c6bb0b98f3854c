"""TutorServer: textual-serve's server with a tutor process per browser session, a cap, and a checked origin."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shlex
import signal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import urlsplit

import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server, to_int

log = logging.getLogger("shelltutor.serve")

TEMPLATES = Path(__file__).parent / "templates"
DRIVER = "shelltutor.web.driver:BrowserDriver"
QUIT_SECONDS = 5.0
"""After the quit message, how long a session's tutor has to end (close its sandboxes, save) before it is killed."""
KILL_SECONDS = 2.0
FIRST_FRAME_SECONDS = 15.0
"""How long a starting session may keep its start-up slot before the next one starts anyway."""
MAX_CELLS = 1000
"""A browser's terminal is at most this many columns or rows (a hostile client's resize is refused beyond)."""
MAX_PING_CHARS = 64
RETRY_AFTER_SECONDS = 60
FULL_MESSAGE = (
    "\x1b[2J\x1b[H\x1b[1mAll {places} places of this tutor are in use.\x1b[0m\r\n"
    "Try again in a few minutes: your progress is saved.\r\n\r\n"
    "\x1b[1m이 튜터의 자리 {places}개가 모두 사용 중입니다.\x1b[0m\r\n"
    "몇 분 뒤에 다시 시도하세요. 진도는 저장되어 있습니다.\r\n"
)
"""Shown in the browser's terminal when the places filled up between loading the page and connecting."""
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
"""No other site may frame the tutor (and catch the learner's keys) or load scripts into it."""


class SessionProcess(AppService):
    """One browser session's tutor process: textual-serve's AppService, started without a shell in a process
    group of its own, with the tutor's browser driver, and killed when it does not end after the quit message."""

    def __init__(self, argv: Sequence[str], websocket: web.WebSocketResponse, downloads: DownloadManager) -> None:
        async def close() -> None:
            await websocket.close()

        super().__init__(
            shlex.join(argv),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=downloads,
        )
        self.argv = list(argv)
        self.drawn = asyncio.Event()
        """Set once the tutor has drawn its first frame (or has ended)."""

    @property
    def pid(self) -> int | None:
        """The tutor's process id (None before it started)."""
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["TEXTUAL_DRIVER"] = DRIVER
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def start(self, width: int, height: int) -> None:
        await super().start(width, height)
        assert self._task is not None
        self._task.add_done_callback(lambda _: self.drawn.set())

    async def on_data(self, payload: bytes) -> None:
        self.drawn.set()
        await super().on_data(payload)

    async def stop(self) -> None:
        """Ask the tutor to quit; kill its process group when it has not ended in QUIT_SECONDS. Its sandboxes end
        with it (bubblewrap's --die-with-parent)."""
        task, self._task = self._task, None
        process = self._process
        if task is None or process is None:
            return
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), QUIT_SECONDS)
            await asyncio.wait_for(process.wait(), KILL_SECONDS)
        except TimeoutError:
            log.warning("session %s did not quit in %s s: killed", process.pid, QUIT_SECONDS)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            await task
            await process.wait()


class TutorServer(Server):
    """Serves the tutor to browsers: the page, its terminal's websocket, and textual-serve's client scripts.

    Every websocket gets its own tutor process (`session_argv`), so its own sandboxes; at most `max_sessions` run
    at once, and past that the page says so instead of starting one. A websocket from a page of another site
    is refused (a page the teacher visits must not drive a tutor on their loopback).

    Starting a tutor takes about a second of CPU (Python, Textual, the course): when a whole class connects at
    once, the tutors start one per core at a time, each once the one before has drawn its first frame, so the
    first learners are served at once instead of every learner waiting for all the others."""

    def __init__(self, session_argv: Sequence[str], *, host: str, port: int, max_sessions: int) -> None:
        super().__init__(shlex.join(session_argv), host=host, port=port, title="shelltutor")
        self.session_argv = list(session_argv)
        self.max_sessions = max_sessions
        self.sessions: dict[SessionProcess, web.WebSocketResponse] = {}
        """The sessions running (or ending), with their websockets."""
        self.pages = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
        self.starting = asyncio.Semaphore(os.cpu_count() or 1)

    @property
    def full(self) -> bool:
        """Every place is taken."""
        return len(self.sessions) >= self.max_sessions

    async def _make_app(self) -> web.Application:
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_websocket),
                web.static("/static", self.statics_path),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _page(self, name: str, status: int = 200, **context: Any) -> web.Response:
        body = self.pages.get_template(name).render(**context)
        return web.Response(text=body, status=status, content_type="text/html", headers=SECURITY_HEADERS)

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page with the terminal, or the page that says every place is taken (503, try again)."""
        if self.full:
            response = self._page("full.html", 503, places=self.max_sessions)
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        font_size = min(max(to_int(request.query.get("fontsize", "16"), 16), 8), 40)
        return self._page("index.html", static="static/", font_size=font_size)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a tutor process for this browser and pass the terminal's bytes both ways until either ends."""
        if not _same_origin(request):
            raise web.HTTPForbidden(text="the page comes from another site")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1 << 20)
        await websocket.prepare(request)
        if self.full:
            log.info("refused a browser: all %d places are taken", self.max_sessions)
            await websocket.send_bytes(FULL_MESSAGE.format(places=self.max_sessions).encode())
            await websocket.close(code=1013, message=b"full")
            return websocket
        session = SessionProcess(self.session_argv, websocket, self.download_manager)
        self.sessions[session] = websocket
        try:
            width = _cells(request.query.get("width"), 80)
            height = _cells(request.query.get("height"), 24)
            async with self.starting:
                await session.start(width, height)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(session.drawn.wait(), FIRST_FRAME_SECONDS)
            log.info("session %s started (%d of %d places)", session.pid, len(self.sessions), self.max_sessions)
            await _relay(websocket, session)
        except Exception:
            log.exception("session %s failed", session.pid)
        finally:
            await session.stop()
            del self.sessions[session]
            log.info("session %s ended (%d of %d places)", session.pid, len(self.sessions), self.max_sessions)
            await websocket.close()
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every session (each tutor ends its sandboxes), then close the websockets."""
        sessions = list(self.sessions.items())
        await asyncio.gather(*(session.stop() for session, _ in sessions), return_exceptions=True)
        await asyncio.gather(*(websocket.close() for _, websocket in sessions), return_exceptions=True)

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT or SIGTERM (see `run`)."""
        asyncio.run(self.run(lambda url: None))

    async def run(self, ready: Callable[[str], None]) -> None:
        """Listen, call `ready` with the address (the port is the system's choice with port 0), and serve until
        SIGINT or SIGTERM; then stop every session."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            host, port = runner.addresses[0][:2]
            ready(f"http://{f'[{host}]' if ':' in host else host}:{port}/")
            await stop.wait()
        finally:
            await runner.cleanup()


async def _relay(websocket: web.WebSocketResponse, session: AppService) -> None:
    """The browser's messages to the tutor: keys, resizes, focus; anything malformed is dropped."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await session.send_bytes(data.encode("utf-8", errors="replace"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if _valid_cells(width) and _valid_cells(height):
                await session.set_terminal_size(width, height)
        elif kind == "ping" and isinstance(data, str):
            await websocket.send_json(["pong", data[:MAX_PING_CHARS]])
        elif kind == "blur":
            await session.blur()
        elif kind == "focus":
            await session.focus()


def _valid_cells(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_CELLS


def _cells(text: str | None, default: int) -> int:
    value = to_int(text or "", default)
    return value if _valid_cells(value) else default


def _same_origin(request: web.Request) -> bool:
    """Whether the websocket comes from this server's own page (or from a client that is not a browser, which
    sends no Origin). Behind a reverse proxy, the proxy must pass the Host header on."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()
