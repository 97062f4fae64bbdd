"""Renaming, copying, archiving and deleting sessions: their belongings follow them, nothing
is erased, a session open in a window is left alone, and a clean close leaves no lock file."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.review import Review
from selfcheck.model.session import new_session
from selfcheck.storage.editor import Editor, SessionFile
from selfcheck.storage.manage import (
    ManageError,
    archive_session,
    delete_session,
    duplicate_session,
    rename_session,
)
from selfcheck.storage.recovery import draft_path_for
from selfcheck.storage.reviews import save_review
from selfcheck.storage.sessions import save_session

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


@pytest.fixture
def alex(tmp_path: Path, career: Catalogue) -> Path:
    """A session with everything that belongs to it: review, feedback, backups, a draft."""
    path = tmp_path / "sessions" / "alex.toml"
    save_session(path, new_session(career, "Alex"), career, now=NOW)
    save_review(path, Review(session=path.name, mentor="M").with_comment("1.1", "Good"))
    (path.parent / "alex.feedback").mkdir()
    (path.parent / "alex.feedback" / "peer-1.toml").write_text("x = 1\n")
    (path.parent / "alex.toml.bak").write_text("old\n")
    (path.parent / "alex.v0.bak").write_text("older\n")
    draft = draft_path_for(path, tmp_path / "state")
    draft.parent.mkdir(parents=True)
    draft.write_text("draft\n")
    return path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_rename_takes_everything_along(alex: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    new = rename_session(alex, "Alex before applying ../x", state)
    assert new.name == "alex-before-applying-x.toml"
    stem = new.stem
    assert names(alex.parent) == sorted(
        [f"{stem}.toml", f"{stem}.review.toml", f"{stem}.feedback", f"{stem}.toml.bak",
         f"{stem}.v0.bak"]
    )  # fmt: skip
    assert (alex.parent / f"{stem}.feedback" / "peer-1.toml").is_file()
    assert draft_path_for(new, state).read_text() == "draft\n"
    assert not draft_path_for(alex, state).exists()


def test_rename_refuses_a_taken_or_empty_name(alex: Path, career: Catalogue) -> None:
    save_session(alex.parent / "sam.toml", new_session(career, "Sam"), career, now=NOW)
    before = names(alex.parent)
    with pytest.raises(ManageError, match=r"already a session named sam\.toml"):
        rename_session(alex, "Sam")
    with pytest.raises(ManageError, match="letters or digits"):
        rename_session(alex, "日本 / ..")
    assert names(alex.parent) == before


def test_a_session_open_in_a_window_is_left_alone(alex: Path, career: Catalogue) -> None:
    file = SessionFile.open(alex, {career.id: career})
    before = names(alex.parent)
    for change in (lambda: rename_session(alex, "other"), lambda: delete_session(alex)):
        with pytest.raises(ManageError, match="open in another window"):
            change()
    assert names(alex.parent) == before
    Editor(file).close()
    assert "alex.toml.lock" not in names(alex.parent)  # a clean close leaves no lock file
    assert archive_session(alex).parent.name == "archive"


def test_archive_and_delete_move_nothing_is_erased(alex: Path, career: Catalogue) -> None:
    folder = alex.parent
    archived = archive_session(alex)
    assert archived == folder / "archive" / "alex.toml"
    assert names(folder / "archive") == sorted(
        ["alex.toml", "alex.review.toml", "alex.feedback", "alex.toml.bak", "alex.v0.bak"]
    )
    # A second "alex" archived later does not replace the first.
    save_session(alex, new_session(career, "Alex"), career, now=NOW)
    assert archive_session(alex) == folder / "archive" / "alex-2.toml"
    save_session(alex, new_session(career, "Alex"), career, now=NOW)
    deleted = delete_session(alex)
    assert deleted == folder / "deleted" / "alex.toml" and deleted.is_file()
    assert names(folder) == ["archive", "deleted"]
    assert stat.S_IMODE(os.stat(folder / "deleted").st_mode) == 0o700


def test_duplicate_is_a_dated_snapshot(alex: Path) -> None:
    copy = duplicate_session(alex, NOW)
    assert copy.name == "alex-2026-11-20.toml" and copy.read_bytes() == alex.read_bytes()
    assert stat.S_IMODE(os.stat(copy).st_mode) == 0o600
    assert duplicate_session(alex, NOW).name == "alex-2026-11-20-2.toml"
    assert not (alex.parent / "alex-2026-11-20.review.toml").exists()  # the review stays
