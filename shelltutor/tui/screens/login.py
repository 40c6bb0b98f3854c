"""LoginScreen: a browser learner says who they are (a name, or the teacher's token) before the course map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from shelltutor.tui.keys import GLOBAL_KEYS
from shelltutor.tui.printable import printable
from shelltutor.tui.screens.base import TutorScreen
from shelltutor.tui.widgets.key_bar import KeyBar

LearnerT = TypeVar("LearnerT")

WRONG_TOKEN_PAUSE = 1.0
"""Seconds the field stays locked after a token that is not on the list: guessing codes takes long."""
MAX_TYPED = 200
"""What the field takes at most (the roster refuses longer text anyway)."""

TEXTS: dict[str, dict[str, str]] = {
    "title": {"en": "shelltutor — the Unix shell, in your browser", "ko": "shelltutor — 브라우저에서 배우는 유닉스 셸"},
    "ask_name": {
        "en": "Who are you? Type your name and press Enter. Your progress is kept under this name: type the same "
        "name next time, from any browser, to pick up where you left off.",
        "ko": "이름을 입력하고 Enter를 누르세요. 진도는 이 이름으로 저장됩니다. 다음에 어느 브라우저에서든 같은 이름을 "
        "입력하면 이어서 할 수 있습니다.",
    },
    "ask_token": {
        "en": "Type the code your teacher gave you and press Enter. Your progress is kept under it: type the "
        "same code next time to pick up where you left off.",
        "ko": "선생님께 받은 코드를 입력하고 Enter를 누르세요. 진도는 이 코드로 저장됩니다. 다음에 같은 코드를 "
        "입력하면 이어서 할 수 있습니다.",
    },
    "placeholder_name": {"en": "your name", "ko": "이름"},
    "placeholder_token": {"en": "your code", "ko": "코드"},
    "empty_name": {"en": "Type your name first.", "ko": "먼저 이름을 입력하세요."},
    "empty_token": {"en": "Type your code first.", "ko": "먼저 코드를 입력하세요."},
    "no_letters": {
        "en": "A name needs at least one letter or digit.",
        "ko": "이름에는 글자나 숫자가 하나 이상 있어야 합니다.",
    },
    "too_long": {"en": "That is too long.", "ko": "너무 깁니다."},
    "unknown_token": {
        "en": "This code is not on your teacher's list. Check it and type it again.",
        "ko": "선생님 목록에 없는 코드입니다. 확인하고 다시 입력하세요.",
    },
    "unusable": {
        "en": "Your progress cannot be opened on this server. Tell your teacher.",
        "ko": "이 서버에서 진도를 열 수 없습니다. 선생님께 알려 주세요.",
    },
    "welcome": {
        "en": "Hello, {name}. Your progress is saved under this name.",
        "ko": "{name} 님, 반갑습니다. 진도는 이 이름으로 저장됩니다.",
    },
}
"""The screen's words; a refusal's key is the roster's code (`empty` is told apart for names and tokens)."""


def login_text(key: str, lang: str, **values: str) -> str:
    """One of TEXTS in `lang` (English for any other), its fields made printable."""
    text = TEXTS[key]["ko" if lang == "ko" else "en"]
    return text.format(**{name: printable(value) for name, value in values.items()}) if values else text


class LoginScreen(TutorScreen, Generic[LearnerT]):
    """Asks for a name or a token; dismisses with whatever `identify` makes of it once that is not a refusal.

    `identify` returns a learner, or a refusal code (a key of TEXTS) to show under the field."""

    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen > Vertical {
        width: 72; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 1 2;
    }
    LoginScreen #login-title { text-style: bold; margin-bottom: 1; }
    LoginScreen #login-error { color: $error; height: auto; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "clear", show=False)]

    def __init__(self, identify: Callable[[str], LearnerT | str], *, asks_token: bool) -> None:
        super().__init__()
        self.identify = identify
        self.asks_token = asks_token
        self.refusal: str | None = None
        """The refusal shown under the field, if any."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(id="login-title")
            yield Static(id="login-ask")
            yield Input(max_length=MAX_TYPED, password=self.asks_token, id="login-input")
            yield Static(id="login-error")
        yield KeyBar(GLOBAL_KEYS, id="keys")

    def on_mount(self) -> None:
        self.apply_lang(self.lang)
        self.query_one(Input).focus()

    def apply_lang(self, lang: str) -> None:
        ask = "token" if self.asks_token else "name"
        self.query_one("#login-title", Static).update(login_text("title", lang))
        self.query_one("#login-ask", Static).update(login_text(f"ask_{ask}", lang))
        self.query_one(Input).placeholder = login_text(f"placeholder_{ask}", lang)
        self.query_one(KeyBar).set_lang(lang)
        self._show_refusal()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one(Input)
        if field.disabled:
            return
        found: Any = self.identify(event.value)
        if not isinstance(found, str):
            self.dismiss(found)
            return
        self.refusal = f"empty_{'token' if self.asks_token else 'name'}" if found == "empty" else found
        self._show_refusal()
        if found == "unknown_token":
            field.value = ""
            field.disabled = True
            self.set_timer(WRONG_TOKEN_PAUSE, self._unlock)

    def _unlock(self) -> None:
        field = self.query_one(Input)
        field.disabled = False
        field.focus()

    def _show_refusal(self) -> None:
        message = login_text(self.refusal, self.lang) if self.refusal in TEXTS else ""
        self.query_one("#login-error", Static).update(Text(("✘ " + message) if message else ""))

    def action_clear(self) -> None:
        """Esc: empty the field."""
        self.query_one(Input).value = ""
