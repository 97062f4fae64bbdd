"""Reading catalogues and sessions from disk, and writing sessions safely.

Reads: size and shape pre-checks, then tomllib, then the model's own checks; every failure
becomes a `FileProblem` naming the file and, where it can be found, the line.
Writes: serialise in full, re-read what will be written, then temp file + fsync + os.replace
in the same folder, so a crash or a full disk never leaves a torn or empty file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.problems import InvalidDocument, Problem
from selfcheck.model.review import Review

if TYPE_CHECKING:
    from selfcheck.model.readiness import Readiness
from selfcheck.model.session import SESSION_SCHEMA_VERSION, Session, check_against
from selfcheck.tomlcheck import locate, precheck

MAX_CATALOGUE_BYTES = 2 * 1024 * 1024
MAX_SESSION_BYTES = 4 * 1024 * 1024
BOM = b"\xef\xbb\xbf"
TEMP_SUFFIX = ".tmp"
_TOML_PLACE = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


@dataclass(frozen=True)
class FileProblem:
    """A problem in a file, printed as `FILE:LINE: message` or `FILE: key.path: message`."""

    path: Path
    message: str
    line: int | None = None
    where: str = ""

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: {self.message}"
        if self.where:
            return f"{self.path}: {self.where}: {self.message}"
        return f"{self.path}: {self.message}"


class LoadError(Exception):
    """A file that could not be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class SaveError(Exception):
    """A save that did not happen; the previous file is untouched."""


class ConflictError(SaveError):
    """The file changed on disk since it was loaded (another window, another program)."""


class ReadOnlyError(SaveError):
    """The session was written by a newer selfcheck and must not be overwritten."""


# --- reading --------------------------------------------------------------------------------


