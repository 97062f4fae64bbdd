"""Mentor reviews: `NAME.review.toml` beside a session, never the session itself.

The candidate's session file is only ever read. `ReviewFile` is a review while it is open: what
is on disk, what is in memory, conflict-checked saves, and a recovery draft of what is typed.
When two mentors review one session, the later one's review goes to `NAME.review-2.toml`
(and on) rather than over the other's.
"""

from __future__ import annotations

import contextlib
import getpass
import tomllib
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from selfcheck.model.problems import InvalidDocument
from selfcheck.model.review import REVIEW_SCHEMA_VERSION, Review
from selfcheck.model.session import clean_text
from selfcheck.storage.atomic import atomic_write, remove_stale_temp_files, write_atomically
from selfcheck.storage.folder import REVIEW_SUFFIX
from selfcheck.storage.recovery import RECOVERY_FORMAT, draft_path_for
from selfcheck.storage.sharing import not_yours
from selfcheck.storage.toml_files import (
    MAX_SESSION_BYTES,
    ConflictError,
    LoadError,
    fingerprint_of,
    located_problems,
    read_existing,
    read_regular,
    read_toml,
    serialise,
)

#: How many reviews of one session are looked for (a cohort is not reviewed 100 times over).
MAX_REVIEWS = 100

READ_ONLY_NEWER_REVIEW = (
    "it was written by a newer selfcheck, and saving here could lose what it added"
)


def review_path(session_path: Path, number: int = 1) -> Path:
    """Where a session's mentor review lives: beside it, `NAME.review.toml` (the first) or
    `NAME.review-N.toml` (a later mentor's)."""
    suffix = REVIEW_SUFFIX if number == 1 else f".review-{number}.toml"
    return session_path.with_name(session_path.stem + suffix)


def read_review(path: Path) -> tuple[Review, str]:
    """A review file and the fingerprint to save it back with; raises LoadError."""
    data, text, raw = read_toml(path, MAX_SESSION_BYTES)
    return review_from_document(path, data, text), fingerprint_of(raw)


def review_from_document(path: Path, data: dict[str, Any], text: str) -> Review:
    """A review read from its decoded document; raises LoadError with every problem."""
    try:
        return Review.from_toml(data)
    except InvalidDocument as exc:
        raise LoadError(located_problems(path, text, exc.problems)) from None


def load_review(session_path: Path) -> tuple[Review | None, str | None]:
    """The (first) review of a session, if any, and the fingerprint to save it back with."""
    path = review_path(session_path)
    if not path.exists() and not path.is_symlink():
        return None, None
    return read_review(path)


def write_review(path: Path, review: Review, *, expected_fingerprint: str | None = None) -> str:
    """Write a review file (checked against what was read); return its fingerprint."""
    data = serialise(review.to_toml())
    existing = read_existing(path)
    if existing is not None and (
        expected_fingerprint is None or fingerprint_of(existing) != expected_fingerprint
    ):
        raise ConflictError(f"{path} was changed by another program or window since it was opened")
    atomic_write(path, data)
    return fingerprint_of(data)


def save_review(
    session_path: Path, review: Review, *, expected_fingerprint: str | None = None
) -> str:
    """Write a review beside its session (never the session itself); return its fingerprint."""
    return write_review(
        review_path(session_path), review, expected_fingerprint=expected_fingerprint
    )


def default_mentor_name() -> str:
    """The signed-in user's name, as a first guess at who is reviewing ("" if unknown)."""
    try:
        return clean_text(getpass.getuser()).strip()[:200]
    except (KeyError, OSError, ImportError):  # no passwd entry, no USER variable
        return ""


