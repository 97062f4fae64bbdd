"""Building a catalogue from a decoded TOML document: every key checked, every problem
reported at once with its key path (storage adds the file and line)."""

from __future__ import annotations

from typing import Any

from selfcheck.model.catalogue import (
    CATALOGUE_SCHEMA_VERSION,
    MAX_COMPETENCIES,
    MAX_DESCRIPTION,
    MAX_LEVELS,
    MAX_STATEMENT,
    MAX_TITLE,
    Area,
    Catalogue,
    Choice,
    Competency,
    Level,
    Requirement,
    Scale,
    Source,
)
from selfcheck.model.designation_parser import DesignationParser
from selfcheck.model.development import (
    read_activity_sum,
    read_plan_goals,
)
from selfcheck.model.evidence import read_policy
from selfcheck.model.feedback_groups import parse_groups
from selfcheck.model.feedback_summary import read_feedback_requirement
from selfcheck.model.milestones import read_milestones
from selfcheck.model.problems import InvalidDocument, KeyPath, Problem, Reader
from selfcheck.safetext import first_unsafe_in_line


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    """Build a catalogue from a decoded TOML document, or raise InvalidDocument with every
    problem found."""
    return _CatalogueParser(data).parse()


_TOP_KEYS = {
    "schema_version", "id", "title", "issuer", "version", "description", "sources",
    "recency_years", "evidence", "subject", "scale", "areas", "requirements", "designations",
    "ladders", "feedback", "milestones",
}  # fmt: skip


_COMPETENCY_KEYS = frozenset(
    {"id", "title", "statement", "references", "user_defined", "not_applicable", "help",
     "purpose"}
)  # fmt: skip


