"""A catalogue as a CASE 1.1 package: the document, its areas and competencies as items,
`isChildOf` associations for the hierarchy, and the rating scale as a rubric.

Every identifier is derived from the catalogue's own ids (UUID version 5), or kept from the
`case:` reference an import left, so exporting the same catalogue twice gives the same file.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from selfcheck.interchange.case_common import CASE_REFERENCE, is_uuid, stable_uuid
from selfcheck.interchange.case_scale import SCALE_EXTENSION
from selfcheck.model.catalogue import Area, Catalogue, Competency

CASE_VERSION = "1.1"


def case_package(catalogue: Catalogue, changed: datetime) -> dict[str, Any]:
    """The package for a catalogue; `changed` is every record's lastChangeDateTime (the
    catalogue file's modification time, so that an unchanged file exports the same)."""
    return _Exporter(catalogue, changed).package()


class _Exporter:
    def __init__(self, catalogue: Catalogue, changed: datetime) -> None:
        self.catalogue = catalogue
        self.when = changed.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.document_id = stable_uuid("catalogue", catalogue.id)
        self.used: set[str] = set()

    def derived(self, *parts: str) -> str:
        return stable_uuid(self.document_id, *parts)

    def package(self) -> dict[str, Any]:
        catalogue = self.catalogue
        document = {
            "identifier": self.document_id,
            "uri": _urn(self.document_id),
            "creator": catalogue.issuer,
            "title": catalogue.title,
            "lastChangeDateTime": self.when,
            "description": catalogue.description,
            "version": catalogue.version,
            "caseVersion": CASE_VERSION,
            "notes": f"Exported by selfcheck from the catalogue {catalogue.id!r}.",
        }
        official = next((s.ref for s in catalogue.sources if _is_web_address(s.ref)), None)
        if official:
            document["officialSourceURL"] = official
        document_link = _link(document["title"], self.document_id)
        items: list[dict[str, Any]] = []
        associations: list[dict[str, Any]] = []
        for a, area in enumerate(catalogue.areas, start=1):
            area_item = self._area_item(area)
            items.append(area_item)
            associations.append(self._child_of(area_item, document_link, a))
            area_link = _link(area.title, area_item["identifier"], area_item["uri"])
            for c, competency in enumerate(area.competencies, start=1):
                item = self._competency_item(competency)
                items.append(item)
                associations.append(self._child_of(item, area_link, c))
        return {
            "CFDocument": document,
            "CFItems": items,
            "CFAssociations": associations,
            "CFRubrics": [self._rubric()],
        }

    def _area_item(self, area: Area) -> dict[str, Any]:
        identifier, uri = self._identity(area.references, "area", area.id)
        return {
            "identifier": identifier,
            "uri": uri,
            "fullStatement": area.description or area.title,
            "abbreviatedStatement": area.title,
            "humanCodingScheme": area.id,
            "CFItemType": "Area",
            "lastChangeDateTime": self.when,
        }

    def _competency_item(self, competency: Competency) -> dict[str, Any]:
        identifier, uri = self._identity(competency.references, "competency", competency.id)
        item = {
            "identifier": identifier,
            "uri": uri,
            "fullStatement": competency.statement,
            "abbreviatedStatement": competency.title,
            "humanCodingScheme": competency.id,
            "CFItemType": "Competency",
            "lastChangeDateTime": self.when,
        }
        if competency.help:
            item["notes"] = competency.help
        return item

    def _identity(self, references: tuple[str, ...], kind: str, own_id: str) -> tuple[str, str]:
        """The identifier and URI an import kept, or ones derived from the id."""
        kept = next(
            (
                r.removeprefix(CASE_REFERENCE).lower()
                for r in references
                if r.startswith(CASE_REFERENCE) and is_uuid(r.removeprefix(CASE_REFERENCE).lower())
            ),
            None,
        )
        if kept is None or kept in self.used:  # a reference copied to a second item
            identifier = self.derived(kind, own_id)
            self.used.add(identifier)
            return identifier, _urn(identifier)
        self.used.add(kept)
        uri = next((r for r in references if _is_web_address(r) and kept in r.lower()), None)
        return kept, uri or _urn(kept)

    def _child_of(
        self, item: dict[str, Any], parent: dict[str, str], sequence: int
    ) -> dict[str, Any]:
        identifier = self.derived("isChildOf", item["identifier"], parent["identifier"])
        return {
            "identifier": identifier,
            "uri": _urn(identifier),
            "associationType": "isChildOf",
            "sequenceNumber": sequence,
            "originNodeURI": _link(item["abbreviatedStatement"], item["identifier"], item["uri"]),
            "destinationNodeURI": parent,
            "lastChangeDateTime": self.when,
        }

    def _rubric(self) -> dict[str, Any]:
        scale = self.catalogue.scale
        rubric_id = self.derived("rubric")
        criterion_id = self.derived("rubric", "criterion")
        bar = scale.level(scale.demonstrated_from)
        levels = [
            {
                "identifier": (level_id := self.derived("rubric", "level", str(level.value))),
                "uri": _urn(level_id),
                "quality": level.label,
                "score": level.value,
                "description": level.meaning,
                "position": position,
                "rubricCriterionId": criterion_id,
                "lastChangeDateTime": self.when,
            }
            for position, level in enumerate(scale.levels, start=1)
        ]
        return {
            "identifier": rubric_id,
            "uri": _urn(rubric_id),
            "title": f"Rating scale: {self.catalogue.title}",
            "description": (
                "Each competency is rated on this scale; from "
                f"{scale.demonstrated_from} ({bar.label if bar else '?'}) it counts as "
                "demonstrated."
            ),
            "lastChangeDateTime": self.when,
            "CFRubricCriteria": [
                {
                    "identifier": criterion_id,
                    "uri": _urn(criterion_id),
                    "category": "Rating scale",
                    "description": "How well the candidate does what the competency says.",
                    "position": 1,
                    "rubricId": rubric_id,
                    "lastChangeDateTime": self.when,
                    "CFRubricCriterionLevels": levels,
                }
            ],
            # Read back by import; other tools ignore extensions they do not know.
            "extensions": {
                SCALE_EXTENSION: {
                    "demonstratedFrom": scale.demonstrated_from,
                    "evidenceRequired": scale.evidence_required,
                    "allowNotApplicable": scale.allow_not_applicable,
                }
            },
        }


def _link(title: str, identifier: str, uri: str | None = None) -> dict[str, str]:
    return {"title": title, "identifier": identifier, "uri": uri or _urn(identifier)}


def _urn(identifier: str) -> str:
    # A URI that names the record without claiming a server it could be fetched from.
    return f"urn:uuid:{identifier}"


def _is_web_address(text: str) -> bool:
    return text.startswith(("https://", "http://"))
