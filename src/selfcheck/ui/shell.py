"""What a screen may ask of the app. Screens never import the app (it imports them, to route
between them): they ask through this small interface, which `SelfcheckApp` implements."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from selfcheck.storage.catalogues import CatalogueSet


@runtime_checkable
class Shell(Protocol):
    def now(self) -> datetime:
        """Now, by the app's one clock (pinned in tests)."""
        ...

    def catalogues_loaded(self, catalogues: CatalogueSet) -> None:
        """The start screen has read the catalogue folder: sessions open against these."""
        ...

    def open_session(self, path: Path) -> None:
        """Open a session file (a recovered draft is offered first)."""
        ...

    def create_session(self, catalogue_id: str, candidate: str, target: str | None) -> None:
        """Create a new session file and open it."""
        ...

    def back_to_start(self) -> None:
        """A session was closed: show the start screen."""
        ...


def shell(node: DOMNode) -> Shell:
    """The app a screen or widget runs in, as the interface screens may use."""
    app = node.app
    if not isinstance(app, Shell):
        raise TypeError(f"{type(app).__name__} does not implement selfcheck's Shell")
    return app
