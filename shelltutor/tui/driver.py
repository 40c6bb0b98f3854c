"""The terminal driver: Textual's Linux driver, made to survive input bytes that are not UTF-8."""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver


class ForgivingLinuxDriver(LinuxDriver):
    """Textual's Linux driver, whose input thread goes on after bytes that are not valid UTF-8.

    The stock input thread decodes strictly: a paste cut in the middle of a Hangul syllable, or a terminal
    sending EUC-KR, raises UnicodeDecodeError there and Textual ends the whole app with a traceback. Here
    the chunk holding the bad bytes is dropped (at most one 4 KiB read of input) and reading starts again.
    """

    def run_input_thread(self) -> None:
        while not self.exit_event.is_set():
            try:
                super().run_input_thread()
            except UnicodeDecodeError:
                continue
            return
