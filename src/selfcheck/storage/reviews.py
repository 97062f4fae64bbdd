"""Mentor reviews: `NAME.review.toml` beside a session, never the session itself.

The candidate's session file is only ever read. `ReviewFile` is a review while it is open: what
is on disk, what is in memory, conflict-checked saves.
"""

from __future__ import annotations

import getpass
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from selfcheck.model.problems import InvalidDocument
from selfcheck.model.review import Review
from selfcheck.model.session import clean_text
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.toml_files import (
    MAX_SESSION_BYTES,
    ConflictError,
    LoadError,
    fingerprint_of,
    located_problems,
    read_existing,
    read_toml,
    serialise,
)

if TYPE_CHECKING:
    pass


REVIEW_SUFFIX = ".review.toml"


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
        raise LoadError(located_problems(path, text, exc.problems)) from None


def save_review(
    session_path: Path, review: Review, *, expected_fingerprint: str | None = None
) -> str:
    """Write a review beside its session (never the session itself); return its fingerprint."""
    path = review_path(session_path)
    data = serialise(review.to_toml())
    existing = read_existing(path)
    if existing is not None and (
        expected_fingerprint is None or fingerprint_of(existing) != expected_fingerprint
    ):
        raise ConflictError(f"{path} was changed by another program or window since it was opened")
    atomic_write(path, data)
    return fingerprint_of(data)


def default_mentor_name() -> str:
    """The signed-in user's name, as a first guess at who is reviewing ("" if unknown)."""
    try:
        return clean_text(getpass.getuser()).strip()[:200]
    except (KeyError, OSError, ImportError):  # no passwd entry, no USER variable
        return ""


class ReviewFile:
    """The review beside one session file (`NAME.review.toml`)."""

    def __init__(self, session_path: Path, saved: Review | None, fingerprint: str | None) -> None:
        self.session_path = session_path
        #: The review as it is on disk now (None: no file yet).
        self.saved = saved
        self.fingerprint = fingerprint
        #: The review as the mentor has it now.
        self.review = saved if saved is not None else Review(session=session_path.name)

    @classmethod
    def open(cls, session_path: Path, *, mentor: str = "") -> ReviewFile:
        """Read the review beside a session, or start one signed `mentor`; raises
        LoadError when the review file is there but cannot be used."""
        review, fingerprint = load_review(session_path)
        opened = cls(session_path, review, fingerprint)
        if review is None or not review.mentor.strip():
            opened.review = opened.review.with_mentor(mentor)
        return opened

    @property
    def path(self) -> Path:
        return review_path(self.session_path)

    @property
    def dirty(self) -> bool:
        """Unsaved changes (a review with nothing in it is not written)."""
        if self.saved is None:
            return not self.review.is_empty
        return self.review != self.saved

    def change(self, review: Review) -> None:
        self.review = review

    def save(self, now: datetime) -> None:
        """Write the review if it changed; raises SaveError (ConflictError when the
        file changed since it was read) and keeps the changes in memory."""
        if not self.dirty:
            return
        review = replace(self.review, updated=now)
        self.fingerprint = save_review(
            self.session_path, review, expected_fingerprint=self.fingerprint
        )
        self.saved = self.review = review
