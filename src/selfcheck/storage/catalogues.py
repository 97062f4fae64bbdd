"""Catalogue files: one, a folder of them, or a folder read lazily by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.model.problems import InvalidDocument
from selfcheck.storage.folder import index_folder
from selfcheck.storage.toml_files import (
    MAX_CATALOGUE_BYTES,
    FileProblem,
    LoadError,
    located_problems,
    read_toml,
)


def load_catalogue(path: Path) -> Catalogue:
    data, text, _ = read_toml(path, MAX_CATALOGUE_BYTES)
    return catalogue_from_document(path, data, text)


def catalogue_from_document(path: Path, data: dict[str, Any], text: str) -> Catalogue:
    try:
        return parse_catalogue(data)
    except InvalidDocument as exc:
        raise LoadError(located_problems(path, text, exc.problems)) from None


@dataclass
class CatalogueSet:
    """The catalogues of a folder, with the files that could not be used."""

    catalogues: dict[str, Catalogue] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    skipped: list[FileProblem] = field(default_factory=list)


def load_catalogues(folder: Path) -> CatalogueSet:
    """Every `*.toml` catalogue in a folder; bad files are listed in `skipped`, not raised."""
    found = CatalogueSet()
    index = index_folder(folder)
    files, found.skipped[:0] = index.documents, index.problems
    for file in files:
        try:
            catalogue = load_catalogue(file)
        except LoadError as exc:
            found.skipped.extend(exc.problems)
            continue
        if catalogue.id in found.catalogues:
            other = found.files[catalogue.id]
            found.skipped.append(
                FileProblem(file, f"catalogue id {catalogue.id!r} is also {other}")
            )
            continue
        found.catalogues[catalogue.id] = catalogue
        found.files[catalogue.id] = file
    return found


class CatalogueLibrary:
    """Catalogues of a folder, parsed only when asked for.

    A session names its catalogue by id; the file `ID.toml` is tried first, so reporting on
    one session parses one catalogue, not the whole folder. Parsed catalogues are kept.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._found: dict[str, Catalogue] = {}
        self._everything: CatalogueSet | None = None

    def get(self, catalogue_id: str) -> Catalogue | None:
        if catalogue_id in self._found:
            return self._found[catalogue_id]
        if self._everything is None and _is_plain_name(catalogue_id):
            guess = self.folder / f"{catalogue_id}.toml"
            try:
                catalogue = load_catalogue(guess) if guess.is_file() else None
            except LoadError:
                catalogue = None
            if catalogue is not None and catalogue.id == catalogue_id:
                self._found[catalogue_id] = catalogue
                return catalogue
        return self.everything().catalogues.get(catalogue_id)

    def everything(self) -> CatalogueSet:
        """Every catalogue in the folder, with the files that could not be used."""
        if self._everything is None:
            self._everything = load_catalogues(self.folder)
            self._found.update(self._everything.catalogues)
        return self._everything


def _is_plain_name(text: str) -> bool:
    return bool(text) and "/" not in text and "\\" not in text and not text.startswith(".")
