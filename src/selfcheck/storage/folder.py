"""What is in a sessions folder: which files are sessions, and validating any file by kind."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from selfcheck.clock import today as clock_today
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import assess
from selfcheck.model.verdicts import short_verdict
from selfcheck.storage.atomic import TEMP_SUFFIX
from selfcheck.storage.catalogues import (
    CatalogueLibrary,
    catalogue_from_document,
    load_catalogue,
    load_catalogues,
)
from selfcheck.storage.feedback import FEEDBACK_SUFFIX, check_form_document, is_form_document
from selfcheck.storage.reviews import is_review_name
from selfcheck.storage.sessions import load_session, read_session_document, session_from_document
from selfcheck.storage.toml_files import (
    MAX_CATALOGUE_BYTES,
    MAX_SESSION_BYTES,
    FileProblem,
    LoadError,
    parse_toml,
    read_regular,
    toml_files_in,
)


def is_session_file(path: Path) -> bool:
    """A `*.toml` in a sessions folder that is a session (not a review, backup or temp file).

    Rater forms live in a `NAME.feedback/` folder beside their session, never among sessions."""
    name = path.name
    return name.endswith(".toml") and not is_review_name(name) and not name.startswith(".")


def is_feedback_folder(path: Path) -> bool:
    """The folder of rater forms beside a session (`NAME.feedback/`)."""
    return path.name.endswith(FEEDBACK_SUFFIX) and path.is_dir()


def check_file(path: Path, catalogues: CatalogueLibrary) -> list[FileProblem]:
    """Validate a catalogue, a session or a rater form (told apart by content); return
    warnings.

    Raises LoadError with every problem when the file is invalid. The file is read once, and
    one too large for a catalogue is parsed only if it says it is a session.
    """
    raw = read_regular(path, MAX_SESSION_BYTES)
    if len(raw) > MAX_CATALOGUE_BYTES and not _says_session(raw):
        message = f"too large: {len(raw):,} bytes (at most {MAX_CATALOGUE_BYTES:,} for a catalogue)"
        raise LoadError([FileProblem(path, message)])
    data, text, raw = parse_toml(path, raw)
    if is_form_document(data):
        return check_form_document(path, data, text, catalogues)
    if not (isinstance(data.get("catalogue"), str) and "areas" not in data):
        if len(raw) > MAX_CATALOGUE_BYTES:
            raise LoadError(
                [FileProblem(path, f"too large (at most {MAX_CATALOGUE_BYTES:,} bytes)")]
            )
        catalogue_from_document(path, data, text)
        return []
    loaded = session_from_document(path, data, text, raw, catalogues, allow_newer=False)
    return list(loaded.warnings)


# Top-level keys come before the first [table] header: a session names its catalogue there.
_FIRST_HEADER = re.compile(rb"^[ \t]*\[", re.M)
_CATALOGUE_KEY = re.compile(rb"^[ \t]*(catalogue|\"catalogue\"|'catalogue')[ \t]*=", re.M)


def _says_session(raw: bytes) -> bool:
    header = _FIRST_HEADER.search(raw)
    return bool(_CATALOGUE_KEY.search(raw, 0, header.start() if header else len(raw)))


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
    found: list[SessionSummary] = []
    if not folder.is_dir():
        return [], []  # no session saved yet
    files, skipped = session_files_in(folder)
    today = clock_today()
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


def resolve_session(arg: str, sessions_dir: Path) -> Path:
    """A session named on the command line: a path, or a name in the sessions folder."""
    given = Path(arg).expanduser()
    if given.exists() or given.is_symlink() or given.parent != Path("."):
        return given
    for candidate in (sessions_dir / arg, sessions_dir / f"{arg}.toml"):
        if candidate.exists():
            return candidate
    return given


def session_files_in(folder: Path) -> tuple[list[Path], list[FileProblem]]:
    """The session files of a folder, and the entries named like one that are not files."""
    files, problems = toml_files_in(folder)
    return [p for p in files if is_session_file(p)], [
        p for p in problems if is_session_file(p.path)
    ]


def shown_name(arg: str, path: Path) -> str:
    """How a session named on the command line is named in what is printed: as it was typed,
    or its file name when it was found in the sessions folder. Never the absolute path, which
    would put the user's home folder into a report meant for a mentor."""
    return arg if Path(arg).expanduser() == path else path.name


def session_files(
    args_in: list[str], sessions_dir: Path
) -> tuple[list[tuple[Path, str]], list[FileProblem]]:
    """Files named, with folders expanded to the `*.toml` sessions inside them, each with the
    name to show for it (see `shown_name`; a folder's files under the folder as typed); and
    what in those folders is not a file."""
    files: list[tuple[Path, str]] = []
    problems: list[FileProblem] = []
    for arg in args_in:
        path = resolve_session(arg, sessions_dir)
        if path.is_dir() and not path.name.endswith(".toml"):
            found, skipped = session_files_in(path)
            files.extend((p, str(Path(arg) / p.name)) for p in found)
            problems.extend(skipped)
        else:
            files.append((path, shown_name(arg, path)))
    return files, problems


#: Endings of the files selfcheck keeps: sessions, reviews and catalogues (TOML), backups made
#: before an overwrite, lock files, temp files, set-aside recovery drafts.
OUR_ENDINGS = (".toml", ".bak", ".lock", TEMP_SUFFIX, ".unreadable", ".restoring")
#: Why a report is not written over a file of ours (as output_problem words it).
OURS = "is a selfcheck file (a session, review, catalogue, backup or lock)"


def is_ours(path: Path) -> bool:
    return path.name.endswith(OUR_ENDINGS)


def output_problem(
    target: Path,
    inputs: Iterable[Path],
    *,
    may_replace: Callable[[Path], bool] = lambda path: not is_ours(path),
    otherwise: str = OURS,
) -> str:
    """Why a command must not write its output to `target` ("" when it may).

    The one guard every command that writes a file asks first: never through a link, never
    into a folder or a pipe, never over a file the output is made from, and over an existing
    file only when `may_replace` says it is of the kind being written (for a report: anything
    but a file of ours). `otherwise` says what the refused file is.
    """
    if target.is_symlink():
        return f"{target} is a symbolic link; not writing through it"
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"{target}: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        return f"{target} is a folder; name a file to write"
    if not stat.S_ISREG(info.st_mode):
        return f"{target} is not a regular file; name a file to write"
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat(source)):
                return f"{target} is the input; choose another file to write"
    if not may_replace(target):
        return f"{target} exists and {otherwise}; not writing over it"
    return ""
