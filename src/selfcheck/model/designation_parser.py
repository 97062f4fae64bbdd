"""The designations of a catalogue, as `catalogue_parser` reads them: each one's rules over
demonstrated competencies and evidence, its conditions on requirement answers, and the
ladders they form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from selfcheck.model.catalogue import (
    MAX_DESCRIPTION,
    MAX_STATEMENT,
    MAX_TITLE,
    Area,
    Condition,
    Designation,
    Requirement,
    Rule,
)
from selfcheck.model.evidence import EvidencePolicy
from selfcheck.model.problems import KeyPath, Reader


class DesignationParser:
    """Reads `[[designations]]` (and the ladders over them), reporting to the catalogue's
    reader; `line` reads a one-line text the way the catalogue parser does."""

    def __init__(self, data: dict[str, Any], reader: Reader, line: Callable[..., str]) -> None:
        self.data = data
        self.r = reader
        self._line = line

    def designations(
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

    def ladders(self, designations: tuple[Designation, ...]) -> tuple[tuple[str, ...], ...]:
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
