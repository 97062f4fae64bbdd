"""The start screen is current every time it is shown, and manages saved sessions: rename,
duplicate, archive and delete, each asked for, none erasing anything."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from selfcheck.ui.screens.dialogs import PickOne
from selfcheck.ui.screens.manage import AskName, ConfirmArchive, ConfirmDelete
from selfcheck.ui.screens.start import StartScreen

from .conftest import Folders, session_document
from .helpers import session_screen, settle


def listed(app) -> list[str]:
    names = app.screen.query_one("#sessions", OptionList)
    return [str(names.get_option_at_index(i).prompt) for i in range(names.option_count)]


def files(folders: Folders) -> list[str]:
    return sorted(
        str(p.relative_to(folders.sessions)) for p in folders.sessions.rglob("*") if p.is_file()
    )


async def test_the_start_screen_shows_what_a_closed_session_now_holds(folders, make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter", *"Alex Doe", "enter")  # a new session, over the start screen
        await settle(pilot)
        session_screen(app)
        await pilot.press("3", "j", "1", "ctrl+w")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert "2/6 rated" in listed(app)[0], listed(app)
        assert files(folders) == ["alex-doe-demo.toml"]  # closed cleanly: no lock file left
        await pilot.press("ctrl+q")


async def test_rename_duplicate_archive_and_delete_from_the_start_screen(folders, make_app):
    folders.write_session("alex.toml", session_document())
    (folders.sessions / "alex.review.toml").write_text(
        'schema_version = 1\nkind = "selfcheck-review"\nsession = "alex.toml"\n', "utf-8"
    )
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        await pilot.press("enter")  # Rename…
        await settle(pilot)
        assert isinstance(app.screen, AskName)
        app.screen.query_one(Input).value = "Alex before applying"
        await pilot.press("enter")
        await settle(pilot)
        assert files(folders) == ["alex-before-applying.review.toml", "alex-before-applying.toml"]
        assert "alex-before-applying.toml" in listed(app)[0]

        await pilot.press("m", "down", "enter")  # Duplicate: a copy named after the day
        await settle(pilot)
        assert "alex-before-applying-2026-11-20.toml" in files(folders)

        await pilot.press("delete")  # the highlighted one (the original: same date, listed first)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("enter", "y")  # a habitual Enter cancels; y is not the key
        await settle(pilot)
        assert isinstance(app.screen, StartScreen) and len(files(folders)) == 3
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("m", "down", "down", "enter")  # Archive… the other one
        await settle(pilot)
        assert isinstance(app.screen, ConfirmArchive)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert files(folders) == [
            "archive/alex-before-applying-2026-11-20.toml",
            "deleted/alex-before-applying.review.toml",
            "deleted/alex-before-applying.toml",
        ]
        assert app.screen.query_one("#sessions", OptionList).option_count == 1  # "none yet"
        await pilot.press("ctrl+q")
