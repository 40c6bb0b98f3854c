"""The terminal driver: Textual's Linux driver, surviving input that is not UTF-8 and a terminal that goes away."""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import threading
from codecs import getincrementaldecoder
from typing import Any

from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

HANGUP_POLL_MS = 1000
TICK_SECONDS = 0.1
"""How often the input thread looks at the clock without input (a lone Escape is a key after a moment)."""


class WakingEvent(threading.Event):
    """An event that also writes a byte to a pipe when set, so that a thread waiting in select() wakes at once."""

    def __init__(self, wake_fd: int) -> None:
        super().__init__()
        self._wake_fd = wake_fd

    def set(self) -> None:
        super().set()
        if self._wake_fd >= 0:
            with contextlib.suppress(OSError):
                os.write(self._wake_fd, b"x")

    def detach(self) -> None:
        """Stop writing to the pipe (it is being closed; its number may soon be another file's)."""
        self._wake_fd = -1


class ForgivingLinuxDriver(LinuxDriver):
    """Textual's Linux driver, whose input thread goes on after bytes that are not valid UTF-8, ends the app
    when its terminal hangs up, and stops at once when the app ends.

    The stock input thread decodes strictly: a paste cut in the middle of a Hangul syllable, or a terminal
    sending EUC-KR, raises UnicodeDecodeError there and Textual ends the whole app with a traceback. Here
    the chunk holding the bad bytes is dropped (at most one 4 KiB read of input) and reading goes on.

    When the terminal goes away (an ssh connection drops, a tmux window is killed), the stock input thread
    reads end-of-file in a loop that never sleeps: the tutor stayed alive at 65 % of a core for as long as
    nobody killed it. A watcher sees the hangup (POLLHUP, which reads nothing) and ends the app.

    The stock input thread waits in select() for 0.1 s at a time, then once more for 0.1 s after it was told
    to stop, and quitting waits for it (joins it): up to 0.2 s of every Ctrl+Q, on a blank screen. Here
    `exit_event` also writes to a pipe the thread's select() watches, so the thread ends as soon as it is set.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._wake_r = self._wake_w = -1
        self._open_wake_pipe()

    def _open_wake_pipe(self) -> None:
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self.exit_event: WakingEvent = WakingEvent(self._wake_w)

    def start_application_mode(self) -> None:
        # Textual's suspend (a full-screen program on the real terminal: vi, tmux) stops application mode and
        # calls close(), which closes the wake-up pipe; the resume starts application mode again: a new pipe (the
        # old input thread has ended by then), else the input thread would watch fd -1 and the tutor would crash.
        if self._wake_r < 0:
            self._open_wake_pipe()
        super().start_application_mode()  # type: ignore[no-untyped-call]
        threading.Thread(target=self._watch_hangup, name="shelltutor-hangup", daemon=True).start()

    def _watch_hangup(self) -> None:
        poller = select.poll()
        try:
            poller.register(self.fileno, select.POLLHUP)
        except (OSError, ValueError):
            return
        while not self.exit_event.is_set():
            try:
                events = poller.poll(HANGUP_POLL_MS)
            except OSError:
                return
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
                self.exit_event.set()  # the input thread stops spinning on end-of-file
                self._app.call_from_thread(self._app.exit, 1)
                return

    def run_input_thread(self) -> None:
        """Textual's input loop (textual/drivers/linux_driver.py), reading the terminal and the wake-up pipe."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        selector.register(self._wake_r, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decoder = getincrementaldecoder("utf-8")()
        try:
            while not self.exit_event.is_set():
                for key, _mask in selector.select(TICK_SECONDS):
                    if key.fd == self._wake_r:
                        with contextlib.suppress(OSError):
                            os.read(self._wake_r, 512)
                        continue
                    data = os.read(self.fileno, 4096)
                    if not data:
                        break  # end of file: the hangup watcher ends the app
                    try:
                        text = decoder.decode(data)
                    except UnicodeDecodeError:
                        decoder.reset()  # this chunk is dropped; reading goes on
                        continue
                    for event in parser.feed(text) if text else ():  # "" would tell the parser input ended
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            with contextlib.suppress(Exception):
                for _event in parser.feed(""):
                    pass

    def close(self) -> None:
        super().close()
        self.exit_event.detach()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._wake_r = self._wake_w = -1
