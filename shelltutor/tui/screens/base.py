"""TutorScreen: what every screen shares — the app's service and language, and re-rendering on a language switch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from shelltutor.service import TutorService
    from shelltutor.tui.app import ShellTutorApp


class LangAware:
    """A screen that can re-render itself in another language."""

    def apply_lang(self, lang: str) -> None:
        """Re-render every text in `lang`."""


class TutorScreen(Screen[Any], LangAware):
    """A full screen of the tutor."""

    @property
    def tutor(self) -> ShellTutorApp:
        """The app, typed."""
        from shelltutor.tui.app import ShellTutorApp

        return cast(ShellTutorApp, self.app)

    @property
    def service(self) -> TutorService:
        """The tutor service everything goes through."""
        return self.tutor.service

    @property
    def lang(self) -> str:
        """The current language."""
        return self.tutor.lang


class TutorModal(ModalScreen[bool], LangAware):
    """A dialog over another screen."""

    @property
    def lang(self) -> str:
        """The current language."""
        from shelltutor.tui.app import ShellTutorApp

        return cast(ShellTutorApp, self.app).lang
