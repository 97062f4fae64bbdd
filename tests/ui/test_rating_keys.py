"""Small keys of the rating tab that do what a person expects: `n` where N/A is not allowed
explains why, Ctrl+A in a note selects all of it so that Delete clears it, and the target
dialog starts at the current target and stops at its ends."""

from __future__ import annotations

from selfcheck.ui.screens.dialogs import ChoiceList, PickOne
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor

from .conftest import session_document
from .helpers import Notices, read, session_screen, settle


async def test_na_ctrl_a_and_the_target_dialog(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    notices = Notices(app)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.query_one(CompetencyList).current == "1.2"
        await pilot.press("n")
        await settle(pilot)
        said = notices.messages
        assert any(
            "1.2 cannot be marked not applicable" in m and "rate it 0 (Not yet)" in m for m in said
        ), said
        assert not screen.session.rating("1.2").not_applicable

        await pilot.press("e", "ctrl+a", "delete", *"Rewritten.", "escape")
        await settle(pilot)
        assert screen.query_one("#c-evidence", NoteEditor).text == "Rewritten."

        await pilot.press("T")  # the session's target is P
        await settle(pilot)
        assert isinstance(app.screen, PickOne)
        choices = app.screen.query_one(ChoiceList)
        assert choices.highlighted_option is not None and choices.highlighted_option.id == "P"
        await pilot.press("up", "up", "up", "up")  # past "No target": it stays there
        assert choices.highlighted_option is not None and choices.highlighted_option.id == "-"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.target is None
        await pilot.press("ctrl+q")
    saved = read(path)
    assert saved["ratings"]["1.2"]["evidence"] == "Rewritten."
    assert "target" not in saved
