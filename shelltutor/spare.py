"""Spare sandbox sessions: started ahead of time for the exercise a learner is about to open, closed if unused."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent import futures
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from shelltutor.sandbox import Session, SessionSpec

CAPACITY = 2
"""Spare sessions kept at most (started or starting): the course map under the cursor and the lesson's next
exercise. Moving the cursor over the map replaces them; it never starts dozens."""
CLOSE_WAIT_SECONDS = 5.0
"""How long closing everything (quitting) waits for the sandboxes to end."""


class Closeable(Protocol):
    """A session, or an open exercise holding one."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class SpareKey:
    """What a spare session is started for; it is used only for an exercise opened with exactly this (and the
    same spec: `take`'s caller compares the session's own)."""

    exercise_id: str
    seed: int
    """The seed of the exercise's generated data, which the exercise opened with it then keeps."""
    isolation: str
    history: tuple[str, ...]
    """The learner's saved history the shell was given: a command run since makes the spare stale."""


@dataclass
class _Spare:
    key: SpareKey
    future: Future[Session]


class Closer:
    """Closes sessions off the caller's thread (a sandbox takes a few to some tens of ms to end), one thread
    each, so that many close side by side; `wait` lets the program's end wait for them."""

    def __init__(self) -> None:
        self._threads: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def close_soon(self, closeable: Closeable) -> None:
        """Close `closeable` in the background."""
        thread = threading.Thread(target=self._close, args=(closeable,), name="shelltutor-close", daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()

    def _close(self, closeable: Closeable) -> None:
        try:
            with contextlib.suppress(Exception):
                closeable.close()
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    def close_all(self, closeables: Iterable[Closeable], timeout: float = CLOSE_WAIT_SECONDS) -> None:
        """Close every one of `closeables` side by side, and wait (at most `timeout`) for them and for every
        close started before."""
        for closeable in closeables:
            self.close_soon(closeable)
        self.wait(timeout)

    def wait(self, timeout: float = CLOSE_WAIT_SECONDS) -> None:
        """Wait for the closes under way."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)


class SpareSessions:
    """At most `capacity` sessions started ahead of time, each for one exercise, seed and history.

    Sessions start on one background thread, one at a time (a second learner key press replaces a request not
    yet started); a spare pushed out, replaced, stale or left over at the end is closed in the background, so
    no sandbox outlives its use."""

    def __init__(self, closer: Closer, capacity: int = CAPACITY) -> None:
        self._closer = closer
        self._capacity = capacity
        self._spares: list[_Spare] = []
        """Oldest first."""
        self._lock = threading.Lock()
        self._requests: queue.SimpleQueue[tuple[Future[Session], Callable[[], Session]] | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._closed = False

    def prepare(self, key: SpareKey, start: Callable[[], Session]) -> bool:
        """Start a session for `key` in the background with `start`, unless one is there or starting; False
        when nothing new was started."""
        with self._lock:
            if self._closed:
                return False
            for spare in self._spares:
                if spare.key.exercise_id == key.exercise_id and spare.key.isolation == key.isolation:
                    if spare.key.history == key.history:
                        self._spares.remove(spare)
                        self._spares.append(spare)  # wanted again: the last to be pushed out
                        return False
                    self._spares.remove(spare)  # stale: its shell has an older history
                    self._discard(spare)
                    break
            while len(self._spares) >= self._capacity:
                self._discard(self._spares.pop(0))
            future: Future[Session] = Future()
            self._spares.append(_Spare(key, future))
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="shelltutor-spare", daemon=True)
                self._worker.start()
        self._requests.put((future, start))
        return True

    def take(
        self, exercise_id: str, matches: Callable[[SpareKey, SessionSpec], bool]
    ) -> tuple[Session, SpareKey] | None:
        """The spare session for `exercise_id` if `matches` its key and spec, waiting for it if it is still
        starting; None when there is none (or it failed to start). A spare for the exercise that does not
        match is closed."""
        with self._lock:
            found = next((s for s in self._spares if s.key.exercise_id == exercise_id), None)
            if found is None:
                return None
            self._spares.remove(found)
        try:
            session = found.future.result()
        except (Exception, CancelledError):
            return None  # it could not start: the caller starts one itself, and shows that error
        if not (session.alive and matches(found.key, session.spec)):
            self._closer.close_soon(session)
            return None
        return session, found.key

    def prepared_for(self, exercise_id: str) -> bool:
        """Whether a spare is there or starting for `exercise_id`."""
        with self._lock:
            return any(spare.key.exercise_id == exercise_id for spare in self._spares)

    def spare_keys(self) -> list[SpareKey]:
        """The keys of the spares there or starting, oldest first."""
        with self._lock:
            return [spare.key for spare in self._spares]

    def drop(self, keep: Sequence[str] = ()) -> None:
        """Close every spare except those for the exercises in `keep`."""
        with self._lock:
            gone = [spare for spare in self._spares if spare.key.exercise_id not in keep]
            for spare in gone:
                self._spares.remove(spare)
                self._discard(spare)

    def close(self, timeout: float = CLOSE_WAIT_SECONDS) -> None:
        """Close every spare and start no more (the program is ending); a spare still starting is waited for
        (at most `timeout`) and closed."""
        with self._lock:
            self._closed = True
            gone, self._spares = self._spares, []
            for spare in gone:
                self._discard(spare)
        self._requests.put(None)
        running = [spare.future for spare in gone if not spare.future.cancelled()]
        futures.wait(running, timeout)
        for future in running:
            if future.done():
                self._close_started(future)  # again, maybe: its callback may not have run yet

    def _discard(self, spare: _Spare) -> None:
        """Close `spare` once it has started (at once if it has), or make sure it never starts."""
        if spare.future.cancel():
            return
        spare.future.add_done_callback(self._close_started)

    def _close_started(self, future: Future[Session]) -> None:
        with contextlib.suppress(Exception, CancelledError):
            self._closer.close_soon(future.result())

    def _work(self) -> None:
        while True:
            request = self._requests.get()
            if request is None:
                return
            future, start = request
            if not future.set_running_or_notify_cancel():
                continue  # pushed out before it started
            try:
                session = start()
            except BaseException as error:  # kept for `take`, which starts afresh and shows it
                future.set_exception(error)
            else:
                future.set_result(session)
