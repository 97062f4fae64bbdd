"""What is in a sessions folder: which files are sessions, and validating any file by kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from selfcheck.model.catalogue import Catalogue
from selfcheck.storage.catalogues import CatalogueLibrary, catalogue_from_document
from selfcheck.storage.reviews import REVIEW_SUFFIX
from selfcheck.storage.sessions import session_from_document
from selfcheck.storage.toml_files import MAX_CATALOGUE_BYTES, MAX_SESSION_BYTES, read_toml

if TYPE_CHECKING:
    pass
from collections.abc import Mapping

from selfcheck.model.readiness import assess
from selfcheck.storage.catalogues import load_catalogue, load_catalogues
from selfcheck.storage.sessions import load_session, read_session_document
from selfcheck.storage.toml_files import FileProblem, LoadError


def is_session_file(path: Path) -> bool:
    """A `*.toml` in a sessions folder that is a session (not a review, backup or temp file)."""
    name = path.name
    return name.endswith(".toml") and not name.endswith(REVIEW_SUFFIX) and not name.startswith(".")


def check_file(path: Path, catalogues: CatalogueLibrary) -> list[FileProblem]:
    """Validate a catalogue or a session (told apart by content); return warnings.

    Raises LoadError with every problem when the file is invalid. The file is read once.
    """
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    if not (isinstance(data.get("catalogue"), str) and "areas" not in data):
        if len(raw) > MAX_CATALOGUE_BYTES:
            raise LoadError(
                [FileProblem(path, f"too large (at most {MAX_CATALOGUE_BYTES:,} bytes)")]
            )
        catalogue_from_document(path, data, text)
        return []
    return list(session_from_document(path, data, text, raw, catalogues).warnings)


def catalogues_for(path: Path, folder: Path) -> dict[str, Catalogue]:
    """The catalogues needed to open one session: just its own when the file is named after
    its id (as shipped ones are), else the whole folder. Raises LoadError."""
    session, _, _ = read_session_document(path)
    guess = folder / f"{session.catalogue}.toml"
    if guess.is_file():
        try:
            catalogue = load_catalogue(guess)
        except LoadError:
            catalogue = None
        if catalogue is not None and catalogue.id == session.catalogue:
            return {catalogue.id: catalogue}
    return load_catalogues(folder).catalogues


@dataclass(frozen=True)
class SessionSummary:
    """One saved session as the start screen lists it."""

    path: Path
    candidate: str
    catalogue_id: str
    catalogue_title: str
    rated: int
    total: int
    demonstrated: int
    ready_for: tuple[str, ...]
    target: str | None
    updated: datetime | None
    read_only: bool


def list_sessions(
    folder: Path, catalogues: Mapping[str, Catalogue]
) -> tuple[list[SessionSummary], list[FileProblem]]:
    """Sessions in a folder, newest first, and the files that could not be used."""
    found: list[SessionSummary] = []
    skipped: list[FileProblem] = []
    try:
        files = sorted(p for p in folder.glob("*.toml") if is_session_file(p))
    except OSError as exc:
        return [], [FileProblem(folder, exc.strerror or str(exc))]
    for file in files:
        try:
            loaded = load_session(file, dict(catalogues))
        except LoadError as exc:
            skipped.extend(exc.problems)
            continue
        readiness = assess(loaded.catalogue, loaded.session)
        counts = readiness.counts
        found.append(
            SessionSummary(
                path=file,
                candidate=loaded.session.candidate,
                catalogue_id=loaded.catalogue.id,
                catalogue_title=loaded.catalogue.title,
                rated=counts["rated"],
                total=counts["total"],
                demonstrated=counts["demonstrated"],
                ready_for=tuple(d.id for d in readiness.ready_for),
                target=loaded.session.target,
                updated=loaded.session.updated or _mtime(file),
                read_only=loaded.read_only,
            )
        )
    epoch = datetime.min.replace(tzinfo=UTC)
    found.sort(key=lambda s: (s.updated or epoch, s.path.name), reverse=True)
    return found, skipped


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
    except OSError:
        return None


def resolve_session(arg: str, sessions_dir: Path) -> Path:
    """A session named on the command line: a path, or a name in the sessions folder."""
    given = Path(arg).expanduser()
    if given.exists() or given.is_symlink() or given.parent != Path("."):
        return given
    for candidate in (sessions_dir / arg, sessions_dir / f"{arg}.toml"):
        if candidate.exists():
            return candidate
    return given


def session_files(args_in: list[str], sessions_dir: Path) -> list[Path]:
    """Files named, with folders expanded to the `*.toml` sessions inside them."""
    files: list[Path] = []
    for arg in args_in:
        path = resolve_session(arg, sessions_dir)
        if path.is_dir():
            files.extend(p for p in sorted(path.glob("*.toml")) if is_session_file(p))
        else:
            files.append(path)
    return files
