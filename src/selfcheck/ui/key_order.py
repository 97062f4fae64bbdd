"""Keys take effect in the order they were typed, even when one of them moves the focus.

Textual forwards each key to the focused widget's queue and resolves most bindings only once
the key has bubbled back up to the app. Keys that arrive together (a paste without bracketed
paste, a slow link, a fast typist) were all forwarded to the widget focused when they arrived:
after Esc in a note, the `j` meant for the list was typed into the note, because Esc moved
the focus only after `j` had been sent on. Here a key the focused widget does not take as text
is resolved as it arrives, once that widget has taken the keys sent to it before: the focus
moves before the next key is routed. Every field's Esc and Tab, and every key that opens a
field (`e`, `c`, `o`), goes through this one place.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Generic, TypeVar

from textual import events
from textual.app import App
from textual.widget import Widget

ReturnType = TypeVar("ReturnType")

#: Longest wait for a widget to take the keys already sent to it. It takes them in
#: milliseconds; the limit only guards against a widget that is itself waiting on the app.
CATCH_UP_LIMIT = 2.0


async def caught_up(widget: Widget) -> None:
    """Wait until `widget` has handled every message already sent to it: a callback queued
    behind them runs only once they are done."""
    done = asyncio.Event()
    if widget.call_later(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), CATCH_UP_LIMIT)


class KeysInOrder(App[ReturnType], Generic[ReturnType]):
    """An app whose keys take effect in the order they were typed."""

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and await self._bound_now(event)
        ):
            return
        await super().on_event(event)

    async def _bound_now(self, event: events.Key) -> bool:
        """Run the key's binding now, unless the focused widget takes the key as text (then
        it is forwarded, in order, like any key). True when a binding handled it."""
        focused = self.focused
        if focused is None or self.screen.maximized is not None:
            return False
        if focused.check_consume_key(event.key, event.character):
            return False
        if not self.app_focus:
            self.app_focus = True
        await caught_up(focused)  # the text typed before this key goes where it was typed
        return await self._check_bindings(event.key, priority=True) or await self._check_bindings(
            event.key
        )
