"""The keyboard, as a fast typist or a paste uses it. Keys take effect in the order they were
typed, also when they arrive in one burst (a paste without bracketed paste, a slow link): the
focus moves before the next key is routed, so a key meant for the list never lands in the
field just left, and text never goes to the list. Ctrl+P finds a competency by id or by
words of its title, in a session and in a review."""

from __future__ import annotations

from typing import Any

from textual.command import CommandPalette
from textual.widgets import TabbedContent

from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput

from .conftest import session_document
from .helpers import burst, read, session_screen, settle
from .test_small_screen import SMALL, footer_keys

LONG = ("Ran twelve listening workshops for new staff in 2025. " * 4)[:190]


async def jumps_by_palette(pilot: Any, screen: Any) -> None:
    """With the target filter on and another tab shown, the palette still goes there."""
    app, names = pilot.app, screen.query_one(CompetencyList)
    await pilot.press("t", "f4")
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


async def test_a_session_takes_keys_in_order_and_finds_by_palette(folders, make_app):
    path = folders.write_session("alex.toml", session_document(target="A"))
    app = make_app(session=path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        names = screen.query_one(CompetencyList)
        assert names.current == "1.2"

        # The case: `e`, 190 characters, Esc, `j`, a digit, all in one burst.
        burst(app, "e", *LONG, "escape", "j", "3")
        await settle(pilot)
        assert screen.session.rating("1.2").evidence == "Some plans, with help." + LONG
        assert screen.session.rating("1.2").level == 2  # the digit went to 1.3
        assert names.current == "1.3" and app.focused is names
        assert screen.session.rating("1.3").level == 3

        # Tab through an "Other": `e` opens its title (it has none), Tab moves field by field.
        assert names.go_to("2.3")
        await settle(pilot)
        burst(app, "e", *"Mentoring", "tab", *"Helps new staff", "tab", *"Mentored 3", "escape")
        burst(app, "k", "4")
        await settle(pilot)
        other = screen.session.rating("2.3")
        assert (other.title, other.rationale, other.evidence) == (
            "Mentoring",
            "Helps new staff",
            "Mentored 3",
        )
        assert names.current == "2.2" and screen.session.rating("2.2").level == 4
        assert not isinstance(app.focused, NoteEditor | SafeInput)

        await jumps_by_palette(pilot, screen)
        await pilot.press("ctrl+q")

    saved = read(path)["ratings"]
    assert saved["1.2"]["evidence"] == "Some plans, with help." + LONG
    assert saved["1.3"]["level"] == 3
    assert saved["2.3"]["title"] == "Mentoring" and saved["2.2"]["level"] == 4


async def test_a_review_takes_keys_in_order_and_finds_by_palette(folders, make_app):
    path = folders.write_session("alex.toml", session_document(target="A", position="2.1"))
    app = make_app(session=path, review=True, mentor="Morgan")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        # At 80x24 the footer is whole; a read-only view offers no N/A.
        keys = footer_keys(app)
        assert {"Comment", "Overall", "Verdict", "Quit", "Help"} <= set(keys)
        assert "N/A" not in keys

        burst(app, "c", *"Rated 2 is honest", "escape", "j", "c", *"Start here", "escape")
        await settle(pilot)
        assert screen.query_one(CompetencyList).current == "2.2"
        assert screen.review_file.review.comments == {
            "2.1": "Rated 2 is honest",
            "2.2": "Start here",
        }
        await jumps_by_palette(pilot, screen)
        await pilot.press("ctrl+q")
