"""Every key is a Binding with a description; the help screen, the palette and docs/keys.md
all come from the same bindings."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

from selfcheck.ui.app import SelfcheckApp
from selfcheck.ui.screens.dialogs import PickOne, QuitDialog, RecoveryDialog
from selfcheck.ui.screens.help import HelpScreen, keys_markdown
from selfcheck.ui.screens.manage import AskName, Confirm, ConfirmArchive, ConfirmDelete
from selfcheck.ui.screens.new_session import NewSessionDialog
from selfcheck.ui.screens.rater import RaterScreen
from selfcheck.ui.screens.review import ReviewScreen
from selfcheck.ui.screens.session import SessionScreen
from selfcheck.ui.screens.start import StartScreen
from selfcheck.ui.widgets.comments import ReviewSummary
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.rate_tab import RateTab

from .conftest import session_document
from .helpers import footer_text, session_screen, settle, until

DOCS = Path(__file__).resolve().parents[2] / "docs" / "keys.md"
OWNERS: list[type[DOMNode]] = [
    SelfcheckApp, StartScreen, SessionScreen, RateTab, CompetencyList, HelpScreen, PickOne,
    QuitDialog, RecoveryDialog, NewSessionDialog, ReviewScreen, ReviewSummary, AskName, Confirm,
    ConfirmArchive, ConfirmDelete, RaterScreen,
]  # fmt: skip


def test_every_binding_has_a_description():
    for owner in OWNERS:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding), (owner, binding)
            assert binding.description, (owner.__name__, binding.key)


def test_docs_keys_md_is_current():
    assert DOCS.read_text("utf-8") == keys_markdown(SelfcheckApp.BINDINGS) + "\n", (
        "regenerate: python -c 'from selfcheck.ui.app import SelfcheckApp; "
        "from selfcheck.ui.screens.help import keys_markdown; "
        "print(keys_markdown(SelfcheckApp.BINDINGS))' > docs/keys.md"
    )


async def test_the_footer_palette_and_help_offer_the_session_keys(folders, make_app):
    path = folders.write_session("alex.toml", session_document(position="1.3"))
    app = make_app(session=path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = session_screen(app)
        names = {command.title for command in app.get_system_commands(screen)}
        assert {"Next unrated", "Evidence", "Requirements", "Readiness", "Quit"} <= names

        # The footer offers N/A only where the catalogue allows it. It is rebuilt after a
        # refresh: wait for its keys, then for it to follow each move (each one changes it).
        def offered() -> bool:
            return "n N/A" in footer_text(screen)

        await until(pilot, lambda: "Quit" in footer_text(screen), "the footer's keys")
        competencies = screen.query_one(CompetencyList)
        assert competencies.current == "1.3" and not offered()
        moves = (("j", "2.1", True), ("j", "2.2", False), ("k", "2.1", True), ("k", "1.3", False))
        for key, expected, allowed in moves:
            await pilot.press(key)
            await until(pilot, lambda: offered() == allowed, f"N/A offered: {allowed}")  # noqa: B023
            assert (competencies.current, offered()) == (expected, allowed)

        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("ctrl+q")
