"""Small helpers for driving the app in tests."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from selfcheck.ui.app import SelfcheckApp

#: The terminal sizes every snapshot is taken at.
SNAPSHOT_SIZES = {"small": (80, 24), "wide": (160, 40)}


#: More rounds than any screen needs; reaching it means the app never settles.
MOST_ROUNDS = 50


def _pending(app: App[Any]) -> bool:
    """Work the app has started and not finished: a worker (reading catalogues, opening a
    session), or a session screen still mounting what its first frame left out."""
    screen = app.session_screen() if isinstance(app, SelfcheckApp) else None
    return bool(app.workers) or (screen is not None and not screen.built)


async def settle(pilot: Pilot[Any]) -> None:
    """Let the app finish what it has pending, then let the screen catch up.

    With nothing pending this is one `pilot.pause()`. Otherwise the workers are awaited and
    the screen paused until nothing is left, and once more after that, for the layout of
    what was mounted last. Never a sleep.
    """
    app = pilot.app
    await pilot.pause()
    if not _pending(app):
        return
    for _ in range(MOST_ROUNDS):
        if app.workers:
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not (app.is_running and _pending(app)):
            await pilot.pause()
            return
    raise AssertionError(f"the app still has work pending after {MOST_ROUNDS} rounds")


def burst(app: SelfcheckApp, *keys: str) -> None:
    """Deliver keys all at once, as a terminal does with a paste (without bracketed paste) or
    over a slow link: every key is queued before the app handles the first. `pilot.press`
    instead waits for the app to go idle after each key, which hides ordering faults."""
    for key in keys:
        character = key if len(key) == 1 else None
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        app.post_message(events.Key(key, character))


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str) -> None:
    """Pause until `condition` holds, for what Textual itself does after a refresh (the
    footer's keys, for one), which no worker or screen state shows. Fails, naming `what`,
    if it never does."""
    for _ in range(MOST_ROUNDS):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"still waiting, after {MOST_ROUNDS} pauses, for {what}")


def footer_keys(screen: Screen[Any]) -> dict[str, Widget]:
    """The footer's keys by what they do ("Next unrated", "Quit"): each is the widget that
    shows it, with its region on screen."""
    keys = {}
    for key in screen.query_one(Footer).children:
        # Each key shows as "KEY WHAT", e.g. "u Next unrated" or "^q Quit".
        keys[str(key.render()).split(maxsplit=1)[-1]] = key
    return keys


def footer_text(screen: Screen[Any]) -> str:
    """The keys the footer offers, as shown ("u Next unrated  e Evidence ...")."""
    return "  ".join(str(key.render()) for key in screen.query_one(Footer).children)


@dataclass(frozen=True)
class Notice:
    message: str
    title: str
    severity: str
    #: Seconds on screen (the app's default when the caller gave none).
    timeout: float


class Notices(list[Notice]):
    """Every notification the app gives, as asked of `App.notify` (screens and widgets send
    theirs there too). Create it before `run_test` to hear what opening the app says; tests
    run without toasts on screen, and Textual keeps the ones it has to itself."""

    def __init__(self, app: App[Any]) -> None:
        super().__init__()
        give = app.notify

        def notify(message: str, **options: Any) -> None:
            timeout = options.get("timeout")
            self.append(
                Notice(
                    message,
                    title=options.get("title", ""),
                    severity=options.get("severity", "information"),
                    timeout=app.NOTIFICATION_TIMEOUT if timeout is None else timeout,
                )
            )
            give(message, **options)

        setattr(app, "notify", notify)  # noqa: B010 (mypy refuses assigning to a method)

    @property
    def messages(self) -> list[str]:
        return [notice.message for notice in self]


def shown(widget: Widget) -> str:
    """The plain text a Static shows."""
    assert isinstance(widget, Static)
    return str(widget.render())


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def session_screen(app: SelfcheckApp) -> Any:
    from selfcheck.ui.screens.session import SessionScreen

    screen = app.screen
    assert isinstance(screen, SessionScreen), screen
    return screen


def pressing(*keys: str) -> Any:
    """A snapshot's `run_before`: settle, then press each key and settle again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


class WidgetApp(App[None]):
    """A bare app around the widgets under test. It starts in a fraction of the time the
    whole app takes (no catalogues, no session, no stylesheets): use it for what one widget
    shows or does, and the whole app for what crosses screens or files."""

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self.widgets_under_test = widgets

    def compose(self) -> ComposeResult:
        yield from self.widgets_under_test
