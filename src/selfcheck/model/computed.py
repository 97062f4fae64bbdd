"""Requirements computed from the session's own record (hours from the activity log, a plan's
goals, raters' forms): a requirement the catalogue computes takes its value from the record
when the session has one for it; otherwise the typed answer is used and the verdict marks it
self-reported. Each source is one small function, tried in turn by `computed_answer`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from selfcheck.model.catalogue import (
    Catalogue,
    Requirement,
)
from selfcheck.model.development import (
    goals_with_text,
    hours_total,
    unreflected_text,
    window_text,
)
from selfcheck.model.feedback_summary import feedback_answer
from selfcheck.model.session import Answer, Session
from selfcheck.model.wording import (
    amount,
)

# A requirement the catalogue computes takes its value from the session's own record when the
# session has one for it; otherwise the typed answer is used and the verdict marks it
# self-reported. Each source is one small function below, tried in turn by `computed_answer`.


@dataclass(frozen=True)
class Computed:
    """A requirement's value computed from the session's record, and how it was reached."""

    value: Answer
    #: What was found, as a phrase after the requirement's name ("32 hours in the last 12
    #: months, from your log").
    detail: str
    #: For a yes/no: what would make it yes ("at least 1 goal").
    need: str = ""
    #: What the candidate may not expect to be left out ("2 activities have no reflection
    #: and do not count").
    caveat: str = ""


def _from_activities(requirement: Requirement, session: Session, today: date) -> Computed | None:
    spec = requirement.from_activities
    if spec is None or not session.activities:
        return None
    total = hours_total(session.activities, spec, today)
    window = window_text(spec)
    shown = amount(total.hours, requirement.unit, requirement.unit_one)
    detail = shown + (f" {window}" if window else "") + " (from your log)"
    hours: Answer = int(total.hours) if total.hours.is_integer() else total.hours
    return Computed(hours, detail, caveat=unreflected_text(total))


def _from_plan(requirement: Requirement, session: Session, today: date) -> Computed | None:
    spec = requirement.from_plan
    if spec is None or session.plan is None:
        return None
    goals = goals_with_text(session.plan)
    need = f"at least {spec.goals_at_least} goal{'s' if spec.goals_at_least != 1 else ''}"
    detail = f"your plan has {goals or 'no'} goal{'s' if goals != 1 else ''}"
    return Computed(goals >= spec.goals_at_least, detail, need)


def _from_feedback(requirement: Requirement, session: Session, today: date) -> Computed | None:
    spec = requirement.from_feedback
    if spec is None or not session.feedback:
        return None
    found = feedback_answer(spec, session.feedback, today)
    detail = found.detail + (f"; {found.caveat}" if found.caveat else "")
    return Computed(found.met, detail, found.need)


_SOURCES = (_from_activities, _from_plan, _from_feedback)


def computed_answer(requirement: Requirement, session: Session, today: date) -> Computed | None:
    """The value a computed requirement takes from the session's record on `today`, or None
    when it is not computed or the session has no record for it (the typed answer is used)."""
    for source in _SOURCES:
        found = source(requirement, session, today)
        if found is not None:
            return found
    return None


def computed_answers(catalogue: Catalogue, session: Session, today: date) -> dict[str, Computed]:
    """Every requirement value the session's record gives, by requirement id."""
    out = {}
    for requirement in catalogue.requirements:
        if requirement.computed and (found := computed_answer(requirement, session, today)):
            out[requirement.id] = found
    return out
