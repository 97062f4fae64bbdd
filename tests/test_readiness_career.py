"""CMA / CMP / CMF boundaries on the shipped career-management catalogue."""

from __future__ import annotations

from datetime import date

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import assess
from selfcheck.model.session import Rating, Session, display_title, new_session
from tests.portfolio import with_portfolio

TODAY = date(2026, 11, 20)

CORE = [f"1.{i}" for i in range(1, 13)]
SELECTED = [f"2.{i}" for i in range(1, 19)]  # 2.19 is the user-defined "Other"


def rated(catalogue: Catalogue, core: int, selected: int, years: float | None = None) -> Session:
    """Competencies rated 3 with a note, and a portfolio that meets the application rules."""
    session = new_session(catalogue, "Test")
    for cid in CORE[:core] + SELECTED[:selected]:
        session = session.with_rating(cid, Rating(level=3, evidence=f"did {cid}"))
    if years is not None:
        session = session.with_answer("experience_years", years)
    return with_portfolio(session, TODAY)


def ready(catalogue: Catalogue, session: Session) -> list[str]:
    return [d.id for d in assess(catalogue, session, TODAY).ready_for]


def test_catalogue_shape(career: Catalogue) -> None:
    assert [a.id for a in career.areas] == ["core", "selected"]
    assert [c.id for c in career.areas[0].competencies] == CORE
    assert [c.id for c in career.areas[1].competencies] == [*SELECTED, "2.19"]
    assert career.competency("2.19") is not None and career.competency("2.19").user_defined
    assert [d.id for d in career.designations] == ["CMA", "CMP", "CMF"]
    assert career.scale.demonstrated_from == 3 and career.scale.evidence_required


@pytest.mark.parametrize(
    ("core", "selected", "expected"),
    [(5, 4, False), (6, 4, True), (6, 3, False), (12, 3, False)],
)
def test_cma_boundaries(career: Catalogue, core: int, selected: int, expected: bool) -> None:
    assert ("CMA" in ready(career, rated(career, core, selected))) is expected


@pytest.mark.parametrize(
    ("core", "selected", "expected"),
    [(11, 5, False), (12, 5, True), (12, 4, False)],
)
def test_cmp_boundaries(career: Catalogue, core: int, selected: int, expected: bool) -> None:
    assert ("CMP" in ready(career, rated(career, core, selected, years=3))) is expected


@pytest.mark.parametrize(("selected", "expected"), [(9, False), (10, True)])
def test_cmf_selected_boundary(career: Catalogue, selected: int, expected: bool) -> None:
    assert ("CMF" in ready(career, rated(career, 12, selected, years=6))) is expected


@pytest.mark.parametrize(
    ("years", "cmp", "cmf"),
    [
        (None, False, False),
        (2.9, False, False),
        (3, True, False),
        (5, True, False),
        (5.5, True, True),
    ],
)
def test_experience_years(career: Catalogue, years: float | None, cmp: bool, cmf: bool) -> None:
    result = ready(career, rated(career, 12, 10, years=years))
    assert ("CMP" in result, "CMF" in result) == (cmp, cmf)


def test_level_two_is_not_demonstrated_and_says_so(career: Catalogue) -> None:
    session = rated(career, 6, 4).with_level("1.1", 2)
    readiness = assess(career, session, TODAY)
    assert "CMA" not in [d.id for d in readiness.ready_for]
    gap = readiness.result("CMA").gaps[0]
    assert (gap.kind, gap.area, gap.have, gap.need) == ("competencies", "core", 5, 6)
    assert "1.1 Ongoing professional development is rated 2 (needs 3)" in gap.message
    assert gap.message.startswith("Core competencies: 5 of 6 demonstrated;")


@pytest.mark.parametrize("evidence", ["", "   ", "\n\t "])
def test_blank_evidence_does_not_count(career: Catalogue, evidence: str) -> None:
    session = rated(career, 6, 4).with_evidence("1.6", evidence)
    readiness = assess(career, session, TODAY)
    assert "CMA" not in [d.id for d in readiness.ready_for]
    assert "1.6 Client's working environment has no evidence" in (
        readiness.result("CMA").gaps[0].message
    )


def test_other_needs_title_and_rationale(career: Catalogue) -> None:
    base = rated(career, 6, 3)
    no_title = base.with_rating("2.19", Rating(level=4, evidence="x", rationale="why"))
    no_reason = base.with_rating("2.19", Rating(level=4, evidence="x", title="Veterans"))
    complete = base.with_rating(
        "2.19", Rating(level=4, evidence="x", title="Veterans", rationale="why")
    )
    assert "CMA" not in ready(career, no_title)
    assert "2.19 Other has no title" in (
        assess(career, no_title, TODAY).result("CMA").gaps[0].message
    )
    # Once the candidate has named it, the gap uses their title.
    assert "2.19 Veterans has no rationale" in (
        assess(career, no_reason, TODAY).result("CMA").gaps[0].message
    )
    assert "CMA" in ready(career, complete)


def test_other_is_shown_by_the_title_the_candidate_gave(career: Catalogue) -> None:
    other, core = career.competency("2.19"), career.competency("1.1")
    assert other is not None and core is not None
    assert display_title(other, Rating(level=4)) == "Other"
    assert display_title(other, Rating(title="  ")) == "Other"
    assert display_title(other, Rating(title=" Veterans ")) == "Veterans"
    assert display_title(core, Rating(title="ignored")) == core.title


def test_highest_ready_and_rank_order(career: Catalogue) -> None:
    readiness = assess(career, rated(career, 12, 10, years=8), TODAY)
    assert [d.id for d in readiness.ready_for] == ["CMA", "CMP", "CMF"]
    assert readiness.highest_ready is not None and readiness.highest_ready.id == "CMF"
    assert assess(career, rated(career, 0, 0), TODAY).highest_ready is None


def test_requirement_gap_messages(career: Catalogue) -> None:
    unanswered = assess(career, rated(career, 12, 10), TODAY).result("CMP").gaps
    assert [g.requirement for g in unanswered] == ["experience_years"]
    unconfirmed = " (rule not confirmed by a source)"
    assert unanswered[0].message == (
        "Years of experience: not answered yet (needs at least 3 years)" + unconfirmed
    )
    short = assess(career, rated(career, 12, 10, years=5), TODAY).result("CMF").gaps
    assert short[0].message == "Years of experience: 5 years, needs more than 5 years" + unconfirmed
    one = assess(career, rated(career, 12, 10, years=1), TODAY).result("CMP").gaps
    assert one[0].message.startswith("Years of experience: 1 year, needs at least 3 years")


def test_unrated_competencies_are_named(career: Catalogue) -> None:
    gap = assess(career, rated(career, 0, 0), TODAY).result("CMA").gaps[0]
    assert "12 not rated yet (1.1, 1.2, 1.3, 1.4, 1.5, 1.6, +6)" in gap.message
