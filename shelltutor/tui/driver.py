"""The terminal driver: Textual's Linux driver, surviving input that is not UTF-8 and a terminal that goes away."""

from __future__ import annotations

import select
import threading

from textual.drivers.linux_driver import LinuxDriver

HANGUP_POLL_MS = 1000


class ForgivingLinuxDriver(LinuxDriver):
    """Textual's Linux driver, whose input thread goes on after bytes that are not valid UTF-8, and which ends
    the app when its terminal hangs up.

    The stock input thread decodes strictly: a paste cut in the middle of a Hangul syllable, or a terminal
    sending EUC-KR, raises UnicodeDecodeError there and Textual ends the whole app with a traceback. Here
    the chunk holding the bad bytes is dropped (at most one 4 KiB read of input) and reading starts again.

    When the terminal goes away (an ssh connection drops, a tmux window is killed), the stock input thread
    reads end-of-file in a loop that never sleeps: the tutor stayed alive at 65 % of a core for as long as
    nobody killed it. A watcher sees the hangup (POLLHUP, which reads nothing) and ends the app.
    """

    def start_application_mode(self) -> None:
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
        while not self.exit_event.is_set():
            try:
                super().run_input_thread()
            except UnicodeDecodeError:
                continue
            return