class ReviewFile:
    """A mentor's review beside one session file, while it is open."""

    def __init__(
        self,
        session_path: Path,
        saved: Review | None,
        fingerprint: str | None,
        *,
        path: Path | None = None,
        read_only: str = "",
        state_dir: Path | None = None,
    ) -> None:
        self.session_path = session_path
        #: The review file written (NAME.review.toml, or a later mentor's NAME.review-N.toml).
        self.path = path or review_path(session_path)
        #: The review as it is on disk now (None: no file yet).
        self.saved = saved
        self.fingerprint = fingerprint
        #: The review as the mentor has it now.
        self.review = saved if saved is not None else Review(session=session_path.name)
        #: Why this window may not write the review ("" when it may).
        self.read_only = read_only
        self._state_dir = state_dir
        #: When the unsaved text restored from a recovery draft was written (None: none was).
        self.restored: datetime | None = None

    @classmethod
    def open(
        cls, session_path: Path, *, mentor: str = "", state_dir: Path | None = None
    ) -> ReviewFile:
        """Read this mentor's review beside a session, or start one signed `mentor`, with
        what a killed run left unsaved; raises LoadError when the file cannot be used."""
        path = _mentors_review(session_path, mentor)
        review, fingerprint = (
            read_review(path) if path.exists() or path.is_symlink() else (None, None)
        )
        reason = ""
        if review is not None and review.schema_version > REVIEW_SCHEMA_VERSION:
            reason = READ_ONLY_NEWER_REVIEW
        elif review is not None:
            reason = not_yours(path)
        opened = cls(
            session_path, review, fingerprint, path=path, read_only=reason, state_dir=state_dir
        )
        if review is None or not review.mentor.strip():
            opened.review = opened.review.with_mentor(mentor)
        if not reason:
            remove_stale_temp_files(path.parent)
            opened._restore_draft()
        return opened

    @property
    def editable(self) -> bool:
        return not self.read_only

    @property
    def dirty(self) -> bool:
        """Unsaved changes (a review with nothing in it is not written)."""
        if self.read_only:
            return False
        if self.saved is None:
            return not self.review.is_empty
        return self.review != self.saved

    def change(self, review: Review, now: datetime) -> None:
        """Take what the mentor typed and journal it at once (a kill loses at most the
        keystroke in flight). Raises OSError when the draft cannot be written (the caller
        says so); the change is kept in memory either way."""
        self.review = review
        if not self.editable:
            return
        if self.dirty:
            self._write_draft(now)
        else:
            self.remove_draft()

    def save(self, now: datetime) -> list[str]:
        """Write the review if it changed; raises SaveError and keeps the changes in memory.

        If another mentor (or window) saved the same file since it was read, nothing is
        written over it: this review goes to the next free `NAME.review-N.toml` instead, and
        the note returned says so.
        """
        if not self.dirty:  # never, for a review this window may not write
            return []
        review = replace(self.review, updated=now)
        notes: list[str] = []
        try:
            fingerprint = write_review(self.path, review, expected_fingerprint=self.fingerprint)
        except ConflictError:
            taken = self.path
            fingerprint = self._write_elsewhere(review)
            notes.append(
                f"{taken.name} was saved by someone else since you opened it; your review is "
                f"saved as {self.path.name} beside it, and theirs is unchanged"
            )
        self.fingerprint = fingerprint
        self.saved = self.review = review
        self.remove_draft()  # only now: a kill before this point leaves the draft to restore
        return notes

    def _write_elsewhere(self, review: Review) -> str:
        for number in range(2, MAX_REVIEWS + 1):
            path = review_path(self.session_path, number)
            if path.exists() or path.is_symlink():
                continue
            try:
                fingerprint = write_review(path, review)
            except ConflictError:
                continue  # taken a moment ago
            self.path = path
            return fingerprint
        raise ConflictError(
            f"{self.path} was changed since it was opened, and no other name is free"
        )

    # --- the recovery draft ---------------------------------------------------------------

    @property
    def draft_path(self) -> Path:
        # One per session for this user, whichever review file it ends up in.
        return draft_path_for(review_path(self.session_path), self._state_dir)

    def _write_draft(self, now: datetime) -> None:
        import tomli_w

        document = {
            "recovery": {
                "format": RECOVERY_FORMAT,
                "note": "Unsaved review text kept by selfcheck; restored when the review opens.",
                "review_file": str(self.path),
                # What the file held when the typing began: if it changed since, a restored
                # draft is saved beside it, not over it.
                "base": self.fingerprint or "",
                "written": now,
            },
            "review": self.review.to_toml(),
        }
        write_atomically(self.draft_path, tomli_w.dumps(document).encode("utf-8"), durable=False)

    def _restore_draft(self) -> None:
        """Take what an earlier run typed and did not save (the draft stays until saved)."""
        path = self.draft_path
        remove_stale_temp_files(path.parent)
        if not path.is_file():
            return
        try:
            document = tomllib.loads(read_regular(path, MAX_SESSION_BYTES).decode("utf-8"))
            if document["recovery"]["format"] != RECOVERY_FORMAT:
                raise ValueError("another draft format")
            review = Review.from_toml(document["review"])
            written = document["recovery"]["written"]
            base = document["recovery"]["base"]
            if not isinstance(written, datetime) or not isinstance(base, str):
                raise ValueError("no time stamp or base")
        except Exception:  # anything at all: a draft must never stop a review opening
            with contextlib.suppress(OSError):
                path.replace(path.with_suffix(".unreadable"))
            return
        if review == self.review:
            self.remove_draft()
            return
        self.review = review
        self.fingerprint = base or None
        self.restored = written

    def remove_draft(self) -> None:
        with contextlib.suppress(OSError):
            self.draft_path.unlink()


def _mentors_review(session_path: Path, mentor: str) -> Path:
    """The review file this mentor writes: a later one they signed, else the first."""
    for number in range(2, MAX_REVIEWS + 1):
        path = review_path(session_path, number)
        if not path.is_file():
            break
        with contextlib.suppress(LoadError):
            if mentor.strip() and read_review(path)[0].mentor == mentor and not not_yours(path):
                return path
    return review_path(session_path)
