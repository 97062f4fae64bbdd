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
    Condition,
    Designation,
    Level,
    Requirement,
    Rule,
    Scale,
    Source,
)
from selfcheck.model.development import (
    read_activity_sum,
    read_plan_goals,
)
from selfcheck.model.evidence import EvidencePolicy, read_policy
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
        designations = self._designations(areas, requirements, evidence)
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
            ladders=self._ladders(designations),
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

    def _designations(
        self,
        areas: tuple[Area, ...],
        requirements: tuple[Requirement, ...],
        evidence: EvidencePolicy,
    ) -> tuple[Designation, ...]:
        r = self.r
        area_sizes = {a.id: len(a.competencies) for a in areas}
        comp_ids = {c.id for a in areas for c in a.competencies}
        reqs = {q.id: q for q in requirements}
        out: list[Designation] = []
        seen: set[str] = set()
        tables = r.tables(self.data, "designations", ())
        if not tables:
            r.report(("designations",), "a catalogue needs at least one [[designations]] table")
        for i, t in enumerate(tables):
            path: KeyPath = ("designations", i)
            r.unknown(t, {"id", "title", "rank", "description", "rules", "requirements"}, path)
            des_id = self._line(t, "id", path, max_length=60)
            if des_id in seen:
                r.report((*path, "id"), f"duplicate designation id {des_id!r}")
            seen.add(des_id)
            rules = tuple(
                self._evidence_rule(rule, (*path, "rules", j), evidence)
                if rule.get("kind") == "evidence"
                else self._rule(rule, (*path, "rules", j), area_sizes, comp_ids)
                for j, rule in enumerate(r.tables(t, "rules", path))
            )
            conditions = tuple(
                self._condition(cond, (*path, "requirements", j), reqs)
                for j, cond in enumerate(r.tables(t, "requirements", path))
            )
            if not rules and not conditions:
                r.report(path, "a designation needs at least one rule or requirement")
            out.append(
                Designation(
                    id=des_id,
                    title=self._line(t, "title", path, max_length=MAX_TITLE),
                    rank=r.integer(t, "rank", path),
                    description=r.string(t, "description", path, required=False,
                                         max_length=MAX_DESCRIPTION),
                    rules=rules,
                    conditions=conditions,
                )
            )  # fmt: skip
        ranks = [d.rank for d in out]
        if len(set(ranks)) != len(ranks):
            r.report(("designations",), "two designations share a rank")
        return tuple(sorted(out, key=lambda d: d.rank))

    def _ladders(self, designations: tuple[Designation, ...]) -> tuple[tuple[str, ...], ...]:
        """Which designations rank above which. Absent: one ladder of them all, in rank order
        (the format before ladders); `ladders = []`: every designation stands alone."""
        r = self.r
        if "ladders" not in self.data:
            return (tuple(d.id for d in designations),)
        ranks = {d.id: d.rank for d in designations}
        placed: set[str] = set()
        out = []
        for i, t in enumerate(r.tables(self.data, "ladders", ())):
            path: KeyPath = ("ladders", i)
            r.unknown(t, {"designations"}, path)
            ids = r.strings(t, "designations", path, required=True)
            if len(ids) < 2:
                r.report((*path, "designations"), "a ladder needs at least two designations")
            for des_id in ids:
                if des_id not in ranks:
                    r.report((*path, "designations"), f"no designation with id {des_id!r}")
                elif des_id in placed:
                    r.report((*path, "designations"), f"{des_id!r} is already on a ladder")
                placed.add(des_id)
            known = [ranks[d] for d in ids if d in ranks]
            if known != sorted(known):
                r.report((*path, "designations"), "list a ladder's designations in rank order")
            out.append(ids)
        return tuple(out)

    def _rule(
        self, t: dict[str, Any], path: KeyPath, area_sizes: dict[str, int], comp_ids: set[str]
    ) -> Rule:
        r = self.r
        r.unknown(t, {"kind", "title", "area", "count", "competencies", "verified", "note"}, path)
        kind = r.string(t, "kind", path)
        area = r.string(t, "area", path, required=False) or None
        count = r.integer(t, "count", path, required=False, default=-1)
        comps = r.strings(t, "competencies", path)
        if kind not in ("all", "at_least", "list"):
            r.report((*path, "kind"), 'must be "all", "at_least", "list" or "evidence"')
            kind = "all"
        if area is not None and area not in area_sizes:
            r.report((*path, "area"), f"no area with id {area!r}")
        if kind in ("all", "at_least") and comps:
            r.report((*path, "competencies"), f'a rule of kind "{kind}" names an area, not a list')
        if kind == "list":
            if not comps:
                r.report((*path, "competencies"), 'a "list" rule names its competencies')
            for cid in comps:
                if cid not in comp_ids:
                    r.report((*path, "competencies"), f"no competency with id {cid!r}")
        size = (
            len(comps) if kind == "list" else area_sizes.get(area or "", sum(area_sizes.values()))
        )
        if kind == "at_least" and count < 0:
            r.report((*path, "count"), 'an "at_least" rule needs a count')
        if count >= 0 and kind == "all":
            r.report((*path, "count"), 'an "all" rule has no count (use "at_least")')
        if count > size:
            r.report((*path, "count"), f"needs {count} but only {size} competencies can count")
        return Rule(
            kind=kind,  # type: ignore[arg-type]  # checked above
            title=self._line(t, "title", path, required=False, max_length=80),
            area=area,
            count=count if count >= 0 else None,
            competencies=comps,
            verified=r.boolean(t, "verified", path, default=True),
            note=r.string(t, "note", path, required=False, max_length=MAX_STATEMENT),
        )

    def _evidence_rule(self, t: dict[str, Any], path: KeyPath, evidence: EvidencePolicy) -> Rule:
        """A portfolio rule: at least `count` items (default 1) of one of `methods`."""
        r = self.r
        r.unknown(t, {"kind", "methods", "count", "name", "verified", "note"}, path)
        methods = r.strings(t, "methods", path, required=True)
        if "methods" in t and not methods:
            r.report((*path, "methods"), "name at least one method")
        for method in methods:
            if evidence.method(method) is None:
                known = (
                    ", ".join(m.id for m in evidence.methods) or "none: add [[evidence.methods]]"
                )
                r.report((*path, "methods"), f"no evidence method {method!r} (known: {known})")
        count = r.integer(t, "count", path, required=False, default=1)
        if count < 1:
            r.report((*path, "count"), "must be at least 1")
        return Rule(
            kind="evidence",
            count=count,
            methods=methods,
            name=self._line(t, "name", path, required=False, max_length=80),
            verified=r.boolean(t, "verified", path, default=True),
            note=r.string(t, "note", path, required=False, max_length=MAX_STATEMENT),
        )

    def _condition(
        self, t: dict[str, Any], path: KeyPath, reqs: dict[str, Requirement]
    ) -> Condition:
        r = self.r
        r.unknown(
            t, {"requirement", "equals", "one_of", "at_least", "more_than", "depends_on",
                "verified", "note"},
            path,
        )  # fmt: skip
        req_id = r.string(t, "requirement", path)
        req = reqs.get(req_id)
        if req_id and req is None:
            r.report((*path, "requirement"), f"no requirement with id {req_id!r}")
        depends_on = r.string(t, "depends_on", path, required=False) or None
        basis = reqs.get(depends_on) if depends_on else None
        if depends_on and (basis is None or basis.kind != "choice"):
            r.report((*path, "depends_on"), f"{depends_on!r} is not a choice requirement")
        thresholds: dict[str, tuple[float | None, dict[str, float]]] = {}
        for key in ("at_least", "more_than"):
            thresholds[key] = self._threshold(t, key, path, basis)
        equals = t.get("equals")
        if equals is not None and type(equals) is not bool:
            r.report((*path, "equals"), "expected true or false")
            equals = None
        one_of = r.strings(t, "one_of", path)
        if req is not None:
            has_threshold = any(v[0] is not None or v[1] for v in thresholds.values())
            if req.kind == "number" and not has_threshold:
                r.report(path, "a number requirement needs at_least or more_than")
            if req.kind != "number" and has_threshold:
                r.report(path, f"{req_id!r} is not a number requirement; thresholds do not apply")
            if req.kind == "choice":
                if not one_of:
                    r.report((*path, "one_of"), "a choice requirement needs one_of")
                for choice in one_of:
                    if req.choice(choice) is None:
                        r.report((*path, "one_of"), f"{choice!r} is not a choice of {req_id!r}")
            elif one_of:
                r.report((*path, "one_of"), "one_of applies to choice requirements only")
            if req.kind == "yes_no" and equals is None:
                equals = True  # a yes/no requirement is met by "yes" unless it says otherwise
        return Condition(
            requirement=req_id,
            equals=equals,
            one_of=one_of,
            at_least=thresholds["at_least"][0],
            more_than=thresholds["more_than"][0],
            depends_on=depends_on,
            at_least_by=thresholds["at_least"][1],
            more_than_by=thresholds["more_than"][1],
            verified=r.boolean(t, "verified", path, default=True),
            note=r.string(t, "note", path, required=False, max_length=MAX_STATEMENT),
        )

    def _threshold(
        self, t: dict[str, Any], key: str, path: KeyPath, basis: Requirement | None
    ) -> tuple[float | None, dict[str, float]]:
        if key not in t:
            return None, {}
        value = t[key]
        if isinstance(value, dict):
            if basis is None:
                self.r.report((*path, key), "a threshold per choice needs depends_on")
                return None, {}
            by: dict[str, float] = {}
            for choice_id in value:
                number = self.r.number(value, choice_id, (*path, key))
                if basis.choice(choice_id) is None:
                    self.r.report((*path, key, choice_id), f"not a choice of {basis.id!r}")
                elif number is not None:
                    by[choice_id] = number
            for choice in basis.choices:
                if choice.id not in value:
                    self.r.report((*path, key), f"no threshold for choice {choice.id!r}")
            return None, by
        return self.r.number(t, key, path), {}


def _is_identifier(text: str) -> bool:
    return bool(text) and all(ch.isalnum() or ch in "._-" for ch in text) and text.isascii()
