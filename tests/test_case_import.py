"""CASE import: published packages, and each kind of mess real packages hold."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from selfcheck.interchange.case_common import CaseError, natural_key, plain_text
from selfcheck.interchange.case_import import Imported, catalogue_from_package
from selfcheck.model.catalogue import MAX_STATEMENT, MAX_TITLE, Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue

DATA = Path(__file__).parent / "data" / "case"
DOC = "d0000000-0000-4000-8000-000000000000"


def published(name: str) -> Any:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def convert(package: Any) -> tuple[Catalogue, Imported]:
    """Import, and parse the result as validate would."""
    imported = catalogue_from_package(package, source_name="test.json")
    return parse_catalogue(imported.document), imported


def item(n: int, statement: str = "", **fields: Any) -> dict[str, Any]:
    return {
        "identifier": f"00000000-0000-4000-8000-{n:012d}",
        "uri": f"https://case.example/CFItems/00000000-0000-4000-8000-{n:012d}",
        "fullStatement": statement or f"Do thing {n} well.",
        **fields,
    }


def child_of(child: dict[str, Any], parent: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    destination = parent or {"identifier": DOC, "uri": f"https://case.example/CFDocuments/{DOC}"}
    return {
        "associationType": "isChildOf",
        "originNodeURI": {"title": "", "identifier": child["identifier"], "uri": child["uri"]},
        "destinationNodeURI": {"title": "", "identifier": destination["identifier"],
                               "uri": destination["uri"]},
        **extra,
    }  # fmt: skip


def package(items: list[dict[str, Any]], associations: list[Any], **more: Any) -> dict[str, Any]:
    document = {"identifier": DOC, "uri": f"https://case.example/CFDocuments/{DOC}",
                "title": "Test framework", "creator": "Test Body"}  # fmt: skip
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations, **more}


def tree(children_per_area: int = 2) -> dict[str, Any]:
    """Two areas (A, B) each with numbered competencies (A.1, A.2 ...)."""
    items, links = [], []
    for a, code in enumerate("AB", start=1):
        area = item(a * 100, f"Area {code}.", humanCodingScheme=code)
        items.append(area)
        links.append(child_of(area, None))
        for c in range(1, children_per_area + 1):
            comp = item(a * 100 + c, f"Competency {code}.{c}.", humanCodingScheme=f"{code}.{c}")
            items.append(comp)
            links.append(child_of(comp, area))
    return package(items, links)


def ids(catalogue: Catalogue) -> list[str]:
    return [c.id for c in catalogue.competencies]


# --- published packages --------------------------------------------------------------------


def test_opensalt_sample_three_levels_with_outside_links() -> None:
    catalogue, imported = convert(published("opensalt-what-standards-could-be"))
    assert [a.id for a in catalogue.areas] == [
        "CCSS.Math.Content.6.RP.A",
        "CCSS.Math.Content.7.RP.A",
    ]
    six = catalogue.areas[0]
    assert [c.id.removeprefix("CCSS.Math.Content.") for c in six.competencies] == [
        "6.RP.A.1", "6.RP.A.2", "6.RP.A.3", "6.RP.A.3a", "6.RP.A.3b", "6.RP.A.3c", "6.RP.A.3d",
    ]  # fmt: skip
    first = six.competencies[0]
    assert first.statement.startswith("Understand the concept of a ratio and use ratio language")
    assert first.references == (
        "case:b6f61076-aa12-450b-8f9d-b86bc071f85e",
        "http://opensalt-staging.opened.com/uri/b6f61076-aa12-450b-8f9d-b86bc071f85e",
    )
    assert first.help.startswith("For example, ")  # the item's notes
    assert six.references[0] == "case:edfce0e7-dbbf-40d5-af1a-baccabef85e9"
    assert catalogue.sources[0].ref.endswith("20c5134f-423d-4097-a971-3dd5152bf507")
    assert catalogue.issuer == "Brandon Dorman"
    assert any("exactMatchOf" in note and "precedes" in note for note in imported.notes)


def test_opensalt_ordering_sorts_codes_naturally() -> None:
    catalogue, _ = convert(published("opensalt-ordering"))
    codes = [c.id.removeprefix("H.A.MATH.GM.PF.2DFP.") for c in catalogue.competencies]
    # The package lists them in string order (L1.1, L1.10, L1.11 ... L1.2).
    assert codes[:3] == ["H.A.MATH.GM.PF", "H.A.MATH.GM.PF.2DFP", "L1"]
    assert codes[3:] == [f"L1.{n}" for n in range(1, 25)]
    assert catalogue.areas[0].title == "Geometry and Measurement"  # its abbreviatedStatement
    assert catalogue.title == "ACT Holistic Framework, Math"


def test_opensalt_markdown_items_without_children_and_markdown() -> None:
    catalogue, _ = convert(published("opensalt-markdown"))
    (area,) = catalogue.areas
    assert (area.id, area.title) == ("general", "Test Markdown Framework")
    assert ids(catalogue) == ["MD.Math", "MD.Table"]
    table = catalogue.competency("MD.Table").statement
    assert "This contains a table in markdown:" in table  # `_table_` lost its marks
    assert "| --- |" not in table and "\r" not in table
    assert "$x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}$" in table  # LaTeX kept as written


# --- order ---------------------------------------------------------------------------------


def test_sequence_number_orders_before_codes() -> None:
    pkg = tree(3)
    links = pkg["CFAssociations"]
    for link, seq in zip(links[1:4], (3, 1, 2), strict=True):
        link["sequenceNumber"] = seq
    links[2]["sequenceNumber"] = "1"  # written as text by some tools
    catalogue, _ = convert(pkg)
    assert ids(catalogue) == ["A.2", "A.3", "A.1", "B.1", "B.2", "B.3"]


def test_without_codes_or_sequence_package_order_is_kept() -> None:
    pkg = tree(3)
    for raw in pkg["CFItems"]:
        del raw["humanCodingScheme"]
    pkg["CFItems"][1:4] = reversed(pkg["CFItems"][1:4])
    catalogue, _ = convert(pkg)
    assert [c.statement for c in catalogue.areas[0].competencies] == [
        "Competency A.3.", "Competency A.2.", "Competency A.1.",
    ]  # fmt: skip


def test_natural_key() -> None:
    codes = ["L1.10", "L1.2", "L1.1", "l1.9", "L2", "L1.2a"]
    assert sorted(codes, key=natural_key) == ["L1.1", "L1.2", "L1.2a", "l1.9", "L1.10", "L2"]


# --- deeper levels, ids, titles ------------------------------------------------------------


def test_deeper_levels_are_flattened_keeping_the_parent_code() -> None:
    pkg = tree(1)
    parent = pkg["CFItems"][1]  # A.1
    sub = item(901, "A part of A.1.", humanCodingScheme="a")
    pkg["CFItems"].append(sub)
    pkg["CFAssociations"].append(child_of(sub, parent))
    catalogue, _ = convert(pkg)
    assert ids(catalogue)[:2] == ["A.1", "a"]
    assert catalogue.competency("a").title == "A.1 › A part of A.1"


def test_duplicate_codes_fall_back_to_identifiers() -> None:
    pkg = tree(2)
    pkg["CFItems"][2]["humanCodingScheme"] = "A.1"  # two items coded A.1
    catalogue, imported = convert(pkg)
    first, second = catalogue.areas[0].competencies
    assert first.id.startswith("c-") and second.id.startswith("c-") and first.id != second.id
    assert first.title.startswith("A.1 ") and second.title.startswith("A.1 ")
    assert any("share a code" in n and "CFItems[1]" in n for n in imported.notes)
    again, _ = convert(tree(2) | {"CFItems": pkg["CFItems"]})
    assert ids(again) == ids(catalogue)  # stable


@pytest.mark.parametrize(
    ("code", "expected"),
    [("RL 1.1", "RL-1.1"), ("1.7.", "1.7"), ("x" * 41, None), ("§§", None), ("Ω.1", "1")],
)
def test_codes_become_ids_the_catalogue_allows(code: str, expected: str | None) -> None:
    pkg = tree(1)
    pkg["CFItems"][1]["humanCodingScheme"] = code
    catalogue, _ = convert(pkg)
    got = catalogue.areas[0].competencies[0].id
    assert got == expected if expected else got.startswith("c-")


def test_titles_come_from_abbreviated_then_a_short_statement() -> None:
    pkg = tree(2)
    pkg["CFItems"][1]["abbreviatedStatement"] = "Short *title*"
    long = "Explain " + "very " * 60 + "clearly. Then more."
    pkg["CFItems"][2]["fullStatement"] = long
    catalogue, _ = convert(pkg)
    one, two = catalogue.areas[0].competencies
    assert one.title == "Short title"
    assert two.title.endswith("…") and len(two.title) <= 80
    assert two.statement == long


# --- messy packages ------------------------------------------------------------------------


def test_links_as_plain_strings() -> None:
    pkg = tree(1)
    for link in pkg["CFAssociations"]:
        link["originNodeURI"] = link["originNodeURI"]["uri"]  # a URI string
        link["destinationNodeURI"] = link["destinationNodeURI"]["identifier"]  # an identifier
    pkg["CFDocument"]["CFPackageURI"] = "https://case.example/CFPackages/x"
    catalogue, _ = convert(pkg)
    assert [a.id for a in catalogue.areas] == ["A", "B"]
    assert ids(catalogue) == ["A.1", "B.1"]


def test_nulls_everywhere() -> None:
    pkg = tree(1)
    pkg["CFItems"].append(None)
    pkg["CFAssociations"].extend([None, {"associationType": None}])
    pkg["CFItems"][1].update(abbreviatedStatement=None, notes=None, CFItemType=None)
    pkg["CFAssociations"][1]["sequenceNumber"] = None
    pkg["CFDocument"].update(description=None, version=None, creator=None, publisher="Pub")
    pkg["CFRubrics"] = None
    catalogue, imported = convert(pkg)
    assert ids(catalogue) == ["A.1", "B.1"]
    assert catalogue.issuer == "Pub"
    assert any("left out 1 empty or repeated CFItem" in n for n in imported.notes)


def test_associations_pointing_outside_the_package() -> None:
    pkg = tree(1)
    stray = item(50, "Its parent is in another framework.", humanCodingScheme="X.1")
    pkg["CFItems"].append(stray)
    elsewhere = {"identifier": "99999999-0000-4000-8000-000000000000", "uri": "https://other/x"}
    pkg["CFAssociations"].append(child_of(stray, elsewhere))
    pkg["CFAssociations"].append(child_of({"identifier": "nowhere", "uri": ""}, pkg["CFItems"][0]))
    catalogue, imported = convert(pkg)
    assert catalogue.area("general").competencies[0].id == "X.1"  # at the top, kept
    assert any("2 isChildOf associations naming an item outside" in n for n in imported.notes)


def test_items_with_no_parent_go_to_their_own_area() -> None:
    pkg = tree(1)
    pkg["CFItems"].append(item(60, "Nobody's child.", humanCodingScheme="Z"))
    catalogue, _ = convert(pkg)
    assert [a.id for a in catalogue.areas] == ["A", "B", "general"]
    assert catalogue.area("general").title == "Other competencies"


def test_markdown_in_statements_becomes_plain_text() -> None:
    text = (
        "## Heading\r\nUse **bold**, *italic*, _under_ and `code` with a [link](https://x.example)"
        " and ![an image](i.png).\r\n> quoted\r\n\r\n\r\n\r\n| a | b |\r\n|---|:---:|\r\n| 1 | 2 |"
    )
    assert plain_text(text) == (
        "Heading\nUse bold, italic, under and code with a link and an image.\nquoted\n\n"
        "| a | b |\n| 1 | 2 |"
    )
    # Not emphasis: arithmetic, snake_case, a lone star.
    assert (
        plain_text("2*3*4 and snake_case_name and 5 * 6") == "2*3*4 and snake_case_name and 5 * 6"
    )


def test_control_characters_and_escape_sequences_are_removed() -> None:
    pkg = tree(1)
    pkg["CFItems"][1]["fullStatement"] = (
        "Safe\x1b]0;PWNED\x07 text\x1b[2J\x1b[H with\x9b31m no\x00 controls\u202e\ud800 left"
    )
    pkg["CFItems"][1]["abbreviatedStatement"] = "Title\x1b]52;c;SGVsbG8=\x07\nsecond line"
    catalogue, _ = convert(pkg)
    competency = catalogue.competency("A.1")
    assert competency.statement == "Safe text with no controls\ufffd left"
    assert competency.title == "Title second line"


def test_huge_strings_are_shortened_and_reported() -> None:
    pkg = tree(1)
    pkg["CFItems"][1]["fullStatement"] = "word " * 100_000
    pkg["CFItems"][1]["abbreviatedStatement"] = "t" * 10_000
    catalogue, imported = convert(pkg)
    competency = catalogue.competency("A.1")
    assert len(competency.statement) <= MAX_STATEMENT and competency.statement.endswith("…")
    assert len(competency.title) <= MAX_TITLE
    assert any("shortened 1 statement" in n and "CFItems[1] (A.1)" in n for n in imported.notes)


def test_an_item_that_is_its_own_ancestor() -> None:
    pkg = tree(2)
    a1, a2 = pkg["CFItems"][1], pkg["CFItems"][2]
    pkg["CFAssociations"][1:3] = [child_of(a1, a2), child_of(a2, a1)]
    catalogue, imported = convert(pkg)
    every = [a.id for a in catalogue.areas] + ids(catalogue)
    assert sorted(every) == ["A", "A.1", "A.2", "B", "B.1", "B.2", "general"]
    assert catalogue.area("A.1").competencies[0].id == "A.2"  # the loop cut above A.1
    assert any("CFItems[1] (A.1) is its own ancestor" in n for n in imported.notes)


def test_the_same_item_twice_is_kept_once() -> None:
    pkg = tree(1)
    pkg["CFItems"].append(copy.deepcopy(pkg["CFItems"][1]))
    catalogue, _ = convert(pkg)
    assert ids(catalogue) == ["A.1", "B.1"]


def test_a_wrapped_package_from_a_case_service() -> None:
    catalogue, _ = convert({"CFPackage": tree(1)})
    assert ids(catalogue) == ["A.1", "B.1"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(CFItems=[]), "the package has no CFItems"),
        (lambda p: p.pop("CFDocument"), "not a CASE package: there is no CFDocument"),
        (lambda p: p["CFItems"].append(["x"]), "CFItems[4]: expected an object, found a list"),
        (lambda p: p["CFItems"][1].update(fullStatement=["x"]),
         "CFItems[1]: fullStatement should be text, found a list"),
        (lambda p: p["CFItems"][1].update(identifier=None, uri=None), "CFItems[1]: no identifier"),
        (lambda p: p["CFItems"][3].update(identifier=p["CFItems"][1]["identifier"]),
         "CFItems[3] (B.1): identifier 00000000-0000-4000-8000-000000000101 is also CFItems[1]"),
        (lambda p: p["CFItems"][1].update(fullStatement="\x1b[2J", abbreviatedStatement=" "),
         "CFItems[1] (A.1): no fullStatement to use as the competency's statement"),
        (lambda p: p.update(CFItems={"a": 1}), "CFItems should be a list, found an object"),
        (lambda p: p.update(CFItems=[{"identifier": str(n)} for n in range(10_001)]),
         "too many CFItems: 10,001"),
    ],
)  # fmt: skip
def test_what_cannot_be_imported_is_one_line_naming_the_item(change: Any, message: str) -> None:
    pkg = tree(1)
    change(pkg)
    with pytest.raises(CaseError) as raised:
        catalogue_from_package(pkg, source_name="x.json")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_not_a_package_at_all() -> None:
    values: list[Any] = [[], "text", None, {"CFDocument": "x"}]
    for value in values:
        with pytest.raises(CaseError, match="not a CASE package"):
            catalogue_from_package(value, source_name="x.json")


# --- the rest of the catalogue -------------------------------------------------------------


def test_placeholder_designation_sources_and_description() -> None:
    pkg = tree(1)
    pkg["CFDocument"].update(version="2.0", description="The *official* framework.")
    catalogue, _ = convert(pkg)
    (designation,) = catalogue.designations
    assert designation.title == "All competencies demonstrated"
    assert designation.rules[0].kind == "all" and designation.rules[0].area is None
    assert catalogue.id == "test-framework" and catalogue.version == "2.0"
    source = catalogue.sources[0]
    assert source.title == "CASE package: Test framework"
    assert source.ref == f"https://case.example/CFDocuments/{DOC}"
    assert source.note == f"creator: Test Body; version: 2.0; CASE identifier: {DOC}"
    assert "self-check" in catalogue.description
    assert catalogue.description.endswith("The official framework.")


@pytest.mark.parametrize(
    "statement",
    ["one line", "two\nlines", 'ends with a backslash \\\nand a quote """', 'x"""\ny'],
)
def test_catalogue_text_reads_back_as_the_document(statement: str) -> None:
    import tomllib

    from selfcheck.interchange.case_document import catalogue_text

    pkg = tree(1)
    pkg["CFItems"][1]["fullStatement"] = statement
    imported = catalogue_from_package(pkg, source_name="x.json")
    text = catalogue_text(imported.document, imported.package_title)
    assert text.startswith('# Imported from the CASE package "Test framework"')
    assert tomllib.loads(text) == imported.document
    assert parse_catalogue(tomllib.loads(text)).competency("A.1").statement == statement
