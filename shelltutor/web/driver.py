"""BrowserDriver: Textual's web driver, which also lends the browser's terminal to vi, less or man, and ends the
app when the server goes away."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import termios
import threading
from codecs import getincrementaldecoder
from collections.abc import Iterator
from typing import Any

from textual import events, messages
from textual._xterm_parser import XTermParser
from textual.app import SuspendNotSupported
from textual.drivers._byte_stream import ByteStream
from textual.drivers.web_driver import WebDriver
from textual.geometry import Size

LEAVE_APP_SCREEN = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # no mouse reports
    "\x1b[?2004l"  # no bracketed paste
    "\x1b[0m\x1b[?1049l"  # plain text, the normal screen
    "\x1b[2J\x1b[H\x1b[?25h"  # cleared, cursor home and shown
)
"""What the browser's terminal is given before a program has it: as a terminal is after the app's own exit."""
ENTER_APP_SCREEN = "\x1b[0m\x1b[?1049h\x1b[?25l\x1b[?1000h\x1b[?1003h\x1b[?1015h\x1b[?1006h\x1b[?2004h"
"""...and after it: the app's screen (drawn again in full), the cursor hidden, mouse reports and paste marked."""
ESCAPE_KEYS = b"\x1c\x1c\x1c"
"""Ctrl-\\ three times: the sandbox's own way out of a full-screen program (shelltutor/sandbox/escape.py)."""
PUMP_POLL_SECONDS = 0.05


class BrowserDriver(WebDriver):
    """The driver of a tutor whose terminal is a browser's (textual-serve's xterm.js, through the server's pipes).

    Textual cannot suspend a web app: there is no terminal to hand over, only a stream of packets. But the
    browser side *is* a terminal emulator. While a full-screen program runs (the tutor's `App.suspend`), this
    driver lends it a pseudo-terminal of its own: what the program writes goes to the browser as it comes, the
    browser's keys go to the program instead of the app, and a resize reaches it. Afterwards the app's screen
    comes back and is drawn again in full.

    When the server closes the pipe (it was stopped or killed), the app ends, as a terminal app does when its
    terminal hangs up; a program holding the terminal then is stopped first, with the sandbox's escape keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lent_to: int | None = None
        """The pseudo-terminal's master while a program has the terminal."""
        self._lock = threading.Lock()

    @property
    def can_suspend(self) -> bool:
        return True

    def suspend_application_mode(self) -> None:
        """Unused: the app lends the terminal with `lent_terminal` (Textual's suspend would close the session)."""

    def resume_application_mode(self) -> None:
        """Unused (see suspend_application_mode)."""

    @contextlib.contextmanager
    def lent_terminal(self) -> Iterator[int]:
        """A pseudo-terminal shown in the browser, as the fd of its slave side, for as long as the block runs.
        SuspendNotSupported when none can be opened (the lesson says the program needs a real terminal)."""
        try:
            master, slave = pty.openpty()
        except OSError as error:
            raise SuspendNotSupported(f"no pseudo-terminal: {error}") from error
        os.set_blocking(master, False)
        self._set_size(master)
        self.write(LEAVE_APP_SCREEN)
        done = threading.Event()
        pump = threading.Thread(target=self._pump, args=(master, done), name="shelltutor-lent-terminal", daemon=True)
        with self._lock:
            self._lent_to = master
        pump.start()
        try:
            yield slave
        finally:
            with self._lock:
                self._lent_to = None
            done.set()
            pump.join()
            os.close(slave)
            os.close(master)
            self.write(ENTER_APP_SCREEN)
            size = Size(*self._size) if self._size is not None else Size(80, 24)
            self._app.post_message(events.Resize(size, size))  # the whole screen is drawn again

    def _pump(self, master: int, done: threading.Event) -> None:
        """Pass what the program writes on to the browser, until the block ends and all of it is passed."""
        while True:
            finished = done.is_set()  # read once more after it is set: what was written last
            with contextlib.suppress(InterruptedError):
                select.select([master], [], [], 0 if finished else PUMP_POLL_SECONDS)
            while True:
                try:
                    data = os.read(master, 65536)
                except (BlockingIOError, OSError):
                    break
                if not data:
                    break
                try:
                    self._write(b"D%s%s" % (len(data).to_bytes(4, "big"), data))
                except OSError:
                    return  # the server has gone: the input thread ends the app
            if finished:
                return

    def _set_size(self, master: int) -> None:
        if self._size is not None:
            columns, rows = self._size
            with contextlib.suppress(OSError):
                fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def _to_program(self, data: bytes) -> bool:
        """Pass keys to the program that has the terminal; False when none has it."""
        with self._lock:
            master = self._lent_to
            if master is None:
                return False
            with contextlib.suppress(OSError):  # a full buffer (the program reads nothing) drops the keys
                os.write(master, data)
            return True

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        super().on_meta(packet_type, payload)
        with self._lock:
            master = self._lent_to
        if master is not None and packet_type == "resize":
            self._set_size(master)
        elif packet_type == "quit":
            self._to_program(ESCAPE_KEYS)  # the session is closing: the app can only end once the program has

    def run_input_thread(self) -> None:
        """Textual's web input loop (textual/drivers/web_driver.py), with the keys diverted to a program that has
        the terminal, and the end of input (the server went away) ending the app."""
        parser = XTermParser(debug=self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        byte_stream = ByteStream()
        try:
            for data in self._input_reader:
                for packet_type, payload in byte_stream.feed(data) if data else ():
                    if packet_type != "D":
                        self._on_meta(packet_type, payload)
                    elif not self._to_program(payload):
                        for event in parser.feed(decode(payload)):
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        except Exception:
            pass  # a protocol error: the app ends below, as on a hangup
        finally:
            self._input_reader.close()
        if not self.exit_event.is_set():
            self._to_program(ESCAPE_KEYS)
            self._app.post_message(messages.ExitApp())