def read_toml(path: Path, max_bytes: int) -> tuple[dict[str, Any], str, bytes]:
    """Read and parse a TOML file: (document, text, raw bytes). Raises LoadError."""

    def fail(message: str, line: int | None = None) -> LoadError:
        return LoadError([FileProblem(path, message, line)])

    try:
        # O_NOFOLLOW: a session must not be a link to some other file (check 25).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise fail("no such file") from None
    except IsADirectoryError:
        raise fail("is a folder, not a file") from None
    except PermissionError:
        raise fail("permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail("is a symbolic link; open the file it points to instead") from None
        raise fail(exc.strerror or str(exc)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise fail(
            "is a folder, not a file" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        )
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:
            raise fail(f"too large: {info.st_size:,} bytes (at most {max_bytes:,})")
        try:
            raw = handle.read(max_bytes + 1)
        except OSError as exc:
            raise fail(exc.strerror or str(exc)) from None
    if len(raw) > max_bytes:
        raise fail(f"too large (at most {max_bytes:,} bytes)")
    # Editors on Windows may add a byte-order mark; it carries no meaning in UTF-8.
    body = raw[len(BOM) :] if raw.startswith(BOM) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise fail(
            f"not UTF-8 text (byte 0x{body[exc.start]:02x}); save it as UTF-8", line
        ) from None
    if not text.strip():
        raise fail("the file is empty")
    too_much = precheck(text)
    if too_much:
        raise fail(f"refused: {too_much}")
    try:
        return tomllib.loads(text), text, raw
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts the place in the text ("... (at line 4, column 16)"); lift it out so the
        # message reads FILE:LINE like every other problem.
        found = _TOML_PLACE.search(str(exc))
        if str(exc).endswith("(at end of document)"):
            message = str(exc).removesuffix("(at end of document)").rstrip()
            last = len(text.rstrip("\n").splitlines()) or 1
            raise fail(f"not valid TOML: {message} (at the end of the file)", last) from None
        if found:
            message = str(exc)[: found.start()].rstrip()
            raise fail(
                f"not valid TOML: {message} (column {found['column']})", int(found["line"])
            ) from None
        raise fail(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise fail("refused: nested too deeply") from None


def _located(path: Path, text: str, problems: Iterable[Problem]) -> list[FileProblem]:
    return [FileProblem(path, p.message, locate(text, p.path), p.where) for p in problems]


def _with_where(problems: list[FileProblem]) -> list[FileProblem]:
    # "FILE:LINE: key.path: message" reads best: the line to open, the key to look for.
    return [
        FileProblem(p.path, f"{p.where}: {p.message}" if p.where else p.message, p.line)
        if p.line is not None
        else p
        for p in problems
    ]


def load_catalogue(path: Path) -> Catalogue:
    data, text, _ = read_toml(path, MAX_CATALOGUE_BYTES)
    return _catalogue_from(path, data, text)


def _catalogue_from(path: Path, data: dict[str, Any], text: str) -> Catalogue:
    try:
        return Catalogue.from_toml(data)
    except InvalidDocument as exc:
        raise LoadError(_with_where(_located(path, text, exc.problems))) from None


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
        _catalogue_from(path, data, text)
        return []
    return list(_session_from(path, data, text, raw, catalogues).warnings)


@dataclass
class CatalogueSet:
    """The catalogues of a folder, with the files that could not be used."""

    catalogues: dict[str, Catalogue] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    skipped: list[FileProblem] = field(default_factory=list)


def load_catalogues(folder: Path) -> CatalogueSet:
    """Every `*.toml` catalogue in a folder; bad files are listed in `skipped`, not raised."""
    found = CatalogueSet()
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError as exc:
        found.skipped.append(FileProblem(folder, exc.strerror or str(exc)))
        return found
    if not folder.is_dir():
        found.skipped.append(FileProblem(folder, "no such folder"))
    for file in files:
        try:
            catalogue = load_catalogue(file)
        except LoadError as exc:
            found.skipped.extend(exc.problems)
            continue
        if catalogue.id in found.catalogues:
            other = found.files[catalogue.id]
            found.skipped.append(
                FileProblem(file, f"catalogue id {catalogue.id!r} is also {other}")
            )
            continue
        found.catalogues[catalogue.id] = catalogue
        found.files[catalogue.id] = file
    return found


class CatalogueLibrary:
    """Catalogues of a folder, parsed only when asked for.

    A session names its catalogue by id; the file `ID.toml` is tried first, so reporting on
    one session parses one catalogue, not the whole folder. Parsed catalogues are kept.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._found: dict[str, Catalogue] = {}
        self._everything: CatalogueSet | None = None

    def get(self, catalogue_id: str) -> Catalogue | None:
        if catalogue_id in self._found:
            return self._found[catalogue_id]
        if self._everything is None and _is_plain_name(catalogue_id):
            guess = self.folder / f"{catalogue_id}.toml"
            try:
                catalogue = load_catalogue(guess) if guess.is_file() else None
            except LoadError:
                catalogue = None
            if catalogue is not None and catalogue.id == catalogue_id:
                self._found[catalogue_id] = catalogue
                return catalogue
        return self.everything().catalogues.get(catalogue_id)

    def everything(self) -> CatalogueSet:
        """Every catalogue in the folder, with the files that could not be used."""
        if self._everything is None:
            self._everything = load_catalogues(self.folder)
            self._found.update(self._everything.catalogues)
        return self._everything


def _is_plain_name(text: str) -> bool:
    return bool(text) and "/" not in text and "\\" not in text and not text.startswith(".")


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


def fingerprint_of(data: bytes) -> str:
    import hashlib  # loads OpenSSL: only commands that save need it

    return hashlib.sha256(data).hexdigest()


def read_session_document(path: Path) -> tuple[Session, str, bytes]:
    """A session's shape, without its catalogue (for listing and catalogue lookup)."""
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    return _session_shape(path, data, text), text, raw


def _session_shape(path: Path, data: dict[str, Any], text: str) -> Session:
    try:
        return Session.from_toml(data)
    except InvalidDocument as exc:
        raise LoadError(_with_where(_located(path, text, exc.problems))) from None


def load_session(path: Path, catalogues: dict[str, Catalogue] | CatalogueLibrary) -> LoadedSession:
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    return _session_from(path, data, text, raw, catalogues)


def _session_from(
    path: Path,
    data: dict[str, Any],
    text: str,
    raw: bytes,
    catalogues: dict[str, Catalogue] | CatalogueLibrary,
) -> LoadedSession:
    session = _session_shape(path, data, text)
    catalogue = catalogues.get(session.catalogue)
    if catalogue is None:
        line = locate(text, ("catalogue",))
        ids = catalogues if isinstance(catalogues, dict) else catalogues.everything().catalogues
        known = ", ".join(sorted(ids)) or "none"
        message = f"no catalogue with id {session.catalogue!r} (known: {known})"
        raise LoadError([FileProblem(path, message, line)])
    errors, warnings = check_against(session, catalogue)
    if errors:
        raise LoadError(_with_where(_located(path, text, errors)))
    return LoadedSession(
        path=path,
        session=session,
        catalogue=catalogue,
        warnings=tuple(_with_where(_located(path, text, warnings))),
        read_only=session.schema_version > SESSION_SCHEMA_VERSION,
        has_comments=_has_comment(text),
        raw=raw,
    )


def _has_comment(text: str) -> bool:
    return any(line.lstrip().startswith("#") for line in text.splitlines())


# --- writing --------------------------------------------------------------------------------


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
    return out


def session_document(session: Session, catalogue: Catalogue, now: datetime) -> dict[str, Any]:
    """The full document a save writes: the session, with a fresh [summary] before ratings."""
    from selfcheck.model.readiness import assess  # only saving needs it; keep loads light

    body = session.to_toml()
    ratings = body.pop("ratings")
    requirements = body.pop("requirements")
    body["summary"] = summary_table(assess(catalogue, session), now)
    body["requirements"] = requirements
    body["ratings"] = ratings
    return body


def serialise(document: dict[str, Any]) -> bytes:
    """TOML bytes for a document, checked by reading them back before anything is written.

    Multi-line notes are written as multi-line strings so a mentor can read the file without
    the app; where that would not read back exactly (a carriage return before a newline), every
    string is written on one line instead, which always does.
    """
    import tomli_w  # only commands that write need it

    for multiline in (True, False):
        try:
            text = tomli_w.dumps(document, multiline_strings=multiline)
            data = text.encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError) as exc:
            raise SaveError(f"could not write the session: {exc}") from None
        if tomllib.loads(text) == document:
            return data
    raise SaveError("could not write the session: it would not read back the same")


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
    now = now or datetime.now(UTC).replace(microsecond=0)
    data = serialise(session_document(session, catalogue, now))
    notes: list[str] = []
    existing = _read_existing(path)
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


def _read_existing(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if not path.is_symlink() else b""
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(f"could not read {path} before saving: {exc.strerror}") from None


def _backups_before_overwrite(path: Path, existing: bytes, session: Session) -> list[str]:
    """Keep what a save cannot carry over: hand-written comments, an older format."""
    notes = []
    if session.schema_version < SESSION_SCHEMA_VERSION:
        backup = path.with_name(f"{path.stem}.v{session.schema_version}.bak")
        if not backup.exists():
            atomic_write(backup, existing)
            notes.append(f"kept the file as it was before the format update in {backup}")
    text = existing.decode("utf-8", "replace")
    if _has_comment(text):
        backup = path.with_name(f"{path.name}.bak")
        if not backup.exists():
            atomic_write(backup, existing)
            notes.append(f"the file had # comments, which saving drops; a copy is in {backup}")
    return notes


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once; owner-only (0600); never a torn file.

    Order matters (check 15): write temp, flush, fsync temp, os.replace, fsync the folder.
    """
    import tempfile  # only writers need it; keeps read-only commands quick to start

    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise SaveError(_save_failure(path, exc)) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise SaveError(_save_failure(path, exc)) from None
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is already done
    finally:
        os.close(fd)


def _save_failure(path: Path, exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the disk is read-only",
        errno.EIO: "the disk reported an input/output error",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return f"could not save {path}: {reason}; the previous file is unchanged"


# --- mentor reviews ----------------------------------------------------------------------

REVIEW_SUFFIX = ".review.toml"


def is_session_file(path: Path) -> bool:
    """A `*.toml` in a sessions folder that is a session (not a review, backup or temp file)."""
    name = path.name
    return name.endswith(".toml") and not name.endswith(REVIEW_SUFFIX) and not name.startswith(".")


def review_path(session_path: Path) -> Path:
    """Where a session's mentor review lives: beside it, `NAME.review.toml`."""
    return session_path.with_name(session_path.stem + REVIEW_SUFFIX)


def load_review(session_path: Path) -> tuple[Review | None, str | None]:
    """The review of a session, if any, and the fingerprint to save it back with."""
    path = review_path(session_path)
    if not path.exists() and not path.is_symlink():
        return None, None
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    try:
        return Review.from_toml(data), fingerprint_of(raw)
    except InvalidDocument as exc:
        raise LoadError(_with_where(_located(path, text, exc.problems))) from None


def save_review(
    session_path: Path, review: Review, *, expected_fingerprint: str | None = None
) -> str:
    """Write a review beside its session (never the session itself); return its fingerprint."""
    path = review_path(session_path)
    data = serialise(review.to_toml())
    existing = _read_existing(path)
    if existing is not None and (
        expected_fingerprint is None or fingerprint_of(existing) != expected_fingerprint
    ):
        raise ConflictError(f"{path} was changed by another program or window since it was opened")
    atomic_write(path, data)
    return fingerprint_of(data)


def remove_stale_temp_files(folder: Path) -> int:
    """Delete temp files a killed save left behind (`.NAME.XXXX.tmp`); return how many."""
    removed = 0
    with contextlib.suppress(OSError):
        for temp in folder.glob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                temp.unlink()
                removed += 1
    return removed
