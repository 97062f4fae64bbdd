"""Evidence items on disk: the TOML written, the round trip, validation with file and line,
catalogue `[evidence]` tables, and sessions written before items existed."""

from __future__ import annotations

import tempfile
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.model.evidence import EvidenceItem
from selfcheck.model.problems import InvalidDocument
from selfcheck.model.session import INFORMATIONAL_RATING_KEYS, Rating, Session, new_session
from selfcheck.storage.recovery import changes_between, with_changes
from selfcheck.storage.sessions import load_session, save_session

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).parents[1] / "examples"


def test_items_are_written_as_arrays_of_tables(tmp_path: Path, career: Catalogue) -> None:
    talk = EvidenceItem(
        "G", date(2025, 10, 2), "Talk: career pivots after 50", hours=1.5,
        link="portfolio/talk.pdf", note="What I did.",
    )  # fmt: skip
    course = EvidenceItem("A", date(2025, 6, 13), "Course", hours=60)
    session = new_session(career, "A").with_items("2.6", (talk, course)).touched(NOW)
    path = tmp_path / "s.toml"
    save_session(path, session, career, now=NOW)
    text = path.read_text()
    assert (
        '[[ratings."2.6".items]]\nmethod = "G"\ndate = 2025-10-02\n'
        'title = "Talk: career pivots after 50"\nhours = 1.5\nlink = "portfolio/talk.pdf"\n'
        'note = "What I did."\n\n[[ratings."2.6".items]]\nmethod = "A"\ndate = 2025-06-13\n'
        'title = "Course"\nhours = 60\n'
    ) in text
    loaded = load_session(path, {career.id: career})
    assert loaded.session == session and not loaded.warnings
    assert type(loaded.session.rating("2.6").items[1].hours) is int


def test_unknown_item_keys_and_methods_survive_with_a_warning(
    tmp_path: Path, career: Catalogue
) -> None:
    path = tmp_path / "hand.toml"
    path.write_text(
        'schema_version = 1\ncatalogue = "career-management"\ncandidate = "A"\n\n'
        '[ratings."1.1"]\nlevel = 3\nevidence = ""\n\n'
        '[[ratings."1.1".items]]\nmethod = "Q"\ndate = 2025-06-13\ntitle = "Course"\n'
        'witness = "Dr Rao"\n'
    )
    loaded = load_session(path, {career.id: career})
    assert [str(w) for w in loaded.warnings] == [
        f"{path}:10: ratings.'1.1'.items[0].method: 'Q' is not one of this catalogue's methods "
        "(A, B, C, D, E, F, G, H, I); kept, but it does not count"
    ]
    save_session(path, loaded.session.with_level("1.2", 1), career,
                 expected_fingerprint=loaded.fingerprint)  # fmt: skip
    item = tomllib.loads(path.read_text())["ratings"]["1.1"]["items"][0]
    assert item == {"method": "Q", "date": date(2025, 6, 13), "title": "Course",
                    "witness": "Dr Rao"}  # fmt: skip


def test_validate_names_file_and_line_for_every_bad_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\ncatalogue = "career-management"\ncandidate = "A"\n\n'
        '[ratings."2.6"]\nlevel = 3\n\n'
        '[[ratings."2.6".items]]\nmethod = "G"\ndate = 2025-10-02T10:00:00Z\ntitle = "Talk"\n\n'
        '[[ratings."2.6".items]]\nmethod = "B"\ndate = 2025-11-02\ntitle = ""\nhours = "two"\n'
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{path}:10: ratings.'2.6'.items[0].date: expected a date such as 2025-10-02, "
        "found a datetime",
        f"{path}:16: ratings.'2.6'.items[1].title: must not be blank",
        f"{path}:17: ratings.'2.6'.items[1].hours: expected a number of hours, "
        "found a string ('two')",
    ]


def test_a_session_from_before_items_loads_and_keeps_its_bytes(
    tmp_path: Path, career: Catalogue
) -> None:
    """Written by the previous release: everything but the recomputed [summary] is unchanged
    by a save (the summary now also names what the portfolio lacks)."""
    path = tmp_path / "old.toml"
    before = (DATA / "session-before-items.toml").read_text()
    path.write_text(before)
    loaded = load_session(path, {career.id: career})
    assert not loaded.warnings
    assert all(not r.items for r in loaded.session.ratings.values())
    save_session(path, loaded.session, career, expected_fingerprint=loaded.fingerprint, now=NOW)
    after = path.read_text()

    def without_summary(text: str) -> str:
        """The text less what a save derives: [summary] and the informational keys."""
        head, _, rest = text.partition("[summary]")
        text = head + "[requirements]" + rest.partition("[requirements]")[2]
        derived = tuple(f"{key} = " for key in INFORMATIONAL_RATING_KEYS)
        return "".join(line for line in text.splitlines(True) if not line.startswith(derived))

    assert without_summary(after) == without_summary(before)
    assert "Portfolio: no case study (D) from the past 5 years yet" in after


