"""A CASE package (already parsed from JSON) to a catalogue a person can finish.

The items directly under the document become areas, the items below them competencies
(deeper levels flattened, a parent before its children). The pieces that only a person can
supply (designations, the bar for "demonstrated", statements in the catalogue's own words) get
placeholders, and a header comment says what to edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selfcheck.interchange import case_scale
from selfcheck.interchange.case_common import (
    CASE_REFERENCE,
    CaseError,
    Link,
    array_field,
    count,
    id_from_code,
    id_from_identifier,
    kind_of,
    last_segment,
    link,
    natural_key,
    one_line,
    plain_text,
    shorten,
    text_field,
    title_from,
    whole_number,
)
from selfcheck.interchange.case_document import document_fields, placeholder_designation
from selfcheck.model.catalogue import (
    MAX_COMPETENCIES,
    MAX_DESCRIPTION,
    MAX_STATEMENT,
    MAX_TITLE,
)
from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.model.problems import InvalidDocument

#: Titles made from a statement stop at about this length (a list shows less anyway).
TITLE_LENGTH = 80
#: An area for the items at the top that have nothing below them.
LOOSE_AREA_ID = "general"


@dataclass(eq=False)
class _Node:
    """One CFItem and its place in the hierarchy."""

    index: int
    identifier: str
    uri: str
    code: str
    abbreviated: str
    full: str
    notes: str = ""
    parent: _Node | None = None
    sequence: int | None = None
    children: list[_Node] = field(default_factory=list)
    id: str = ""

    @property
    def where(self) -> str:
        """How a message names the item: its place in the package and its code."""
        return f"CFItems[{self.index}] ({shorten(self.code or self.identifier, 60)})"

    def sort_key(self) -> tuple[Any, ...]:
        # sequenceNumber where given, then the code read naturally, then package order.
        seq = self.sequence
        return (seq is None, seq or 0, not self.code, natural_key(self.code), self.index)


@dataclass(frozen=True)
class Imported:
    """The catalogue document made from a package, and what a person should know about it."""

    document: dict[str, Any]
    #: One line each: what was left out, shortened or guessed.
    notes: tuple[str, ...]
    #: The package's title, for the header comment.
    package_title: str

    @property
    def competency_count(self) -> int:
        return sum(len(a["competencies"]) for a in self.document["areas"])


def catalogue_from_package(package: Any, *, source_name: str) -> Imported:
    """Convert a parsed CASE package; raise CaseError (one line, naming the item) if it
    cannot be. `source_name` (the file's name) is the source's reference when the package
    gives no URI."""
    return _Importer(source_name).run(package)


class _Importer:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.notes: list[str] = []
        self.nodes: list[_Node] = []
        self.by_identifier: dict[str, _Node] = {}
        self.by_uri: dict[str, _Node] = {}
        self._long: list[_Node] = []

    def run(self, package: Any) -> Imported:
        if isinstance(package, dict) and isinstance(package.get("CFPackage"), dict):
            package = package["CFPackage"]  # as a CASE service's getCFPackage returns it
        if not isinstance(package, dict) or not isinstance(package.get("CFDocument"), dict):
            raise CaseError("not a CASE package: there is no CFDocument object")
        document = package["CFDocument"]
        self._read_items(array_field(package, "CFItems"))
        if not self.nodes:
            raise CaseError("the package has no CFItems: there is nothing to import")
        tops = self._hierarchy(document, array_field(package, "CFAssociations"))
        areas = self._areas(tops, one_line(text_field(document, "title", "CFDocument")))
        scale, scale_notes = case_scale.scale_from_rubrics(array_field(package, "CFRubrics"))
        self.notes.extend(scale_notes)
        body = document_fields(document, self.source_name)
        body["scale"] = scale
        body["areas"] = areas
        body["designations"] = [placeholder_designation()]
        try:
            parse_catalogue(body)  # what validate will check, so the file passes it
        except InvalidDocument as exc:
            first = exc.problems[0]
            raise CaseError(
                f"the catalogue made from it would not be valid: {first.where}: {first.message}"
            ) from None
        return Imported(
            body, tuple(self.notes), one_line(text_field(document, "title", "CFDocument"))
        )

    # --- items --------------------------------------------------------------------------

    def _read_items(self, raw_items: list[Any]) -> None:
        if len(raw_items) > MAX_COMPETENCIES:
            raise CaseError(
                f"too many CFItems: {len(raw_items):,} (a catalogue holds at most "
                f"{MAX_COMPETENCIES:,} competencies)"
            )
        skipped = 0
        for i, raw in enumerate(raw_items):
            if raw is None:
                skipped += 1
                continue
            where = f"CFItems[{i}]"
            if not isinstance(raw, dict):
                raise CaseError(f"{where}: expected an object, found {kind_of(raw)}")
            uri = one_line(text_field(raw, "uri", where))
            identifier = one_line(text_field(raw, "identifier", where)) or last_segment(uri)
            if not identifier:
                raise CaseError(f"{where}: no identifier")
            node = _Node(
                index=i,
                identifier=identifier,
                uri=uri,
                code=one_line(text_field(raw, "humanCodingScheme", where)),
                abbreviated=text_field(raw, "abbreviatedStatement", where),
                full=text_field(raw, "fullStatement", where),
                notes=text_field(raw, "notes", where),
            )
            first = self.by_identifier.get(identifier)
            if first is not None:
                if raw == raw_items[first.index]:
                    skipped += 1  # the same item twice: keep one
                    continue
                raise CaseError(
                    f"{node.where}: identifier {identifier} is also CFItems[{first.index}]"
                )
            self.nodes.append(node)
            self.by_identifier[identifier] = node
            if uri:
                self.by_uri.setdefault(uri, node)
        if skipped:
            self.notes.append(f"left out {count(skipped, 'empty or repeated CFItem')}")

    def _node_at(self, end: Any) -> _Node | None:
        """The item a link names, if it is in the package."""
        if isinstance(end, dict):  # the usual {title, identifier, uri}: look it up directly
            identifier = end.get("identifier")
            found = self.by_identifier.get(identifier) if type(identifier) is str else None
            if found is not None:
                return found
        return self._find(link(end))

    def _find(self, end: Link | None) -> _Node | None:
        if end is None:
            return None
        return (
            self.by_identifier.get(end.identifier)
            or self.by_uri.get(end.uri)
            or self.by_identifier.get(last_segment(end.uri))
        )

    # --- hierarchy ----------------------------------------------------------------------

    def _hierarchy(self, document: dict[str, Any], associations: list[Any]) -> list[_Node]:
        """Give each item its parent from the isChildOf associations; return the top items,
        each node's children in order."""
        doc_ends = {
            one_line(text_field(document, "identifier", "CFDocument")),
            one_line(text_field(document, "uri", "CFDocument")),
        } - {""}
        outside = extra_parents = 0
        # An item may sit in several places; the first item parent wins over the document.
        where_placed: dict[int, str] = {}
        other_kinds: Counter[str] = Counter()
        for raw in associations:
            if not isinstance(raw, dict):
                continue
            kind = raw.get("associationType")
            if kind != "isChildOf" and not _is_child_of(kind):
                other_kinds[kind if isinstance(kind, str) else "?"] += 1
                continue
            child = self._node_at(raw.get("originNodeURI"))
            parent = self._node_at(raw.get("destinationNodeURI"))
            destination = None if parent else link(raw.get("destinationNodeURI"))
            to_document = destination is not None and bool(
                {destination.identifier, destination.uri, last_segment(destination.uri)} & doc_ends
            )
            if child is None or (parent is None and not to_document):
                outside += 1
                continue
            if parent is child:
                continue
            placed = where_placed.get(id(child))
            if placed == "item" or (placed == "document" and parent is None):
                extra_parents += parent is not None
                continue
            child.parent = parent
            child.sequence = whole_number(raw.get("sequenceNumber"))
            where_placed[id(child)] = "item" if parent else "document"
        if outside:
            self.notes.append(
                f"left out {count(outside, 'isChildOf association')} naming an item outside "
                "the package (such items go at the top)"
            )
        if other_kinds:
            kinds = ", ".join(shorten(one_line(k), 30) for k in sorted(other_kinds)[:5])
            self.notes.append(
                f"left out {count(other_kinds.total(), 'association')} other than isChildOf "
                f"({kinds}{', …' if len(other_kinds) > 5 else ''}): a catalogue has no place "
                "for them"
            )
        if extra_parents:
            self.notes.append(
                f"{count(extra_parents, 'item')} had a second parent; the first was used"
            )
        self._break_cycles()
        tops: list[_Node] = []
        for node in self.nodes:
            (node.parent.children if node.parent else tops).append(node)
        for node in self.nodes:
            node.children.sort(key=_Node.sort_key)
        return sorted(tops, key=_Node.sort_key)

    def _break_cycles(self) -> None:
        settled: set[int] = set()
        for node in self.nodes:
            path: list[_Node] = []
            on_path: set[int] = set()
            current: _Node | None = node
            while current is not None and id(current) not in settled:
                if id(current) in on_path:
                    self.notes.append(
                        f"{current.where} is its own ancestor; it was put at the top instead"
                    )
                    current.parent = None
                    break
                path.append(current)
                on_path.add(id(current))
                current = current.parent
            settled.update(id(n) for n in path)

    # --- areas and competencies ---------------------------------------------------------

    def _areas(self, tops: list[_Node], package_title: str) -> list[dict[str, Any]]:
        groups = [top for top in tops if top.children]
        loose = [top for top in tops if not top.children]
        members = {id(g): list(_below(g)) for g in groups}
        self._assign_ids([n for g in groups for n in (g, *(m for m, _ in members[id(g)]))] + loose)
        areas = []
        for group in groups:
            area: dict[str, Any] = {"id": group.id, "title": self._title(group)}
            description = plain_text(group.full)
            if description and description.rstrip(".") != area["title"]:
                area["description"] = shorten(description, MAX_DESCRIPTION)
            area["references"] = _references(group)
            area["competencies"] = [self._competency(n, depth) for n, depth in members[id(group)]]
            areas.append(area)
        if loose:
            used = {n.id for n in self.nodes}
            area_id = next(
                f"{LOOSE_AREA_ID}{suffix}"
                for suffix in ("", *(f"-{n}" for n in range(2, len(used) + 3)))
                if f"{LOOSE_AREA_ID}{suffix}" not in used
            )
            title = (package_title or "Competencies") if not groups else "Other competencies"
            areas.append(
                {"id": area_id, "title": shorten(title, MAX_TITLE),
                 "competencies": [self._competency(n, 1) for n in loose]}
            )  # fmt: skip
        self._report_long_statements()
        return areas

    def _assign_ids(self, nodes: list[_Node]) -> None:
        """Ids from the codes where each is unique, else a short form of the identifier."""
        wanted: dict[str, list[_Node]] = {}
        for node in nodes:
            candidate = id_from_code(node.code) if node.code else ""
            if candidate:
                wanted.setdefault(candidate, []).append(node)
        used = set()
        for candidate, owners in wanted.items():
            if len(owners) == 1:
                owners[0].id = candidate
                used.add(candidate)
        shared = [owners for owners in wanted.values() if len(owners) > 1]
        if shared:
            first = shared[0]
            self.notes.append(
                f"{count(sum(map(len, shared)), 'item')} share a code with another (first: "
                f"{first[0].code!r} in CFItems[{first[0].index}] and CFItems[{first[1].index}]); "
                "their ids come from their identifiers"
            )
        for node in nodes:
            if node.id:
                continue
            length = 8
            while (candidate := id_from_identifier(node.identifier, length)) in used:
                length += 4
            node.id = candidate
            used.add(candidate)

    def _title(self, node: _Node) -> str:
        title = one_line(node.abbreviated)
        if not title:
            title = title_from(plain_text(node.full), TITLE_LENGTH) or node.code or "Untitled"
        if node.code and node.id != id_from_code(node.code) and not title.startswith(node.code):
            title = f"{node.code} {title}"  # the id did not keep the code: the title does
        return title

    def _competency(self, node: _Node, depth: int) -> dict[str, Any]:
        title = self._title(node)
        parent = node.parent
        if depth > 1 and parent is not None and not node.id.startswith(parent.id):
            parent_code = parent.code or parent.id
            if not title.startswith(parent_code):
                title = f"{parent_code} › {title}"  # flattened: keep where it came from
        statement = plain_text(node.full) or plain_text(node.abbreviated)
        if not statement:
            raise CaseError(f"{node.where}: no fullStatement to use as the competency's statement")
        if len(statement) > MAX_STATEMENT:
            self._long.append(node)
            statement = shorten(statement, MAX_STATEMENT)
        competency = {
            "id": node.id,
            "title": shorten(title, MAX_TITLE),
            "statement": statement,
            "references": _references(node),
        }
        notes = plain_text(node.notes)
        if notes:
            competency["help"] = shorten(notes, MAX_STATEMENT)  # examples, caveats
        return competency

    def _report_long_statements(self) -> None:
        if self._long:
            self.notes.append(
                f"shortened {count(len(self._long), 'statement')} longer than "
                f"{MAX_STATEMENT:,} characters (first: {self._long[0].where})"
            )


def _is_child_of(kind: Any) -> bool:
    return isinstance(kind, str) and kind.strip().casefold() == "ischildof"


def _below(top: _Node) -> Iterator[tuple[_Node, int]]:
    """Every item under `top`, a parent before its children, with its depth (1: a child)."""
    stack = [(child, 1) for child in reversed(top.children)]
    while stack:
        node, depth = stack.pop()
        yield node, depth
        stack.extend((child, depth + 1) for child in reversed(node.children))


def _references(node: _Node) -> list[str]:
    # A URI that only repeats the identifier (urn:uuid:...) adds nothing worth keeping.
    uri = [] if not node.uri or node.uri == f"urn:uuid:{node.identifier}" else [node.uri]
    return [f"{CASE_REFERENCE}{node.identifier}", *uri]
