"""An imported catalogue's identity (from the CFDocument) and the TOML text written for it.

The text starts with a comment that says what a person must still edit; tomli-w cannot
write comments, so it goes before the serialised document.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterator
from typing import Any

from selfcheck.interchange.case_common import (
    id_from_identifier,
    link,
    one_line,
    plain_text,
    shorten,
    text_field,
)
from selfcheck.model.catalogue import CATALOGUE_SCHEMA_VERSION, MAX_DESCRIPTION, MAX_TITLE


def placeholder_designation() -> dict[str, Any]:
    """The one designation an import makes, for a person to replace."""
    return {
        "id": "all",
        "title": "All competencies demonstrated",
        "rank": 1,
        "description": "A placeholder: replace it with the issuer's designations and their rules.",
        "rules": [{"kind": "all"}],
    }


def document_fields(document: dict[str, Any], source_name: str) -> dict[str, Any]:
    """The catalogue's identity and its source, from the CFDocument."""

    def field_of(key: str) -> str:
        return one_line(text_field(document, key, "CFDocument"))

    identifier = field_of("identifier")
    title = shorten(field_of("title"), MAX_TITLE) or f"CASE framework {identifier}".strip()
    creator, publisher = field_of("creator"), field_of("publisher")
    issuer = shorten(creator or publisher, MAX_TITLE) or "Unknown (edit: who awards it?)"
    changed = field_of("lastChangeDateTime")
    version = shorten(field_of("version"), 60) or changed[:10] or "1"
    package_uri = link(document.get("CFPackageURI"))
    uri = (
        field_of("uri") or field_of("officialSourceURL") or (package_uri.uri if package_uri else "")
    )
    description = (
        f"A self-check against {title}, imported from its CASE package. It shows how close you "
        f"are; {issuer}, not this tool, decides who meets it."
    )
    own = plain_text(text_field(document, "description", "CFDocument"))
    if "self-check" in own.casefold():
        description = shorten(own, MAX_DESCRIPTION)  # says it already (an exported catalogue)
    elif own:
        description = shorten(f"{description}\n\n{own}", MAX_DESCRIPTION)
    note = "; ".join(
        part
        for part in (
            f"creator: {creator}" if creator else "",
            f"publisher: {publisher}" if publisher and publisher != creator else "",
            f"version: {field_of('version')}" if field_of("version") else "",
            f"CASE identifier: {identifier}" if identifier else "",
        )
        if part
    )
    source: dict[str, Any] = {
        "title": shorten(f"CASE package: {title}", MAX_TITLE),
        "ref": shorten(uri or source_name, 1000),
    }
    if note:
        source["note"] = shorten(note, 1000)
    return {
        "schema_version": CATALOGUE_SCHEMA_VERSION,
        "id": catalogue_id(title, identifier),
        "title": title,
        "issuer": issuer,
        "version": version,
        "description": description,
        "sources": [source],
    }


def catalogue_id(title: str, identifier: str) -> str:
    """A catalogue id from the framework's title (`what-standards-could-be`)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_title.lower()).split())
    slug = slug[:60].rstrip("-")
    return slug or id_from_identifier(identifier or title, 8).replace("c-", "case-")


def catalogue_text(document: dict[str, Any], package_title: str) -> str:
    """The catalogue file: a header saying what to edit, then the document as TOML."""
    import tomli_w  # only import needs it

    if not any("\n" in text for text in _strings(document)):
        # Every string on one line: tomli-w escapes what it must, nothing to go wrong.
        return _header(package_title, document) + tomli_w.dumps(document)
    # Multi-line strings read better as such, but must read back exactly (a backslash or a
    # quote at a line's end); where they would not, every string goes on one line.
    body = tomli_w.dumps(document, multiline_strings=True)
    if tomllib.loads(body) != document:
        body = tomli_w.dumps(document)
    return _header(package_title, document) + body


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _header(package_title: str, document: dict[str, Any]) -> str:
    name = shorten(one_line(package_title), 80) or "a CASE package"
    bar = document["scale"]["demonstrated_from"]
    lines = [
        f'Imported from the CASE package "{name}" by `selfcheck import case`.',
        "Before you use it, edit:",
        "  - description, issuer and version: what this catalogue is, and who decides;",
        f"  - [scale]: the levels, and demonstrated_from = {bar} (the level from which a",
        "    competency counts as demonstrated); evidence_required, allow_not_applicable;",
        "  - [[designations]]: the one here (all competencies demonstrated) is a placeholder;",
        "  - titles and statements: shortened from the framework; put them in your own words",
        "    where its licence asks you to. `references` keep the CASE identifiers: leave them",
        "    in place so `selfcheck export case` gives the items back the same identifiers.",
        "Then check it: selfcheck validate FILE",
    ]
    return "".join(f"# {line}\n" for line in lines) + "\n"
