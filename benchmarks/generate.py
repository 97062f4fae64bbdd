"""Inputs for the benchmarks: sessions, a cohort, a very large catalogue."""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.evidence import EvidenceItem
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.storage.catalogues import load_catalogue, load_catalogues
from selfcheck.storage.sessions import save_session, session_document
from selfcheck.storage.toml_files import serialise

_NOW = datetime(2026, 11, 25, tzinfo=UTC)


@functools.cache
def _shipped() -> dict[str, Catalogue]:
    return load_catalogues(paths.shipped_catalogues_dir()).catalogues


def _largest() -> Catalogue:
    return max(_shipped().values(), key=lambda c: c.competency_count)


def largest_catalogue_size() -> int:
    """How many competencies the largest shipped catalogue has."""
    return _largest().competency_count


def session_for(folder: Path, which: str, catalogues: Path | None = None) -> tuple[Path, str]:
    """A half-rated session; (its path, text its rating screen shows once painted)."""
    if which == "largest":
        catalogue = _largest()
    else:
        assert catalogues is not None
        catalogue = load_catalogue(catalogues / "big.toml")
    session = new_session(catalogue, f"Bench {which}")
    for i, competency in enumerate(catalogue.competencies):
        if i % 2 == 0 and i < 200:
            session = session.with_rating(competency.id, Rating(level=3, evidence="done " * 20))
    first = next(iter(catalogue.competencies))
    session = session.with_position(first.id)
    path = folder / f"bench-{which}.toml"
    path.unlink(missing_ok=True)
    save_session(path, session, catalogue)
    return path, first.title


def portfolio_session(
    folder: Path, per_competency: int = 20
) -> tuple[Path, str, Session, Catalogue]:
    """Every career-management competency rated with a note and `per_competency` evidence
    items (methods A-I in turn, dated over the past eight years, so some are too old);
    (its path, text its rating screen shows once painted, the session, its catalogue)."""
    catalogue = _shipped()["career-management"]
    session = new_session(catalogue, "Bench portfolio")
    note = "I ran the sessions and 9 of 14 clients found work within three months. " * 3
    for c, competency in enumerate(catalogue.competencies):
        items = tuple(
            EvidenceItem(
                method="ABCDEFGHI"[(c + n) % 9],
                date=date(2026, 11, 1) - timedelta(days=150 * n + c),
                title=f"Item {n} for {competency.id}: workshop series for career changers",
                hours=1.5 * (n % 4 + 1),
                link=f"portfolio/{competency.id}-{n}.pdf",
                note=note,
            )
            for n in range(per_competency)
        )
        rating = Rating(level=3, evidence="Ran workshops in 2025. " * 5, items=items,
                        title="Own" if competency.user_defined else "",
                        rationale="Why" if competency.user_defined else "")  # fmt: skip
        session = session.with_rating(competency.id, rating)
    first = next(iter(catalogue.competencies))
    session = session.with_position(first.id)
    path = folder / "bench-portfolio.toml"
    path.unlink(missing_ok=True)
    save_session(path, session, catalogue)
    return path, first.title, session, catalogue


def many_sessions(folder: Path, count: int) -> Path:
    """`count` sessions on career-management, written as fast as possible (same bytes shape)."""
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = _shipped()["career-management"]
    rng = random.Random(5)
    ids = [c.id for c in catalogue.competencies]
    for n in range(count):
        session = new_session(catalogue, f"Candidate {n}")
        for cid in rng.sample(ids, 12):
            session = session.with_rating(cid, Rating(rng.randint(0, 4), "evidence " * 10))
        data = serialise(session_document(session, catalogue, _NOW))
        (folder / f"c{n:05}.toml").write_bytes(data)
    return folder


