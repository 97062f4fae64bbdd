"""The quick readiness check's logic: which questions one designation needs, in what order,
and when the answers so far already settle the verdict.

Pure Python over the model; the prompts themselves live in `quick/prompts.py`.

A quick answer is yes or no. A "yes" records the scale's `demonstrated_from` level (with the
evidence note the scale may require); a "no" records the highest level below it. A portfolio
rule ("at least one case study") is asked as one question; a "yes" records an evidence item
dated today, for the candidate to correct in the app. Readiness is always decided by
`model.readiness`, so the verdict and its gap messages are the app's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from selfcheck.model.catalogue import (
    Catalogue,
    Competency,
    Condition,
    Designation,
    Requirement,
    Rule,
    Scale,
)
from selfcheck.model.development import window_text
from selfcheck.model.readiness import (
    competency_status,
    condition_gap,
    evidence_gap,
    evidence_name,
    rule_label,
)
from selfcheck.model.session import Answer, Session

State = Literal["met", "failed", "open"]
Verdict = Literal["ready", "not_ready", "open"]


@dataclass(frozen=True)
class Step:
    """One question: a competency, a requirement, or a portfolio rule (with its place among
    the designation's rules, which names it)."""

    competency: Competency | None = None
    requirement: Requirement | None = None
    evidence_rule: Rule | None = None
    rule_index: int = -1

    @property
    def key(self) -> tuple[str, str]:
        if self.competency is not None:
            return ("competency", self.competency.id)
        if self.evidence_rule is not None:
            return ("evidence", str(self.rule_index))
        assert self.requirement is not None
        return ("requirement", self.requirement.id)


def plan(catalogue: Catalogue, designation: Designation) -> tuple[Step, ...]:
    """Every question the designation's rules and conditions use, in asking order.

    Requirements come first: they are few, quick to answer, and a failed one settles the
    verdict before any competency is asked. A number whose threshold depends on another
    answer (experience by education) comes right after that answer. Portfolio rules come
    next, for the same reason.
    """
    steps: list[Step] = []
    seen: set[str] = set()

    def add_requirement(requirement_id: str | None) -> None:
        requirement = catalogue.requirement(requirement_id) if requirement_id else None
        if requirement is not None and requirement.id not in seen:
            seen.add(requirement.id)
            steps.append(Step(requirement=requirement))

    for condition in designation.conditions:
        add_requirement(condition.depends_on)
        add_requirement(condition.requirement)
    steps.extend(
        Step(evidence_rule=rule, rule_index=i)
        for i, rule in enumerate(designation.rules)
        if rule.kind == "evidence"
    )
    steps.extend(Step(competency=c) for c in catalogue.designation_competencies(designation))
    return tuple(steps)


def yes_level(scale: Scale) -> int:
    """The level a quick "yes" records: the one from which a competency counts."""
    return scale.demonstrated_from


def no_level(scale: Scale) -> int | None:
    """The level a quick "no" records: the highest below the bar (None if there is none)."""
    below = [v for v in scale.values if v < scale.demonstrated_from]
    return max(below) if below else None


def rule_need_text(catalogue: Catalogue, rule: Rule) -> str:
    """What a rule asks for, in a few words ("at least 6 of 12")."""
    if rule.kind == "evidence":
        return f"at least {rule.count or 1} {evidence_name(catalogue, rule)}"
    total = len(catalogue.rule_competencies(rule))
    if rule.count is None:
        return f"all {total}" if total != 1 else "this one"
    return f"at least {rule.count} of {total}"


@dataclass(frozen=True)
class RuleProgress:
    rule: Rule
    state: State
    #: Demonstrated so far.
    have: int
    #: Not asked yet.
    pending: int
    #: How many must be demonstrated (for "all": every applicable one seen so far + pending).
    need: int
    #: For an "all" rule that failed: the first competency that is not demonstrated.
    blocker: str = ""


def rule_progress(
    catalogue: Catalogue, rule: Rule, session: Session, pending: Iterable[str], today: date
) -> RuleProgress:
    """Where a rule stands, given the answers so far and the competencies not asked yet.
    A portfolio rule's own question is "pending" under the id `evidence:INDEX`."""
    waiting = set(pending)
    comps = catalogue.rule_competencies(rule)
    answered = [
        competency_status(catalogue, c, session.rating(c.id), today)
        for c in comps
        if c.id not in waiting
    ]
    open_count = sum(c.id in waiting for c in comps)
    applicable = [s for s in answered if s.state != "not_applicable"]
    have = sum(s.demonstrated for s in applicable)
    if rule.count is None:
        need = len(applicable) + open_count
        blocker = next((s.competency.id for s in applicable if not s.demonstrated), "")
        if blocker:
            return RuleProgress(rule, "failed", have, open_count, need, blocker)
        return RuleProgress(rule, "open" if open_count else "met", have, open_count, need)
    need = rule.count
    if have >= need:
        state: State = "met"
    elif have + open_count < need:
        state = "failed"
    else:
        state = "open"
    return RuleProgress(rule, state, have, open_count, need)


def condition_state(
    catalogue: Catalogue, condition: Condition, answers: Mapping[str, Answer]
) -> State:
    if condition.requirement not in answers:
        return "open"
    if condition.depends_on and condition.depends_on not in answers:
        return "open"
    return "met" if condition_gap(catalogue, condition, answers) is None else "failed"


@dataclass(frozen=True)
class Outlook:
    verdict: Verdict
    #: Why the verdict is settled (one line for the candidate), or "" while it is open.
    reason: str = ""


class QuickCheck:
    """The questions of one quick check and what has been answered so far."""

    def __init__(
        self, catalogue: Catalogue, designation: Designation, session: Session, today: date
    ):
        self.catalogue = catalogue
        self.designation = designation
        self.session = session
        #: The day the verdict is for (and the date portfolio answers are saved with).
        self.today = today
        self.steps = plan(catalogue, designation)
        self.asked: set[tuple[str, str]] = set()

    # --- recording answers ------------------------------------------------------------------

    def mark_asked(self, step: Step, session: Session) -> None:
        """Record that a step was answered, with the session that holds its answer."""
        self.asked.add(step.key)
        self.session = session

    @property
    def remaining(self) -> tuple[Step, ...]:
        """Steps not asked yet, in order."""
        return tuple(s for s in self.steps if s.key not in self.asked)

    def _pending_competencies(self) -> set[str]:
        return {s.competency.id for s in self.remaining if s.competency is not None}

    # --- where things stand ------------------------------------------------------------------

    def rules(self) -> list[RuleProgress]:
        pending = self._pending_competencies()
        return [
            self._portfolio_progress(i, rule)
            if rule.kind == "evidence"
            else rule_progress(self.catalogue, rule, self.session, pending, self.today)
            for i, rule in enumerate(self.designation.rules)
        ]

    def _portfolio_progress(self, index: int, rule: Rule) -> RuleProgress:
        """A portfolio rule: met by the items so far; failed once its question was answered."""
        gap = evidence_gap(self.catalogue, rule, self.session, self.today)
        need = rule.count or 1
        if gap is None:
            return RuleProgress(rule, "met", need, 0, need)
        asked = ("evidence", str(index)) in self.asked
        return RuleProgress(rule, "failed" if asked else "open", gap.have or 0, 0 if asked else 1,
                            need)  # fmt: skip

    def conditions(self) -> list[tuple[Condition, State]]:
        answers = self.session.requirements
        return [
            (c, condition_state(self.catalogue, c, answers)) for c in self.designation.conditions
        ]

    def outlook(self) -> Outlook:
        """Ready, not ready, or still open, from the answers so far."""
        rules = self.rules()
        conditions = self.conditions()
        for condition, state in conditions:
            if state == "failed":
                gap = condition_gap(self.catalogue, condition, self.session.requirements)
                return Outlook("not_ready", gap.message if gap else "")
        for progress in rules:
            if progress.state == "failed":
                return Outlook("not_ready", self._failed_rule_reason(progress))
        if all(p.state == "met" for p in rules) and all(s == "met" for _, s in conditions):
            return Outlook("ready", f"every rule for {self.designation.id} is met")
        return Outlook("open")

    def _failed_rule_reason(self, progress: RuleProgress) -> str:
        label = rule_label(self.catalogue, progress.rule)
        if progress.rule.kind == "evidence":
            gap = evidence_gap(self.catalogue, progress.rule, self.session, self.today)
            return gap.message if gap else label
        if progress.rule.count is None:
            need = rule_need_text(self.catalogue, progress.rule)
            return (
                f"{label}: {self.designation.id} needs {need}, "
                f"and {progress.blocker} is not demonstrated"
            )
        left = f"{progress.pending} left to ask" if progress.pending else "none left to ask"
        return (
            f"{label}: {progress.have} demonstrated and {left}, "
            f"but {self.designation.id} needs {progress.need}"
        )

    def _still_open(self) -> tuple[set[str], set[str]]:
        """(competency ids and portfolio keys `evidence:INDEX`, requirement ids) whose answers
        could still change the verdict."""
        rules = self.rules()
        competencies = {
            c.id
            for p in rules
            if p.state == "open"
            for c in self.catalogue.rule_competencies(p.rule)
        }
        competencies |= {
            f"evidence:{i}"
            for i, p in enumerate(rules)
            if p.state == "open" and p.rule.kind == "evidence"
        }
        requirements: set[str] = set()
        for condition, state in self.conditions():
            if state == "open":
                requirements.add(condition.requirement)
                if condition.depends_on:
                    requirements.add(condition.depends_on)
        return competencies, requirements

    @staticmethod
    def _matters(step: Step, still_open: tuple[set[str], set[str]]) -> bool:
        if step.competency is not None:
            return step.competency.id in still_open[0]
        if step.evidence_rule is not None:
            return f"evidence:{step.rule_index}" in still_open[0]
        assert step.requirement is not None
        return step.requirement.id in still_open[1]

    def next_step(self, everything: bool = False) -> Step | None:
        """The next question to ask: the next one that could change the verdict, or with
        `everything`, the next one not asked yet."""
        remaining = self.remaining
        if everything:
            return remaining[0] if remaining else None
        still_open = self._still_open()
        return next((s for s in remaining if self._matters(s, still_open)), None)

    def skippable_in(self, rule: Rule) -> int:
        """How many of a rule's competencies are not asked yet and no longer matter."""
        ids = {c.id for c in self.catalogue.rule_competencies(rule)}
        still_open = self._still_open()
        return sum(
            1
            for s in self.remaining
            if s.competency is not None
            and s.competency.id in ids
            and not self._matters(s, still_open)
        )


def self_reported_note(requirement: Requirement) -> str:
    """What the quick check says before asking a requirement the app computes from the
    development record: the answer typed here is the candidate's word, not the record's."""
    spec = requirement.from_activities
    if spec is not None:
        window = window_text(spec)
        rules = [f"dated {window}" if window else "",
                 "with a reflection" if spec.reflection_required else ""]  # fmt: skip
        which = " and ".join(r for r in rules if r)
        return (
            "Type your total: it is self-reported. In the app the total is added up from your "
            f"development log (activities {which})."
            if which
            else "Type your total: it is self-reported. In the app the total is added up from "
            "your development log."
        )
    if requirement.from_plan is not None:
        goals = requirement.from_plan.goals_at_least
        return (
            "Your answer is self-reported. In the app it is answered by your development plan "
            f"(at least {goals} goal{'s' if goals != 1 else ''})."
        )
    return ""
