"""The Development tab: logging, editing and removing an activity in a few keys, a goal with
a suggested focus area ticked, a milestone's date, and what the Requirements tab says about a
computed value. The clock is pinned (conftest NOW: 2026-11-20)."""

from __future__ import annotations

from typing import Any

import tomli_w
from textual.widgets import Button, Input, OptionList, SelectionList, TabbedContent

from selfcheck.ui.screens.development_forms import ActivityDialog, GoalDialog, LineDialog
from selfcheck.ui.widgets.editors import NoteEditor

from .conftest import Folders, demo_catalogue, session_document
from .helpers import read, session_screen, settle, shown


def record_catalogue() -> dict[str, Any]:
    """The demo catalogue with hours computed from the log, a plan requirement and two
    milestones ten business days apart."""
    document = demo_catalogue()
    document["requirements"] += [
        {"id": "hours", "kind": "number", "title": "Development", "unit": "hours",
         "prompt": "How many hours in the last 12 months?",
         "from_activities": {"within_months": 12, "reflection_required": True}},
        {"id": "plan", "kind": "yes_no", "title": "Plan", "prompt": "Do you have a plan?",
         "from_plan": {"goals_at_least": 1}},
    ]  # fmt: skip
    document["designations"][0]["requirements"] += [
        {"requirement": "hours", "at_least": 10},
        {"requirement": "plan"},
    ]
    document["milestones"] = [
        {"id": "started", "label": "Started"},
        {"id": "submitted", "label": "Submitted", "after": "started", "business_days": 10},
    ]
    return document


async def test_log_edit_and_remove_an_activity_then_plan_and_date_a_milestone(
    folders: Folders, make_app: Any
) -> None:
    (folders.catalogues / "demo.toml").write_text(tomli_w.dumps(record_catalogue()), "utf-8")
    path = folders.write_session("alex.toml", session_document(requirements={"hours": 12}))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("f3")
        await settle(pilot)
        assert "Self-reported." in shown(screen.query_one("#computed-3"))
        headline = shown(screen.query_one("#readiness-view .r-headline"))
        assert "Self-reported: Development (the Development tab works" in headline

        await pilot.press("f6")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "development"
        assert "the hours you typed are used" in shown(screen.query_one(".d-total"))

        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityDialog)
        assert form.query_one("#activity-date", Input).value == "2026-11-20"  # today
        form.query_one("#activity-title", Input).value = "Budget [b]course[/b]"
        # The rest in a few keys: hours, past the date, tick the first competency, reflect.
        await pilot.press("tab", "6", "tab", "tab", "space", "tab", "O", "k", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        saved = read(path)["activities"]
        assert saved == [
            {"date": saved[0]["date"], "title": "Budget [b]course[/b]", "hours": 6,
             "competencies": ["1.1"], "reflection": "Ok"}
        ]  # fmt: skip
        assert saved[0]["date"].isoformat() == "2026-11-20"
        assert shown(screen.query_one(".d-total")).startswith("✗ 6 of 10 hours")
        await pilot.press("f3")
        await settle(pilot)
        assert "From your development record: 6 hours" in shown(screen.query_one("#computed-3"))

        await pilot.press("f6")
        await settle(pilot)
        screen.query_one("#dev-log", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityDialog)
        form.query_one("#activity-hours", Input).value = "12"
        form.query_one("#activity-reflection", NoteEditor).load_text("")
        await pilot.press("ctrl+s")
        await settle(pilot)
        total = shown(screen.query_one(".d-total"))
        assert total.startswith("✗ 0 of 10 hours")
        assert "1 activity has no reflection and does not count" in total

        await pilot.press("g")
        await settle(pilot)
        goal_form = app.screen
        assert isinstance(goal_form, GoalDialog)
        # 1.2 is rated 2, the lowest: suggested, and ticked for the new goal.
        assert goal_form.query_one(SelectionList).selected == ["1.2"]
        goal_form.query_one("#goal-text", Input).value = "Plan with clients"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert read(path)["plan"]["goals"] == [
            {"competencies": ["1.2"], "goal": "Plan with clients", "actions": ""}
        ]

        screen.query_one("#dev-milestones", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LineDialog)
        await pilot.press(*"2026-11-06", "enter")
        await settle(pilot)
        assert read(path)["milestones"]["started"].isoformat() == "2026-11-06"
        options = screen.query_one("#dev-milestones", OptionList)
        assert "due 2026-11-20, 0 business days from today" in str(
            options.get_option_at_index(1).prompt
        )

        screen.query_one("#dev-log", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#form-remove", Button).press()
        await settle(pilot)
        assert "activities" not in read(path)


async def test_no_tab_where_nothing_is_computed_and_the_file_is_left_alone(
    folders: Folders, make_app: Any
) -> None:
    path = folders.write_session("alex.toml", session_document())
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        await pilot.press("f6")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "rate"
        assert not screen.query("#development")
    assert path.read_bytes() == before
