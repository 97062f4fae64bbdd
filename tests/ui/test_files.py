"""Files that are locked, newer, broken, half-saved or left over from a crash."""

from __future__ import annotations

import os
from datetime import timedelta

import tomli_w
from filelock import FileLock
from textual.widgets import OptionList

from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.storage.editor import READ_ONLY_LOCKED, READ_ONLY_NEWER, SessionFile
from selfcheck.storage.reviews import review_path
from selfcheck.ui.screens.dialogs import RecoveryDialog
from selfcheck.ui.screens.start import StartScreen
from selfcheck.ui.widgets.comments import CommentPanel, ReviewSummary
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor

from .conftest import NOW, session_document
from .helpers import Notices, read, session_screen, settle, shown


async def test_second_window_opens_read_only_and_writes_nothing(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    before = path.read_bytes()
    other_window = FileLock(str(path) + ".lock", timeout=0, thread_local=False)
    other_window.acquire()
    try:
        app = make_app(session=path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = session_screen(app)
            assert screen.read_only == READ_ONLY_LOCKED
            assert "already open in another window" in shown(screen.query_one("#banner"))
            assert screen.query_one("#c-evidence", NoteEditor).read_only
            await pilot.press("4", "down", "3")
            await settle(pilot)
            assert screen.session.rating("1.2").level == 2  # nothing changed
            await pilot.press("ctrl+q")
    finally:
        other_window.release()
    assert path.read_bytes() == before
    assert not folders.draft_files()


async def test_first_window_keeps_the_lock_until_it_closes(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not session_screen(app).read_only
        second = SessionFile.open(path, {"demo": session_screen(app).catalogue})
        assert second.read_only == READ_ONLY_LOCKED
        second.close()
        await pilot.press("ctrl+q")
    third = SessionFile.open(path, {"demo": second.catalogue})
    assert third.editable
    third.close()


async def test_newer_schema_opens_read_only_with_a_banner(folders, make_app):
    path = folders.write_session(
        "future.toml", session_document(schema_version=999, shiny_new_key={"a": 1})
    )
    before = path.read_bytes()
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.read_only == READ_ONLY_NEWER
        assert "newer selfcheck" in shown(screen.query_one("#banner"))
        await pilot.press("4", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before


async def test_bad_catalogue_and_bad_session_are_listed_not_fatal(folders, make_app):
    (folders.catalogues / "broken.toml").write_text('id = "x"\ntitle = "unterminated\n')
    (folders.catalogues / "empty.toml").write_text("")
    folders.write_session("good.toml", session_document())
    folders.sessions.joinpath("torn.toml").write_text("schema_version = 1\ncandidate = [\n")
    folders.write_session("lost.toml", session_document(catalogue="no-such-catalogue"))
    # Named like sessions, but a pipe (a plain open would wait for a writer forever), a
    # folder, and a session with an infinite answer.
    os.mkfifo(folders.sessions / "pipe.toml")
    (folders.sessions / "folder.toml").mkdir()
    infinite = session_document(requirements={"years": float("inf")})
    folders.write_session("infinite.toml", infinite)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        sessions = app.screen.query_one("#sessions", OptionList)
        assert sessions.option_count == 1
        skipped = shown(app.screen.query_one("#skipped"))
        assert "Skipped 7 files" in skipped
        assert "pipe.toml: not a regular file (a pipe, a device or a socket); skipped" in skipped
        assert "folder.toml: is a folder, not a file; skipped" in skipped
        assert "infinite.toml:10: requirements.years: infinite, or too large" in skipped
        assert "broken.toml:2: not valid TOML" in skipped
        assert "empty.toml: the file is empty" in skipped
        assert "torn.toml" in skipped
        assert "no catalogue with id 'no-such-catalogue'" in skipped
        await pilot.press("enter")  # the good one still opens
        await settle(pilot)
        assert session_screen(app).session.candidate == "Alex Doe"


async def test_stale_temp_files_are_removed_and_a_shared_folder_pointed_out_at_start(
    folders, make_app, dead_pid
):
    folders.write_session("alex.toml", session_document())
    stale = folders.sessions / f".alex.toml.{dead_pid}.abc12345.tmp"
    stale.write_text("half a save")
    in_flight = folders.sessions / f".alex.toml.{os.getppid()}.abc12345.tmp"
    in_flight.write_text("another window's save, still being written")
    folders.sessions.chmod(0o777)  # a shared folder is pointed out
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        where = shown(app.screen.query_one("#where"))
        assert where.endswith(
            "\nThis folder can be written by anyone: others could add or replace sessions in "
            f"it ('chmod 700 {folders.sessions}' keeps it yours)"
        )
    assert not stale.exists()
    assert in_flight.exists()


async def _draft_left_behind(folders, make_app):
    """Edit a session, then leave the way a kill would: the draft stays, the file does not
    get the change."""
    path = folders.write_session("alex.toml", session_document())
    file = SessionFile.open(path, {"demo": _catalogue()}, state_dir=folders.state)
    edited = file.saved.with_evidence("1.2", "Typed just before the power cut")
    file.write_draft(edited, NOW - timedelta(minutes=3))
    file.close(edited)  # the lock goes, as the kernel releases it after a kill
    assert folders.draft_files()
    return path


def _catalogue():

    from .conftest import demo_catalogue

    return parse_catalogue(demo_catalogue())


async def test_recovered_draft_can_be_restored(folders, make_app):
    path = await _draft_left_behind(folders, make_app)
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecoveryDialog)
        text = str(app.screen.message)
        assert "3 minutes ago" in text and "1.2" in text
        await pilot.press("r")
        await settle(pilot)
        screen = session_screen(app)
        assert screen.session.rating("1.2").evidence == "Typed just before the power cut"
        await pilot.press("ctrl+q")
    assert read(path)["ratings"]["1.2"]["evidence"] == "Typed just before the power cut"
    assert not folders.draft_files()


async def test_recovered_draft_can_be_discarded(folders, make_app):
    path = await _draft_left_behind(folders, make_app)
    before = path.read_bytes()
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecoveryDialog)
        await pilot.press("d")
        await settle(pilot)
        assert session_screen(app).session.rating("1.2").evidence == "Some plans, with help."
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before
    assert not folders.draft_files()


async def test_unreadable_draft_is_set_aside_not_offered(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    file = SessionFile.open(path, {"demo": _catalogue()}, state_dir=folders.state)
    file.close()
    file.draft_path.parent.mkdir(parents=True, exist_ok=True)
    file.draft_path.write_text("this is [not a draft")
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session_screen(app)  # no recovery prompt
        await pilot.press("ctrl+q")
    assert [p.suffix for p in folders.draft_files()] == [".unreadable"]


async def test_save_error_keeps_edits_and_asks_before_quitting(folders, make_app, monkeypatch):
    from selfcheck.storage import editor
    from selfcheck.storage.sessions import save_session
    from selfcheck.storage.toml_files import SaveError

    path = folders.write_session("alex.toml", session_document())
    before = path.read_bytes()
    real_save = save_session

    def full_disk(*args, **kwargs):
        raise SaveError(f"could not save {path}: the disk is full")

    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        monkeypatch.setattr(editor, "save_session", full_disk)
        await pilot.press("4")
        await settle(pilot)
        status = shown(screen.query_one("#status"))
        assert status.startswith("Could not save:") and "the disk is full" in status
        assert status.endswith("Your changes are still open.")
        assert screen.session.rating("1.2").level == 4
        assert folders.draft_files()  # journalled even though the save failed
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "QuitDialog"
        await pilot.press("escape")  # cancel: stay
        await settle(pilot)
        assert app.is_running and session_screen(app)
        monkeypatch.setattr(editor, "save_session", real_save)
        await pilot.press("ctrl+q")  # saving works again: quits without asking
    assert read(path)["ratings"]["1.2"]["level"] == 4
    assert path.read_bytes() != before


async def test_a_recovery_copy_that_cannot_be_kept_is_said_once(folders, make_app, monkeypatch):
    import errno

    from selfcheck.storage import atomic, editor

    path = folders.write_session("alex.toml", session_document())
    real_write = atomic.write_atomically

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    app = make_app(session=path)
    notices = Notices(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        monkeypatch.setattr(editor, "write_atomically", full_disk)
        await pilot.press("e", *"typing on")
        await settle(pilot)
        said = [n for n in notices if "recovery copy" in n.message]
        assert len(said) == 1, [n.message for n in said]
        assert said[0].message == "Could not keep a recovery copy: No space left on device."
        status = shown(screen.query_one("#status"))
        assert "no recovery copy (No space left on device)" in status
        monkeypatch.setattr(editor, "write_atomically", real_write)
        await pilot.press("!")
        await settle(pilot)
        assert "recovery copy" not in shown(screen.query_one("#status"))
        await pilot.press("escape", "ctrl+q")
    assert read(path)["ratings"]["1.2"]["evidence"].endswith("typing on!")


async def test_conflict_with_another_program_is_reported(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        changed = session_document(candidate="Someone else")
        path.write_text(tomli_w.dumps(changed))
        await pilot.press("4")
        await settle(pilot)
        assert "changed by another program" in shown(screen.query_one("#status"))
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("d")  # discard: the other program's file stays
    assert read(path)["candidate"] == "Someone else"
    assert not folders.draft_files()


async def test_opening_and_closing_rewrites_nothing(folders, make_app):
    """A session without a mentor's review: no comment column, and opening it, looking at
    every tab and closing it writes nothing, neither the session nor a review."""
    document = session_document()
    del document["position"]
    path = folders.write_session("alex.toml", document)
    before = path.read_bytes()
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert not screen.query(CommentPanel) and not screen.query(ReviewSummary)
        assert str(screen.query_one(CompetencyList).get_option("c:1.1").prompt).startswith("✓3 1.1")
        await pilot.press("f3", "f4", "f2")
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before
    assert not review_path(path).exists()
