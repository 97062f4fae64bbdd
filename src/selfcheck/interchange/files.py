"""Reading CASE packages and catalogues, and writing what import and export make.

Reads go through storage's safe reading (regular files only, size limits, byte-order mark);
writes through its atomic writer, and never over an input, a session or a review: an
existing file is replaced only when it is already a file of the kind being written.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from selfcheck.interchange.case_common import CaseError
from selfcheck.interchange.case_document import catalogue_text
from selfcheck.interchange.case_export import case_package
from selfcheck.interchange.case_import import Imported, catalogue_from_package
from selfcheck.safetext import json_escaped
from selfcheck.storage.atomic import atomic_write
from selfcheck.storage.catalogues import load_catalogue
from selfcheck.storage.folder import file_kind, output_problem
from selfcheck.storage.toml_files import (
    MAX_CATALOGUE_BYTES,
    MAX_SESSION_BYTES,
    LoadError,
    SaveError,
    read_text,
)

#: Published frameworks with many crosswalk associations run to tens of megabytes.
MAX_PACKAGE_BYTES = 64 * 1024 * 1024

Kind = Literal["catalogue", "package"]


class InterchangeError(Exception):
    """Why an import or export did not happen, in one line that names the file."""


@dataclass(frozen=True)
class ImportedFile:
    imported: Imported
    #: The catalogue file's text: a header comment, then TOML.
    text: str


def read_package(path: Path) -> Any:
    """A CASE package's parsed JSON."""
    try:
        text, _ = read_text(path, MAX_PACKAGE_BYTES)
    except LoadError as exc:
        raise InterchangeError(str(exc.problems[0])) from None
    try:
        return json.loads(text.removeprefix("\ufeff"), parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise InterchangeError(f"{path}: not valid JSON: {exc}") from None
    except RecursionError:
        raise InterchangeError(f"{path}: refused: nested too deeply") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def import_case(path: Path) -> ImportedFile:
    """The catalogue made from the package at `path`."""
    package = read_package(path)
    try:
        imported = catalogue_from_package(package, source_name=path.name)
        text = catalogue_text(imported.document, imported.package_title)
    except CaseError as exc:
        raise InterchangeError(f"{path}: {exc}") from None
    size = len(text.encode("utf-8"))
    if size > MAX_CATALOGUE_BYTES:
        raise InterchangeError(
            f"{path}: the catalogue would be {size:,} bytes, more than a catalogue may be "
            f"({MAX_CATALOGUE_BYTES:,})"
        )
    return ImportedFile(imported, text)


def export_case(path: Path) -> str:
    """The CASE package (JSON text) for the catalogue file at `path`."""
    try:
        catalogue = load_catalogue(path)
        changed = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except LoadError as exc:
        if _names_a_catalogue(path):
            raise InterchangeError(
                f"{path} is a session or review file, not a catalogue; name a catalogue id or file"
            ) from None
        first, more = exc.problems[0], len(exc.problems) - 1
        also = f" (and {more} more: selfcheck validate {path})" if more else ""
        raise InterchangeError(f"{first}{also}") from None
    except OSError as exc:
        raise InterchangeError(f"{path}: {exc.strerror or exc}") from None
    package = case_package(catalogue, changed)
    # Statements may hold control characters (only ids, titles and labels may not): escaped,
    # so a package printed to a terminal sends none live.
    return json_escaped(json.dumps(package, ensure_ascii=False, indent=2)) + "\n"


def write_output(target: Path, text: str, kind: Kind, inputs: list[Path]) -> None:
    """Write `text` to `target` atomically, unless that would replace something it must not."""
    refuse_target(target, kind, inputs)
    try:
        atomic_write(target, text.encode("utf-8"))
    except SaveError as exc:
        raise InterchangeError(str(exc)) from None


def refuse_target(target: Path, kind: Kind, inputs: list[Path]) -> None:
    """Raise unless `target` is new, or already a file of `kind` that is not an input."""
    what = "catalogue" if kind == "catalogue" else "CASE package"
    problem = output_problem(
        target,
        inputs,
        may_replace=lambda path: file_kind(path) != "review" and _is_kind(path, kind),
        otherwise=f"is not a {what} (a session or review file, perhaps)",
    )
    if problem:
        raise InterchangeError(problem)


def _names_a_catalogue(path: Path) -> bool:
    """A session, review or feedback file: it names its catalogue instead of being one."""
    try:
        data = tomllib.loads(read_text(path, MAX_SESSION_BYTES)[0])
    except (LoadError, ValueError, RecursionError):
        return False
    return isinstance(data.get("catalogue"), str) or data.get("kind") == "review"


def _is_kind(path: Path, kind: Kind) -> bool:
    try:
        text, _ = read_text(path, MAX_PACKAGE_BYTES)
        if kind == "package":
            data = json.loads(text)
            return isinstance(data, dict) and ("CFDocument" in data or "CFPackage" in data)
        # The top-level keys tell a catalogue from a session, a review or a feedback file, which
        # name their catalogue or their kind; they come before the first table, so only that
        # part is parsed (a whole large catalogue would cost as much as importing it).
        head = tomllib.loads(text.split("\n[", 1)[0])
    except (LoadError, ValueError, RecursionError):
        return False
    return "catalogue" not in head and "kind" not in head and "\n[[areas]]" in text
