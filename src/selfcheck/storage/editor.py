"""An open session file: its lock, conflict-checked saves, and its recovery draft.

No user interface here. The app decides when to save (after each change, debounced while
typing) and shows what went wrong; this module makes sure that two windows never silently
overwrite each other.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tomllib
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w
from filelock import FileLock, Timeout

from selfcheck.clock import utc_now
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Session, new_session
from selfcheck.storage.atomic import remove_stale_temp_files, write_atomically
from selfcheck.storage.folder import LOCK_SUFFIX
from selfcheck.storage.recovery import (
    RECOVERY_FORMAT,
    Draft,
    changes_between,
    draft_path_for,
    with_changes,
)
from selfcheck.storage.sessions import (
    create_session_file,
    load_session,
    new_session_path,
    save_session,
)
from selfcheck.storage.sharing import not_yours, shared_folder_warning
from selfcheck.storage.toml_files import (
    MAX_SESSION_BYTES,
    FileProblem,
    ReadOnlyError,
    SaveError,
    read_regular,
)

# Why a window may not write its file, as shown after "Read-only: ".
READ_ONLY_NEWER = "it was written by a newer selfcheck, and saving here could lose what it added"


READ_ONLY_LOCKED = "this session is already open in another window; close it there to edit here"


READ_ONLY_REVIEW = "a mentor's review never changes the candidate's file"


READ_ONLY_ODD_LOCK = (
    "its lock file {name} is not a regular file (a link?), so another window could not be "
    "kept out; remove it to edit here"
)


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


def session_lock(path: Path) -> FileLock:
    """The lock that marks a session open in a window (`NAME.toml.lock`; taken at once or
    not at all). Ask `lock_file_usable` first."""
    # thread_local=False: the lock is taken in a loading thread and released on the main one.
    return FileLock(str(_lock_path(path)), timeout=0, mode=0o600, thread_local=False)


def lock_file_usable(path: Path) -> bool:
    """No lock file yet, or a regular one. A link in its place would be followed by the
    lock, which then guards some other file (or none): two windows could both edit."""
    try:
        return stat.S_ISREG(os.lstat(_lock_path(path)).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _reclaim_restoring(draft: Path) -> None:
    """Earlier versions renamed a draft `*.restoring` while restoring it, and a kill then lost
    it: such a draft is offered again like any other."""
    restoring = draft.with_suffix(".restoring")
    if restoring.is_file() and not draft.exists():
        with contextlib.suppress(OSError):
            os.replace(restoring, draft)


def release_and_tidy(lock: FileLock) -> None:
    """Release a session's lock, removing its (empty) file first, so a clean quit leaves no
    `.lock` behind. It is removed while still held: a window trying to open the session at
    that moment is told it is open; one trying later makes a new lock file."""
    with contextlib.suppress(OSError):
        lock_file = Path(lock.lock_file)
        info = os.lstat(lock_file)  # a link in its place is never followed, nor removed
        if lock.is_locked and stat.S_ISREG(info.st_mode) and info.st_size == 0:
            lock_file.unlink()
    with contextlib.suppress(OSError):
        lock.release()


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
        warnings: tuple[FileProblem, ...] = (),
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
        """Load a session and take its lock; raises LoadError for a bad file."""
        loaded = load_session(path, dict(catalogues))
        reason, lock = "", None
        if review:
            reason = READ_ONLY_REVIEW
        elif loaded.read_only:
            reason = READ_ONLY_NEWER
        elif owner := not_yours(path):
            reason = owner
        elif not lock_file_usable(path):
            reason = READ_ONLY_ODD_LOCK.format(name=_lock_path(path).name)
        else:
            lock = session_lock(path)
            try:
                lock.acquire()
            except Timeout:
                lock, reason = None, READ_ONLY_LOCKED
            except OSError:
                lock = None  # a folder we cannot lock in; saving will say what is wrong
        if not reason:
            remove_stale_temp_files(path.parent)
        warnings = loaded.warnings
        if shared := shared_folder_warning(path.parent):
            warnings = (*warnings, FileProblem(path.parent, shared))
        return cls(
            path,
            loaded.catalogue,
            loaded.session,
            loaded.fingerprint,
            read_only=reason,
            warnings=warnings,
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
        """A new session file with a safe generated name in `folder`, locked before it is
        written (no other window can open it first); raises SaveError."""
        path = new_session_path(folder, candidate, catalogue.id)
        lock = session_lock(path)
        with contextlib.suppress(Timeout, OSError):
            lock.acquire()
        try:
            session, fingerprint = create_session_file(
                path, new_session(catalogue, candidate, target), catalogue, now
            )
        except SaveError:
            release_and_tidy(lock)
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
            raise ReadOnlyError(f"{self.path} is read-only: {self.read_only}")
        fingerprint, notes = save_session(
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
        write_atomically(self.draft_path, tomli_w.dumps(document).encode("utf-8"), durable=False)
        self._drafted = session

    def find_draft(self) -> Draft | None:
        """A draft from an earlier run that differs from the file, if any.

        A draft that cannot be read is moved aside (never offered again, never deleted).
        A draft that changes nothing is stale and removed.
        """
        if self.read_only:
            return None
        path = self.draft_path
        remove_stale_temp_files(path.parent)
        _reclaim_restoring(path)
        if not path.is_file():
            return None
        try:
            raw = read_regular(path, MAX_SESSION_BYTES)
            document = tomllib.loads(raw.decode("utf-8"))
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
        """Accept a draft. It stays on disk until a save that includes it has landed (`save`
        removes it), so a kill while restoring leaves it to be offered again; nothing replays
        it without being asked, so a draft that crashes the app cannot loop."""
        self._drafted = draft.session
        return draft.session

    def discard_draft(self, draft: Draft) -> None:
        with contextlib.suppress(OSError):
            draft.path.unlink()

    def remove_draft(self) -> None:
        with contextlib.suppress(OSError):
            self.draft_path.unlink()
        self._drafted = None

    # --- closing ------------------------------------------------------------------------

    def close(
        self,
        session: Session | None = None,
        *,
        now: datetime | None = None,
        discard: bool = False,
    ) -> None:
        """Release the lock. Unsaved changes stay in the draft (stamped `now`, by default the
        clock's) unless `discard` is asked."""
        try:
            if self.editable:
                if session is not None and session != self.saved and not discard:
                    if session != self._drafted:
                        with contextlib.suppress(OSError):
                            self.write_draft(session, now or utc_now())
                else:
                    self.remove_draft()
        finally:
            if self._lock is not None:
                release_and_tidy(self._lock)
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
        """Write unsaved changes; raises SaveError and keeps them in memory."""
        if not self.dirty or not self.file.editable:
            return []
        session = self.session.touched(now) if self._content_changed else self.session
        notes = self.file.save(session, now)
        self.session = session
        self._content_changed = False
        return notes

    def close(self, *, now: datetime | None = None, discard: bool = False) -> None:
        self.file.close(self.session, now=now, discard=discard)
