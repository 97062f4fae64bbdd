"""Small keys of the rating tab that say what they do: `n` where N/A is not allowed explains
why, and Ctrl+A in a note selects all of it so that Delete clears it."""

from __future__ import annotations

from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor

from .conftest import session_document
from .helpers import read, session_screen, settle


async def test_refused_na_says_why_and_ctrl_a_clears_a_note(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.query_one(CompetencyList).current == "1.2"
        await pilot.press("n")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any(
            "1.2 cannot be marked not applicable" in m and "rate it 0 (Not yet)" in m for m in said
        ), said
        assert not screen.session.rating("1.2").not_applicable

        await pilot.press("e", "ctrl+a", "delete", *"Rewritten.", "escape")
        await settle(pilot)
        assert screen.query_one("#c-evidence", NoteEditor).text == "Rewritten."
        await pilot.press("ctrl+q")
    assert read(path)["ratings"]["1.2"]["evidence"] == "Rewritten."
