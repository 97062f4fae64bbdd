"""Inputs for the benchmarks: sessions, a cohort, a very large catalogue."""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime
from pathlib import Path

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Rating, new_session
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


def big_catalogue(folder: Path, competencies: int) -> Path:
    """A valid catalogue with `competencies` competencies in areas of 100."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = (paths.shipped_catalogues_dir() / "career-management.toml").read_text()
    head = shipped.partition("[[areas]]")[0].replace('id = "career-management"', 'id = "big"')
    parts = [head]
    for a in range(competencies // 100):
        parts.append(f'[[areas]]\nid = "a{a}"\ntitle = "Area {a}"\n')
        for c in range(100):
            parts.append(
                f'[[areas.competencies]]\nid = "c{a}.{c}"\ntitle = "Competency {a}.{c}"\n'
                f'statement = "Do task {c} of area {a} well, with care, and explain it to a '
                'colleague in plain words."\n'
            )
    parts.append(
        '[[designations]]\nid = "X"\ntitle = "Expert"\nrank = 1\n'
        '[[designations.rules]]\nkind = "at_least"\narea = "a0"\ncount = 50\n'
    )
    path = folder / "big.toml"
    path.write_text("".join(parts))
    return path
