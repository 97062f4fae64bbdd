"""The whole flow a candidate follows, checked on screen and in the file written."""

from __future__ import annotations

import os
import stat

from textual.widgets import Input, OptionList, Select, TabbedContent

from selfcheck.ui.screens.new_session import NewSessionDialog
from selfcheck.ui.screens.start import StartScreen
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor
from selfcheck.ui.widgets.readiness_view import ReadinessView

from .conftest import session_document
from .helpers import read, session_screen, settle, shown


async def test_new_session_rate_answer_quit_and_reopen(folders, make_app):
    app = make_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.title == "selfcheck"

        # New assessment: catalogue, name, target.
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewSessionDialog)
        await pilot.press("enter")  # the only catalogue
        await pilot.press(*"Alex Doe")
        app.screen.query_one("#target", Select).value = "P"
        await pilot.press("enter")
        await settle(pilot)
        screen = session_screen(app)
        path = screen.editor.file.path
        assert path.parent == folders.sessions and path.name == "alex-doe-demo.toml"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert read(path)["candidate"] == "Alex Doe"

        # Rate three competencies with evidence, from the keyboard.
        for level, words in (
            ("3", "Ran 12 listening workshops."),
            ("4", "Planned [a] b"),
            ("3", ""),
        ):
            await pilot.press(level, "e", *words, "escape", "down")
            await settle(pilot)
        # The user-defined "Other": title and rationale by widget, rating by key.
        assert screen.query_one(CompetencyList).go_to("2.3")
        await pilot.pause()
        await pilot.press("4")
        screen.query_one("#c-other-title", Input).value = "Mentoring"
        screen.query_one("#c-rationale", NoteEditor).load_text("Helps new staff.")
        screen.query_one("#c-evidence", NoteEditor).load_text("Mentored 3 people.")
        await settle(pilot)

        # Requirements.
        await pilot.press("f3")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "requirements"
        assert app.focused is screen.query_one("#req-0", Select)  # the first answer
        await pilot.press("tab", "2")  # years
        await pilot.press("tab")
        screen.query_one("#req-0", Select).value = True
        screen.query_one("#req-2", Select).value = "ma"
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        headline = shown(screen.query_one("#readiness-view .r-headline"))
        assert "Highest designation ready: Associate (A)" in headline
        assert "Your target Practitioner (P): 2 gaps to close." in headline
        verdicts = shown(screen.query_one("#readiness-view .r-gaps-1"))
        assert "Experience: 2 years, needs at least 3 years" in verdicts
        assert "1.3 Records has no evidence" in verdicts
        assert isinstance(app.focused, ReadinessView)

        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    saved = read(path)
    # Each rating with its competency's title and level's label, for people reading the file.
    assert saved["ratings"]["1.1"] == {
        "competency": "Listening",
        "level": 3,
        "level_label": "Proficient",
        "evidence": "Ran 12 listening workshops.",
    }
    assert saved["ratings"]["1.2"] == {
        "competency": "Planning",
        "level": 4,
        "level_label": "Expert",
        "evidence": "Planned [a] b",
    }
    assert saved["ratings"]["1.3"] == {
        "competency": "Records",
        "level": 3,
        "level_label": "Proficient",
        "evidence": "",
    }
    assert saved["ratings"]["2.3"] == {
        "competency": "Other",
        "level": 4,
        "level_label": "Expert",
        "title": "Mentoring",
        "rationale": "Helps new staff.",
        "evidence": "Mentored 3 people.",
    }
    assert saved["requirements"] == {"years": 2, "member": True, "degree": "ma"}
    assert saved["target"] == "P"
    assert saved["summary"]["ready_for"] == ["A"]
    assert saved["updated"] == saved["summary"]["computed"]
    assert not folders.draft_files()  # a clean exit leaves no recovery draft

    # Reopen: straight into the session, where the candidate left off.
    app = make_app(session=path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.query_one(CompetencyList).current == saved["position"]
        assert screen.session.rating("1.2").evidence == "Planned [a] b"
        assert screen.query_one("#req-1", Input).value == "2"
        await pilot.press("ctrl+q")
    assert read(path)["ratings"] == saved["ratings"]  # reopening changed nothing


async def test_keys_move_and_filter(folders, make_app):
    path = folders.write_session("alex.toml", session_document(target="A"))
    app = make_app(session=path)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        names = screen.query_one(CompetencyList)
        assert names.current == "1.2"  # resumed where the file says
        await pilot.press("ctrl+c")  # not a way out: only Ctrl+Q quits
        await settle(pilot)
        assert app.is_running and names.current == "1.2"
        await pilot.press("u")  # next unrated
        assert names.current == "1.3"
        await pilot.press("k")
        assert names.current == "1.2"
        await pilot.press("t")  # only the target's competencies
        await settle(pilot)
        assert names.competency_ids() == ["1.1", "1.2", "1.3"]
        await pilot.press("t")
        await settle(pilot)
        assert len(names.competency_ids()) == 6
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down", "enter")  # "Extra skills"
        await settle(pilot)
        assert names.current == "2.1"
        await pilot.press("n")  # N/A is allowed here
        await settle(pilot)
        assert screen.session.rating("2.1").not_applicable
        await pilot.press("down", "n")  # but not here: nothing changes
        await settle(pilot)
        assert not screen.session.rating("2.2").not_applicable
        await pilot.press("k", "3", "delete")  # rate, then clear (N/A is cleared too)
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert "2.1" not in read(path)["ratings"]
    assert read(path)["position"] == "2.1"


async def test_mouse_rates_and_switches_tabs(folders, make_app):
    from textual.widgets import Checkbox

    from selfcheck.ui.widgets.scale import LevelRow

    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        rows = list(screen.query(LevelRow))
        await pilot.click(rows[4])  # "Expert"
        await settle(pilot)
        assert screen.session.rating("1.2").level == 4
        assert screen.query_one(CompetencyList).go_to("2.1")
        await settle(pilot)
        await pilot.click(screen.query_one("#c-na", Checkbox))
        await settle(pilot)
        assert screen.session.rating("2.1").not_applicable
        await pilot.click("#tabs Tab#--content-tab-readiness")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "readiness"
        await pilot.press("ctrl+q")
    saved = read(path)["ratings"]
    assert saved["1.2"]["level"] == 4 and saved["2.1"]["not_applicable"] is True


async def test_a_number_out_of_range_is_explained_and_not_saved(folders, make_app):
    path = folders.write_session("alex.toml", session_document(requirements={"years": 4}))
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("f3")
        await settle(pilot)
        years = screen.query_one("#req-1", Input)
        assert years.value == "4"
        years.value = "99"
        await settle(pilot)
        assert shown(screen.query_one("#problem-1")) == "Enter a number from 0 to 70."
        assert screen.session.requirements["years"] == 4  # the last good answer stays
        years.value = "2,5"  # a decimal comma is understood
        await settle(pilot)
        assert screen.query_one("#problem-1").has_class("hidden")
        assert screen.session.requirements["years"] == 2.5
        years.value = ""
        await settle(pilot)
        await pilot.press("ctrl+q")
    assert "years" not in read(path)["requirements"]


async def test_a_session_opened_directly_closes_to_the_start_screen(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not any(isinstance(s, StartScreen) for s in app.screen_stack)  # not built yet
        session_screen(app)
        await pilot.press("ctrl+w")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        names = app.screen.query_one("#sessions", OptionList)
        assert names.option_count == 1
        await pilot.press("enter")  # and back into it
        await settle(pilot)
        assert session_screen(app).editor.file.path.name == "alex.toml"
        await pilot.press("ctrl+q")
