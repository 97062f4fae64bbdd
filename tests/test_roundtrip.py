"""Any session, with any Unicode text, survives save then load unchanged."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.storage.sessions import load_session, save_session

# Every Unicode scalar value, control characters included; surrogates cannot be stored.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
COMPETENCIES = [f"1.{i}" for i in range(1, 13)] + [f"2.{i}" for i in range(1, 20)]


@st.composite
def sessions(draw: st.DrawFn, catalogue: Catalogue) -> Session:
    session = new_session(catalogue, draw(TEXT))
    for cid in draw(st.lists(st.sampled_from(COMPETENCIES), unique=True, max_size=8)):
        rating = Rating(
            level=draw(st.none() | st.integers(0, 4)),
            evidence=draw(TEXT),
            title=draw(TEXT) if cid == "2.19" else "",
            rationale=draw(TEXT) if cid == "2.19" else "",
        )
        session = session.with_rating(cid, rating)
    if draw(st.booleans()):
        session = session.with_answer(
            "experience_years", draw(st.integers(0, 70) | st.floats(0, 70, allow_nan=False))
        )
    return session.touched(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))


def test_save_then_load_is_identity(career: Catalogue) -> None:
    folder = Path(tempfile.mkdtemp())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sessions(career))
    def check(session: Session) -> None:
        path = folder / "s.toml"
        path.unlink(missing_ok=True)
        save_session(path, session, career)
        assert load_session(path, {career.id: career}).session == session

    check()
