"""The driver's exit event wakes the input thread's select() at once, so quitting does not wait out its timeout."""

from __future__ import annotations

import os
import select
import threading
import time

from shelltutor.tui.driver import WakingEvent


def test_setting_the_event_wakes_a_thread_waiting_in_select() -> None:
    wake_r, wake_w = os.pipe()
    try:
        event = WakingEvent(wake_w)
        woke: list[float] = []

        def wait() -> None:
            while not event.is_set():
                select.select([wake_r], [], [], 5.0)  # far longer than the test allows
            woke.append(time.monotonic())

        thread = threading.Thread(target=wait)
        thread.start()
        time.sleep(0.05)
        started = time.monotonic()
        event.set()
        thread.join(2.0)
        assert not thread.is_alive()
        assert woke[0] - started < 1.0
    finally:
        os.close(wake_r)
        os.close(wake_w)


def test_a_detached_event_no_longer_writes() -> None:
    wake_r, wake_w = os.pipe()
    try:
        event = WakingEvent(wake_w)
        event.detach()  # the driver closed its pipe: the number may belong to another file by now
        event.set()
        assert event.is_set()
        assert select.select([wake_r], [], [], 0)[0] == []
    finally:
        os.close(wake_r)
        os.close(wake_w)
