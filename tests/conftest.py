"""Shared fixtures: every test gets private folders; no test touches a real user folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.storage.catalogues import load_catalogues

SHIPPED = paths.shipped_catalogues_dir()


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point sessions and state at tmp_path; catalogues stay the shipped ones."""
    monkeypatch.setenv("SELFCHECK_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.setenv("SELFCHECK_STATE", str(tmp_path / "state"))
    monkeypatch.delenv("SELFCHECK_CATALOGUES", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


@pytest.fixture(scope="session")
def catalogues() -> dict[str, Catalogue]:
    found = load_catalogues(SHIPPED)
    assert not found.skipped, found.skipped
    return found.catalogues


@pytest.fixture(scope="session")
def career(catalogues: dict[str, Catalogue]) -> Catalogue:
    return catalogues["career-management"]


@pytest.fixture(scope="session")
def dead_pid() -> int:
    """The id of a process that has finished (as a killed writer's would be)."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid
