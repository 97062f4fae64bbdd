"""Download a report of the open session as HTML, Markdown or JSON.

In a browser (`selfcheck serve`) the report reaches the browser as a download; in a terminal
it is written to a new file in the Downloads folder (never over an existing file).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.app import App
from textual.content import Content

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.review import Review
from selfcheck.model.session import Session
from selfcheck.paths import free_path
from selfcheck.safetext import visible
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.editor import Editor
from selfcheck.storage.sessions import LoadedSession
from selfcheck.storage.toml_files import SaveError
from selfcheck.ui.text import line

if TYPE_CHECKING:
    from selfcheck.report.view import Subject


class OpenSession(Protocol):
    """What a report is made from: a session screen (or the mentor's)."""

    editor: Editor
    catalogue: Catalogue

    @property
    def mentor_review(self) -> Review | None: ...

    @property
    def app(self) -> App[object]: ...
    @property
    def session(self) -> Session: ...
    @property
    def read_only(self) -> str: ...
    def flush(self) -> bool: ...


@dataclass(frozen=True)
class ReportFormat:
    label: str
    suffix: str
    mime_type: str


FORMATS = {
    "html": ReportFormat("HTML: one page to read or print", ".html", "text/html"),
    "markdown": ReportFormat("Markdown", ".md", "text/markdown"),
    "json": ReportFormat("JSON (selfcheck-report/1)", ".json", "application/json"),
}


def render(fmt: str, subject: Subject) -> str:
    """The report in `fmt`, as `selfcheck report --format FMT` writes it (the same last
    safe-text step included: no control character from the data goes out live)."""
    if fmt == "html":
        from selfcheck.report.html_page import html_report

        return visible(html_report(subject))
    if fmt == "json":
        from selfcheck.report.json_doc import json_text

        return json_text(subject)
    from selfcheck.report.markdown import markdown_report

    return visible(markdown_report(subject))


def subject_of(screen: OpenSession) -> Subject:
    """What the screen shows (edits not yet written included), as a report's subject."""
    from selfcheck.report.view import Subject

    path = screen.editor.file.path
    loaded = LoadedSession(
        path=path,
        session=screen.session,
        catalogue=screen.catalogue,
        warnings=(),
        read_only=bool(screen.read_only),
        has_comments=False,
        raw=b"",
    )
    return Subject(loaded, path.name, screen.mentor_review)


def choose_and_deliver(screen: OpenSession) -> None:
    """Ask which format, then deliver the report in it."""
    from selfcheck.ui.screens.dialogs import PickOne

    choices = [(key, Content(fmt.label)) for key, fmt in FORMATS.items()]

    def chosen(fmt: str | None) -> None:
        if fmt in FORMATS:
            deliver(screen, fmt)

    screen.app.push_screen(PickOne("Download report", choices), chosen)


def deliver(screen: OpenSession, fmt: str) -> None:
    screen.flush()  # what the editors hold goes into the report (and the file) first
    text = render(fmt, subject_of(screen))
    kind = FORMATS[fmt]
    name = f"{screen.editor.file.path.stem}-report{kind.suffix}"
    app = screen.app
    if app.is_web:
        app.deliver_text(
            io.StringIO(text),
            save_filename=name,
            open_method="download",
            encoding="utf-8",
            mime_type=kind.mime_type,
            name="report",
        )
        app.notify(line(f"Your browser is downloading {name}").plain, markup=False)
        return
    try:
        path = free_path(_downloads_folder() / name)
        atomic_write(path, text.encode("utf-8"))
    except SaveError as exc:
        app.notify(line(f"Could not save the report: {exc}").plain, severity="error", markup=False)
        return
    app.notify(line(f"Report saved as {path}").plain, markup=False, timeout=12)


def _downloads_folder() -> Path:
    import platformdirs

    return platformdirs.user_downloads_path()
