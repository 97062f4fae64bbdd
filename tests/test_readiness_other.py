"""Readiness on the other shipped catalogues: experience by education, a checklist with N/A."""

from __future__ import annotations

from datetime import date

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import assess
from selfcheck.model.session import Rating, Session, new_session

TODAY = date(2026, 11, 20)


def icma_session(catalogue: Catalogue, education: str | None, years: float) -> Session:
    session = new_session(catalogue, "Sam")
    answers: dict[str, bool | float | str] = {
        "icma_member": True,
        "management_assessment": True,
        "professional_development_hours": 40,
        "development_plan": True,
        "executive_experience_years": years,
    }
    if education:
        answers["education"] = education
    for rid, value in answers.items():
        session = session.with_answer(rid, value)
    return session


@pytest.mark.parametrize(
    ("education", "candidate_from", "full_from"),
    [("mpa", 5, 7), ("other_masters", 6, 8), ("bachelors", 7, 9), ("less_than_bachelors", 13, 15)],
)
def test_icma_experience_depends_on_education(
    catalogues: dict[str, Catalogue], education: str, candidate_from: int, full_from: int
) -> None:
    icma = catalogues["icma"]

    def ready(years: float) -> list[str]:
        return [d.id for d in assess(icma, icma_session(icma, education, years), TODAY).ready_for]

    assert ready(candidate_from - 1) == []
    assert ready(candidate_from) == ["ICMA-CM-Candidate"]
    assert ready(full_from - 0.5) == ["ICMA-CM-Candidate"]
    assert ready(full_from) == ["ICMA-CM-Candidate", "ICMA-CM"]
    highest = assess(icma, icma_session(icma, education, full_from), TODAY).highest_ready
    assert highest is not None and highest.id == "ICMA-CM"


def test_icma_asks_for_education_first(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    gaps = assess(icma, icma_session(icma, None, 20), TODAY).result("ICMA-CM").gaps
    assert len(gaps) == 1
    assert gaps[0].requirement == "executive_experience_years"
    assert "Education" in gaps[0].message and "first" in gaps[0].message


def test_icma_professional_development_hours(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    session = icma_session(icma, "mpa", 10).with_answer("professional_development_hours", 39)
    gaps = assess(icma, session, TODAY).result("ICMA-CM").gaps
    assert [g.message for g in gaps] == [
        "Professional development: 39 hours (self-reported), needs at least 40 hours"
    ]


def test_icma_yes_no_answered_no(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    session = icma_session(icma, "mpa", 10).with_answer("icma_member", False)
    gaps = assess(icma, session, TODAY).result("ICMA-CM-Candidate").gaps
    assert [g.message for g in gaps] == [
        "ICMA membership and Code of Ethics: answered no, needs yes"
    ]


def checklist(catalogue: Catalogue, answers: dict[str, int | None]) -> Session:
    session = new_session(catalogue, "Riverside")
    for c in catalogue.competencies:
        value = answers.get(c.id, 1)
        rating = Rating(not_applicable=True) if value is None else Rating(level=value)
        session = session.with_rating(c.id, rating)
    return session


def test_checklist_all_yes_is_compliant(catalogues: dict[str, Catalogue]) -> None:
    lmi = catalogues["lmi-service-guidelines"]
    assert [d.id for d in assess(lmi, checklist(lmi, {}), TODAY).ready_for] == ["compliant"]


def test_checklist_not_applicable_is_left_out(catalogues: dict[str, Catalogue]) -> None:
    lmi = catalogues["lmi-service-guidelines"]
    readiness = assess(lmi, checklist(lmi, {"2.3": None, "7.1": None}), TODAY)
    assert [d.id for d in readiness.ready_for] == ["compliant"]
    assert readiness.area_progress("2") == (2, 2)
    assert readiness.counts["not_applicable"] == 2


def test_checklist_one_no_fails_and_names_it(catalogues: dict[str, Catalogue]) -> None:
    lmi = catalogues["lmi-service-guidelines"]
    readiness = assess(lmi, checklist(lmi, {"2.3": None, "7.2": 0}), TODAY)
    gap = readiness.result("compliant").gaps[0]
    assert (gap.have, gap.need) == (22, 23)
    assert gap.message == "Checklist: 22 of 23 items met; 7.2 Useful website content is answered No"


def test_staff_management_may_be_not_applicable(catalogues: dict[str, Catalogue]) -> None:
    spec = catalogues["lmi-specialist"]
    staff = [c for c in spec.competencies if c.not_applicable_allowed and c.id != "KNW6"]
    assert staff and all(c.area == staff[0].area for c in staff)
    session = new_session(spec, "Kim")
    for c in spec.competencies:
        rating = Rating(not_applicable=True) if c.not_applicable_allowed else Rating(3, "done")
        session = session.with_rating(c.id, rating)
    assert [d.id for d in assess(spec, session, TODAY).ready_for] == ["lmi-specialist"]


def test_list_rules_within_one_area_name_the_area(catalogues: dict[str, Catalogue]) -> None:
    icmi = catalogues["icmi"]
    gaps = assess(icmi, new_session(icmi, "Pat"), TODAY).result("operations-manager").gaps
    labels = [g.message.split(":")[0] for g in gaps if g.kind == "competencies"]
    assert labels[:2] == ["Leadership (named competencies)", "People (named competencies)"]
    assert len(set(labels)) == len(labels)
