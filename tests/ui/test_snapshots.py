"""SVG snapshots of each screen, small (80x24) and wide (160x40).

Everything on screen is pinned: the catalogue and sessions are written by the test with fixed
dates, the clock is fixed, TZ is UTC, paths are relative and cursors do not blink.
Update after a deliberate change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

import pytest
import tomli_w
from textual.pilot import Pilot

from .conftest import session_document
from .helpers import SNAPSHOT_SIZES, pressing, settle


@pytest.fixture
def library(folders) -> Any:
    folders.write_session("alex-doe-demo.toml", session_document())
    sam = session_document(
        candidate="Sam Lee",
        updated=session_document()["updated"].replace(day=12),
        ratings={"1.1": {"level": 1, "evidence": ""}},
        requirements={},
    )
    del sam["target"]
    folders.write_session("sam-lee-demo.toml", sam)
    (folders.catalogues / "broken.toml").write_text('id = "broken"\ntitle = "no end\n')
    return folders


def _open_session(*press: str) -> Any:
    return pressing("enter", *press)  # enter: the newest session, Alex Doe


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_start_screen(snap_compare, library, make_app, size):
    assert snap_compare(make_app(), terminal_size=SNAPSHOT_SIZES[size], run_before=settle)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_catalogue_picker(snap_compare, library, make_app, size):
    second = tomli_w.dumps(_second_catalogue())
    (library.catalogues / "yes-no.toml").write_text(second, "utf-8")

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SNAPSHOT_SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_rating_screen(snap_compare, library, make_app, size):
    assert snap_compare(make_app(), terminal_size=SNAPSHOT_SIZES[size], run_before=_open_session())


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_requirements(snap_compare, library, make_app, size):
    run_before = _open_session("f3")
    assert snap_compare(make_app(), terminal_size=SNAPSHOT_SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SNAPSHOT_SIZES)
def test_readiness(snap_compare, library, make_app, size):
    run_before = _open_session("f4")
    assert snap_compare(make_app(), terminal_size=SNAPSHOT_SIZES[size], run_before=run_before)


def _second_catalogue() -> dict[str, Any]:
    from .conftest import demo_catalogue

    catalogue = demo_catalogue(id="yes-no", title="Service checklist", issuer="Demo Forum")
    catalogue["scale"]["levels"] = [
        {"value": 0, "label": "No", "meaning": "Not done, or only in part."},
        {"value": 1, "label": "Yes", "meaning": "Done in full."},
    ]
    catalogue["scale"]["demonstrated_from"] = 1
    catalogue["scale"]["evidence_required"] = False
    return catalogue
