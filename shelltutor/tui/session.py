"""SessionThread: the one long-lived thread that talks to sandbox sessions, so the UI thread never blocks.

One thread, not a thread per command: the shell is driven from a single thread (the pexpect recipe), and a
sandbox started with `--die-with-parent` is killed when the *thread* that started it exits (PDEATHSIG
follows the thread), so sessions must be started from a thread that lives as long as the app.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class SessionThread:
    """Runs blocking session calls one at a time on a dedicated thread."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="shelltutor-session", initializer=self._remember_thread
        )
        self._thread: threading.Thread | None = None

    def _remember_thread(self) -> None:
        self._thread = threading.current_thread()

    async def call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the session thread and wait for it without blocking the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    def submit(self, fn: Callable[[], object]) -> Future[object]:
        """Run `fn` on the session thread without waiting (closing a session on the way out)."""
        return self._executor.submit(fn)

    def shutdown(self, wait: bool = True, *, cancel: bool = False) -> None:
        """Stop the thread once it has done its queued work (with `cancel`, once the call it is in returns)."""
        self._executor.shutdown(wait=wait, cancel_futures=cancel)

    def join(self, timeout: float) -> bool:
        """After `shutdown`: wait at most `timeout` for the thread to end; whether it has."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()
