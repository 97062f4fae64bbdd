"""Keys take effect in the order they were typed, also when they arrive in one burst (a paste
without bracketed paste, a slow link): the focus moves before the next key is routed, so a key
meant for the list never lands in the field just left, and text never goes to the list."""

from __future__ import annotations

from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput

from .conftest import session_document
from .helpers import burst, read, session_screen, settle

LONG = ("Ran twelve listening workshops for new staff in 2025. " * 4)[:190]


async def test_keys_after_esc_and_tab_go_where_the_focus_went(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
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
        await pilot.press("ctrl+q")

    saved = read(path)["ratings"]
    assert saved["1.2"]["evidence"] == "Some plans, with help." + LONG
    assert saved["2.3"]["title"] == "Mentoring" and saved["2.2"]["level"] == 4


async def test_a_mentors_comment_typed_in_a_burst_stays_on_its_competency(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path, review=True, mentor="Morgan")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        burst(app, "c", *"Rated 2 is honest", "escape", "j", "c", *"Start here", "escape")
        await settle(pilot)
        assert screen.query_one(CompetencyList).current == "1.3"
        assert screen.review_file.review.comments == {
            "1.2": "Rated 2 is honest",
            "1.3": "Start here",
        }
        await pilot.press("ctrl+q")
