"""The ICMA and ICMI catalogues load and encode the facts they are built from."""

from __future__ import annotations

import tomllib
from pathlib import Path

from selfcheck.model.catalogue import Catalogue, Condition, Designation
from selfcheck.model.catalogue_parser import parse_catalogue

CATALOGUES = Path(__file__).resolve().parent.parent / "catalogues"

ICMA_PRACTICES = {
    "1": "Personal and Professional Integrity",
    "2": "Community Engagement",
    "3": "Equity and Inclusion",
    "4": "Staff Effectiveness",
    "5": "Personal Resiliency and Development",
    "6": "Strategic Leadership",
    "7": "Strategic Planning",
    "8": "Policy Facilitation and Implementation",
    "9": "Community and Resident Service",
    "10": "Service Delivery",
    "11": "Technological Literacy",
    "12": "Financial Management and Budgeting",
    "13": "Human Resources Management and Workforce Engagement",
    "14": "Communication and Information Sharing",
}


def load(name: str) -> Catalogue:
    with (CATALOGUES / f"{name}.toml").open("rb") as f:
        return parse_catalogue(tomllib.load(f))


def designation(catalogue: Catalogue, designation_id: str) -> Designation:
    found = catalogue.designation(designation_id)
    assert found is not None, designation_id
    return found


def condition(des: Designation, requirement_id: str) -> Condition:
    found = [c for c in des.conditions if c.requirement == requirement_id]
    assert len(found) == 1, (des.id, requirement_id)
    return found[0]


def test_both_catalogues_share_the_person_scale() -> None:
    for name in ("icma", "icmi"):
        cat = load(name)
        assert cat.id == name
        assert cat.version == "2026.1"
        assert cat.scale.values == (0, 1, 2, 3, 4)
        assert cat.scale.demonstrated_from == 3
        assert cat.scale.evidence_required
        assert not cat.scale.allow_not_applicable
        assert "self-check" in cat.description
        assert cat.sources


# --- ICMA -----------------------------------------------------------------------------------


def test_icma_has_the_fourteen_practices_with_official_titles() -> None:
    cat = load("icma")
    assert cat.issuer == "International City/County Management Association (ICMA)"
    assert [a.id for a in cat.areas] == ["practices"]
    assert {c.id: c.title for c in cat.competencies} == ICMA_PRACTICES
    assert [c.id for c in cat.competencies] == [str(n) for n in range(1, 15)]


def test_icma_designations_and_ranks() -> None:
    cat = load("icma")
    assert [(d.id, d.title, d.rank) for d in cat.designations] == [
        ("ICMA-CM-Candidate", "ICMA Credentialed Manager Candidate", 1),
        ("ICMA-CM", "ICMA Credentialed Manager", 2),
    ]


def test_icma_practices_are_not_pass_fail() -> None:
    cat = load("icma")
    for des in cat.designations:
        assert des.rules == ()


def test_icma_experience_thresholds_by_education() -> None:
    cat = load("icma")
    education = cat.requirement("education")
    assert education is not None and education.kind == "choice"
    assert [ch.id for ch in education.choices] == [
        "mpa", "other_masters", "bachelors", "less_than_bachelors",
    ]  # fmt: skip
    expected = {
        "ICMA-CM": {"mpa": 7, "other_masters": 8, "bachelors": 9, "less_than_bachelors": 15},
        "ICMA-CM-Candidate": {
            "mpa": 5, "other_masters": 6, "bachelors": 7, "less_than_bachelors": 13,
        },
    }  # fmt: skip
    for des_id, thresholds in expected.items():
        cond = condition(designation(cat, des_id), "executive_experience_years")
        assert cond.depends_on == "education"
        assert cond.at_least_by == thresholds
        assert cond.verified is False
        assert cond.note


def test_icma_common_requirements() -> None:
    cat = load("icma")
    hours = cat.requirement("professional_development_hours")
    assert hours is not None and hours.kind == "number" and hours.unit == "hours"
    for des in cat.designations:
        assert condition(des, "professional_development_hours").at_least == 40
        for yes_no in ("icma_member", "management_assessment", "development_plan"):
            assert condition(des, yes_no).equals is True


def test_icma_multi_rater_is_asked_but_not_a_condition() -> None:
    cat = load("icma")
    multi_rater = cat.requirement("multi_rater_assessment")
    assert multi_rater is not None and multi_rater.kind == "yes_no"
    assert "five" in multi_rater.help and "5 years" in multi_rater.help
    for des in cat.designations:
        assert all(c.requirement != "multi_rater_assessment" for c in des.conditions)


# --- ICMI -----------------------------------------------------------------------------------


def test_icmi_has_four_domains() -> None:
    cat = load("icmi")
    assert cat.issuer == "ICMI (International Customer Management Institute)"
    assert [(a.id, a.title) for a in cat.areas] == [
        ("leadership", "Leadership"),
        ("people", "People"),
        ("customers", "Customers"),
        ("operations-technology", "Operations & Technology"),
    ]
    for area in cat.areas:
        assert 4 <= len(area.competencies) <= 6
        assert "not ICMI's item list" in area.description


def test_icmi_designations_and_ranks() -> None:
    cat = load("icmi")
    assert [(d.id, d.title, d.rank) for d in cat.designations] == [
        ("operations-manager", "Operations Manager", 1),
        ("strategic-leader", "Strategic Leader", 2),
        ("management-consultant", "Management Consultant", 3),
    ]
    for des in cat.designations:
        assert des.rules
        assert all(rule.verified is False for rule in des.rules)


def test_icmi_operations_manager_is_a_subset_of_strategic_leader() -> None:
    cat = load("icmi")
    ops = {c.id for c in cat.designation_competencies(designation(cat, "operations-manager"))}
    lead = {c.id for c in cat.designation_competencies(designation(cat, "strategic-leader"))}
    assert ops
    assert ops < lead
    assert {"P1", "P2", "P3", "P4"} <= ops


def test_icmi_performance_assessment_needed_by_all_three() -> None:
    cat = load("icmi")
    assessment = cat.requirement("performance_assessment")
    assert assessment is not None and assessment.kind == "yes_no" and assessment.verified
    assert "60 business days" in assessment.help and "30 business days" in assessment.help
    for des in cat.designations:
        assert condition(des, "performance_assessment").equals is True


def test_icmi_year_in_role_is_unverified() -> None:
    """Years in each role: the two designations are for different roles, so each asks about
    its own."""
    cat = load("icmi")
    for des_id, req_id in (
        ("operations-manager", "years_operations_manager"),
        ("strategic-leader", "years_strategic_leader"),
    ):
        years = cat.requirement(req_id)
        assert years is not None and years.verified is False and years.unit == "years"
        cond = condition(designation(cat, des_id), req_id)
        assert cond.at_least == 1
        assert cond.verified is False
        others = [c.requirement for c in designation(cat, des_id).conditions]
        assert [r for r in others if r.startswith("years")] == [req_id]
