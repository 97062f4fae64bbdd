"""A mentor's review while it is open: a recovery draft of everything typed, a second mentor's
review saved beside the first, and files this window must not write left alone."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from selfcheck.model.review import Review
from selfcheck.storage.folder import is_session_file
from selfcheck.storage.reviews import (
    READ_ONLY_NEWER_REVIEW,
    ReviewFile,
    load_review,
    read_review,
    review_path,
    save_review,
)

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "alex.toml"
    path.write_text('schema_version = 1\ncatalogue = "demo"\ncandidate = "Alex"\n')
    return path


def drafts(state: Path) -> list[Path]:
    folder = state / "recovery"
    return (
        sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []
    )


def test_what_a_mentor_types_is_journalled_at_once_and_restored_after_a_kill(
    session: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    first = ReviewFile.open(session, mentor="Mo", state_dir=state)
    first.change(first.review.with_comment("1.1", "Half a thought"), NOW)
    assert not review_path(session).exists()  # not saved yet (typing)...
    (draft,) = drafts(state)  # ...but journalled
    assert "Half a thought" in draft.read_text("utf-8")
    assert oct(draft.stat().st_mode & 0o777) == "0o600"
    # Killed here. The next run takes the text back, and keeps the draft until it is saved.
    again = ReviewFile.open(session, mentor="Mo", state_dir=state)
    assert again.restored == NOW and again.review.comments == {"1.1": "Half a thought"}
    assert again.dirty and drafts(state) == [draft]
    assert again.save(NOW + timedelta(minutes=1)) == []
    assert not drafts(state)
    saved, _ = load_review(session)
    assert saved is not None and saved.comments == {"1.1": "Half a thought"}


def test_a_restored_draft_never_overwrites_a_review_saved_since(
    session: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    save_review(session, Review(session=session.name, mentor="Mo", overall="First."))
    mine = ReviewFile.open(session, mentor="Mo", state_dir=state)
    mine.change(mine.review.with_comment("1.1", "Unsaved"), NOW)
    theirs, fingerprint = load_review(session)
    assert theirs is not None
    save_review(
        session, theirs.with_overall("Changed meanwhile."), expected_fingerprint=fingerprint
    )
    on_disk = review_path(session).read_bytes()
    restored = ReviewFile.open(session, mentor="Mo", state_dir=state)
    notes = restored.save(NOW)
    assert review_path(session).read_bytes() == on_disk
    assert restored.path == review_path(session, 2) and "alex.review-2.toml" in notes[0]
    assert read_review(restored.path)[0].comments == {"1.1": "Unsaved"}


def test_the_later_of_two_mentors_saves_beside_the_first(session: Path, tmp_path: Path) -> None:
    state_a, state_b = tmp_path / "a", tmp_path / "b"
    ana = ReviewFile.open(session, mentor="Ana", state_dir=state_a)
    ben = ReviewFile.open(session, mentor="Ben", state_dir=state_b)
    ana.change(ana.review.with_comment("1.1", "Ana's"), NOW)
    ben.change(ben.review.with_comment("1.1", "Ben's"), NOW)
    assert ana.save(NOW) == []
    notes = ben.save(NOW)
    assert notes == [
        "alex.review.toml was saved by someone else since you opened it; your review is saved "
        "as alex.review-2.toml beside it, and theirs is unchanged"
    ]
    assert read_review(review_path(session))[0].comments == {"1.1": "Ana's"}
    assert read_review(review_path(session, 2))[0].comments == {"1.1": "Ben's"}
    ben.change(ben.review.with_comment("1.2", "More"), NOW)
    assert ben.save(NOW) == []  # on into the same file
    # Each mentor comes back to their own file; neither review is taken for a session.
    assert ReviewFile.open(session, mentor="Ben", state_dir=state_b).path == review_path(session, 2)
    assert ReviewFile.open(session, mentor="Ana", state_dir=state_a).path == review_path(session)
    assert not is_session_file(review_path(session, 2))


def test_a_review_from_a_newer_selfcheck_is_shown_never_written(
    session: Path, tmp_path: Path
) -> None:
    path = review_path(session)
    path.write_text(
        'schema_version = 7\nkind = "selfcheck-review"\nsession = "alex.toml"\nmentor = "Mo"\n'
        'added_later = "kept"\n[comments."1.1"]\ntext = "Theirs."\n'
    )
    before = path.read_bytes()
    opened = ReviewFile.open(session, mentor="Mo", state_dir=tmp_path / "state")
    assert opened.read_only == READ_ONLY_NEWER_REVIEW and opened.review.comments["1.1"] == "Theirs."
    opened.change(opened.review.with_comment("1.1", "Mine"), NOW)
    assert not opened.dirty and opened.save(NOW) == []
    assert path.read_bytes() == before
    assert not drafts(tmp_path / "state")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners")
def test_another_users_review_is_read_only(
    session: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_review(session, Review(session=session.name, mentor="Mo", overall="Theirs."))
    monkeypatch.setattr(os, "getuid", lambda: review_path(session).stat().st_uid + 1)
    opened = ReviewFile.open(session, mentor="Me", state_dir=tmp_path / "state")
    assert opened.read_only.startswith("the file belongs to ")
    assert not opened.editable