def test_a_catalogue_without_portfolio_rules_writes_identical_bytes(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    path = tmp_path / "sam.toml"
    before = (EXAMPLES / "sam-lee-icma.toml").read_bytes()
    path.write_bytes(before)
    loaded = load_session(path, catalogues)
    save_session(
        path, loaded.session, loaded.catalogue, expected_fingerprint=loaded.fingerprint, now=NOW
    )
    assert path.read_bytes() == before


# --- any items survive save then load ----------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
ITEMS = st.builds(
    EvidenceItem,
    method=st.sampled_from("ABCDEFGHIZ"),
    date=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    title=TEXT.filter(str.strip),
    hours=st.none() | st.integers(0, 5000) | st.floats(0, 5000, allow_nan=False),
    link=TEXT,
    note=TEXT,
)


@st.composite
def sessions_with_items(draw: st.DrawFn, catalogue: Catalogue) -> Session:
    session = new_session(catalogue, "Candidate")
    for cid in draw(st.lists(st.sampled_from(["1.1", "1.3", "2.6", "2.19"]), unique=True)):
        rating = Rating(
            level=draw(st.none() | st.integers(0, 4)),
            evidence=draw(TEXT),
            items=tuple(draw(st.lists(ITEMS, max_size=4))),
        )
        session = session.with_rating(cid, rating)
    return session.touched(NOW)


def test_any_items_survive_save_then_load(career: Catalogue) -> None:
    folder = Path(tempfile.mkdtemp())

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sessions_with_items(career))
    def check(session: Session) -> None:
        path = folder / "s.toml"
        path.unlink(missing_ok=True)
        save_session(path, session, career, now=NOW)
        assert load_session(path, {career.id: career}).session == session

    check()


# --- the catalogue's [evidence] table ----------------------------------------------------------


def catalogue_with(career_document: dict[str, Any], **changes: Any) -> Catalogue:
    return parse_catalogue({**career_document, **changes})


@pytest.fixture(scope="module")
def career_document() -> dict[str, Any]:
    from selfcheck import paths

    return tomllib.loads((paths.shipped_catalogues_dir() / "career-management.toml").read_text())


def test_shipped_catalogue_encodes_methods_window_and_rules(career: Catalogue) -> None:
    assert [m.id for m in career.evidence.methods] == list("ABCDEFGHI")
    assert career.recency_years == 5
    case = career.evidence.method("D")
    assert case is not None and case.max_words == 1000
    for designation in career.designations:
        portfolio = [(r.methods, r.count) for r in designation.rules if r.kind == "evidence"]
        assert portfolio == [(("A",), 1), (("B", "G"), 1), (("D",), 1)], designation.id


def test_top_level_recency_years_is_still_read(career_document: dict[str, Any]) -> None:
    evidence = {k: v for k, v in career_document["evidence"].items() if k != "recency_years"}
    catalogue = catalogue_with(career_document, recency_years=7, evidence=evidence)
    assert catalogue.recency_years == 7


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"recency_years": 4}, "evidence.recency_years: is 5, but the top-level one is 4"),
        ({"evidence": {"methods": [{"id": "A"}]}}, "evidence.methods[0].label: missing"),
        (
            {"evidence": {"coach_off": ["no_such_hint"]}},
            "evidence.coach_off: no hint 'no_such_hint'",
        ),
        ({"evidence": {"colour": "red"}}, "evidence.colour: unknown key"),
    ],
)
def test_bad_evidence_tables(
    career_document: dict[str, Any], change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidDocument) as caught:
        catalogue_with(career_document, **change)
    assert any(f"{p.where}: {p.message}".startswith(message) for p in caught.value.problems), [
        f"{p.where}: {p.message}" for p in caught.value.problems
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"kind": "evidence", "methods": ["X"]}, "methods: no evidence method 'X'"),
        ({"kind": "evidence"}, "methods: missing"),
        ({"kind": "evidence", "methods": ["D"], "count": 0}, "count: must be at least 1"),
        ({"kind": "evidence", "methods": ["D"], "area": "core"}, "area: unknown key"),
    ],
)
def test_bad_portfolio_rules(
    career_document: dict[str, Any], rule: dict[str, Any], message: str
) -> None:
    designations = [dict(d) for d in career_document["designations"]]
    designations[0] = {**designations[0], "rules": [*designations[0]["rules"], rule]}
    with pytest.raises(InvalidDocument) as caught:
        catalogue_with(career_document, designations=designations)
    found = [f"{p.where}: {p.message}" for p in caught.value.problems]
    assert any(f"designations[0].rules[5].{message}" in f for f in found), found


def test_a_recovery_draft_keeps_items(career: Catalogue) -> None:
    before = new_session(career, "A").with_rating("1.1", Rating(level=3, evidence="x"))
    talk = EvidenceItem("G", date(2025, 10, 2), "Talk", hours=1.5, note="What I did.")
    after = before.with_item("1.1", talk)
    document = tomllib.loads(tomli_w.dumps({"changes": changes_between(before, after)}))
    assert with_changes(before, document["changes"]) == after
