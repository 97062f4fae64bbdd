"""Evidence items and portfolio rules at their boundaries, on the career-management catalogue.

The day is always pinned: the window is five years back from TODAY.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.evidence import (
    EvidenceItem,
    EvidenceMethod,
    EvidencePolicy,
    age_text,
    count_for_rule,
    parse_day,
    standing,
    years_before,
)
from selfcheck.model.portfolio import build_portfolio
from selfcheck.model.readiness import assess, competency_status
from selfcheck.model.session import Rating, Session, new_session
from tests.portfolio import with_portfolio

TODAY = date(2026, 11, 20)
WINDOW_START = date(2021, 11, 20)  # five years before TODAY: the first day that counts
CORE = [f"1.{i}" for i in range(1, 13)]
SELECTED = [f"2.{i}" for i in range(1, 19)]


def cma_session(career: Catalogue) -> Session:
    """Enough competencies for CMA, each with a note; no portfolio yet."""
    session = new_session(career, "Test")
    for cid in CORE[:6] + SELECTED[:4]:
        session = session.with_rating(cid, Rating(level=3, evidence=f"did {cid} in 2025"))
    return session


def item(method: str = "D", day: date = TODAY, title: str = "Case", note: str = "") -> EvidenceItem:
    return EvidenceItem(method, day, title, note=note)


def gaps(career: Catalogue, session: Session, designation: str = "CMA") -> list[str]:
    result = assess(career, session, TODAY).result(designation)
    assert result is not None
    return [g.message for g in result.gaps]


# --- one item: the window, the future, the method, the word limit --------------------------


def test_window_edge_by_one_day(career: Catalogue) -> None:
    policy = career.evidence
    assert years_before(TODAY, 5) == WINDOW_START
    assert standing(item(day=WINDOW_START), policy, TODAY).counts
    too_old = standing(item(day=WINDOW_START - timedelta(days=1)), policy, TODAY)
    assert not too_old.counts and too_old.old
    assert too_old.why_not == "is from 2021-11-19, older than 5 years"


def test_today_counts_and_tomorrow_does_not(career: Catalogue) -> None:
    policy = career.evidence
    assert standing(item(day=TODAY), policy, TODAY).counts
    future = standing(item(day=TODAY + timedelta(days=1)), policy, TODAY)
    assert not future.counts and not future.old
    assert future.why_not == "is dated 2026-11-21, after today"


def test_unknown_method_does_not_count_and_says_why(career: Catalogue) -> None:
    found = standing(item(method="Z"), career.evidence, TODAY)
    assert not found.counts
    assert found.why_not == (
        "has method 'Z', which this catalogue does not know (known: A, B, C, D, E, F, G, H, I)"
    )


@pytest.mark.parametrize(("words", "counts"), [(999, True), (1000, True), (1001, False)])
def test_case_study_word_limit(career: Catalogue, words: int, counts: bool) -> None:
    found = standing(item(note="word " * words), career.evidence, TODAY)
    assert found.counts is counts
    if not counts:
        assert found.why_not == "is 1,001 words; at most 1,000 for D"


def test_leap_day_window_falls_back_to_the_28th() -> None:
    assert years_before(date(2028, 2, 29), 5) == date(2023, 2, 28)


def test_no_window_means_any_age_counts() -> None:
    policy = EvidencePolicy(methods=(EvidenceMethod("A", "Course"),))
    assert standing(item("A", date(1990, 1, 1)), policy, TODAY).counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-02", date(2025, 10, 2)),
        (" 2025-10 ", date(2025, 10, 1)),
        ("2025-2-3", date(2025, 2, 3)),
        ("2025-02-30", None),
        ("2025-13", None),
        ("October 2025", None),
        ("", None),
    ],
)
def test_typed_dates(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


def test_age_text() -> None:
    assert age_text(date(2019, 3, 8), TODAY) == "7 years"
    assert age_text(date(2025, 11, 21), TODAY) == "11 months"
    assert age_text(date(2026, 11, 1), TODAY) == "under a month"


# --- competencies: items-only evidence, all-old evidence, undated notes --------------------


def test_items_only_evidence_is_evidence(career: Catalogue) -> None:
    competency = career.competency("1.3")
    assert competency is not None
    rating = Rating(level=3, items=(item("D", TODAY - timedelta(days=10)),))
    status = competency_status(career, competency, rating, TODAY)
    assert status.demonstrated and status.has_evidence and not status.undated


def test_all_old_evidence_is_not_demonstrated(career: Catalogue) -> None:
    old = (item("A", date(2019, 3, 8)), item("D", WINDOW_START - timedelta(days=1)))
    session = cma_session(career).with_rating("1.3", Rating(level=3, items=old))
    readiness = assess(career, session, TODAY)
    status = readiness.statuses["1.3"]
    assert status.state == "missing_evidence"
    assert status.reason == "has only evidence older than 5 years"
    assert (
        "1.3 Theory and approach has only evidence older than 5 years" in gaps(career, session)[0]
    )


def test_a_note_beside_old_items_still_counts_but_is_undated(career: Catalogue) -> None:
    old = (item("A", date(2019, 3, 8)),)
    session = cma_session(career).with_rating("1.3", Rating(level=3, evidence="x", items=old))
    status = assess(career, session, TODAY).statuses["1.3"]
    assert status.demonstrated and status.undated


def test_future_only_item_is_no_evidence_and_says_why(career: Catalogue) -> None:
    future = (item("D", TODAY + timedelta(days=3)),)
    session = cma_session(career).with_rating("1.3", Rating(level=3, items=future))
    status = assess(career, session, TODAY).statuses["1.3"]
    assert status.state == "missing_evidence"
    assert "is dated 2026-11-23, after today" in status.reason


def test_plain_notes_count_and_are_listed_as_undated(career: Catalogue) -> None:
    session = with_portfolio(cma_session(career), TODAY, "1.1")
    readiness = assess(career, session, TODAY)
    assert [d.id for d in readiness.ready_for] == ["CMA"]
    # 1.1 holds dated items; the other nine count on their notes alone.
    assert readiness.undated == (*CORE[1:6], *SELECTED[:4])
    assert "1.1" not in readiness.undated


def test_no_window_no_undated(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    session = new_session(icma, "Sam").with_rating("1", Rating(level=3, evidence="Report 2025"))
    assert assess(icma, session, TODAY).undated == ()


# --- the three application rules ------------------------------------------------------------


def test_no_portfolio_three_gaps(career: Catalogue) -> None:
    assert gaps(career, cma_session(career)) == [
        "Portfolio: no course or training completed (A) from the past 5 years yet",
        "Portfolio: no presentation (B or G) from the past 5 years yet",
        "Portfolio: no case study (D) from the past 5 years yet",
    ]


def test_full_portfolio_is_ready(career: Catalogue) -> None:
    assert gaps(career, with_portfolio(cma_session(career), TODAY)) == []


def test_items_count_across_competencies_and_whatever_the_rating(career: Catalogue) -> None:
    session = cma_session(career)
    session = session.with_items("2.16", (item("A", title="Course"),))  # not rated at all
    session = session.with_items("2.17", (item("B", title="Workshop"),))
    session = session.with_items("1.12", (item("D", title="Case"),))
    assert gaps(career, session) == []


def test_either_b_or_g_meets_the_presentation_rule(career: Catalogue) -> None:
    base = with_portfolio(cma_session(career), TODAY, "2.19")
    without_talk = base.with_items(
        "2.19", tuple(i for i in base.rating("2.19").items if i.method != "G")
    )
    assert "presentation (B or G)" in " ".join(gaps(career, without_talk))
    with_b = without_talk.with_item("2.19", item("B", title="Workshop"))
    assert gaps(career, with_b) == []


def test_gap_names_the_near_misses(career: Catalogue) -> None:
    session = with_portfolio(cma_session(career), TODAY, "2.19")
    kept = tuple(i for i in session.rating("2.19").items if i.method != "D")
    long_case = item("D", TODAY, "Back to work", note="word " * 1240)
    old_case = item("D", date(2019, 5, 1), "Old case")
    session = session.with_items("2.19", (*kept, long_case, old_case))
    result = assess(career, session, TODAY).result("CMA")
    assert result is not None
    (gap,) = result.gaps
    assert (gap.kind, gap.methods, gap.have, gap.need) == ("evidence", ("D",), 0, 1)
    assert gap.message == (
        "Portfolio: no case study (D) from the past 5 years yet; "
        "D “Back to work” is 1,240 words; at most 1,000 for D; "
        "D “Old case” is from 2019-05-01, older than 5 years"
    )


def test_one_case_study_under_two_competencies_counts_once(career: Catalogue) -> None:
    same = [item("D", TODAY, "Back to work"), item("D", TODAY, "  back to   WORK ")]
    assert count_for_rule(["D"], 2, same, career.evidence, TODAY).have == 1
    other = [*same, item("D", TODAY, "Another client")]
    assert count_for_rule(["D"], 2, other, career.evidence, TODAY).have == 2


# --- the portfolio summary -----------------------------------------------------------------


def test_portfolio_summary(career: Catalogue) -> None:
    session = cma_session(career).with_items(
        "2.6",
        (
            item("B", date(2025, 11, 15), "Workshops"),
            item("G", date(2018, 1, 1), "Old talk"),
            item("G", TODAY + timedelta(days=1), "Next week's talk"),
            item("Z", TODAY, "Unknown"),
        ),
    )
    readiness = assess(career, session, TODAY)
    portfolio = build_portfolio(session, readiness)
    counts = {m.method.id: (m.counting, m.old, m.other) for m in portfolio.methods}
    assert counts["B"] == (1, 0, 0) and counts["G"] == (0, 1, 1) and counts["D"] == (0, 0, 0)
    assert [p.item.title for p in portfolio.unknown] == ["Unknown"]
    needs = {n.what: n for n in portfolio.needs}
    assert list(needs) == [
        "course or training completed (A)",
        "presentation (B or G)",
        "case study (D)",
    ]
    assert needs["presentation (B or G)"].met
    assert needs["case study (D)"].designations == ("CMA", "CMP", "CMF")
    assert needs["case study (D)"].message == (
        "Portfolio: no case study (D) from the past 5 years yet"
    )
    assert portfolio.undated == readiness.undated
