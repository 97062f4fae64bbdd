"""Small helpers for driving the app in tests."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from selfcheck.ui.app import SelfcheckApp

#: The terminal sizes every snapshot is taken at.
SNAPSHOT_SIZES = {"small": (80, 24), "wide": (160, 40)}


#: More rounds than any screen needs; reaching it means the app never settles.
MOST_ROUNDS = 50


def _pending(app: SelfcheckApp) -> bool:
    """Work the app has started and not finished: a worker (reading catalogues, opening a
    session), or a session screen still mounting what its first frame left out."""
    screen = app.session_screen()
    return bool(app.workers) or (screen is not None and not screen.built)


async def settle(pilot: Pilot[Any]) -> None:
    """Let the app finish what it has pending, then let the screen catch up.

    With nothing pending this is one `pilot.pause()`; otherwise the workers are awaited and
    the screen paused until nothing is left. Never a sleep.
    """
    app = pilot.app
    assert isinstance(app, SelfcheckApp)
    await pilot.pause()
    for _ in range(MOST_ROUNDS):
        if not (app.is_running and _pending(app)):
            return
        if app.workers:
            await app.workers.wait_for_complete()
        await pilot.pause()
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