class _CatalogueParser:
    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.problems: list[Problem] = []
        self.r = Reader(self.problems)

    def parse(self) -> Catalogue:
        d, r = self.data, self.r
        r.unknown(d, _TOP_KEYS, ())
        version = r.integer(d, "schema_version", ())
        if "schema_version" in d and version != CATALOGUE_SCHEMA_VERSION:
            r.report(
                ("schema_version",),
                f"this selfcheck reads catalogue format {CATALOGUE_SCHEMA_VERSION}, not {version}",
            )
        cat_id = self._line(d, "id", ())
        if cat_id and not _is_identifier(cat_id):
            r.report(("id",), "use letters, digits, '.', '-' and '_' only")
        subject = r.string(d, "subject", (), required=False, default="person")
        if subject not in ("person", "organisation"):
            r.report(("subject",), 'must be "person" or "organisation"')
        evidence = read_policy(r, d, self._line)
        scale = self._scale()
        areas = self._areas(scale)
        requirements = self._requirements()
        rules = DesignationParser(d, r, self._line)
        designations = rules.designations(areas, requirements, evidence)
        catalogue = Catalogue(
            id=cat_id,
            title=self._line(d, "title", (), max_length=MAX_TITLE),
            issuer=self._line(d, "issuer", (), max_length=MAX_TITLE),
            version=self._line(d, "version", ()),
            description=r.string(d, "description", (), max_length=MAX_DESCRIPTION),
            scale=scale,
            areas=areas,
            requirements=requirements,
            designations=designations,
            sources=self._sources(),
            evidence=evidence,
            subject=subject,
            ladders=rules.ladders(designations),
            feedback_groups=parse_groups(r, d, self._line),
            milestones=read_milestones(r, d),
        )
        if self.problems:
            raise InvalidDocument(self.problems)
        return catalogue

    def _line(self, data: dict[str, Any], key: str, path: KeyPath, **kwargs: Any) -> str:
        """An id, title or label: plain one-line text. Catalogues are shared, so they are
        untrusted input; these texts are shown in lists, titles and messages everywhere."""
        value = self.r.string(data, key, path, **kwargs)
        unsafe = first_unsafe_in_line(value)
        if unsafe is not None:
            self.r.report(
                (*path, key),
                f"contains the control character U+{ord(unsafe):04X}; ids, titles and labels "
                "must be plain one-line text",
            )
        return value

    def _sources(self) -> tuple[Source, ...]:
        out = []
        for i, s in enumerate(self.r.tables(self.data, "sources", ())):
            path: KeyPath = ("sources", i)
            self.r.unknown(s, {"title", "ref", "note"}, path)
            out.append(
                Source(
                    title=self._line(s, "title", path),
                    ref=self.r.string(s, "ref", path, max_length=1000),
                    note=self.r.string(s, "note", path, required=False, max_length=1000),
                )
            )
        if not out:
            self.r.report(("sources",), "name at least one source")
        return tuple(out)

    def _scale(self) -> Scale:
        r = self.r
        raw = r.table(self.data.get("scale", {}), ("scale",)) or {}
        if "scale" not in self.data:
            r.report(("scale",), "missing (a [scale] table is required)")
        r.unknown(
            raw, {"demonstrated_from", "evidence_required", "allow_not_applicable", "levels"},
            ("scale",),
        )  # fmt: skip
        levels = []
        tables = r.tables(raw, "levels", ("scale",))
        if len(tables) > MAX_LEVELS:
            r.report(("scale", "levels"), f"too many levels: {len(tables)} (at most {MAX_LEVELS})")
            tables = tables[:MAX_LEVELS]
        for i, lv in enumerate(tables):
            path: KeyPath = ("scale", "levels", i)
            r.unknown(lv, {"value", "label", "meaning"}, path)
            levels.append(
                Level(
                    value=r.integer(lv, "value", path),
                    label=self._line(lv, "label", path, max_length=60),
                    meaning=r.string(lv, "meaning", path, max_length=MAX_STATEMENT),
                )
            )
        values = [lv.value for lv in levels]
        if len(levels) < 2:
            r.report(("scale", "levels"), "a scale needs at least two levels")
        elif values != sorted(set(values)):
            r.report(("scale", "levels"), "level values must be distinct and in increasing order")
        threshold = r.integer(raw, "demonstrated_from", ("scale",))
        if levels and threshold not in values:
            r.report(("scale", "demonstrated_from"), f"{threshold} is not one of the levels")
        return Scale(
            levels=tuple(levels),
            demonstrated_from=threshold,
            evidence_required=r.boolean(raw, "evidence_required", ("scale",)),
            allow_not_applicable=r.boolean(raw, "allow_not_applicable", ("scale",)),
        )

    def _areas(self, scale: Scale) -> tuple[Area, ...]:
        r = self.r
        areas: list[Area] = []
        seen_areas: set[str] = set()
        seen: set[str] = set()
        total = 0
        tables = r.tables(self.data, "areas", ())
        if not tables:
            r.report(("areas",), "a catalogue needs at least one [[areas]] table")
        for i, a in enumerate(tables):
            path: KeyPath = ("areas", i)
            r.unknown(
                a, {"id", "title", "description", "competencies", "references", "purpose"}, path
            )
            area_id = self._line(a, "id", path)
            if area_id in seen_areas:
                r.report((*path, "id"), f"duplicate area id {area_id!r}")
            seen_areas.add(area_id)
            purpose = self._line(a, "purpose", path, required=False, max_length=MAX_TITLE)
            comps = []
            comp_tables = r.tables(a, "competencies", path)
            if not comp_tables:
                r.report((*path, "competencies"), "an area needs at least one competency")
            for j, c in enumerate(comp_tables):
                total += 1
                if total > MAX_COMPETENCIES:
                    r.report(
                        (*path, "competencies", j), f"more than {MAX_COMPETENCIES} competencies"
                    )
                    raise InvalidDocument(self.problems)
                comps.append(
                    self._competency(c, (*path, "competencies", j), area_id, scale, seen, purpose)
                )
            areas.append(
                Area(
                    id=area_id,
                    title=self._line(a, "title", path, max_length=MAX_TITLE),
                    description=r.string(a, "description", path, required=False,
                                         max_length=MAX_DESCRIPTION),
                    competencies=tuple(comps),
                    references=r.strings(a, "references", path),
                    purpose=purpose,
                )
            )  # fmt: skip
        return tuple(areas)

    def _competency(
        self,
        c: dict[str, Any],
        path: KeyPath,
        area_id: str,
        scale: Scale,
        seen: set[str],
        area_purpose: str,
    ) -> Competency:
        r = self.r
        r.unknown(c, _COMPETENCY_KEYS, path)
        comp_id = self._line(c, "id", path, max_length=40)
        if comp_id in seen:
            r.report((*path, "id"), f"duplicate competency id {comp_id!r}")
        seen.add(comp_id)
        return Competency(
            id=comp_id,
            title=self._line(c, "title", path, max_length=MAX_TITLE),
            statement=r.string(c, "statement", path, max_length=MAX_STATEMENT),
            area=area_id,
            references=r.strings(c, "references", path),
            user_defined=r.boolean(c, "user_defined", path),
            not_applicable_allowed=r.boolean(
                c, "not_applicable", path, default=scale.allow_not_applicable
            ),
            help=r.string(c, "help", path, required=False, max_length=MAX_STATEMENT),
            purpose=self._line(c, "purpose", path, required=False, max_length=MAX_TITLE)
            or area_purpose,
        )

    def _requirements(self) -> tuple[Requirement, ...]:
        r = self.r
        out, seen = [], set()
        for i, q in enumerate(r.tables(self.data, "requirements", ())):
            path: KeyPath = ("requirements", i)
            r.unknown(
                q,
                {"id", "kind", "prompt", "title", "help", "unit", "unit_one", "min", "max",
                 "choices", "verified", "next_step", "when_unmet", "from_activities",
                 "from_plan", "from_feedback"},
                path,
            )  # fmt: skip
            req_id = self._line(q, "id", path, max_length=60)
            if req_id and not _is_identifier(req_id):
                r.report((*path, "id"), "use letters, digits, '.', '-' and '_' only")
            if req_id in seen:
                r.report((*path, "id"), f"duplicate requirement id {req_id!r}")
            seen.add(req_id)
            kind = r.string(q, "kind", path)
            if kind not in ("yes_no", "number", "choice"):
                r.report((*path, "kind"), 'must be "yes_no", "number" or "choice"')
                kind = "yes_no"
            choices = []
            for j, ch in enumerate(r.tables(q, "choices", path)):
                cpath: KeyPath = (*path, "choices", j)
                r.unknown(ch, {"id", "label"}, cpath)
                choices.append(Choice(self._line(ch, "id", cpath), self._line(ch, "label", cpath)))
            if kind == "choice" and len(choices) < 2:
                r.report((*path, "choices"), "a choice requirement needs at least two choices")
            if kind != "choice" and choices:
                r.report((*path, "choices"), "only a choice requirement has choices")
            low = r.number(q, "min", path, required=False)
            high = r.number(q, "max", path, required=False)
            if (low is not None or high is not None) and kind != "number":
                r.report(path, "only a number requirement has min and max")
            if low is not None and high is not None and low > high:
                r.report((*path, "max"), f"is below min ({low:g})")
            when_unmet = self._line(q, "when_unmet", path, required=False, max_length=80)
            if when_unmet and kind != "yes_no":
                r.report((*path, "when_unmet"), "applies to yes_no requirements only")
            out.append(
                Requirement(
                    id=req_id,
                    kind=kind,  # type: ignore[arg-type]  # checked just above
                    prompt=r.string(q, "prompt", path, max_length=MAX_STATEMENT),
                    title=self._line(q, "title", path, required=False, max_length=80),
                    help=r.string(q, "help", path, required=False, max_length=MAX_STATEMENT),
                    unit=self._line(q, "unit", path, required=False, max_length=40),
                    unit_one=self._line(q, "unit_one", path, required=False, max_length=40),
                    minimum=low,
                    maximum=high,
                    choices=tuple(choices),
                    verified=r.boolean(q, "verified", path, default=True),
                    next_step=self._line(q, "next_step", path, required=False, max_length=300),
                    when_unmet=when_unmet,
                    from_activities=read_activity_sum(r, q, path, kind),
                    from_plan=read_plan_goals(r, q, path, kind),
                    from_feedback=read_feedback_requirement(r, q, path, kind),
                )
            )
        return tuple(out)


def _is_identifier(text: str) -> bool:
    return bool(text) and all(ch.isalnum() or ch in "._-" for ch in text) and text.isascii()
