"""The shipped NSCM Professional in Career Management (PCM) catalogue encodes its facts."""

from __future__ import annotations

import tomllib
from pathlib import Path

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue

CATALOGUE = Path(__file__).resolve().parents[1] / "catalogues" / "nscm-pcm.toml"


def load() -> Catalogue:
    with CATALOGUE.open("rb") as f:
        return parse_catalogue(tomllib.load(f))


def titles(catalogue: Catalogue, area_id: str) -> list[str]:
    area = catalogue.area(area_id)
    assert area is not None, area_id
    return [c.title for c in area.competencies]


def test_identity_and_source() -> None:
    c = load()
    assert c.id == "nscm-pcm"
    assert c.version == "2026.1"
    assert c.issuer == "National Society of Career Management (NSCM)"
    assert c.subject == "person"
    assert c.sources[0].ref == "001_f350a65db72525e6.txt"
    # The TalentGuard and 2006 facts are not in the white paper: they name their source.
    handbook = c.sources[1]
    assert "2006" in handbook.note and "TalentGuard" in handbook.note
    assert "handbook" in c.description and "2006" in c.description


def test_description_says_exam_based_self_check() -> None:
    text = load().description.lower()
    assert "exam" in text
    assert "self-check" in text
    assert "not a portfolio" in text
    assert "issuing body" in text and "decides" in text
    assert "talentguard" in text
    assert "2006" in text


def test_scale_needs_no_evidence() -> None:
    scale = load().scale
    assert scale.values == (0, 1, 2, 3, 4)
    assert [lv.label for lv in scale.levels] == [
        "Not yet", "Aware", "Developing", "Proficient", "Expert",
    ]  # fmt: skip
    assert scale.demonstrated_from == 3
    assert scale.evidence_required is False
    assert scale.allow_not_applicable is False


def test_areas() -> None:
    c = load()
    assert [a.id for a in c.areas] == ["roles", "framework", "transitions", "pillars", "qualities"]
    assert c.competency_count == 50


def test_three_roles() -> None:
    c = load()
    area = c.area("roles")
    assert area is not None
    roles = {comp.title.split(":")[0] for comp in area.competencies}
    assert roles == {"Strategic", "Facilitative", "Actionable"}
    prefixes = {comp.id.split(".")[0] for comp in area.competencies}
    assert prefixes == {"R1", "R2", "R3"}
    counts = {p: sum(comp.id.startswith(p + ".") for comp in area.competencies) for p in prefixes}
    assert counts == {"R1": 11, "R2": 9, "R3": 11}


def test_five_framework_phases() -> None:
    c = load()
    area = c.area("framework")
    assert area is not None
    assert [comp.id for comp in area.competencies] == ["F1", "F2", "F3", "F4", "F5"]
    assert titles(c, "framework") == [
        "Phase 1: Exploring",
        "Phase 2: Aligning",
        "Phase 3: Planning",
        "Phase 4: Branding",
        "Phase 5: Implementing",
    ]


def test_four_transition_types() -> None:
    c = load()
    assert titles(c, "transitions") == [
        "Job Change", "Industry Change", "Career Development", "Transformation",
    ]  # fmt: skip
    area = c.area("transitions")
    assert area is not None
    assert [comp.id for comp in area.competencies] == ["T1", "T2", "T3", "T4"]


def test_four_pillars() -> None:
    c = load()
    assert titles(c, "pillars") == ["Comprehensiveness", "Provableness", "Insight", "Flexibility"]


def test_six_qualities() -> None:
    c = load()
    area = c.area("qualities")
    assert area is not None
    assert [comp.id for comp in area.competencies] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    assert "Realistic planner" in titles(c, "qualities")
    assert "Honest communicator" in titles(c, "qualities")


def test_designation_pcm() -> None:
    c = load()
    assert [d.id for d in c.designations] == ["PCM"]
    pcm = c.designation("PCM")
    assert pcm is not None
    assert pcm.title == "Professional in Career Management"
    assert pcm.rank == 1
    assert pcm.conditions == ()
    all_areas = {r.area for r in pcm.rules if r.kind == "all"}
    assert all_areas == {"framework", "transitions", "pillars"}
    qualities = [r for r in pcm.rules if r.kind == "at_least"]
    assert [(r.area, r.count) for r in qualities] == [("qualities", 4)]
    role_lists = [r for r in pcm.rules if r.kind == "list"]
    assert [r.count for r in role_lists] == [8, 6, 8]
    assert {comp.id for r in role_lists for comp in c.rule_competencies(r)} == {
        comp.id for comp in c.competencies if comp.area == "roles"
    }


def test_every_rule_is_unverified_with_a_note() -> None:
    pcm = load().designation("PCM")
    assert pcm is not None
    for rule in pcm.rules:
        assert rule.verified is False
        assert "pass mark is not public" in rule.note
        assert "self-check's own" in rule.note


def test_every_competency_is_rated_not_user_defined() -> None:
    for comp in load().competencies:
        assert comp.statement.strip()
        assert not comp.user_defined
        assert not comp.not_applicable_allowed
