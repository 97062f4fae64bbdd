"""An open session file: its lock, conflict-checked saves, and a recovery draft.

No user interface here. The app decides when to save (after each change, debounced while
typing) and shows what went wrong; this module makes sure that a crash, a kill or a closed
terminal loses at most the keystroke in flight, and that two windows never silently overwrite
each other.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import tomli_w
from filelock import FileLock, Timeout

from selfcheck import paths, storage
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import assess
from selfcheck.model.session import Session, new_session

RECOVERY_FORMAT = 1
RECOVERY_FOLDER = "recovery"

# Why a window may not write its file, as shown after "Read-only: ".
READ_ONLY_NEWER = "it was written by a newer selfcheck, and saving here could lose what it added"
READ_ONLY_LOCKED = "this session is already open in another window; close it there to edit here"
READ_ONLY_REVIEW = "a mentor's review never changes the candidate's file"


def utc_now() -> datetime:
    """The time stamped into saves: UTC, whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Draft:
    """Changes an earlier run made but did not save (found at open)."""

    path: Path
    session: Session
    written: datetime

    def age(self, now: datetime) -> timedelta:
        return max(now - self.written, timedelta(0))


def describe_age(age: timedelta) -> str:
    """'2 minutes ago', for the recovery prompt."""
    seconds = int(age.total_seconds())
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def changed_ids(old: Session, new: Session) -> list[str]:
    """Competency and requirement ids whose content differs (for the recovery prompt)."""
    ids = sorted(set(old.ratings) | set(new.ratings))
    out = [cid for cid in ids if old.ratings.get(cid) != new.ratings.get(cid)]
    reqs = sorted(set(old.requirements) | set(new.requirements))
    out += [rid for rid in reqs if old.requirements.get(rid) != new.requirements.get(rid)]
    if old.candidate != new.candidate:
        out.insert(0, "name")
    return out


def recovery_dir(state_dir: Path | None = None) -> Path:
    return (state_dir or paths.state_dir()) / RECOVERY_FOLDER


