"""The open-session module without any screen: lock, saves, the recovery draft."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.storage.editor import READ_ONLY_LOCKED, READ_ONLY_REVIEW, Editor, SessionFile
from selfcheck.storage.recovery import describe_age
from selfcheck.storage.sessions import list_sessions
from selfcheck.storage.toml_files import ReadOnlyError

from .conftest import NOW, demo_catalogue, session_document
from .helpers import read


@pytest.fixture
def catalogue() -> Catalogue:
    return parse_catalogue(demo_catalogue())


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_create_writes_a_private_file_with_a_safe_name(folders, catalogue):
    file = SessionFile.create(
        folders.sessions, catalogue, "../../etc/passwd", "A", now=NOW, state_dir=folders.state
    )
    try:
        assert file.path.parent == folders.sessions
        assert file.path.name == "etc-passwd-demo.toml"
        assert _mode(file.path) == 0o600 and _mode(folders.sessions) == 0o700
        assert read(file.path)["candidate"] == "../../etc/passwd"
        other = SessionFile.open(file.path, {"demo": catalogue})
        assert other.read_only == READ_ONLY_LOCKED
        other.close()
    finally:
        file.close()


def test_review_takes_no_lock_and_never_writes(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    mentor = SessionFile.open(path, {"demo": catalogue}, review=True, state_dir=folders.state)
    candidate = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
    assert mentor.read_only == READ_ONLY_REVIEW and candidate.editable
    with pytest.raises(ReadOnlyError):
        mentor.save(mentor.saved.with_level("1.3", 4), NOW)
    mentor.write_draft(mentor.saved.with_level("1.3", 4), NOW)
    assert not folders.draft_files()
    mentor.close()
    candidate.close()


def test_editor_journals_each_change_and_saving_clears_it(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    editor = Editor(SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state))
    editor.change(editor.session.with_evidence("1.3", "first words"), NOW)
    (draft,) = folders.draft_files()
    assert _mode(draft) == 0o600 and _mode(draft.parent) == 0o700
    assert "first words" in draft.read_text("utf-8")
    assert "first words" not in path.read_text("utf-8")
    editor.save(NOW + timedelta(minutes=1))
    assert not folders.draft_files()
    saved = read(path)
    assert saved["ratings"]["1.3"]["evidence"] == "first words"
    assert saved["updated"] == NOW + timedelta(minutes=1)
    editor.close()


def test_moving_around_is_saved_without_touching_the_updated_time(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    before = read(path)["updated"]
    editor = Editor(SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state))
    editor.change(editor.session.with_position("2.1"), NOW, content=False)
    assert not folders.draft_files()  # not worth a draft
    editor.save(NOW)
    assert read(path)["position"] == "2.1" and read(path)["updated"] == before
    editor.close()


def test_undoing_a_change_drops_the_draft(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    editor = Editor(SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state))
    original = editor.session
    editor.change(original.with_level("1.3", 1), NOW)
    assert folders.draft_files()
    editor.change(original, NOW)
    assert not folders.draft_files() and not editor.dirty
    editor.close()


def test_closing_with_unsaved_changes_keeps_them_unless_discarded(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    for discard, kept in ((False, True), (True, False)):
        editor = Editor(SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state))
        editor.change(editor.session.with_level("1.3", 1), NOW)
        editor.close(discard=discard)
        assert bool(folders.draft_files()) is kept
        file = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
        draft = file.find_draft()
        assert (draft is not None) is kept
        if draft is not None:
            file.discard_draft(draft)
        file.close()


def test_a_restored_draft_is_kept_until_the_save_that_includes_it(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    first = Editor(SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state))
    first.change(first.session.with_evidence("1.3", "lost?"), NOW - timedelta(hours=2))
    first.close()
    file = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
    draft = file.find_draft()
    assert draft is not None
    assert describe_age(draft.age(NOW)) == "2 hours ago"
    restoring = Editor(file, file.take_draft(draft))
    assert len(folders.draft_files()) == 1  # a kill from here on leaves the draft on disk
    restoring.close()  # gone before the save that would include it
    again = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
    offered = again.find_draft()
    assert offered is not None and offered.session.rating("1.3").evidence == "lost?"
    editor = Editor(again, again.take_draft(offered))
    assert len(folders.draft_files()) == 1
    editor.save(NOW)
    assert not folders.draft_files()
    assert read(path)["ratings"]["1.3"]["evidence"] == "lost?"
    editor.close()


def test_opening_cleans_abandoned_temp_files_beside_the_session_and_its_draft(
    folders, catalogue, dead_pid
):
    path = folders.write_session("alex.toml", session_document())
    recovery = folders.state / "recovery"
    recovery.mkdir(parents=True)
    left = [
        folders.sessions / f".alex.toml.{dead_pid}.abcd1234.tmp",
        recovery / f".alex-0123.toml.{dead_pid}.abcd1234.tmp",
    ]
    for temp in left:
        temp.write_text("half")
    file = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
    assert file.find_draft() is None
    assert not any(temp.exists() for temp in left)
    file.close()


def test_a_draft_left_restoring_by_an_earlier_version_is_offered(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    first = Editor(SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state))
    first.change(first.session.with_evidence("1.3", "words"), NOW)
    first.close()
    (draft,) = folders.draft_files()
    draft.rename(draft.with_suffix(".restoring"))
    file = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
    found = file.find_draft()
    assert found is not None and found.session.rating("1.3").evidence == "words"
    file.close()


def test_a_stale_draft_equal_to_the_file_is_removed_quietly(folders, catalogue):
    path = folders.write_session("alex.toml", session_document())
    file = SessionFile.open(path, {"demo": catalogue}, state_dir=folders.state)
    file.write_draft(file.saved, NOW)
    assert file.find_draft() is None
    assert not folders.draft_files()
    file.close()


def test_ages_read_naturally():
    assert describe_age(timedelta(seconds=20)) == "just now"
    assert describe_age(timedelta(minutes=1)) == "1 minute ago"
    assert describe_age(timedelta(days=3, hours=5)) == "3 days ago"


def test_sessions_are_listed_newest_first_with_problems_apart(folders, catalogue):
    folders.write_session("old.toml", session_document(candidate="Old", updated=NOW - timedelta(1)))
    folders.write_session("new.toml", session_document(candidate="New", updated=NOW))
    folders.sessions.joinpath("bad.toml").write_text("candidate = ")
    folders.sessions.joinpath(".hidden.toml").write_text("ignored")
    summaries, skipped = list_sessions(folders.sessions, {"demo": catalogue})
    assert [s.candidate for s in summaries] == ["New", "Old"]
    assert summaries[0].rated == 2 and summaries[0].total == 6
    assert [p.path.name for p in skipped] == ["bad.toml"]


def test_a_draft_holds_only_the_changes_and_replays_exactly(catalogue):
    from selfcheck.model.session import Session
    from selfcheck.storage.recovery import changes_between, with_changes

    base = Session.from_toml(session_document())
    edited = (
        base.with_evidence("1.1", "new words [red]x[/] \x1b]0;t\x07")
        .with_rating("1.2", base.rating("1.2").__class__())  # dropped
        .with_answer("member", None)
        .with_answer("years", 4.0)
        .with_target(None)
        .with_position("2.3")
        .with_candidate("Alex [b]Doe[/b]")
    )
    changes = changes_between(base, edited)
    assert set(changes["ratings"]) == {"1.1"}  # not the untouched ones
    assert changes["dropped_ratings"] == ["1.2"] and changes["cleared"] == ["target"]
    assert with_changes(base, changes) == edited
    assert changes_between(base, base) == {}
    int_years = base.with_answer("years", 4)
    assert with_changes(int_years, changes_between(int_years, edited)) == edited
