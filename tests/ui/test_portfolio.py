"""Evidence items in the app: the add-item form, editing and removing, items and the coach
under the note, and the Portfolio tab. One app start per test; the clock is pinned
(conftest NOW: 2026-11-20), so the five-year window starts on 2021-11-20."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.widgets import Input, Select, Static, TabbedContent

from selfcheck.ui.screens.evidence_item import ItemDialog
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.editors import NoteEditor
from selfcheck.ui.widgets.evidence_items import ItemList

from .conftest import Folders, demo_catalogue, session_document
from .helpers import SNAPSHOT_SIZES, pressing, read, session_screen, settle, shown

METHODS = [
    {"id": "A", "label": "Course completed", "help": "A course you finished."},
    {"id": "D", "label": "Case study", "help": "One client's case.", "max_words": 50},
]


def portfolio_catalogue() -> dict[str, Any]:
    """The demo catalogue with validation methods, a five-year window and a case-study rule."""
    document = demo_catalogue(evidence={"recency_years": 5, "methods": METHODS})
    associate = document["designations"][0]
    associate["rules"] = [
        *associate["rules"],
        {"kind": "evidence", "methods": ["D"], "count": 1, "name": "case study"},
    ]
    return document


def write_catalogue(folders: Folders) -> None:
    text = tomli_w.dumps(portfolio_catalogue())
    (folders.catalogues / "demo.toml").write_text(text, encoding="utf-8")


def with_items(**ratings: Any) -> dict[str, Any]:
    document = session_document()
    for cid, rating in ratings.items():
        document["ratings"][cid] = rating
    return document


async def test_add_an_item_with_a_month_date_then_edit_and_remove_it(folders, make_app):
    write_catalogue(folders)
    path = folders.write_session("alex.toml", session_document())
    app = make_app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.query_one(CompetencyList).go_to("1.1")
        await settle(pilot)

        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        dialog.query_one("#item-method", Select).value = "D"
        await settle(pilot)
        assert shown(dialog.query_one("#item-method-help")) == "One client's case."
        dialog.query_one("#item-date", Input).value = "2025-13"
        await settle(pilot)
        assert "Type a date as 2025-10-02" in shown(dialog.query_one("#item-date-note"))
        await pilot.press("ctrl+s")  # refused: no title, bad date
        await settle(pilot)
        assert isinstance(app.screen, ItemDialog)
        assert "2025-10-02" in shown(dialog.query_one("#item-problem"))
        dialog.query_one("#item-date", Input).value = "2025-10"
        dialog.query_one("#item-title", Input).value = "Case study: [b]back[/b] to work"
        dialog.query_one("#item-hours", Input).value = "1,5"
        dialog.query_one("#item-note", NoteEditor).load_text("word " * 51)
        await settle(pilot)
        assert shown(dialog.query_one("#item-words")) == "51 words (at most 50 for D)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen

        (item,) = read(path)["ratings"]["1.1"]["items"]
        assert item["method"] == "D" and item["date"] == date(2025, 10, 1)
        assert item["title"] == "Case study: [b]back[/b] to work" and item["hours"] == 1.5
        listed = str(screen.query_one(ItemList).get_option_at_index(0).prompt)
        assert "Case study: [b]back[/b] to work" in listed  # literal, not markup
        assert "at most 50 for D" in listed  # over the limit: it says why it does not count
        coach = shown(screen.query_one("#c-coach"))
        assert "At 51 words it is over the 50 allowed for case study (D)." in coach

        # Edit: Enter on the item opens it filled in; shorten the note.
        screen.query_one(ItemList).focus()
        screen.query_one(ItemList).highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ItemDialog)
        assert dialog.query_one("#item-date", Input).value == "2025-10-01"
        dialog.query_one("#item-note", NoteEditor).load_text("I placed 9 of 12 clients.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (item,) = read(path)["ratings"]["1.1"]["items"]
        assert item["note"] == "I placed 9 of 12 clients."
        assert "Portfolio" not in " ".join(_gap_texts(screen))  # the case study counts now

        # Remove it: the rating keeps its level and note.
        screen.query_one(ItemList).focus()
        screen.query_one(ItemList).highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#item-remove")
        await settle(pilot)
        rating = read(path)["ratings"]["1.1"]
        assert "items" not in rating and rating["level"] == 3
        assert "no case study (D) from the past 5 years yet" in " ".join(_gap_texts(screen))


def _gap_texts(screen: Any) -> list[str]:
    return [shown(w) for w in screen.query("#readiness-view .gaps")]


async def test_portfolio_tab_and_coach(folders, make_app):
    write_catalogue(folders)
    path = folders.write_session(
        "alex.toml",
        with_items(
            **{
                "1.1": {
                    "level": 3,
                    "evidence": "We helped.",
                    "items": [
                        {"method": "A", "date": date(2019, 3, 8), "title": "Old course"},
                        {"method": "A", "date": date(2021, 11, 20), "title": "Edge course"},
                    ],
                },
                "1.2": {"level": 3, "evidence": "Planned 5 projects with clients in 2025."},
                "1.3": {
                    "level": 3,
                    "evidence": "",
                    "items": [{"method": "A", "date": date(2018, 1, 1), "title": "Older"}],
                },
            }
        ),
    )
    app = make_app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.query_one(CompetencyList).go_to("1.1")
        await settle(pilot)
        coach = shown(screen.query_one("#c-coach"))
        assert "It says “we” but never “I”: what was your part?" in coach
        assert "Old course" in coach and "it no longer counts" in coach
        assert screen.query_one(CompetencyList).go_to("1.3")
        await settle(pilot)
        status = shown(screen.query_one("#c-status"))
        assert status == "Rated high enough, but it has only evidence older than 5 years."

        await pilot.press("f5")
        await settle(pilot)
        assert screen.query_one(TabbedContent).active == "portfolio"
        view = screen.query_one("#portfolio-view")
        assert app.focused is view

        def text(selector: str) -> str:
            return shown(view.query_one(selector, Static))

        assert (
            text(".p-intro") == "Evidence from the past 5 years counts: dated 2021-11-20 or later."
        )
        assert "✗ Portfolio: no case study (D) from the past 5 years yet" in text(".p-needs")
        assert "A  Course completed  1  (2 too old)" in text(".p-methods")
        items = text(".p-items")
        assert "Old course" in items and "7 years old" in items and "Older  8 years old" in items
        assert "1.2" in text(".p-undated")  # a note, no dated item
        assert text(".p-coach").startswith("Coach: ")


async def test_no_methods_no_portfolio_tab_and_no_item_key(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert [p.id for p in screen.query("TabPane")] == ["rate", "requirements", "readiness"]
        await pilot.press("i", "f5")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(TabbedContent).active == "rate"


async def test_read_only_session_shows_items_but_adds_none(folders, make_app, tmp_path: Path):
    write_catalogue(folders)
    document = with_items(
        **{"1.1": {"level": 3, "evidence": "x",
                   "items": [{"method": "D", "date": date(2025, 1, 1), "title": "Case"}]}}
    )  # fmt: skip
    document["schema_version"] = 99  # written by a newer selfcheck: read-only
    path = folders.write_session("alex.toml", document)
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        assert screen.query_one(CompetencyList).go_to("1.1")
        await settle(pilot)
        assert screen.query_one(ItemList).option_count == 1
        await pilot.press("i")
        screen.query_one(ItemList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
    assert path.read_bytes() == before
    assert tomllib.loads(before.decode())["ratings"]["1.1"]["items"][0]["title"] == "Case"


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_portfolio_tab_snapshot(snap_compare, folders, make_app, size):
    write_catalogue(folders)
    rating = {
        "level": 3,
        "evidence": "Ran 12 listening workshops in 2025; 9 of 14 clients found work.",
        "items": [
            {"method": "A", "date": date(2025, 6, 13), "title": "Facilitator course", "hours": 60},
            {"method": "A", "date": date(2019, 3, 8), "title": "Old certification"},
            {"method": "D", "date": date(2025, 9, 30), "title": "Case: back to work"},
        ],
    }
    path = folders.write_session("alex.toml", with_items(**{"1.1": rating}))
    run_before = pressing("f5")
    assert snap_compare(make_app(path), terminal_size=SNAPSHOT_SIZES[size], run_before=run_before)
