"""Ctrl+P finds a competency by id or by words of its title, in a session and in a review."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import TabbedContent

from selfcheck.ui.widgets.competency_list import CompetencyList

from .conftest import session_document
from .helpers import session_screen, settle


@pytest.mark.parametrize("review", [False, True], ids=["session", "review"])
async def test_the_palette_jumps_to_a_competency(folders, make_app, review):
    path = folders.write_session("alex.toml", session_document(target="A"))
    app = make_app(session=path, review=review, mentor="Morgan")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        names = screen.query_one(CompetencyList)
        await pilot.press("t", "f4")  # only the target's competencies, and another tab
        await settle(pilot)
        for typed, expected in (("2.2", "2.2"), ("recor", "1.3")):
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*typed)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            assert screen.query_one(TabbedContent).active == "rate"
            assert (names.current, app.focused) == (expected, names), typed
        await pilot.press("ctrl+q")
