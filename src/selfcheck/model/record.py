"""A session's development record as a whole, on the verdict's day: the running total against
the hours requirement, hours per competency, plan vs actual, suggested focus areas and the
milestones' due dates.

One summary for the app's Development tab and every report format, built from a `Readiness`
so the day and the verdict are the same ones everything else shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from selfcheck.model.catalogue import Catalogue, Competency, Designation, Requirement
from selfcheck.model.development import (
    Activity,
    ActivitySum,
    GoalProgress,
    HoursTotal,
    hours_by_competency,
    hours_total,
    plan_vs_actual,
    sorted_log,
    total_text,
)
from selfcheck.model.milestones import MilestoneState, schedule
from selfcheck.model.readiness import Readiness
from selfcheck.model.session import Session

#: How many focus areas are suggested: most managers work on two or three a year.
FOCUS_SUGGESTIONS = 3


@dataclass(frozen=True)
class HoursStanding:
    """The log against a requirement computed from it."""

    requirement: Requirement
    spec: ActivitySum
    total: HoursTotal
    #: The hours the target designation (or, without one, any designation) asks for.
    need: float | None

    @property
    def text(self) -> str:
        """ "32 of 40 hours in the last 12 months; 2 activities have no reflection and do not
        count"."""
        return total_text(self.total, self.spec, self.need)

    @property
    def met(self) -> bool:
        return self.need is None or self.total.hours >= self.need


@dataclass(frozen=True)
class Focus:
    """A competency suggested as a focus area, and why."""

    competency: Competency
    why: str
    #: A goal of the plan already develops it.
    planned: bool


@dataclass(frozen=True)
class Record:
    #: Newest first.
    log: tuple[Activity, ...]
    hours: HoursStanding | None
    #: Hours per competency over the activities that count (all activities when the catalogue
    #: computes nothing from the log).
    by_competency: dict[str, float]
    goals: tuple[GoalProgress, ...]
    focus: tuple[Focus, ...]
    milestones: tuple[MilestoneState, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.log or self.goals or any(m.recorded for m in self.milestones))


def hours_requirement(catalogue: Catalogue) -> Requirement | None:
    """The requirement computed from the activity log, if the catalogue has one."""
    return next((q for q in catalogue.requirements if q.from_activities is not None), None)


def hours_needed(
    catalogue: Catalogue, requirement: Requirement, target: str | None
) -> float | None:
    """The hours a designation asks for: the target's, or else the most any designation asks."""

    def needs(designations: Iterable[Designation]) -> list[float]:
        return [
            c.at_least
            for d in designations
            for c in d.conditions
            if c.requirement == requirement.id and c.at_least is not None
        ]

    found = needs(d for d in catalogue.designations if d.id == target) or needs(
        catalogue.designations
    )
    return max(found) if found else None


def build_record(session: Session, readiness: Readiness) -> Record:
    catalogue, today = readiness.catalogue, readiness.today
    requirement = hours_requirement(catalogue)
    spec = requirement.from_activities if requirement else None
    standing = None
    if requirement is not None and spec is not None:
        standing = HoursStanding(
            requirement,
            spec,
            hours_total(session.activities, spec, today),
            hours_needed(catalogue, requirement, session.target),
        )
    return Record(
        log=sorted_log(session.activities),
        hours=standing,
        by_competency=hours_by_competency(session.activities, spec or ActivitySum(), today),
        goals=plan_vs_actual(session.plan, session.activities),
        focus=suggest_focus(session, readiness),
        milestones=schedule(catalogue.milestones, session.milestones, today),
    )


def suggest_focus(
    session: Session, readiness: Readiness, limit: int = FOCUS_SUGGESTIONS
) -> tuple[Focus, ...]:
    """Competencies to build the plan from: those keeping the target (or the next designation)
    from being ready first, then the lowest rated. Unrated ones are left out: rate first."""
    blocking = _blocking(readiness, session.target)
    planned = {cid for g in (session.plan.goals if session.plan else ()) for cid in g.competencies}
    top = max(readiness.catalogue.scale.values)
    candidates = []
    for cid, status in readiness.statuses.items():
        level = status.rating.level
        if status.state in ("unrated", "not_applicable") or level is None:
            continue
        if cid in blocking and not status.demonstrated:
            why, rank = f"{status.reason}; needed for {blocking[cid]}", 0
        elif level < top:
            label = readiness.catalogue.scale.level(level)
            why, rank = f"rated {level}" + (f" ({label.label})" if label else ""), 1
        else:
            continue
        candidates.append((rank, level, status.competency, why, cid in planned))
    candidates.sort(key=lambda c: (c[0], c[1]))
    return tuple(Focus(comp, why, planned) for _, _, comp, why, planned in candidates[:limit])


def _blocking(readiness: Readiness, target: str | None) -> dict[str, str]:
    """Competencies in a rule with a gap, for the target or else the lowest designation not
    yet ready: competency id -> the designation's title."""
    catalogue = readiness.catalogue
    open_results = [r for r in readiness.results if not r.ready]
    chosen = [r for r in open_results if r.designation.id == target] or open_results[:1]
    out: dict[str, str] = {}
    for result in chosen:
        for rule in result.designation.rules:
            statuses = [readiness.statuses[c.id] for c in catalogue.rule_competencies(rule)]
            applicable = [s for s in statuses if s.state != "not_applicable"]
            need = len(applicable) if rule.count is None else rule.count
            if sum(s.demonstrated for s in applicable) >= need:
                continue  # this rule holds: its other competencies block nothing
            for status in applicable:
                out.setdefault(status.competency.id, result.designation.title)
    return out
