"""Reports over many sessions: each loaded and summarised, on every core when there are many.

Workers return only the finished piece (a JSON line or a summary row), never the parsed
session or catalogue, so little crosses between processes.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Literal

from selfcheck.report.cohort import CohortRow, cohort_row
from selfcheck.report.json_doc import json_report
from selfcheck.report.view import Subject
from selfcheck.storage.catalogues import CatalogueLibrary
from selfcheck.storage.reviews import load_review
from selfcheck.storage.sessions import load_session
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


def _summarise_one(path_text: str) -> tuple[Piece | None, list[str]]:
    assert _library is not None
    path = Path(path_text)
    try:
        loaded = load_session(path, _library)
    except LoadError as exc:
        return None, [str(p) for p in exc.problems]
    problems = []
    try:
        review, _ = load_review(path)
    except LoadError as exc:
        problems.append(f"review skipped: {exc.problems[0]}")
        review = None
    subject = Subject(loaded, path_text, review)
    if _want == "json":
        return json.dumps(json_report(subject), ensure_ascii=False), problems
    return cohort_row(subject), problems


def summarise(
    files: list[Path], catalogues_folder: Path, want: Want
) -> tuple[list[Piece], list[str]]:
    """(one piece per readable session, in order; problems with the others)."""
    tasks = [str(f) for f in files]
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
