"""Managing a saved session from the start screen: rename, duplicate, archive or delete it.

Each is asked for in a dialog (a new name, or a confirmation that needs its own key); the
files are moved by `storage.manage`, which never erases anything and leaves alone a session
open in another window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from selfcheck.storage.manage import (
    ARCHIVE_FOLDER,
    DELETED_FOLDER,
    ManageError,
    archive_session,
    delete_session,
    duplicate_session,
    rename_session,
)
from selfcheck.ui.text import line
from selfcheck.ui.widgets.editors import SafeInput

#: What the start screen's Manage key offers, by the key each dialog choice returns.
CHOICES = {
    "rename": "Rename…",
    "duplicate": "Duplicate (a copy named after today)",
    "archive": "Archive… (moved to archive/)",
    "delete": "Delete… (moved to deleted/)",
}


class AskName(ModalScreen[str | None]):
    """A new file name for a session; dismisses with what was typed, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.assemble(("Rename ", "bold"), line(self.path.name, "bold", limit=50)),
                classes="dialog-title",
            )
            yield SafeInput(value=self.path.stem, id="new-name", max_length=80)
            yield Static(
                "Letters, digits and dashes; its review and feedback are renamed with it. "
                "Enter renames, Esc cancels.",
                classes="muted",
            )

    @on(Input.Submitted)
    def _named(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Asks before a session is moved away: only its own key (or its button) goes ahead;
    Enter alone, Esc or any other key leaves it where it is."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "answer(False)", "Cancel")]
    VERB = ""

    def __init__(self, title: str, message: Content) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.verb = self.VERB

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield Static(self.message)
            with Horizontal(classes="buttons"):
                yield Button(self.verb, id="yes", variant="error")
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # a habitual Enter cancels

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConfirmArchive(Confirm):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "answer(True)", "Archive")]
    VERB = "Archive"


class ConfirmDelete(Confirm):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("d", "answer(True)", "Delete")]
    VERB = "Delete"


#: Archiving and deleting, each: its dialog, the folder the session goes to, the move, what
#: the dialog adds, and how the notice begins.
_MOVES: dict[str, tuple[type[Confirm], str, Callable[[Path, Path | None], Path], str, str]] = {
    "archive": (
        ConfirmArchive, ARCHIVE_FOLDER, archive_session,
        "It no longer shows here; move it back to use it again. a archives, Esc cancels.",
        "Archived as",
    ),
    "delete": (
        ConfirmDelete, DELETED_FOLDER, delete_session,
        "Nothing is erased until you empty that folder. d deletes, Esc cancels.",
        "Moved to",
    ),
}  # fmt: skip


def manage(
    app: App[Any],
    path: Path,
    choice: str,
    *,
    now: datetime,
    state_dir: Path | None,
    done: Callable[[], object],
) -> None:
    """Ask for what `choice` needs, then do it; `done` runs after any change."""

    def attempt(change: Callable[[], Path], said: Callable[[Path], str]) -> None:
        try:
            moved = change()
        except ManageError as exc:
            app.notify(line(f"Nothing changed: {exc}.").plain, severity="error", markup=False)
            return
        app.notify(line(said(moved)).plain, markup=False)
        done()

    def renamed(name: str | None) -> None:
        if name is not None:
            attempt(lambda: rename_session(path, name, state_dir), lambda p: f"Renamed {p.name}.")

    def confirmed(
        change: Callable[[], Path], said: Callable[[Path], str]
    ) -> Callable[[bool | None], None]:
        def answer(yes: bool | None) -> None:
            if yes:
                attempt(change, said)

        return answer

    name = line(path.name, "bold", limit=50)
    if choice == "rename":
        app.push_screen(AskName(path), renamed)
    elif choice == "duplicate":
        attempt(lambda: duplicate_session(path, now), lambda p: f"Copied to {p.name}.")
    elif choice in _MOVES:
        dialog, folder, move, after, told = _MOVES[choice]
        message = Content.assemble(
            "Move ", name, f" and its review to {folder}/ in the sessions folder? {after}"
        )  # fmt: skip
        app.push_screen(
            dialog(f"{dialog.VERB} this session?", message),
            confirmed(lambda: move(path, state_dir), lambda p: f"{told} {folder}/{p.name}."),
        )
