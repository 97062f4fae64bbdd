"""The Feedback tab: raters' means beside the candidate's own rating, with withheld groups left
out of the screen as they are left out of every report; a mentor's review shows it too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from selfcheck.storage.feedback import feedback_folder
from selfcheck.ui.widgets.feedback_view import FeedbackView

from .conftest import NOW, Folders, session_document
from .helpers import session_screen, settle

SECRET = "WITHHELD-WORDS"


def write_forms(session: Path) -> None:
    folder = feedback_folder(session)
    folder.mkdir()
    raters: list[tuple[str, str, int, str]] = [
        ("supervisor", "Pat Boss", 4, "Plans are [b]solid[/b]."),
        *(("peer", f"Peer {i}", 2, f"Peer note {i}.") for i in range(3)),
        *(("direct_report", f"Report {i}", 1, SECRET) for i in range(2)),
    ]
    for n, (group, rater, level, comment) in enumerate(raters):
        form: dict[str, Any] = {
            "schema_version": 1, "kind": "feedback", "catalogue": "demo",
            "candidate": "Alex Doe", "group": group, "rater": rater,
            "ratings": {"1.2": {"level": level, "comment": comment}},
        }  # fmt: skip
        (folder / f"r{n}.toml").write_text(tomli_w.dumps(form), encoding="utf-8")


def feedback_text(app: Any) -> str:
    view = session_screen(app).query_one(FeedbackView)
    return "\n".join(str(s.render()) for s in view.query("Static"))


async def test_feedback_tab_and_the_mentor_view(folders: Folders, make_app: Any) -> None:
    path = folders.write_session("alex.toml", session_document())
    write_forms(path)
    for review in (False, True):
        app = make_app(session=path, review=review, mentor="Morgan")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f7")
            await settle(pilot)
            text = feedback_text(app)
            assert "direct reports: 2 raters, at least 3 are needed" in text
            assert SECRET not in text and "Report 0" not in text and "Peer 1" not in text
            assert "Supervisor (Pat Boss): Plans are [b]solid[/b]." in text
            assert "Peer note 2." in text
            if not review:  # the candidate re-rates 1.2: self moves, others do not
                assert "self − others: -0.5" in text
                await pilot.press("f2")
                await pilot.press("4")
                await pilot.press("f7")
                await settle(pilot)
                assert "self − others: +1.5" in feedback_text(app)


async def test_no_feedback_tab_without_forms(folders: Folders, make_app: Any) -> None:
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not session_screen(app).query("#feedback")
        await pilot.press("f7")
        assert not session_screen(app).query(FeedbackView)


async def test_rater_mode_rates_comments_and_saves_as_it_goes(folders: Folders) -> None:
    from selfcheck.model.feedback import groups_of
    from selfcheck.storage.catalogues import CatalogueLibrary
    from selfcheck.storage.feedback import blank_form_text, looks_like_form, open_form, read_form
    from selfcheck.ui.rater_app import RaterApp

    library = CatalogueLibrary(folders.catalogues)
    catalogue = library.get("demo")
    assert catalogue is not None
    path = folders.root / "form.toml"
    path.write_text(blank_form_text(catalogue, "Alex Doe", groups_of(catalogue)[1]), "utf-8")
    assert looks_like_form(path)
    form, catalogue, group = open_form(path, library)
    app = RaterApp(path, form, catalogue, group, clock=NOW.date)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        # No evidence, requirements or readiness here; no "counts from here" either.
        assert not screen.query("#c-evidence") and not screen.query("#readiness-view")
        assert "counts from here" not in "".join(str(s.render()) for s in screen.query("Static"))
        await pilot.press("3")
        assert read_form(path).ratings["1.1"].level == 3
        await pilot.press("c", *"Kind [b]and[/b] clear", "escape", "down", "x")
        await settle(pilot)
        saved = read_form(path)
        assert saved.ratings["1.1"].comment == "Kind [b]and[/b] clear"
        assert "1.2" not in saved.ratings and saved.submitted == NOW.date()
