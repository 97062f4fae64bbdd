"""Fixtures for the app's tests: private folders, a small catalogue, a pinned clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from selfcheck.ui.app import SelfcheckApp

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
REPO_CATALOGUES = Path(__file__).resolve().parents[2] / "catalogues"


def demo_catalogue(**changes: Any) -> dict[str, Any]:
    """A small catalogue with every feature the app shows: two areas, an "Other"
    competency, N/A, and yes/no, number and choice requirements."""
    levels = [
        {"value": 0, "label": "Not yet", "meaning": "I have not done this yet."},
        {"value": 1, "label": "Aware", "meaning": "I know what it involves."},
        {"value": 2, "label": "Developing", "meaning": "I have done it with guidance."},
        {"value": 3, "label": "Proficient", "meaning": "I do it on my own and can show it."},
        {"value": 4, "label": "Expert", "meaning": "I teach it or improve how it is done."},
    ]
    document: dict[str, Any] = {
        "schema_version": 1,
        "id": "demo",
        "title": "Demo practice levels",
        "issuer": "Demo Institute",
        "version": "2026.1",
        "description": "A self-check used by the tests.",
        "sources": [{"title": "Test data", "ref": "tests/ui/conftest.py"}],
        "scale": {
            "demonstrated_from": 3,
            "evidence_required": True,
            "allow_not_applicable": False,
            "levels": levels,
        },
        "areas": [
            {
                "id": "core",
                "title": "Core skills",
                "competencies": [
                    {"id": "1.1", "title": "Listening", "statement": "Listen to clients."},
                    {"id": "1.2", "title": "Planning", "statement": "Plan the work with them."},
                    {"id": "1.3", "title": "Records", "statement": "Keep good records."},
                ],
            },
            {
                "id": "extra",
                "title": "Extra skills",
                "competencies": [
                    {
                        "id": "2.1",
                        "title": "Groups",
                        "statement": "Run group sessions.",
                        "not_applicable": True,
                    },
                    {"id": "2.2", "title": "Research", "statement": "Publish what you learn."},
                    {
                        "id": "2.3",
                        "title": "Other",
                        "statement": "Name a skill of your own and say why it matters.",
                        "user_defined": True,
                    },
                ],
            },
        ],
        "requirements": [
            {
                "id": "member",
                "kind": "yes_no",
                "title": "Membership",
                "prompt": "Are you a member of the institute?",
            },
            {
                "id": "years",
                "kind": "number",
                "title": "Experience",
                "unit": "years",
                "prompt": "How many years of practice do you have?",
                "min": 0,
                "max": 70,
            },
            {
                "id": "degree",
                "kind": "choice",
                "title": "Education",
                "prompt": "What is your highest degree?",
                "choices": [{"id": "ba", "label": "Bachelor's"}, {"id": "ma", "label": "Master's"}],
            },
        ],
        "designations": [
            {
                "id": "A",
                "title": "Associate",
                "rank": 1,
                "rules": [{"kind": "at_least", "area": "core", "count": 2}],
                "requirements": [{"requirement": "member", "equals": True}],
            },
            {
                "id": "P",
                "title": "Practitioner",
                "rank": 2,
                "rules": [
                    {"kind": "all", "area": "core"},
                    {"kind": "at_least", "area": "extra", "count": 1},
                ],
                "requirements": [
                    {"requirement": "member", "equals": True},
                    {"requirement": "years", "at_least": 3},
                    {"requirement": "degree", "one_of": ["ba", "ma"]},
                ],
            },
        ],
    }
    document.update(changes)
    return document


@dataclass
class Folders:
    root: Path
    catalogues: Path
    sessions: Path
    state: Path

    def write_session(self, name: str, document: dict[str, Any]) -> Path:
        self.sessions.mkdir(parents=True, exist_ok=True)
        path = self.sessions / name
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
        return path

    def draft_files(self) -> list[Path]:
        """Recovery drafts (not the temp files a draft is written through)."""
        folder = self.state / "recovery"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def session_document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "schema_version": 1,
        "catalogue": "demo",
        "candidate": "Alex Doe",
        "target": "P",
        "created": datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        "updated": datetime(2026, 11, 20, 18, 0, tzinfo=UTC),
        "position": "1.2",
        "requirements": {"member": True},
        "ratings": {
            "1.1": {"level": 3, "evidence": "Ran 12 listening workshops in 2025."},
            "1.2": {"level": 2, "evidence": "Some plans, with help."},
        },
    }
    document.update(changes)
    return document


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Folders]:
    """Private folders in tmp_path, relative to the working folder so screens show short,
    stable paths; TZ pinned to UTC so times on screen do not depend on the machine."""
    monkeypatch.chdir(tmp_path)
    catalogues = Path("catalogues")
    catalogues.mkdir()
    (catalogues / "demo.toml").write_text(tomli_w.dumps(demo_catalogue()), encoding="utf-8")
    folders = Folders(tmp_path, catalogues, Path("sessions"), tmp_path / "state")
    monkeypatch.setenv("SELFCHECK_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("SELFCHECK_STATE", str(folders.state))
    monkeypatch.setenv("SELFCHECK_CATALOGUES", str(tmp_path / "catalogues"))
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield folders
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def typing_never_autosaves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing and moving are saved after a short pause, which a busy machine can stretch past
    between two steps of a test. For a test that must find edits unsaved at a given moment,
    or that should not spend its time rewriting a large file, the pause never ends: only
    what saves at once (a rating, leaving a field, quitting) saves."""
    monkeypatch.setattr("selfcheck.ui.autosave.AUTOSAVE_DELAY", 3600.0)


@pytest.fixture
def make_app(folders: Folders) -> Callable[..., SelfcheckApp]:
    def make(session: Path | None = None, **kwargs: Any) -> SelfcheckApp:
        kwargs.setdefault("catalogues_dir", folders.catalogues)
        kwargs.setdefault("sessions_dir", folders.sessions)
        kwargs.setdefault("state_dir", folders.state)
        kwargs.setdefault("clock", lambda: NOW)
        return SelfcheckApp(session_path=session, **kwargs)

    return make
