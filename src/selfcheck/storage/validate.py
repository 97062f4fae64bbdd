"""`selfcheck validate`: any file checked as what it is (a catalogue, a session, a mentor's
review or a rater's form), and every problem in it reported with the file and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from selfcheck.model.review import REVIEW_KIND, REVIEW_SCHEMA_VERSION
from selfcheck.storage.catalogues import CatalogueLibrary, catalogue_from_document
from selfcheck.storage.feedback import check_form_document, is_form_document
from selfcheck.storage.folder import DOCUMENT_SUFFIX, file_kind, index_folder
from selfcheck.storage.reviews import review_from_document
from selfcheck.storage.sessions import newer_problem, session_from_document
from selfcheck.storage.toml_files import (
    MAX_CATALOGUE_BYTES,
    MAX_SESSION_BYTES,
    FileProblem,
    LoadError,
    parse_toml,
    read_regular,
)

Kind = Literal["catalogue", "session", "review", "form"]


@dataclass(frozen=True)
class Checked:
    """One file validated: what it is (None when it could not be read as anything), and what
    is wrong with it (nothing, when valid)."""

    path: Path
    kind: Kind | None
    problems: tuple[FileProblem, ...] = ()
    warnings: tuple[FileProblem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def files_to_check(paths_in: list[str]) -> tuple[list[Path], list[FileProblem]]:
    """Files named, with folders expanded to the catalogues, sessions and reviews in them
    (backups, locks and temp files are not checked); and what in those folders is named like
    one but is not a file."""
    files: list[Path] = []
    problems: list[FileProblem] = []
    for arg in paths_in:
        path = Path(arg)
        if path.is_dir() and not path.name.endswith(DOCUMENT_SUFFIX):
            index = index_folder(path)
            files.extend(sorted(index.documents + index.reviews))
            problems.extend(index.problems)
        else:
            files.append(path)
    return files, problems


def check_file(path: Path, catalogues: CatalogueLibrary) -> Checked:
    """Validate a catalogue, a session or a review, told apart by content (and a review by its
    name too). The file is read once, and one too large for a catalogue is parsed only if it
    says it is a session."""
    try:
        raw = read_regular(path, MAX_SESSION_BYTES)
        named_review = file_kind(path) == "review"
        if not named_review and len(raw) > MAX_CATALOGUE_BYTES and not _says_session(raw):
            limit = f"at most {MAX_CATALOGUE_BYTES:,} for a catalogue"
            raise LoadError([FileProblem(path, f"too large: {len(raw):,} bytes ({limit})")])
        data, text, raw = parse_toml(path, raw)
    except LoadError as exc:
        return Checked(path, None, tuple(exc.problems))
    kind: Kind
    if is_form_document(data):
        kind = "form"
    elif named_review or data.get("kind") == REVIEW_KIND:
        kind = "review"
    elif isinstance(data.get("catalogue"), str) and "areas" not in data:
        kind = "session"
    else:
        kind = "catalogue"
    try:
        if kind == "form":
            warnings = check_form_document(path, data, text, catalogues)
            return Checked(path, kind, warnings=tuple(warnings))
        if kind == "review":
            review = review_from_document(path, data, text)
            if review.schema_version > REVIEW_SCHEMA_VERSION:
                problem = newer_problem(path, review.schema_version, REVIEW_SCHEMA_VERSION)
                return Checked(path, kind, (problem,))
        elif kind == "session":
            loaded = session_from_document(path, data, text, raw, catalogues, allow_newer=False)
            return Checked(path, kind, warnings=loaded.warnings)
        elif len(raw) > MAX_CATALOGUE_BYTES:
            problem = FileProblem(path, f"too large (at most {MAX_CATALOGUE_BYTES:,} bytes)")
            return Checked(path, kind, (problem,))
        else:
            catalogue_from_document(path, data, text)
    except LoadError as exc:
        return Checked(path, kind, tuple(exc.problems))
    return Checked(path, kind)


# Top-level keys come before the first [table] header: a session names its catalogue there.
_FIRST_HEADER = re.compile(rb"^[ \t]*\[", re.M)
_CATALOGUE_KEY = re.compile(rb"^[ \t]*(catalogue|\"catalogue\"|'catalogue')[ \t]*=", re.M)


def _says_session(raw: bytes) -> bool:
    header = _FIRST_HEADER.search(raw)
    return bool(_CATALOGUE_KEY.search(raw, 0, header.start() if header else len(raw)))
