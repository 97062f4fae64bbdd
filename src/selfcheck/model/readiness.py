"""Readiness: which competencies are demonstrated, which designations are ready, and the gaps.

Gap messages are written for the candidate: each names what is missing and what would fix it,
and says when the rule behind it is not confirmed by a source. `model.verdicts` words the
result for every front end and report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from selfcheck.model.catalogue import (
    Catalogue,
    Competency,
    Condition,
    Designation,
    Rule,
)
from selfcheck.model.computed import Computed, computed_answers
from selfcheck.model.evidence import EvidenceItem, count_for_rule, methods_text, standing
from selfcheck.model.session import Answer, Rating, Session, display_title
from selfcheck.model.wording import (
    TITLE_IN_GAP,
    UNVERIFIED_MARK,
    amount,
    caveat_text,
    out_of_bounds,
    vocabulary,
)

CompetencyState = Literal[
    "unrated", "rated", "missing_evidence", "incomplete", "demonstrated", "not_applicable"
]
#: How many competencies a gap message names before it says "and N more".
NAMED_IN_GAP = 6


@dataclass(frozen=True)
class CompetencyStatus:
    competency: Competency
    rating: Rating
    state: CompetencyState
    #: Why it is not demonstrated, as a phrase after its id ("is rated 2 (needs 3)").
    reason: str = ""
    #: Its evidence items that count on the verdict's day.
    counting_items: int = 0
    #: Demonstrated by a note alone where the catalogue has an evidence window: it counts,
    #: but nothing shows the evidence is recent (a caveat, not a gap).
    undated: bool = False

    @property
    def demonstrated(self) -> bool:
        return self.state == "demonstrated"

    @property
    def has_evidence(self) -> bool:
        return bool(self.rating.evidence.strip()) or self.counting_items > 0


@dataclass(frozen=True)
class Gap:
    kind: Literal["competencies", "requirement", "evidence"]
    message: str
    area: str | None = None
    have: int | None = None
    need: int | None = None
    requirement: str | None = None
    #: False when no source confirms the rule behind this gap (the message says so too).
    verified: bool = True
    #: The catalogue's note on that rule.
    note: str = ""
    #: For an "evidence" gap: the methods the missing items may have.
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesignationResult:
    designation: Designation
    gaps: tuple[Gap, ...]
    #: What this designation's verdict rests on that no source confirms ("" when nothing).
    unconfirmed: str = ""

    @property
    def ready(self) -> bool:
        return not self.gaps

    @property
    def verified(self) -> bool:
        return not self.unconfirmed


@dataclass(frozen=True)
class Readiness:
    catalogue: Catalogue
    #: Every designation's verdict, in rank order (lowest first).
    results: tuple[DesignationResult, ...]
    statuses: dict[str, CompetencyStatus]
    #: The day the verdict is for: evidence windows count back from it.
    today: date
    #: Requirement values computed from the session's record, by requirement id.
    computed: Mapping[str, Computed] = field(default_factory=dict)
    #: Computed requirements answered by a typed value because the session has no record
    #: for them: the verdict rests on the candidate's word.
    self_reported: tuple[str, ...] = ()

    @property
    def ready_for(self) -> tuple[Designation, ...]:
        return tuple(r.designation for r in self.results if r.ready)

    @property
    def highest_ready(self) -> Designation | None:
        """The top ready designation of a ladder, when every ready designation lies on that
        one ladder; None when nothing is ready or ready designations are parallel (then no
        one of them is "higher", and `ready_for` lists them all)."""
        ready = self.ready_for
        if not ready:
            return None
        ladder = self.catalogue.ladder_of(ready[0].id)
        if ladder is None or any(d.id not in ladder for d in ready):
            return None
        return ready[-1]

    def result(self, designation_id: str) -> DesignationResult | None:
        return next((r for r in self.results if r.designation.id == designation_id), None)

    def area_progress(self, area_id: str) -> tuple[int, int]:
        """(demonstrated, applicable) competencies in one area."""
        area = self.catalogue.area(area_id)
        if area is None:
            return 0, 0
        states = [self.statuses[c.id].state for c in area.competencies]
        applicable = [s for s in states if s != "not_applicable"]
        return sum(s == "demonstrated" for s in applicable), len(applicable)

    @property
    def undated(self) -> tuple[str, ...]:
        """Competencies that count on a note with no dated item (where dates matter)."""
        return tuple(cid for cid, s in self.statuses.items() if s.undated)

    @property
    def counts(self) -> dict[str, int]:
        """How many competencies are in each state (for summaries)."""
        out = {"total": len(self.statuses), "rated": 0, "demonstrated": 0, "not_applicable": 0}
        for status in self.statuses.values():
            if status.state != "unrated":
                out["rated"] += 1
            if status.state in ("demonstrated", "not_applicable"):
                out[status.state] += 1
        return out


def competency_status(
    catalogue: Catalogue, competency: Competency, rating: Rating, today: date
) -> CompetencyStatus:
    """Whether one competency is demonstrated on `today`, and if not, why."""
    scale = catalogue.scale
    if rating.not_applicable and competency.not_applicable_allowed:
        return CompetencyStatus(competency, rating, "not_applicable")
    if rating.level is None:
        unrated = vocabulary(catalogue).unrated
        return CompetencyStatus(competency, rating, "unrated", f"is {unrated}")
    if rating.level < scale.demonstrated_from:
        shown = _level_name(catalogue, rating.level)
        need = _level_name(catalogue, scale.demonstrated_from)
        reason = vocabulary(catalogue).below_bar(shown, need)
        return CompetencyStatus(competency, rating, "rated", reason)
    if competency.user_defined and not rating.title.strip():
        return CompetencyStatus(competency, rating, "incomplete", "has no title")
    if competency.user_defined and not rating.rationale.strip():
        return CompetencyStatus(competency, rating, "incomplete", "has no rationale")
    counting, why_not = _item_evidence(catalogue, rating, today)
    has_note = bool(rating.evidence.strip())
    if scale.evidence_required and not has_note and not counting:
        return CompetencyStatus(competency, rating, "missing_evidence", why_not)
    undated = has_note and not counting and catalogue.recency_years is not None
    return CompetencyStatus(
        competency, rating, "demonstrated", counting_items=counting, undated=undated
    )


def _item_evidence(catalogue: Catalogue, rating: Rating, today: date) -> tuple[int, str]:
    """(how many of a rating's items count today, why there is no evidence when none do)."""
    if not rating.items:
        return 0, "has no evidence"
    found = [standing(item, catalogue.evidence, today) for item in rating.items]
    counting = sum(s.counts for s in found)
    if counting:
        return counting, ""
    if all(s.old for s in found):
        return 0, f"has only evidence older than {catalogue.recency_years} years"
    first = found[0]
    return 0, f"has no evidence that counts (its first item {first.why_not})"


def _level_name(catalogue: Catalogue, value: int) -> str:
    # A numeric scale reads best as numbers; a checklist's answer as its label (No); any
    # other scale as its quoted label.
    if (
        catalogue.scale.values == tuple(range(len(catalogue.scale.levels)))
        and len(catalogue.scale.levels) > 2
    ):
        return str(value)
    level = catalogue.scale.level(value)
    if level is None:
        return str(value)
    return level.label if vocabulary(catalogue).checklist else f'"{level.label}"'


def assess(catalogue: Catalogue, session: Session, today: date) -> Readiness:
    """Readiness of a session against its catalogue on `today` (the caller's clock decides
    the day; evidence windows count back from it). Never trusts a saved summary."""
    statuses = {
        c.id: competency_status(catalogue, c, session.rating(c.id), today)
        for c in catalogue.competencies
    }
    portfolio_gap = _PortfolioGaps(catalogue, session, today)
    computed = computed_answers(catalogue, session, today)
    results = tuple(
        DesignationResult(
            d,
            _designation_gaps(catalogue, d, session, statuses, portfolio_gap, computed),
            _unconfirmed(catalogue, d),
        )
        for d in catalogue.designations
    )
    used = {c.requirement for d in catalogue.designations for c in d.conditions}
    self_reported = tuple(
        q.id
        for q in catalogue.requirements
        if q.computed and q.id not in computed and q.id in used and q.id in session.requirements
    )
    return Readiness(catalogue, results, statuses, today, computed, self_reported)


class _PortfolioGaps:
    """The gap of each portfolio rule for one verdict, worked out once: designations usually
    share them (every ICCI application needs the same three), and each counts every item."""

    def __init__(self, catalogue: Catalogue, session: Session, today: date) -> None:
        self.catalogue, self.session, self.today = catalogue, session, today
        self.items = portfolio_items(catalogue, session)
        self._found: dict[Rule, Gap | None] = {}

    def __call__(self, rule: Rule) -> Gap | None:
        if rule not in self._found:
            self._found[rule] = evidence_gap(
                self.catalogue, rule, self.session, self.today, self.items
            )
        return self._found[rule]


def _designation_gaps(
    catalogue: Catalogue,
    designation: Designation,
    session: Session,
    statuses: dict[str, CompetencyStatus],
    portfolio_gap: _PortfolioGaps,
    computed: Mapping[str, Computed],
) -> tuple[Gap, ...]:
    gaps: list[Gap] = []
    covered = applies = False
    for rule in designation.rules:
        if rule.kind == "evidence":
            gap = portfolio_gap(rule)
        else:
            counted = [statuses[c.id] for c in catalogue.rule_competencies(rule)]
            covered = covered or bool(counted)
            applies = applies or any(s.state != "not_applicable" for s in counted)
            gap = _rule_gap(catalogue, rule, counted)
        if gap:
            gaps.append(gap)
    if covered and not applies:
        gaps.append(_nothing_applies(catalogue, designation))
    for condition in designation.conditions:
        gap = condition_gap(catalogue, condition, session.requirements, computed)
        if gap:
            gaps.append(gap)
    return tuple(gaps)


def _nothing_applies(catalogue: Catalogue, designation: Designation) -> Gap:
    """The gap of a designation whose rules would hold only because everything they cover is
    N/A: N/A leaves an item out of a count, it does not meet it."""
    words = vocabulary(catalogue)
    rules = designation.rules
    label = rule_label(catalogue, rules[0]) if len(rules) == 1 else words.everything
    verified = all(rule.verified for rule in rules)
    message = _marked(f"{label}: {words.all_not_applicable}", verified)
    return Gap("competencies", message, have=0, need=1, verified=verified)


def unconfirmed_rules(catalogue: Catalogue, designation: Designation) -> list[str]:
    """The names of the designation's rules and requirements that no source confirms."""
    labels = [rule_label(catalogue, rule) for rule in designation.rules if not rule.verified]
    for condition in designation.conditions:
        requirement = catalogue.requirement(condition.requirement)
        if requirement is not None and not (condition.verified and requirement.verified):
            labels.append(requirement.label)
    return list(dict.fromkeys(labels))


def _unconfirmed(catalogue: Catalogue, designation: Designation) -> str:
    total = len(designation.rules) + len(designation.conditions)
    return caveat_text(unconfirmed_rules(catalogue, designation), total)


def _marked(message: str, verified: bool) -> str:
    return message if verified else f"{message} {UNVERIFIED_MARK}"


def rule_label(catalogue: Catalogue, rule: Rule) -> str:
    """How a rule is named in gap messages: its own title, or its area's ("Core
    competencies")."""
    if rule.title:
        return rule.title
    if rule.kind == "evidence":
        return "Portfolio"
    if rule.kind == "list":
        # Named from one area (ICMI's Operations Manager items): say which area.
        areas = {c.area for c in catalogue.rule_competencies(rule)}
        area = catalogue.area(areas.pop()) if len(areas) == 1 else None
        return f"{area.title} (named competencies)" if area else "Named competencies"
    if rule.area is None:
        return vocabulary(catalogue).everything
    area = catalogue.area(rule.area)
    return area.title if area else rule.area


def _rule_gap(catalogue: Catalogue, rule: Rule, counted: list[CompetencyStatus]) -> Gap | None:
    """The gap a rule leaves, given the statuses of the competencies it counts over."""
    applicable = [s for s in counted if s.state != "not_applicable"]
    have = sum(s.demonstrated for s in applicable)
    need = len(applicable) if rule.count is None else rule.count
    if have >= need:
        return None
    missing = [s for s in applicable if not s.demonstrated]
    words = vocabulary(catalogue)
    message = _marked(
        f"{rule_label(catalogue, rule)}: {words.tally(have, need)}; "
        f"{_describe(missing, words.unrated)}",
        rule.verified,
    )
    return Gap(
        "competencies", message, area=rule.area, have=have, need=need,
        verified=rule.verified, note=rule.note,
    )  # fmt: skip


def evidence_name(catalogue: Catalogue, rule: Rule) -> str:
    """What one item a portfolio rule counts is called, with its methods: "case study (D)"."""
    name = rule.name
    if not name:
        method = catalogue.evidence.method(rule.methods[0]) if len(rule.methods) == 1 else None
        name = method.label.lower() if method else "item"
    return f"{name} ({methods_text(rule.methods)})"


def portfolio_items(catalogue: Catalogue, session: Session) -> list[EvidenceItem]:
    """Every item a portfolio rule counts: those under the competencies the catalogue knows."""
    return [
        item
        for cid, rating in session.ratings.items()
        if rating.items and catalogue.competency(cid) is not None
        for item in rating.items
    ]


def evidence_gap(
    catalogue: Catalogue,
    rule: Rule,
    session: Session,
    today: date,
    items: list[EvidenceItem] | None = None,
) -> Gap | None:
    """The gap a portfolio rule leaves on `today`, or None when enough items count.

    Items under every competency the catalogue knows are counted, whatever the rating
    (`items`: those already collected by `portfolio_items`).
    """
    if items is None:
        items = portfolio_items(catalogue, session)
    need = rule.count or 1
    found = count_for_rule(rule.methods, need, items, catalogue.evidence, today)
    if found.have >= need:
        return None
    what = evidence_name(catalogue, rule)
    window = catalogue.recency_years
    since = f" from the past {window} years" if window else ""
    if found.have == 0 and need == 1:
        text = f"no {what}{since} yet"
    else:
        text = f"{what}: {found.have} of {need}{since}"
    if found.misses:
        more = f" (+{len(found.misses) - 2} more)" if len(found.misses) > 2 else ""
        text += "; " + "; ".join(found.misses[:2]) + more
    return Gap(
        "evidence", f"{rule_label(catalogue, rule)}: {text}", have=found.have, need=need,
        methods=rule.methods,
    )  # fmt: skip


def _describe(missing: list[CompetencyStatus], unrated_words: str) -> str:
    """Name what keeps competencies from counting: started ones first, with their short
    titles, then unrated ones as a compact list of ids."""
    started = [s for s in missing if s.state != "unrated"]
    unrated = [s for s in missing if s.state == "unrated"]
    parts = [f"{_named(s)} {s.reason}" for s in started[:NAMED_IN_GAP]]
    if len(started) > NAMED_IN_GAP:
        parts.append(f"{len(started) - NAMED_IN_GAP} more below the bar")
    if unrated:
        ids = ", ".join(s.competency.id for s in unrated[:NAMED_IN_GAP])
        more = f", +{len(unrated) - NAMED_IN_GAP}" if len(unrated) > NAMED_IN_GAP else ""
        parts.append(f"{len(unrated)} {unrated_words} ({ids}{more})")
    return ", ".join(parts)


def _named(status: CompetencyStatus) -> str:
    """A competency's id and short title ("2.4 Strategic planning"); for "Other", the title
    the candidate gave it."""
    competency = status.competency
    title = display_title(competency, status.rating).strip()
    if len(title) > TITLE_IN_GAP:
        title = title[: TITLE_IN_GAP - 1] + "…"
    return f"{competency.id} {title}"


def condition_gap(
    catalogue: Catalogue,
    condition: Condition,
    answers: Mapping[str, Answer],
    computed: Mapping[str, Computed] | None = None,
) -> Gap | None:
    """The gap one requirement condition leaves, or None when it holds.

    A value in `computed` (from the session's record) is used in place of the typed answer;
    a typed answer to a requirement the catalogue computes is marked self-reported."""
    requirement = catalogue.requirement(condition.requirement)
    if requirement is None:  # catalogue validation prevents this
        return None
    label = requirement.label
    found = (computed or {}).get(requirement.id)
    answer = found.value if found else answers.get(requirement.id)
    said = " (self-reported)" if requirement.computed and found is None else ""

    def gap(text: str) -> Gap:
        verified = condition.verified and requirement.verified
        step = f" — {requirement.next_step}" if requirement.next_step else ""
        message = _marked(f"{label}: {text}{step}", verified)
        return Gap(
            "requirement", message, requirement=requirement.id,
            verified=verified, note=condition.note,
        )  # fmt: skip

    if requirement.kind == "yes_no":
        wanted = True if condition.equals is None else condition.equals
        if found is not None:
            return None if answer is wanted else gap(f"{found.detail} (needs {found.need})")
        if type(answer) is not bool:
            return gap(f"not answered yet (needs {'yes' if wanted else 'no'})")
        if answer is wanted:
            return None
        unmet = f"answered {'yes' if answer else 'no'}{said}, needs {'yes' if wanted else 'no'}"
        return gap(requirement.when_unmet or unmet)

    if requirement.kind == "choice":
        labels = [c.label for c in requirement.choices if c.id in condition.one_of]
        if type(answer) is not str:
            return gap(f"not answered yet (needs {' or '.join(labels)})")
        if answer in condition.one_of:
            return None
        chosen = requirement.choice(answer)
        return gap(
            f"{chosen.label if chosen else answer} does not qualify (needs {' or '.join(labels)})"
        )

    # A number, with a fixed threshold or one picked by another answer.
    at_least, more_than, basis_text = condition.at_least, condition.more_than, ""
    if condition.depends_on:
        basis = catalogue.requirement(condition.depends_on)
        choice_id = answers.get(condition.depends_on)
        basis_label = basis.label if basis else condition.depends_on
        if type(choice_id) is not str or (basis and basis.choice(choice_id) is None):
            return gap(f"answer “{basis_label}” first: the number needed depends on it")
        at_least = condition.at_least_by.get(choice_id, at_least)
        more_than = condition.more_than_by.get(choice_id, more_than)
        chosen = basis.choice(choice_id) if basis else None
        basis_text = f" ({basis_label}: {chosen.label if chosen else choice_id})"

    def shown(value: float) -> str:
        return amount(value, requirement.unit, requirement.unit_one)

    if at_least is not None:
        need_text = f"at least {shown(at_least)}{basis_text}"
    else:
        need_text = f"more than {shown(more_than or 0)}{basis_text}"
    if type(answer) not in (int, float):
        return gap(f"not answered yet (needs {need_text})")
    assert isinstance(answer, int | float)
    outside = out_of_bounds(requirement, answer)
    if outside:
        return gap(f"{shown(answer)} is {outside}, so it is not counted (needs {need_text})")
    if (at_least is not None and answer < at_least) or (
        more_than is not None and answer <= more_than
    ):
        if found is not None:
            caveat = f"; {found.caveat}" if found.caveat else ""
            return gap(f"{found.detail}, needs {need_text}{caveat}")
        return gap(f"{shown(answer)}{said}, needs {need_text}")
    return None


def reassess_typing(
    previous: Readiness, session: Session, changed: Iterable[str], today: date
) -> Readiness:
    """Readiness on `today` after text was typed into `changed` competencies. Typing rarely
    changes a verdict: when each keeps its state, reason and dating, only their statuses are
    redone (a long catalogue would otherwise lag at every keystroke); otherwise, or on
    another day, everything is."""
    catalogue = previous.catalogue
    if today != previous.today:
        return assess(catalogue, session, today)
    statuses = dict(previous.statuses)
    for cid in changed:
        competency = catalogue.competency(cid)
        before = previous.statuses.get(cid)
        if competency is None or before is None:
            return assess(catalogue, session, today)
        status = competency_status(catalogue, competency, session.rating(cid), today)
        if (status.state, status.reason, status.undated) != (
            before.state, before.reason, before.undated
        ):  # fmt: skip
            return assess(catalogue, session, today)
        statuses[cid] = status
    return replace(previous, statuses=statuses)
