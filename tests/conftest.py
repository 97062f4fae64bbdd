"""Shared fixtures: every test gets private folders; no test touches a real user folder."""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

import pytest

import selfcheck
from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.storage.catalogues import load_catalogues

SHIPPED = paths.shipped_catalogues_dir()


def pytest_configure(config: pytest.Config) -> None:
    """Give the package the bytecode an installed copy has. Many tests run selfcheck in a
    child process; where PYTHONDONTWRITEBYTECODE is set (as on some CI machines) each child
    would compile every module it imports again. After the first run only changed files
    are compiled; with worker processes, the main process does it before they start."""
    if not hasattr(config, "workerinput"):  # not in a worker (pytest-xdist)
        compileall.compile_dir(Path(selfcheck.__file__).parent, quiet=1)


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


#: `selfcheck` in a child process that lets catalogue text with control characters through
#: (see `unchecked_catalogue_text`).
UNCHECKED_SELFCHECK = [
    sys.executable,
    "-c",
    "import sys, selfcheck.model.catalogue_parser as c; c.first_unsafe_in_line = lambda text: None; "
    "from selfcheck.cli.main import main; sys.exit(main(sys.argv[1:]))",
]


@pytest.fixture
def unchecked_catalogue_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let catalogue ids, titles and labels with control characters through, as a catalogue
    from an older selfcheck or one built by other means would be: whatever validation
    refuses, what is shown must be safe even so."""
    import selfcheck.model.catalogue_parser as catalogue

    monkeypatch.setattr(catalogue, "first_unsafe_in_line", lambda text: None)
