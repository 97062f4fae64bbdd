"""Session files: loading against a catalogue, and saving with a fresh summary, a conflict
check and backups of what a save cannot carry over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfcheck import paths
from selfcheck.clock import utc_now
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.problems import InvalidDocument
from selfcheck.model.session import (
    DEVELOPMENT_KEYS,
    SESSION_SCHEMA_VERSION,
    Session,
    check_against,
)
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.catalogues import CatalogueLibrary, load_catalogue, load_catalogues
from selfcheck.storage.folder import BACKUP_SUFFIX, sessions_in
from selfcheck.storage.precheck import locate
from selfcheck.storage.toml_files import (
    MAX_SESSION_BYTES,
    ConflictError,
    FileProblem,
    LoadError,
    ReadOnlyError,
    SaveError,
    fingerprint_of,
    has_comment,
    located_problems,
    read_existing,
    read_toml,
    serialise,
)

if TYPE_CHECKING:
    from selfcheck.model.readiness import Readiness


@dataclass(frozen=True)
class LoadedSession:
    path: Path
    session: Session
    catalogue: Catalogue
    #: Things kept as written but worth knowing (unknown ids, over-long notes).
    warnings: tuple[FileProblem, ...]
    #: Written by a newer selfcheck: show it, never overwrite it.
    read_only: bool
    #: The file holds `#` comments, which a save cannot keep (a .bak copy is made first).
    has_comments: bool
    #: The bytes loaded (for the fingerprint, which only an editor needs).
    raw: bytes = field(repr=False)

    @cached_property
    def fingerprint(self) -> str:
        """Hash of the bytes loaded; a save checks the file still has them."""
        return fingerprint_of(self.raw)


def read_session_document(path: Path) -> tuple[Session, str, bytes]:
    """A session's shape, without its catalogue (for listing and catalogue lookup)."""
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    return session_shape(path, data, text), text, raw


def session_shape(path: Path, data: dict[str, Any], text: str) -> Session:
    try:
        return Session.from_toml(data)
    except InvalidDocument as exc:
        raise LoadError(located_problems(path, text, exc.problems)) from None


def newer_problem(path: Path, version: int, reads: int) -> FileProblem:
    """The one message for a file a newer selfcheck wrote, whatever its kind."""
    return FileProblem(
        path, f"written by a newer selfcheck (schema {version}); this version reads {reads}"
    )


def load_session(
    path: Path,
    catalogues: dict[str, Catalogue] | CatalogueLibrary,
    *,
    allow_newer: bool = True,
) -> LoadedSession:
    """A session checked against its catalogue; raises LoadError.

    `allow_newer=False` is for commands that read a session whole (report, check, diff,
    validate): a session a newer selfcheck wrote may hold what this one would silently leave
    out, so it is refused. The app opens it read-only instead.
    """
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    return session_from_document(path, data, text, raw, catalogues, allow_newer=allow_newer)


def session_from_document(
    path: Path,
    data: dict[str, Any],
    text: str,
    raw: bytes,
    catalogues: dict[str, Catalogue] | CatalogueLibrary,
    *,
    allow_newer: bool = True,
) -> LoadedSession:
    version = data.get("schema_version")
    if not allow_newer and type(version) is int and version > SESSION_SCHEMA_VERSION:
        raise LoadError([newer_problem(path, version, SESSION_SCHEMA_VERSION)])
    session = session_shape(path, data, text)
    catalogue = catalogues.get(session.catalogue)
    if catalogue is None:
        line = locate(text, ("catalogue",))
        ids = catalogues if isinstance(catalogues, dict) else catalogues.everything().catalogues
        known = ", ".join(sorted(ids)) or "none"
        message = f"no catalogue with id {session.catalogue!r} (known: {known})"
        raise LoadError([FileProblem(path, message, line)])
    errors, warnings = check_against(session, catalogue)
    if errors:
        raise LoadError(located_problems(path, text, errors))
    if any(q.from_feedback for q in catalogue.requirements):
        # Raters' forms answer a requirement: read them with the session (a bad form is left
        # out here; `selfcheck feedback` and `validate` name it).
        from selfcheck.storage.feedback import load_feedback

        forms = load_feedback(path, catalogue, session.candidate).rater_forms
        session = replace(session, feedback=forms)
    return LoadedSession(
        path=path,
        session=session,
        catalogue=catalogue,
        warnings=tuple(located_problems(path, text, warnings)),
        read_only=session.schema_version > SESSION_SCHEMA_VERSION,
        has_comments=has_comment(text),
        raw=raw,
    )


def summary_table(readiness: Readiness, now: datetime) -> dict[str, Any]:
    """The derived verdict written into every session, for people reading the raw file."""
    counts = readiness.counts
    highest = readiness.highest_ready
    out: dict[str, Any] = {
        "note": "Recomputed by selfcheck on every save; editing it changes nothing.",
        "computed": now,
        "ready_for": [d.id for d in readiness.ready_for],
        "highest_ready": highest.id if highest else "",
        "competencies": counts["total"],
        "rated": counts["rated"],
        "demonstrated": counts["demonstrated"],
        "not_applicable": counts["not_applicable"],
    }
    gaps = {r.designation.id: [g.message for g in r.gaps] for r in readiness.results if r.gaps}
    if gaps:
        out["gaps"] = gaps
    caveats = {r.designation.id: r.unconfirmed for r in readiness.results if r.ready}
    caveats = {des_id: text for des_id, text in caveats.items() if text}
    if caveats:
        out["unconfirmed"] = caveats  # a "ready" that rests on rules no source confirms
    return out


def session_document(session: Session, catalogue: Catalogue, now: datetime) -> dict[str, Any]:
    """The full document a save writes, to be read as a document without the app: a fresh
    [summary] first, then answers and ratings in the catalogue's order (not the order they
    were given), each rating with its competency's title and its level's label."""
    from selfcheck.model.readiness import assess  # only saving needs it; keep loads light

    body = session.to_toml()
    ratings = body.pop("ratings")
    requirements = body.pop("requirements")
    development = {key: body.pop(key) for key in DEVELOPMENT_KEYS if key in body}
    body["summary"] = summary_table(assess(catalogue, session, now.date()), now)
    order = [r.id for r in catalogue.requirements]
    body["requirements"] = {rid: requirements[rid] for rid in _in_order(requirements, order)}
    order = [c.id for c in catalogue.competencies]
    body["ratings"] = {
        cid: _readable_rating(catalogue, cid, ratings[cid]) for cid in _in_order(ratings, order)
    }
    body.update(development)  # after the ratings: the record reads as the file's last part
    return body


def _in_order(keys: dict[str, Any], order: list[str]) -> list[str]:
    """`keys` in catalogue `order`; ids the catalogue does not have follow, as they were."""
    known = set(order)
    return [k for k in order if k in keys] + [k for k in keys if k not in known]


def _readable_rating(catalogue: Catalogue, cid: str, rating: dict[str, Any]) -> dict[str, Any]:
    """A rating with the informational keys a reader needs (see INFORMATIONAL_RATING_KEYS)."""
    competency = catalogue.competency(cid)
    if competency is None:
        return rating  # kept exactly as written
    out: dict[str, Any] = {"competency": competency.title}
    for key, value in rating.items():
        out[key] = value
        if key == "level":
            level = catalogue.scale.level(value)
            if level is not None:
                out["level_label"] = level.label
    return out


def save_session(
    path: Path,
    session: Session,
    catalogue: Catalogue,
    *,
    expected_fingerprint: str | None = None,
    now: datetime | None = None,
) -> tuple[str, list[str]]:
    """Write a session atomically; return (new fingerprint, notes for the user).

    `expected_fingerprint` is the hash of the file as it was loaded (None for a new file): if
    the file on disk has changed since, the save is refused rather than overwriting it.
    """
    if session.schema_version > SESSION_SCHEMA_VERSION:
        raise ReadOnlyError(f"{path} was written by a newer selfcheck; it is open read-only")
    now = now or utc_now()
    data = serialise(session_document(session, catalogue, now))
    notes: list[str] = []
    existing = read_existing(path)
    if existing is not None:
        if expected_fingerprint is None or fingerprint_of(existing) != expected_fingerprint:
            raise ConflictError(
                f"{path} was changed by another program or window since it was opened; "
                "your changes are still here, not saved over it"
            )
        notes.extend(_backups_before_overwrite(path, existing, session))
    elif expected_fingerprint is not None:
        raise ConflictError(f"{path} was moved or deleted since it was opened")
    atomic_write(path, data)
    return fingerprint_of(data), notes


def new_session_path(folder: Path, candidate: str, catalogue_id: str) -> Path:
    """A fresh, safe file name for a new session in `folder`, created owner-only if it is not
    there yet; raises SaveError."""
    try:
        paths.ensure_private_dir(folder)
        return paths.session_file_name(candidate, catalogue_id, folder)
    except OSError as exc:
        raise SaveError(f"could not save in {folder}: {exc.strerror or exc}") from None


def create_session_file(
    path: Path, session: Session, catalogue: Catalogue, now: datetime
) -> tuple[Session, str]:
    """Write a new session at `path` (from `new_session_path`), stamped created and updated
    `now`; never over an existing file. Returns (the session as written, its fingerprint);
    raises SaveError."""
    session = session.touched(now)
    fingerprint, _ = save_session(path, session, catalogue, now=now)
    return session, fingerprint


def _backups_before_overwrite(path: Path, existing: bytes, session: Session) -> list[str]:
    """Keep what a save cannot carry over: hand-written comments, an older format."""
    notes = []
    if session.schema_version < SESSION_SCHEMA_VERSION:
        backup = path.with_name(f"{path.stem}.v{session.schema_version}{BACKUP_SUFFIX}")
        if not backup.exists():
            atomic_write(backup, existing)
            notes.append(f"kept the file as it was before the format update in {backup}")
    text = existing.decode("utf-8", "replace")
    if has_comment(text):
        backup = path.with_name(f"{path.name}{BACKUP_SUFFIX}")
        if not backup.exists():
            atomic_write(backup, existing)
            notes.append(f"the file had # comments, which saving drops; a copy is in {backup}")
    return notes


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
    #: The result in a few words ("ready for CMF", "not ready yet"), as every view words it.
    verdict: str
    target: str | None
    updated: datetime | None
    read_only: bool


def list_sessions(
    folder: Path, catalogues: Mapping[str, Catalogue]
) -> tuple[list[SessionSummary], list[FileProblem]]:
    """Sessions in a folder, newest first, and the files that could not be used."""
    # Only listing needs these; loading a session stays light.
    from selfcheck.model.readiness import assess
    from selfcheck.model.verdicts import short_verdict

    found: list[SessionSummary] = []
    if not folder.is_dir():
        return [], []  # no session saved yet
    files, skipped = sessions_in(folder)
    today = utc_now().date()
    for file in files:
        try:
            loaded = load_session(file, dict(catalogues))
        except LoadError as exc:
            skipped.extend(exc.problems)
            continue
        readiness = assess(loaded.catalogue, loaded.session, today)
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
                verdict=short_verdict(readiness),
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
