"""The two FLMM career and labour market information catalogues encode the seed's facts."""

from __future__ import annotations

import tomllib
from pathlib import Path

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue

CATALOGUES = Path(__file__).resolve().parent.parent / "catalogues"
ISSUER = "Forum of Labour Market Ministers (FLMM), Labour Market Information Working Group"

GUIDELINES = {
    "1": ("Service Delivery Environment", ["1.1", "1.2", "1.3", "1.4"]),
    "2": ("Funding", ["2.1", "2.2", "2.3"]),
    "3": ("Determining Target Group Needs", ["3.1"]),
    "4": ("Delivery Methods", ["4.1", "4.2", "4.3", "4.4"]),
    "5": ("Staffing", ["5.1", "5.2", "5.3", "5.4"]),
    "6": ("Marketing and Communication", ["6.1", "6.2", "6.3", "6.4"]),
    "7": ("Use of Technology", ["7.1", "7.2", "7.3", "7.4"]),
}

SPECIALIST_GROUPS = [
    "Communication",
    "Interpersonal and Consulting",
    "Information Gathering or Assessment",
    "Organizational and Planning",
    "Staff Management",
    "Knowledge of Processes, Procedures and Legislation",
    "Personal Qualities",
]
DUTY_AREAS = [
    "Client Services Duties",
    "Service Delivery Duties",
    "Information Management Duties",
    "Administration Duties",
]
STAFF_AREA = "STF"


def load(name: str) -> Catalogue:
    with (CATALOGUES / f"{name}.toml").open("rb") as fh:
        return parse_catalogue(tomllib.load(fh))


# --- shared -----------------------------------------------------------------------------------


def test_both_catalogues_carry_issuer_version_source_and_self_check_wording() -> None:
    for name in ("lmi-specialist", "lmi-service-guidelines"):
        cat = load(name)
        assert cat.id == name
        assert cat.issuer == ISSUER
        assert cat.version == "2026.1"
        assert "003_9273fbbb93331a7d.txt" in [s.ref for s in cat.sources]
        text = cat.description.lower()
        assert "self-check" in text
        assert "does not certify" in text


# --- service delivery guidelines checklist ---------------------------------------------------


def test_guidelines_are_an_organisation_checklist() -> None:
    cat = load("lmi-service-guidelines")
    assert cat.subject == "organisation"


def test_guideline_ids_are_exactly_the_24_official_ones() -> None:
    cat = load("lmi-service-guidelines")
    expected = [gid for _, ids in GUIDELINES.values() for gid in ids]
    assert len(expected) == 24
    assert [c.id for c in cat.competencies] == expected
    assert cat.competency_count == 24


def test_guidelines_fall_into_the_seven_sections() -> None:
    cat = load("lmi-service-guidelines")
    assert [a.id for a in cat.areas] == list(GUIDELINES)
    for area in cat.areas:
        title, ids = GUIDELINES[area.id]
        assert area.title == title
        assert [c.id for c in area.competencies] == ids
        assert all(c.id.startswith(f"{area.id}.") for c in area.competencies)


def test_guideline_scale_is_yes_no_with_not_applicable() -> None:
    scale = load("lmi-service-guidelines").scale
    assert [(lv.value, lv.label) for lv in scale.levels] == [(0, "No"), (1, "Yes")]
    assert scale.demonstrated_from == 1
    assert scale.evidence_required is False
    assert scale.allow_not_applicable is True
    cat = load("lmi-service-guidelines")
    assert all(c.not_applicable_allowed for c in cat.competencies)


def test_compliant_means_every_applicable_guideline_is_yes() -> None:
    cat = load("lmi-service-guidelines")
    assert [d.id for d in cat.designations] == ["compliant"]
    compliant = cat.designations[0]
    assert compliant.title == "Compliant with the guidelines"
    assert compliant.rank == 1
    assert compliant.conditions == ()
    assert len(compliant.rules) == 1
    rule = compliant.rules[0]
    assert rule.kind == "all"
    assert rule.area is None
    assert rule.verified is True
    assert len(cat.rule_competencies(rule)) == 24


