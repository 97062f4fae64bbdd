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


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and the screen catch up (never sleep)."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


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
