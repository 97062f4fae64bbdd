"""A session's evidence portfolio as a whole, on the verdict's day: every item with whether it
counts, counts per validation method, what each portfolio rule still needs, the competencies
backed only by undated notes, and how many hints the coach has.

One summary for the app's Portfolio tab and every report format, built from a `Readiness` so
the day and the verdict are the same ones everything else shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from selfcheck.model.coach import PlacedHint, session_hints
from selfcheck.model.evidence import (
    EvidenceItem,
    EvidenceMethod,
    RuleCount,
    Standing,
    count_for_rule,
    standing,
)
from selfcheck.model.readiness import Readiness, evidence_name, portfolio_items
from selfcheck.model.session import Session


@dataclass(frozen=True)
class PlacedItem:
    """One item, where it is (competency id, position under it) and whether it counts."""

    competency: str
    index: int
    item: EvidenceItem
    standing: Standing


@dataclass(frozen=True)
class MethodCount:
    method: EvidenceMethod
    #: Items of this method that count today.
    counting: int
    #: Items older than the window.
    old: int
    #: Items that do not count for another reason (a future date, over the word limit).
    other: int


@dataclass(frozen=True)
class RuleNeed:
    """A portfolio rule, the designations that have it, and how far it is met."""

    designations: tuple[str, ...]
    methods: tuple[str, ...]
    #: "case study (D)"
    what: str
    count: RuleCount
    #: The gap message when it is not met ("" when it is).
    message: str

    @property
    def met(self) -> bool:
        return not self.message


@dataclass(frozen=True)
class Portfolio:
    items: tuple[PlacedItem, ...]
    methods: tuple[MethodCount, ...]
    #: Items whose method the catalogue does not know (also in `items`).
    unknown: tuple[PlacedItem, ...]
    needs: tuple[RuleNeed, ...]
    #: Competencies demonstrated by a note with no dated item, where the catalogue has a window.
    undated: tuple[str, ...]
    hints: tuple[PlacedHint, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing to show: no methods, no items, no rules, no hints."""
        return not (self.items or self.methods or self.needs or self.hints or self.undated)


def build_portfolio(session: Session, readiness: Readiness) -> Portfolio:
    """The portfolio of `session` on `readiness.today`, in catalogue order."""
    catalogue, today = readiness.catalogue, readiness.today
    policy = catalogue.evidence
    with_items = [cid for cid, rating in session.ratings.items() if rating.items]
    order = {c.id: n for n, c in enumerate(catalogue.competencies)} if with_items else {}
    placed = tuple(
        PlacedItem(cid, i, item, standing(item, policy, today))
        for cid in sorted(with_items, key=lambda c: (order.get(c, len(order)), c))
        for i, item in enumerate(session.ratings[cid].items)
    )
    tally = {m.id: [0, 0, 0] for m in policy.methods}  # counting, old, other: one pass
    for p in placed:
        if p.item.method in tally:
            tally[p.item.method][0 if p.standing.counts else 1 if p.standing.old else 2] += 1
    methods = tuple(MethodCount(m, *tally[m.id]) for m in policy.methods)
    known = portfolio_items(catalogue, session)
    needs: dict[tuple[tuple[str, ...], int], RuleNeed] = {}
    for designation in catalogue.designations:
        for rule in designation.rules:
            if rule.kind != "evidence":
                continue
            key = (rule.methods, rule.count or 1)
            if key in needs:  # the same rule for several designations: listed once
                found = needs[key]
                needs[key] = replace(found, designations=(*found.designations, designation.id))
                continue
            result = readiness.result(designation.id)
            gap = next(
                (g for g in (result.gaps if result else ())
                 if g.kind == "evidence" and g.methods == rule.methods and g.need == key[1]),
                None,
            )  # fmt: skip
            needs[key] = RuleNeed(
                (designation.id,),
                rule.methods,
                evidence_name(catalogue, rule),
                count_for_rule(rule.methods, rule.count or 1, known, policy, today),
                gap.message if gap else "",
            )
    return Portfolio(
        items=placed,
        methods=methods,
        unknown=tuple(p for p in placed if policy.method(p.item.method) is None),
        needs=tuple(needs.values()),
        undated=readiness.undated,
        hints=tuple(session_hints(session, policy, today)),
    )