# --- Career and LMI Specialist role profile --------------------------------------------------


def test_specialist_uses_the_proficiency_scale_without_general_not_applicable() -> None:
    scale = load("lmi-specialist").scale
    assert [lv.value for lv in scale.levels] == [0, 1, 2, 3, 4]
    assert [lv.label for lv in scale.levels] == [
        "Not yet", "Aware", "Developing", "Proficient", "Expert",
    ]  # fmt: skip
    assert scale.demonstrated_from == 3
    assert scale.evidence_required is True
    assert scale.allow_not_applicable is False


def test_specialist_has_the_competency_groups_and_duties() -> None:
    cat = load("lmi-specialist")
    assert cat.subject == "person"
    assert [a.title for a in cat.areas] == SPECIALIST_GROUPS + DUTY_AREAS
    assert all(a.competencies for a in cat.areas)


def test_only_staff_management_and_ordering_allow_not_applicable() -> None:
    """The seed marks two things "(if applicable)": staff management skills, and
    ordering/purchasing/accounting procedures (KNW6)."""
    cat = load("lmi-specialist")
    staff = cat.area(STAFF_AREA)
    assert staff is not None
    assert staff.title == "Staff Management"
    assert staff.competencies
    for comp in cat.competencies:
        if comp.area == STAFF_AREA:
            assert comp.not_applicable_allowed, comp.id
            assert "manages staff" in comp.help, comp.id
        else:
            assert comp.not_applicable_allowed is (comp.id == "KNW6"), comp.id


def test_specialist_competencies_reference_the_2012_standards() -> None:
    cat = load("lmi-specialist")
    # Appendix C maps no standards codes to Staff Management; every other item has some.
    for comp in cat.competencies:
        if comp.area != STAFF_AREA:
            assert comp.references, comp.id
    refs = {ref for comp in cat.competencies for ref in comp.references}
    for code in ("C2.1", "C2.2", "C1.3", "C1.4", "S3.1.5", "S3.1.6", "S3.1.7", "S2", "S4", "C3"):
        assert code in refs, code


def test_specialist_reference_codes_by_group() -> None:
    cat = load("lmi-specialist")
    expected = {
        "COM": {"C2.2"},
        "INT": {"C2.1", "C2.2"},
        "INF": {"C1.3"},
        "ORG": {"C1.4"},
        "KNW": {"S3.1.5", "S3.1.6", "S3.1.7"},
        "PQ": {"C1.2", "C1.3", "C1.4"},
        "CS": {"S3.1.5", "S3.1.6", "S3.1.7"},
        "SD": {"S2", "S4"},
        "IM": {"C3"},
        "ADM": {"C1"},
    }
    for area_id, codes in expected.items():
        area = cat.area(area_id)
        assert area is not None, area_id
        for comp in area.competencies:
            assert set(comp.references) == codes, comp.id


def test_specialist_ids_are_unique_and_short() -> None:
    cat = load("lmi-specialist")
    ids = [c.id for c in cat.competencies]
    assert len(ids) == len(set(ids)) == cat.competency_count
    for comp in cat.competencies:
        assert comp.id.startswith(comp.area), comp.id
        assert comp.id[len(comp.area) :].isdigit(), comp.id


def test_specialist_role_profile_needs_every_area_and_is_unverified() -> None:
    cat = load("lmi-specialist")
    assert [d.id for d in cat.designations] == ["lmi-specialist"]
    role = cat.designations[0]
    assert role.title == "Career and LMI Specialist"
    assert role.rank == 1
    assert all(rule.kind == "all" for rule in role.rules)
    assert [rule.area for rule in role.rules] == [a.id for a in cat.areas]
    for rule in role.rules:
        assert rule.verified is False
        assert "not a certification" in rule.note
    assert len(cat.designation_competencies(role)) == cat.competency_count
