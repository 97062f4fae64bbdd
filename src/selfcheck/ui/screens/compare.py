"""Compare the open session with another of the same catalogue: which file (a list), then what
changed from the older to the newer (a dialog). Reads files; writes none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.diff import diff_sessions
from selfcheck.model.session import Session
from selfcheck.storage.folder import sessions_in
from selfcheck.storage.sessions import read_session_document
from selfcheck.storage.toml_files import LoadError
from selfcheck.ui.text import line

#: Files looked at in the session's folder (a folder of thousands is a cohort, not a history).
MAX_FILES = 500


@dataclass(frozen=True)
class Other:
    """Another session of the same catalogue, as the list offers it."""

    path: Path
    session: Session

    @property
    def label(self) -> Content:
        when = self.session.updated
        shown = when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "no date"
        return Content.assemble(
            line(self.session.candidate or "(no name)", "bold", limit=40),
            f"  {shown}  ",
            line(self.path.name, "$text-muted", limit=60),
        )


def others(path: Path, catalogue_id: str) -> list[Other]:
    """Sessions beside `path` on the same catalogue, newest first (unreadable ones skipped)."""
    files, _ = sessions_in(path.parent)
    found = []
    for file in files[:MAX_FILES]:
        if file.name == path.name:
            continue
        try:
            session, _, _ = read_session_document(file)
        except LoadError:
            continue
        if session.catalogue == catalogue_id:
            found.append(Other(file, session))
    epoch = datetime.min.replace(tzinfo=UTC)
    found.sort(key=lambda o: o.session.updated or epoch, reverse=True)
    return found


def changes_text(catalogue: Catalogue, current: Session, other: Other, today: date) -> Content:
    """What changed from the older of the two sessions to the newer, one change a line."""
    epoch = datetime.min.replace(tzinfo=UTC)
    if (other.session.updated or epoch) <= (current.updated or epoch):
        old, new, heading = other.session, current, f"Since {other.path.name}"
    else:
        old, new, heading = current, other.session, f"From this session to {other.path.name}"
    changes = diff_sessions(catalogue, old, new, today)
    lines = [line(heading + ":", "bold")]
    lines += [Content.assemble("• ", line(c.message)) for c in changes]
    if not changes:
        lines.append(Content.styled("Nothing changed.", "$text-muted"))
    return Content("\n").join(lines)


def choose_and_compare(
    screen: Screen[Any], path: Path, catalogue: Catalogue, session: Session, today: date
) -> None:
    """Ask which other session to compare the open one with, then show what changed (with
    verdicts as on `today`)."""
    from selfcheck.ui.screens.dialogs import PickOne

    found = others(path, catalogue.id)
    if not found:
        screen.notify("No other session of this catalogue in this folder.", markup=False)
        return

    def chosen(index: str | None) -> None:
        if index is not None:
            text = changes_text(catalogue, session, found[int(index)], today)
            screen.app.push_screen(ChangesDialog(text))

    choices = [(str(i), other.label) for i, other in enumerate(found)]
    screen.app.push_screen(PickOne("Compare with", choices), chosen)


class ChangesDialog(ModalScreen[None]):
    """What changed between two sessions; Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(self, text: Content) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(Content.styled("Compare sessions", "bold"), classes="dialog-title")
            yield Static(self.text)
            yield Static("Esc closes this.", classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)
