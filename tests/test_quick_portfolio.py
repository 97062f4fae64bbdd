"""The quick check's portfolio questions: asked first where a designation has portfolio rules,
a "no" settles the verdict at once, and a "yes" is saved as an item dated today."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.storage.sessions import load_session
from tests.test_quickcheck import (
    BACKS,
    CASE,
    COURSE,
    MORE,
    SAVE,
    TALK,
    TODAY,
    Script,
    flat,
    no,
    portfolio,
    run,
    session_files,
    words,
)


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


def test_no_case_study_settles_the_verdict_before_any_competency(
    sessions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Script([(COURSE, True), (BACKS, "1.1"), (TALK, ""), (MORE, False), (SAVE, False)])
    assert run(script, sessions, "career-management", "CMA") == 1
    script.done()
    out = words(capsys.readouterr().out)
    assert (
        "The verdict can no longer change: Portfolio: no presentation (B or G) from the "
        "past 5 years yet" in out
    )
    assert "Answer the other 32 questions anyway?" in script.asked


def test_yes_answers_are_saved_as_items_dated_today(
    sessions: Path, career: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    script = Script(
        flat(
            portfolio(course="1.1", talk="2.6", case="1.1"),
            *[no() for _ in range(7)],
            [(MORE, False), (SAVE, True), ("Your name", "Kim")],
        )
    )
    assert run(script, sessions, "career-management", "CMA") == 1
    script.done()
    assert "correct the date and title in the app" in capsys.readouterr().out
    (file,) = session_files(sessions)
    session = load_session(file, {career.id: career}).session
    items = {cid: [(i.method, i.date) for i in session.rating(cid).items] for cid in ("1.1", "2.6")}
    assert items == {"1.1": [("A", TODAY), ("D", TODAY)], "2.6": [("G", TODAY)]}
    # The "no" to 1.1 kept its items: the rating is below the bar, the evidence stays.
    assert session.rating("1.1").level == 2
    assert all("from the quick check" in i.title for i in session.rating("1.1").items)


def test_designations_without_portfolio_rules_ask_none(sessions: Path) -> None:
    script = Script([("full member of ICMA", False), (MORE, False), (SAVE, False)])
    assert run(script, sessions, "icma", "ICMA-CM") == 1
    script.done()
    assert not any(CASE in q for q in script.asked)
