"""A career-management portfolio that meets the three application rules, for tests whose
subject is something else (competency counts, requirements, reports)."""

from __future__ import annotations

from datetime import date, timedelta

from selfcheck.model.evidence import EvidenceItem
from selfcheck.model.session import Session


def with_portfolio(session: Session, today: date, competency: str = "1.1") -> Session:
    """The session with one course (A), one talk (G) and one case study (D) from last month."""
    day = today - timedelta(days=30)
    items = (
        EvidenceItem("A", day, "Course: narrative career counselling"),
        EvidenceItem("G", day, "Talk: career pivots after 50, regional HR forum"),
        EvidenceItem("D", day, "Case study: back to work after a plant closure", note="Short."),
    )
    rating = session.rating(competency)
    return session.with_items(competency, rating.items + items)
