"""What `selfcheck serve` relies on in the app: a mentor's view of a whole folder (`review`
without a session) and the report download (in a terminal: a new file in Downloads)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from selfcheck.cli.main import main
from selfcheck.paths import free_path
from selfcheck.serve.tabs import TAB_DRIVER
from selfcheck.ui.screens.dialogs import PickOne
from selfcheck.ui.screens.download import FORMATS
from selfcheck.ui.screens.new_session import NewSessionDialog
from selfcheck.ui.screens.review import ReviewScreen
from selfcheck.ui.screens.start import REVIEW_INTRO, StartScreen

from .conftest import session_document
from .helpers import session_screen, settle, shown


async def test_a_mentor_reviews_a_folder_and_downloads_reports(folders, make_app):
    path = folders.write_session("alex-doe-demo.toml", session_document())
    before = path.read_bytes()
    downloads = Path(os.environ["HOME"]) / "Downloads"
    app = make_app(review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # The folder's sessions, and no way to create one.
        assert isinstance(app.screen, StartScreen)
        assert shown(app.screen.query_one("#intro")) == REVIEW_INTRO
        assert app.screen.query_one("#new").parent.display is False
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, NewSessionDialog)
        await pilot.press("m", "delete")  # nor to rename or remove one
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        await pilot.press("enter")  # the highlighted session, read-only
        await settle(pilot)
        assert isinstance(session_screen(app), ReviewScreen)

        # Download report, twice: two files, neither written over.
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert "Download report (HTML/Markdown/JSON)" in names
        for _ in range(2):
            await pilot.press("R")
            await settle(pilot)
            assert isinstance(app.screen, PickOne)
            await pilot.press("down", "down", "enter")  # JSON
            await settle(pilot)
        await pilot.press("ctrl+q")
    assert path.read_bytes() == before
    assert sorted(p.name for p in folders.sessions.iterdir()) == ["alex-doe-demo.toml"]
    written = sorted(p.name for p in downloads.iterdir())
    assert written == ["alex-doe-demo-report-2.json", "alex-doe-demo-report.json"]
    report = json.loads((downloads / written[1]).read_text("utf-8"))
    assert report["schema"] == "selfcheck-report/1"
    assert report["candidate"] == "Alex Doe"
    assert stat.S_IMODE((downloads / written[1]).stat().st_mode) == 0o600


def test_every_format_has_its_own_suffix() -> None:
    assert [f.suffix for f in FORMATS.values()] == [".html", ".md", ".json"]


def test_free_path_never_reuses_a_name(tmp_path: Path) -> None:
    wanted = tmp_path / "r.md"
    assert free_path(wanted) == wanted
    wanted.write_text("x")
    (tmp_path / "r-2.md").symlink_to(tmp_path / "elsewhere")
    assert free_path(wanted) == tmp_path / "r-3.md"


def test_review_of_a_missing_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As a served tab runs it (so the terminal check lets it through).
    monkeypatch.setenv("TEXTUAL_DRIVER", TAB_DRIVER)
    missing = tmp_path / "nowhere"
    assert main(["review", "--sessions", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"selfcheck: no such folder of sessions: {missing}"
