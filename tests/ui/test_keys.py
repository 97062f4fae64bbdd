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
from .helpers import settle

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


async def test_help_and_palette_list_the_session_keys(folders, make_app):
    path = folders.write_session("alex.toml", session_document())
    app = make_app(session=path)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Next unrated", "Evidence", "Requirements", "Readiness", "Quit"} <= names
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("ctrl+q")
