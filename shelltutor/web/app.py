"""ServedTutorApp: the tutor as one browser session runs it — a login first, then the learner's own progress."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on

from shelltutor.course.catalog import Course, load_course
from shelltutor.course.model import LANGS
from shelltutor.progress import ProgressError, ProgressStore
from shelltutor.sandbox.history import HistoryFile
from shelltutor.service import TutorService
from shelltutor.tui.app import THEMES, ShellTutorApp
from shelltutor.tui.screens.login import LoginScreen, login_text
from shelltutor.web.driver import BrowserDriver
from shelltutor.web.learners import REFUSED_UNUSABLE, Learner, Roster

if TYPE_CHECKING:
    from shelltutor.course.model import Lang

LEARNER_NAME_SETTING = "learner.name"
"""The name a learner logged in with, kept in their progress store (a class report shows it)."""


def lobby_service(course: Course, lang: Lang | None) -> TutorService:
    """The service of the login screen: the course, the language asked for, and a store in memory (the login's
    own F9 and F10 need one; no learner's progress is read or written before the login)."""
    store = ProgressStore(Path(":memory:"))
    return TutorService(course, store, lang=lang, isolation="bwrap", history=_NoHistory(Path("/")))


class _NoHistory(HistoryFile):
    """The login screen's command history: none, and nothing is ever written (no command runs before a login;
    its path is a directory, where nothing could be)."""

    def entries(self) -> list[str]:
        return []

    def append(self, entry: str) -> bool:
        return False


def learner_service(course: Course, learner: Learner, directory: Path, lobby_lang: Lang) -> TutorService:
    """The service of a learner: their progress and history in `directory` (their name noted there), in their
    saved language (else the one the login screen was in). Always in the sandbox: a server never runs learners'
    commands unisolated."""
    store = ProgressStore.open(directory)
    try:
        store.set_setting(LEARNER_NAME_SETTING, learner.name)
        lang = None if store.setting("lang") in LANGS else lobby_lang
    except BaseException:
        store.close()
        raise
    return TutorService(course, store, lang=lang, isolation="bwrap")


@dataclass
class BrowserSession:
    """How `shelltutor serve --session` (cli/tutor.py) starts the tutor of one browser session, and closes the
    learner's service the app took at the login (cli/tutor.py closes the login's)."""

    roster: Roster
    made: ServedTutorApp | None = None

    def lobby(self, lang: Lang | None, extra_dirs: Iterable[Path]) -> TutorService:
        """The login screen's service, on the course (from the cache the server filled at its start)."""
        return lobby_service(load_course(extra_dirs, cached=True), lang)

    def app(self, lobby: TutorService) -> ServedTutorApp:
        """The app, starting at the login."""
        self.made = ServedTutorApp(lobby, self.roster)
        return self.made

    def close(self) -> None:
        """Close the learner's service, once the app has ended and its session thread is done."""
        if self.made is not None and self.made.learner is not None:
            self.made.service.close()


class ServedTutorApp(ShellTutorApp):
    """The tutor of one browser session: the login screen, then the course map on the learner's progress."""

    MAP_IS_DEFAULT = False

    def __init__(self, lobby: TutorService, roster: Roster) -> None:
        super().__init__(lobby)
        self.roster = roster
        self.learner: Learner | None = None
        """Who logged in (None on the login screen)."""

    @on(events.Mount)
    def _show_login(self, event: events.Mount) -> None:
        event.prevent_default()  # the course map (ShellTutorApp.on_mount) comes once the learner is known
        self.push_screen(LoginScreen(self._admit, asks_token=self.roster.asks_token), self._logged_in)

    def _admit(self, typed: str) -> tuple[Learner, TutorService] | str:
        """The learner `typed` names, with their service; or why not (a refusal the login screen words)."""
        learner = self.roster.identify(typed)
        if isinstance(learner, str):
            return learner
        try:
            return learner, learner_service(
                self.service.course, learner, self.roster.directory(learner), self.service.lang
            )
        except (ProgressError, OSError, sqlite3.Error):
            return REFUSED_UNUSABLE

    def _logged_in(self, admitted: tuple[Learner, TutorService] | None) -> None:
        if admitted is None:
            return
        lobby = self.service
        self.learner, self.service = admitted
        lobby.close()
        saved_theme = self.service.setting("theme")
        if saved_theme in THEMES:
            self.theme = saved_theme
        ShellTutorApp.on_mount(self)
        self.notify(login_text("welcome", self.lang, name=self.learner.name), timeout=4)

    @contextlib.contextmanager
    def suspend(self) -> Iterator[None]:
        """Give the terminal to a full-screen program: in a browser, a pseudo-terminal the driver shows there, as
        the standard input and output the lesson screen hands to the program (Textual cannot suspend a web app)."""
        driver = self._driver
        if not isinstance(driver, BrowserDriver):
            with super().suspend():
                yield
            return
        with driver.lent_terminal() as terminal:
            self._suspend_signal()
            with _standard_streams(terminal):
                yield
        self._resume_signal()
        self.refresh(layout=True)


@contextlib.contextmanager
def _standard_streams(fd: int) -> Iterator[None]:
    """sys.stdin and sys.stdout on `fd` for the block (Textual's own suspend points them at the real terminal)."""
    saved = sys.stdin, sys.stdout
    with open(fd, "rb", buffering=0, closefd=False) as reader, open(fd, "wb", buffering=0, closefd=False) as writer:
        sys.stdin, sys.stdout = reader, writer
        try:
            yield
        finally:
            sys.stdin, sys.stdout = saved
