"""Reports over many sessions: each loaded and summarised, on every core when there are many.

Workers return only the finished piece (a JSON line or a summary row), never the parsed
session or catalogue, so little crosses between processes.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal

from selfcheck.model.review import REVIEW_SCHEMA_VERSION
from selfcheck.report.cohort import CohortRow, cohort_row
from selfcheck.report.json_doc import json_encoded, json_report
from selfcheck.report.view import Subject
from selfcheck.storage.catalogues import CatalogueLibrary
from selfcheck.storage.reviews import load_review, review_path
from selfcheck.storage.sessions import load_session, newer_problem
from selfcheck.storage.toml_files import LoadError

#: Below this many sessions, starting worker processes costs more than it saves.
PARALLEL_FROM = 400
Want = Literal["json", "row"]
Piece = str | CohortRow

_library: CatalogueLibrary | None = None
_want: Want = "row"


def _start(catalogues_folder: str, want: Want) -> None:
    global _library, _want
    _library = CatalogueLibrary(Path(catalogues_folder))
    _want = want


def load_subject(
    path: Path, library: CatalogueLibrary, shown: str | None = None
) -> tuple[Subject | None, list[str]]:
    """One session to report on, with its review (None if it cannot be read); problems. It is
    named `shown` (default: its path)."""
    try:
        loaded = load_session(path, library, allow_newer=False)
    except LoadError as exc:
        first, more = exc.problems[0], len(exc.problems) - 1
        # One line a file: `selfcheck validate` is there to list every problem.
        return None, [
            f"{first} (and {more} more: 'selfcheck validate' lists them)" if more else str(first)
        ]
    problems = []
    try:
        review, _ = load_review(path)
    except LoadError as exc:
        problems.append(f"review skipped: {exc.problems[0]}")
        review = None
    if review is not None and review.schema_version > REVIEW_SCHEMA_VERSION:
        newer = newer_problem(review_path(path), review.schema_version, REVIEW_SCHEMA_VERSION)
        problems.append(f"review skipped: {newer}")
        review = None
    return Subject(loaded, shown or str(path), review), problems


def _summarise_one(task: tuple[str, str]) -> tuple[Piece | None, list[str]]:
    assert _library is not None
    path_text, shown = task
    subject, problems = load_subject(Path(path_text), _library, shown)
    if subject is None:
        return None, problems
    if _want == "json":
        return json_encoded(json_report(subject)), problems
    return cohort_row(subject), problems


def summarise(
    files: list[Path], catalogues_folder: Path, want: Want, shown: list[str] | None = None
) -> tuple[list[Piece], list[str]]:
    """(one piece per readable session, in order; problems with the others). Each session is
    named by `shown` (default: its path)."""
    names = shown if shown is not None else [str(f) for f in files]
    tasks = [(str(f), name) for f, name in zip(files, names, strict=True)]
    cores = os.cpu_count() or 1
    if len(tasks) < PARALLEL_FROM or cores < 2:
        _start(str(catalogues_folder), want)
        results = [_summarise_one(t) for t in tasks]
    else:
        workers = min(cores, 8)
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_start, initargs=(str(catalogues_folder), want)
        ) as pool:
            chunk = max(1, len(tasks) // (workers * 8))
            results = list(pool.map(_summarise_one, tasks, chunksize=chunk))
    pieces = [piece for piece, _ in results if piece is not None]
    problems = [p for _, found in results for p in found]
    return pieces, problems
