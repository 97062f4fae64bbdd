"""The start screen is current every time it is shown."""

from __future__ import annotations

from textual.widgets import OptionList

from selfcheck.ui.screens.start import StartScreen

from .helpers import session_screen, settle


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
        listed = str(app.screen.query_one("#sessions", OptionList).get_option_at_index(0).prompt)
        assert "2/6 rated" in listed, listed
        await pilot.press("ctrl+q")