def draft_path_for(session_path: Path, state_dir: Path | None = None) -> Path:
    """Where the recovery draft for one session file lives (one per file, 0600)."""
    resolved = str(session_path.expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = "".join(ch for ch in session_path.stem if ch.isalnum() or ch in "-_")[:40]
    return recovery_dir(state_dir) / f"{stem or 'session'}-{digest}.toml"


def _write_private(path: Path, data: bytes) -> None:
    """Temp file + os.replace, owner-only. No fsync: a draft guards against a killed process,
    which the page cache survives; the real save is the one made durable."""
    paths.ensure_private_dir(path.parent)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def _lock_for(path: Path) -> FileLock:
    # thread_local=False: the lock is taken in a loading thread and released on the main one.
    return FileLock(str(path) + ".lock", timeout=0, mode=0o600, thread_local=False)


_FIELDS = ("candidate", "target", "position")


def changes_between(old: Session, new: Session) -> dict[str, Any]:
    """What a recovery draft stores: the parts of `new` that differ from `old`."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(new, name)
        if value != getattr(old, name):
            if value is None:
                out.setdefault("cleared", []).append(name)
            else:
                out[name] = value
    ratings = {cid: r.to_toml() for cid, r in new.ratings.items() if old.ratings.get(cid) != r}
    answers = {
        rid: answer
        for rid, answer in new.requirements.items()
        if rid not in old.requirements or not _same_answer(old.requirements[rid], answer)
    }
    if ratings:
        out["ratings"] = ratings
    if answers:
        out["requirements"] = answers
    if dropped := [cid for cid in old.ratings if cid not in new.ratings]:
        out["dropped_ratings"] = dropped
    if dropped := [rid for rid in old.requirements if rid not in new.requirements]:
        out["dropped_requirements"] = dropped
    return out


def _same_answer(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def with_changes(base: Session, changes: dict[str, Any]) -> Session:
    """`base` with a draft's changes made (they are checked like a session file's)."""
    parsed = Session.from_toml(
        {
            "catalogue": base.catalogue,
            "ratings": changes.get("ratings", {}),
            "requirements": changes.get("requirements", {}),
        }
    )
    ratings = {k: v for k, v in base.ratings.items() if k not in changes.get("dropped_ratings", [])}
    ratings.update(parsed.ratings)
    answers = {
        k: v
        for k, v in base.requirements.items()
        if k not in changes.get("dropped_requirements", [])
    }
    answers.update(parsed.requirements)
    fields: dict[str, Any] = {}
    for name in _FIELDS:
        if name in changes.get("cleared", []):
            fields[name] = None
        elif name in changes:
            if not isinstance(changes[name], str):
                raise ValueError(f"{name} is not text")
            fields[name] = changes[name]
    return replace(base, ratings=ratings, requirements=answers, **fields)


class SessionFile:
    """One session file while it is open: what is on disk, the lock, the draft."""

    def __init__(
        self,
        path: Path,
        catalogue: Catalogue,
        saved: Session,
        fingerprint: str | None,
        *,
        read_only: str = "",
        warnings: tuple[storage.FileProblem, ...] = (),
        has_comments: bool = False,
        lock: FileLock | None = None,
        state_dir: Path | None = None,
    ) -> None:
        self.path = path
        self.catalogue = catalogue
        #: The session as it is on disk now.
        self.saved = saved
        self.fingerprint = fingerprint
        #: Why this window may not write the file ("" when it may).
        self.read_only = read_only
        self.warnings = warnings
        self.has_comments = has_comments
        self._lock = lock
        self._state_dir = state_dir
        self._restoring: Path | None = None
        #: What the draft on disk holds (so closing does not write it twice).
        self._drafted: Session | None = None
        #: Set when a draft could not be read (kept aside, named here).
        self.unreadable_draft: Path | None = None

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        catalogues: Mapping[str, Catalogue],
        *,
        review: bool = False,
        state_dir: Path | None = None,
    ) -> SessionFile:
        """Load a session and take its lock; raises storage.LoadError for a bad file."""
        loaded = storage.load_session(path, dict(catalogues))
        reason, lock = "", None
        if review:
            reason = READ_ONLY_REVIEW
        elif loaded.read_only:
            reason = READ_ONLY_NEWER
        else:
            lock = _lock_for(path)
            try:
                lock.acquire()
            except Timeout:
                lock, reason = None, READ_ONLY_LOCKED
            except OSError:
                lock = None  # a folder we cannot lock in; saving will say what is wrong
        return cls(
            path,
            loaded.catalogue,
            loaded.session,
            loaded.fingerprint,
            read_only=reason,
            warnings=loaded.warnings,
            has_comments=loaded.has_comments,
            lock=lock,
            state_dir=state_dir,
        )

    @classmethod
    def create(
        cls,
        folder: Path,
        catalogue: Catalogue,
        candidate: str,
        target: str | None,
        *,
        now: datetime,
        state_dir: Path | None = None,
    ) -> SessionFile:
        """A new session file with a safe generated name in `folder`; raises SaveError."""
        try:
            paths.ensure_private_dir(folder)
        except OSError as exc:
            raise storage.SaveError(f"could not create {folder}: {exc.strerror}") from None
        path = paths.session_file_name(candidate, catalogue.id, folder)
        lock = _lock_for(path)
        with contextlib.suppress(Timeout, OSError):
            lock.acquire()
        session = new_session(catalogue, candidate, target).touched(now)
        try:
            fingerprint, _ = storage.save_session(path, session, catalogue, now=now)
        except storage.SaveError:
            lock.release()
            raise
        return cls(path, catalogue, session, fingerprint, lock=lock, state_dir=state_dir)

    @property
    def editable(self) -> bool:
        return not self.read_only

    # --- saving -------------------------------------------------------------------------

    def save(self, session: Session, now: datetime) -> list[str]:
        """Write `session` over the file (checked against what was loaded); raises SaveError.

        Returns notes for the user (backups made before the first overwrite).
        """
        if self.read_only:
            raise storage.ReadOnlyError(f"{self.path} is read-only: {self.read_only}")
        fingerprint, notes = storage.save_session(
            self.path, session, self.catalogue, expected_fingerprint=self.fingerprint, now=now
        )
        self.fingerprint = fingerprint
        self.saved = session
        self.remove_draft()
        return notes

    # --- the recovery draft ---------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        return draft_path_for(self.path, self._state_dir)

    def write_draft(self, session: Session, now: datetime) -> None:
        """Journal unsaved changes so a kill loses nothing; raises OSError (caller reports).

        The draft holds only what differs from the file, so it stays small (and quick to
        write on every keystroke) however large the session is.
        """
        if self.read_only:
            return
        document: dict[str, Any] = {
            "recovery": {
                "format": RECOVERY_FORMAT,
                "note": "Unsaved changes kept by selfcheck; it offers them when the file opens.",
                "session_file": str(self.path),
                "written": now,
            },
            "changes": changes_between(self.saved, session),
        }
        _write_private(self.draft_path, tomli_w.dumps(document).encode("utf-8"))
        self._drafted = session

    def find_draft(self) -> Draft | None:
        """A draft from an earlier run that differs from the file, if any.

        A draft that cannot be read is moved aside (never offered again, never deleted).
        A draft that changes nothing is stale and removed.
        """
        if self.read_only:
            return None
        path = self.draft_path
        if not path.is_file():
            return None
        try:
            document = tomllib.loads(path.read_text("utf-8"))
            if document["recovery"]["format"] != RECOVERY_FORMAT:
                raise ValueError("another draft format")
            session = with_changes(self.saved, document["changes"])
            written = document["recovery"]["written"]
            if not isinstance(written, datetime) or written.tzinfo is None:
                raise ValueError("no time stamp")
        except Exception:  # anything at all: a draft must never stop a session opening
            aside = path.with_suffix(".unreadable")
            with contextlib.suppress(OSError):
                os.replace(path, aside)
                self.unreadable_draft = aside
            return None
        if session == self.saved:
            self.remove_draft()
            return None
        return Draft(path, session, written)

    def take_draft(self, draft: Draft) -> Session:
        """Accept a draft: it is renamed first, so a crash while restoring cannot loop."""
        restoring = draft.path.with_suffix(".restoring")
        os.replace(draft.path, restoring)
        self._restoring = restoring
        return draft.session

    def discard_draft(self, draft: Draft) -> None:
        with contextlib.suppress(OSError):
            draft.path.unlink()

    def remove_draft(self) -> None:
        for path in (self.draft_path, self._restoring):
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
        self._restoring = None
        self._drafted = None

    # --- closing ------------------------------------------------------------------------

    def close(self, session: Session | None = None, *, discard: bool = False) -> None:
        """Release the lock. Unsaved changes stay in the draft unless `discard` is asked."""
        try:
            if self.editable:
                if session is not None and session != self.saved and not discard:
                    if session != self._drafted:
                        with contextlib.suppress(OSError):
                            self.write_draft(session, utc_now())
                else:
                    self.remove_draft()
        finally:
            if self._lock is not None:
                with contextlib.suppress(OSError):
                    self._lock.release()
                self._lock = None


class Editor:
    """The session as one window edits it: what is in memory, and whether it is on disk.

    Every change is journalled to the draft at once; `save` writes the file (the app calls it
    after each change, debounced while typing, and before quitting).
    """

    def __init__(self, file: SessionFile, session: Session | None = None) -> None:
        self.file = file
        self.session = session if session is not None else file.saved
        self._content_changed = self.session != file.saved

    @property
    def dirty(self) -> bool:
        return self.session != self.file.saved

    def change(self, session: Session, now: datetime, *, content: bool = True) -> None:
        """Take a new state; journal it when its content changed. Raises OSError (draft)."""
        self.session = session
        if content:
            self._content_changed = True
            if self.dirty:
                self.file.write_draft(session, now)
            else:
                self.file.remove_draft()

    def save(self, now: datetime) -> list[str]:
        """Write unsaved changes; raises storage.SaveError and keeps them in memory."""
        if not self.dirty or not self.file.editable:
            return []
        session = self.session.touched(now) if self._content_changed else self.session
        notes = self.file.save(session, now)
        self.session = session
        self._content_changed = False
        return notes

    def close(self, *, discard: bool = False) -> None:
        self.file.close(self.session, discard=discard)


def catalogues_for(path: Path, folder: Path) -> dict[str, Catalogue]:
    """The catalogues needed to open one session: just its own when the file is named after
    its id (as shipped ones are), else the whole folder. Raises storage.LoadError."""
    session, _, _ = storage.read_session_document(path)
    guess = folder / f"{session.catalogue}.toml"
    if guess.is_file():
        try:
            catalogue = storage.load_catalogue(guess)
        except storage.LoadError:
            catalogue = None
        if catalogue is not None and catalogue.id == session.catalogue:
            return {catalogue.id: catalogue}
    return storage.load_catalogues(folder).catalogues


# --- the list on the start screen -------------------------------------------------------


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
) -> tuple[list[SessionSummary], list[storage.FileProblem]]:
    """Sessions in a folder, newest first, and the files that could not be used."""
    found: list[SessionSummary] = []
    skipped: list[storage.FileProblem] = []
    try:
        files = sorted(p for p in folder.glob("*.toml") if storage.is_session_file(p))
    except OSError as exc:
        return [], [storage.FileProblem(folder, exc.strerror or str(exc))]
    for file in files:
        try:
            loaded = storage.load_session(file, dict(catalogues))
        except storage.LoadError as exc:
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