def big_catalogue(folder: Path, competencies: int, per_area: int = 100) -> Path:
    """A valid catalogue with `competencies` competencies in areas of `per_area`."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = (paths.shipped_catalogues_dir() / "career-management.toml").read_text()
    head = shipped.partition("[[areas]]")[0].replace('id = "career-management"', 'id = "big"')
    parts = [head]
    for a in range(competencies // per_area):
        parts.append(f'[[areas]]\nid = "a{a}"\ntitle = "Area {a}"\n')
        for c in range(per_area):
            parts.append(
                f'[[areas.competencies]]\nid = "c{a}.{c}"\ntitle = "Competency {a}.{c}"\n'
                f'statement = "Do task {c} of area {a} well, with care, and explain it to a '
                'colleague in plain words."\n'
            )
    parts.append(
        '[[designations]]\nid = "X"\ntitle = "Expert"\nrank = 1\n'
        '[[designations.rules]]\nkind = "at_least"\narea = "a0"\n'
        f"count = {min(50, per_area)}\n"
    )
    path = folder / "big.toml"
    path.write_text("".join(parts))
    return path


def case_package(folder: Path, items: int) -> Path:
    """A CASE package of about `items` items as a framework editor exports one: areas of 100
    competencies, each with a code, a short title, a statement of about 110 characters, an
    identifier and a URI, and a crosswalk link to an item in another framework."""
    import json
    import uuid

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    when = "2026-01-01T00:00:00+00:00"

    def node(title: str) -> dict[str, str]:
        identifier = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        uri = f"https://case.example.org/ims/case/v1p1/CFItems/{identifier}"
        return {"title": title, "identifier": identifier, "uri": uri}

    document = node("Generated framework")
    found: list[dict[str, object]] = []
    links: list[dict[str, object]] = []

    def add(this: dict[str, str], parent: dict[str, str], code: str, statement: str) -> None:
        found.append(
            {"identifier": this["identifier"], "uri": this["uri"], "humanCodingScheme": code,
             "abbreviatedStatement": this["title"], "fullStatement": statement,
             "CFItemType": "Competency", "lastChangeDateTime": when}
        )  # fmt: skip
        for kind, destination in (("isChildOf", parent), ("exactMatchOf", node("elsewhere"))):
            links.append(
                {"identifier": node("")["identifier"], "associationType": kind,
                 "originNodeURI": this, "destinationNodeURI": destination,
                 "lastChangeDateTime": when}
            )  # fmt: skip

    areas = max(1, items // 100)
    for a in range(areas):
        area = node(f"Domain {a}")
        add(area, document, f"D{a}", f"What practitioners in domain {a} do.")
        for c in range(1, items // areas):
            statement = (
                f"Plan, carry out and review task {c} of domain {a}, and explain the choices "
                "made to a colleague."
            )
            add(node(f"Task {c} of domain {a}"), area, f"D{a}.{c}", statement)
    package = {
        "CFDocument": {"identifier": document["identifier"], "uri": document["uri"],
                       "creator": "Bench Body", "title": "Generated framework",
                       "lastChangeDateTime": when},
        "CFItems": found,
        "CFAssociations": links,
    }  # fmt: skip
    path = folder / "package.json"
    path.write_text(json.dumps(package, indent=2))
    return path


def rated_by_many(folder: Path, raters: int, competencies: int) -> tuple[Path, Path]:
    """A session on a `competencies`-competency catalogue with `raters` filled-in feedback
    forms beside it, each with a level and a comment on every competency; (catalogue, session).
    """
    from selfcheck.model.feedback import RaterAnswer, RaterForm
    from selfcheck.storage.feedback import feedback_folder, save_form

    catalogue_path = big_catalogue(folder / "catalogues", competencies, per_area=competencies)
    catalogue = load_catalogue(catalogue_path)
    session = new_session(catalogue, "Bench Rated")
    ids = [c.id for c in catalogue.competencies]
    for cid in ids:
        session = session.with_rating(cid, Rating(level=3, evidence="done"))
    path = folder / "rated.toml"
    save_session(path, session, catalogue)
    rng = random.Random(7)
    groups = ["supervisor"] + ["peer"] * 8 + ["direct_report"] * 10 + ["other"] * 6
    for n, group in enumerate(groups[:raters]):
        answers = {
            cid: RaterAnswer(rng.randint(0, 4), f"Rater {n} on {cid}: " + "clear words " * 8)
            for cid in ids
        }
        form = RaterForm(catalogue.id, "Bench Rated", group, f"Rater {n}", _NOW.date(), answers)
        save_form(feedback_folder(path) / f"r{n:02}.toml", form)
    return catalogue_path, path
