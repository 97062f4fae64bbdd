"""A mentor's review while it is open: what is on disk, what is in memory, conflict-checked
saves. No user interface here. The candidate's session file is only ever read."""

from __future__ import annotations

import getpass
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from selfcheck import storage
from selfcheck.model.review import Review
from selfcheck.model.session import clean_text


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
        storage.LoadError when the review file is there but cannot be used."""
        review, fingerprint = storage.load_review(session_path)
        opened = cls(session_path, review, fingerprint)
        if review is None or not review.mentor.strip():
            opened.review = opened.review.with_mentor(mentor)
        return opened

    @property
    def path(self) -> Path:
        return storage.review_path(self.session_path)

    @property
    def dirty(self) -> bool:
        """Unsaved changes (a review with nothing in it is not written)."""
        if self.saved is None:
            return not self.review.is_empty
        return self.review != self.saved

    def change(self, review: Review) -> None:
        self.review = review

    def save(self, now: datetime) -> None:
        """Write the review if it changed; raises storage.SaveError (ConflictError when the
        file changed since it was read) and keeps the changes in memory."""
        if not self.dirty:
            return
        review = replace(self.review, updated=now)
        self.fingerprint = storage.save_review(
            self.session_path, review, expected_fingerprint=self.fingerprint
        )
        self.saved = self.review = review
