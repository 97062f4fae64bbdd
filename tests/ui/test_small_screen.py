"""At 80x24 everything is readable: the name field looks like a field, the new-session note
is short and soon gone, the footer is not cut, "Not applicable" shows its state without
colour, and Tab only stops where focus can be seen, scrolling each stop into view."""

from __future__ import annotations

from textual.widgets import Button, Input

from selfcheck.ui.screens.new_session import NewSessionDialog
from selfcheck.ui.widgets.rating_form import TickBox

from . import helpers
from .conftest import session_document
from .helpers import Notices, session_screen, settle

SMALL = (80, 24)


def footer_keys(app) -> list[str]:
    """What the footer's keys do, each checked to be whole on screen."""
    keys = helpers.footer_keys(app.screen)
    for description, key in keys.items():
        assert key.region.right <= SMALL[0], f"{description!r} is cut"
    return list(keys)


async def test_new_assessment_at_80x24(folders, make_app):
    app = make_app()
    notices = Notices(app)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewSessionDialog)
        name = dialog.query_one("#name", Input)
        assert not name.compact and name.region.height == 3  # bordered: seen as a field
        create = dialog.query_one("#create", Button)
        assert create.region.bottom <= SMALL[1] - 1  # on screen, above the footer
        await pilot.press("enter", *"Alex Doe", "enter")
        await settle(pilot)
        (note,) = [n for n in notices if n.title == "New session"]
        assert note.message == "Saved as alex-doe-demo.toml; every change is saved as you go."
        assert note.timeout <= 5
        await pilot.press("ctrl+q")


async def test_session_footer_checkbox_and_tab_stops_at_80x24(folders, make_app):
    path = folders.write_session("alex.toml", session_document(position="2.1"))
    app = make_app(session=path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert {"Next unrated", "Evidence", "N/A", "Quit", "Help"} <= set(footer_keys(app))
        box = screen.query_one("#c-na", TickBox)
        assert "▐ ▌" in str(box.render())  # not ticked: blank, whatever the colours
        await pilot.press("n")
        await settle(pilot)
        assert box.value and "▐X▌" in str(box.render())
        # Tab: the checkbox, the evidence, back to the list; never the pane itself.
        stops = []
        for _ in range(3):
            await pilot.press("tab")
            await settle(pilot)
            focused = app.focused
            assert (
                focused is not None
                and focused.region.bottom <= screen.query_one("#detail").region.bottom
            )
            stops.append(focused.id)
        assert stops == ["c-na", "c-evidence", "competencies"]
        # The requirements: every Tab stop is an answer, scrolled into view.
        await pilot.press("f3")
        await settle(pilot)
        form = screen.query_one("#requirements-form")
        seen = []
        for _ in range(4):
            focused = app.focused
            assert focused is not None and "answer" in focused.classes, focused
            assert form.region.contains_region(focused.region), focused
            seen.append(focused.id)
            await pilot.press("tab")
            await settle(pilot)
        assert seen == ["req-0", "req-1", "req-2", "req-0"]
        await pilot.press("ctrl+q")
