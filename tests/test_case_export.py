"""CASE export, rubrics as scales, and the round trip between the two formats."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs; used only here
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfcheck.interchange.case_common import CaseError, is_uuid
from selfcheck.interchange.case_export import case_package
from selfcheck.interchange.case_import import catalogue_from_package
from selfcheck.interchange.case_scale import scale_from_rubrics
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue

DATA = Path(__file__).parent / "data" / "case"
WHEN = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
SCHEMA = json.loads((DATA / "case-v1p1-cfpackage.schema.json").read_text(encoding="utf-8"))


def reimported(package: dict[str, Any]) -> Catalogue:
    return parse_catalogue(catalogue_from_package(package, source_name="x.json").document)


def test_every_shipped_catalogue_exports_a_valid_case_1_1_package(
    catalogues: dict[str, Catalogue],
) -> None:
    validator = jsonschema.Draft201909Validator(SCHEMA)
    for catalogue in catalogues.values():
        package = case_package(catalogue, WHEN)
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]
        assert problems == [], catalogue.id
        assert package["CFDocument"]["caseVersion"] == "1.1"
        identifiers = [i["identifier"] for i in package["CFItems"]]
        assert len(set(identifiers)) == len(identifiers)
        assert all(is_uuid(i) for i in identifiers)


def test_export_is_the_same_every_time(career: Catalogue) -> None:
    first = json.dumps(case_package(career, WHEN))
    assert json.dumps(case_package(career, WHEN)) == first
    document = case_package(career, WHEN)["CFDocument"]
    assert document["lastChangeDateTime"] == "2026-03-01T12:30:00Z"
    assert document["title"] == career.title and document["creator"] == career.issuer


def test_export_shape(career: Catalogue) -> None:
    package = case_package(career, WHEN)
    items = {i["humanCodingScheme"]: i for i in package["CFItems"]}
    assert items["1.7"]["abbreviatedStatement"] == "Learning and development strategies"
    assert items["1.7"]["fullStatement"] == career.competency("1.7").statement
    parent_of = {
        a["originNodeURI"]["identifier"]: (
            a["destinationNodeURI"]["identifier"],
            a["sequenceNumber"],
        )
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    assert parent_of[items["1.7"]["identifier"]] == (items["core"]["identifier"], 7)
    assert parent_of[items["core"]["identifier"]] == (package["CFDocument"]["identifier"], 1)
    (criterion,) = package["CFRubrics"][0]["CFRubricCriteria"]
    levels = criterion["CFRubricCriterionLevels"]
    assert [(lv["score"], lv["quality"]) for lv in levels] == [
        (0, "Not yet"), (1, "Aware"), (2, "Developing"), (3, "Proficient"), (4, "Expert"),
    ]  # fmt: skip


def test_identifiers_derive_from_the_catalogue_id(career: Catalogue) -> None:
    from dataclasses import replace

    one = case_package(career, WHEN)
    other = case_package(replace(career, id="another"), WHEN)
    assert one["CFDocument"]["identifier"] != other["CFDocument"]["identifier"]
    assert one["CFItems"][0]["identifier"] != other["CFItems"][0]["identifier"]


def test_import_of_export_gives_back_the_catalogue(catalogues: dict[str, Catalogue]) -> None:
    for catalogue in catalogues.values():
        back = reimported(case_package(catalogue, WHEN))
        assert [(a.id, a.title, a.description) for a in back.areas] == [
            (a.id, a.title, a.description) for a in catalogue.areas
        ]
        assert [(c.area, c.id, c.title, c.statement, c.help) for c in back.competencies] == [
            (c.area, c.id, c.title, c.statement, c.help) for c in catalogue.competencies
        ]
        assert back.scale == catalogue.scale
        assert (back.title, back.issuer, back.version) == (
            catalogue.title, catalogue.issuer, catalogue.version,
        )  # fmt: skip


def test_export_of_an_import_keeps_the_packages_identifiers() -> None:
    original = json.loads((DATA / "opensalt-what-standards-could-be.json").read_text())
    exported = case_package(reimported(original), WHEN)
    kept = {(i["identifier"], i["uri"]) for i in exported["CFItems"]}
    assert kept == {(i["identifier"], i["uri"]) for i in original["CFItems"]}


# --- rubrics -------------------------------------------------------------------------------


def rubric(*levels: Any, **extra: Any) -> list[Any]:
    return [{"CFRubricCriteria": [{"CFRubricCriterionLevels": list(levels)}], **extra}]


def test_rubric_levels_become_the_scale_in_ascending_score() -> None:
    scale, notes = scale_from_rubrics(
        rubric(
            {"quality": "Exemplary", "score": 4.0, "description": "Clear and complete."},
            {"quality": "Beginning", "score": 1, "feedback": "Keep going."},
            {"quality": "Proficient", "score": 3, "description": "Testable."},
            {"quality": None, "score": 2},
        )
    )
    assert [(lv["value"], lv["label"], lv["meaning"]) for lv in scale["levels"]] == [
        (1, "Beginning", "Keep going."), (2, "Level 2", "Level 2"),
        (3, "Proficient", "Testable."), (4, "Exemplary", "Clear and complete."),
    ]  # fmt: skip
    assert scale["demonstrated_from"] == 3
    assert any("check demonstrated_from" in n for n in notes)


def test_rubric_scores_that_are_not_whole_numbers_are_renumbered() -> None:
    scale, notes = scale_from_rubrics(
        rubric({"quality": "High", "score": 0.9}, {"quality": "Low", "score": 0.1})
    )
    assert [(lv["value"], lv["label"]) for lv in scale["levels"]] == [(0, "Low"), (1, "High")]
    assert any("not distinct whole numbers" in n for n in notes)


def test_rubric_without_scores_uses_positions() -> None:
    scale, _ = scale_from_rubrics(
        rubric({"quality": "B", "position": 2}, {"quality": "A", "position": 1}, "junk")
    )
    assert [lv["label"] for lv in scale["levels"]] == ["A", "B"]


def test_too_many_or_too_few_levels_fall_back_to_0_to_4() -> None:
    many, notes = scale_from_rubrics(rubric(*({"score": n} for n in range(12))))
    assert [lv["value"] for lv in many["levels"]] == [0, 1, 2, 3, 4]
    assert "12 levels" in notes[0]
    few, _ = scale_from_rubrics([None, {"CFRubricCriteria": None}, *rubric({"score": 1})])
    assert few == many


# --- anything a package may hold -----------------------------------------------------------

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
_keys = st.sampled_from(
    ["identifier", "uri", "fullStatement", "humanCodingScheme", "abbreviatedStatement", "notes"]
)
_item = st.dictionaries(_keys, _values | st.text(min_size=1, max_size=12), max_size=6)
_association = st.fixed_dictionaries(
    {"associationType": st.sampled_from(["isChildOf", "precedes", None]),
     "originNodeURI": _values | st.sampled_from(["1", "2", "3"]),
     "destinationNodeURI": _values | st.sampled_from(["1", "2", "doc"]),
     "sequenceNumber": _values}
)  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(
    items=st.lists(_item | _values, max_size=6),
    associations=st.lists(_association | _values, max_size=6),
    rubrics=_values,
)
def test_any_package_imports_as_a_valid_catalogue_or_says_why(
    items: list[Any], associations: list[Any], rubrics: Any
) -> None:
    package = {
        "CFDocument": {"identifier": "doc", "title": "Fuzz"},
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": rubrics,
    }
    try:
        imported = catalogue_from_package(package, source_name="fuzz.json")
    except CaseError as exc:
        assert "\n" not in str(exc)
        return
    parse_catalogue(imported.document)


@pytest.mark.parametrize("name", ["opensalt-ordering", "opensalt-markdown"])
def test_published_packages_round_trip(name: str) -> None:
    first = reimported(json.loads((DATA / f"{name}.json").read_text()))
    second = reimported(case_package(first, WHEN))
    assert [(c.id, c.title, c.statement, c.references) for c in second.competencies] == [
        (c.id, c.title, c.statement, c.references) for c in first.competencies
    ]


def test_a_case_reference_copied_to_a_second_competency_is_not_reused(career: Catalogue) -> None:
    from dataclasses import replace

    first, second = career.areas[0].competencies[:2]
    shared = ("case:0e0e0e0e-0000-4000-8000-000000000001",)
    area = replace(
        career.areas[0],
        competencies=(
            replace(first, references=shared),
            replace(second, references=shared),
            *career.areas[0].competencies[2:],
        ),
    )
    items = case_package(replace(career, areas=(area, *career.areas[1:])), WHEN)["CFItems"]
    identifiers = [i["identifier"] for i in items]
    assert identifiers[1] == shared[0].removeprefix("case:")
    assert len(set(identifiers)) == len(identifiers)
