"""The development record: an annual plan (goals, the competencies each develops, planned
actions) and a log of professional-development activities, and what can be computed from them
on a given day (hours in a window, hours per competency, which goals have activities).

The day is always passed in by the caller; nothing here reads a clock. Session keys
(`[plan]`, `[[plan.goals]]`, `[[activities]]`) are described in docs/development.md.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from selfcheck.model.numbers import number_text
from selfcheck.model.problems import KeyPath, Reader, describe

MAX_ACTIVITY_TITLE = 300
MAX_PERIOD = 100
#: Hours one activity may claim: more is a typing slip, not a course.
MAX_HOURS = 10_000
_GOAL_KEYS = ("competencies", "goal", "actions")
_PLAN_KEYS = ("period", "goals")
_ACTIVITY_KEYS = ("date", "title", "hours", "competencies", "reflection")


@dataclass(frozen=True)
class Goal:
    """One learning goal of the plan (`[[plan.goals]]`)."""

    #: The competencies it develops (catalogue ids).
    competencies: tuple[str, ...] = ()
    goal: str = ""
    #: The activities planned to reach it, as the candidate writes them.
    actions: str = ""
    #: Keys this version does not know, kept for the round trip.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "competencies": list(self.competencies),
            "goal": self.goal,
            "actions": self.actions,
        }
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class Plan:
    """The annual development plan (`[plan]`)."""

    #: Free text: the plan's year or span ("2026", "July 2026 to June 2027").
    period: str = ""
    goals: tuple[Goal, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.period or self.goals or self.extra)

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"period": self.period}
        out.update(self.extra)
        if self.goals:
            out["goals"] = [g.to_toml() for g in self.goals]
        return out


@dataclass(frozen=True)
class Activity:
    """One logged professional-development activity (`[[activities]]`)."""

    date: date
    title: str
    #: Kept as written (a whole number stays whole).
    hours: int | float
    competencies: tuple[str, ...] = ()
    #: One specific thing learned; an activity without one does not count where the
    #: catalogue requires reflections.
    reflection: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reflected(self) -> bool:
        return bool(self.reflection.strip())

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date,
            "title": self.title,
            "hours": self.hours,
            "competencies": list(self.competencies),
            "reflection": self.reflection,
        }
        out.update(self.extra)
        return out


# --- reading -----------------------------------------------------------------------------------


def read_plan(r: Reader, data: dict[str, Any]) -> Plan | None:
    """The session's `[plan]`, or None when it has none."""
    if "plan" not in data:
        return None
    raw = r.table(data["plan"], ("plan",))
    if raw is None:
        return None
    period = r.string(raw, "period", ("plan",), required=False, max_length=MAX_PERIOD)
    goals = []
    for i, g in enumerate(r.tables(raw, "goals", ("plan",))):
        where: KeyPath = ("plan", "goals", i)
        goal = r.string(g, "goal", where, max_length=10**6)
        goals.append(
            Goal(
                competencies=r.strings(g, "competencies", where),
                goal=goal,
                actions=r.string(g, "actions", where, required=False, max_length=10**6),
                extra={k: v for k, v in g.items() if k not in _GOAL_KEYS},
            )
        )
    return Plan(
        period=period,
        goals=tuple(goals),
        extra={k: v for k, v in raw.items() if k not in _PLAN_KEYS},
    )


def _hours(r: Reader, raw: dict[str, Any], where: KeyPath) -> int | float:
    value = raw.get("hours")
    if "hours" not in raw:
        r.report((*where, "hours"), "missing (a number of hours is required)")
    elif not isinstance(value, int | float) or type(value) is bool:
        r.report((*where, "hours"), f"expected a number of hours, found {describe(value)}")
    elif not 0 <= value <= MAX_HOURS:  # also refuses nan
        r.report((*where, "hours"), f"must be a number from 0 to {MAX_HOURS:,}, found {value}")
    else:
        return value
    return 0


def read_activities(r: Reader, data: dict[str, Any]) -> tuple[Activity, ...]:
    """The session's `[[activities]]`, every problem recorded against its key path."""
    out = []
    for i, raw in enumerate(r.tables(data, "activities", ())):
        where: KeyPath = ("activities", i)
        day = raw.get("date")
        if "date" not in raw:
            r.report((*where, "date"), "missing (a date such as 2026-03-14 is required)")
        elif type(day) is not date:  # a datetime is a date to isinstance
            r.report((*where, "date"), f"expected a date such as 2026-03-14, found {describe(day)}")
        title = r.string(raw, "title", where, max_length=MAX_ACTIVITY_TITLE)
        hours = _hours(r, raw, where)
        out.append(
            Activity(
                date=day if type(day) is date else date.min,
                title=title,
                hours=hours,
                competencies=r.strings(raw, "competencies", where),
                reflection=r.string(raw, "reflection", where, required=False, max_length=10**9),
                extra={k: v for k, v in raw.items() if k not in _ACTIVITY_KEYS},
            )
        )
    return tuple(out)


# --- computing from the log --------------------------------------------------------------------


@dataclass(frozen=True)
class ActivitySum:
    """A number requirement computed from the log (`from_activities = {...}`)."""

    #: What is summed; "hours" is the only measure so far.
    sum: str = "hours"
    #: Only activities dated within this many months before the day count (None: all).
    within_months: int | None = None
    #: Activities without a reflection do not count.
    reflection_required: bool = False


@dataclass(frozen=True)
class PlanGoals:
    """A yes/no requirement computed from the plan (`from_plan = { goals_at_least = N }`)."""

    goals_at_least: int = 1


def read_activity_sum(r: Reader, q: dict[str, Any], path: KeyPath, kind: str) -> ActivitySum | None:
    """A requirement's `from_activities` table, if it has one."""
    if "from_activities" not in q:
        return None
    where: KeyPath = (*path, "from_activities")
    raw = r.table(q["from_activities"], where) or {}
    r.unknown(raw, {"sum", "within_months", "reflection_required"}, where)
    if kind != "number":
        r.report(where, "only a number requirement can be computed from activities")
    measure = r.string(raw, "sum", where, required=False, default="hours")
    if measure != "hours":
        r.report((*where, "sum"), f'must be "hours", found {measure!r}')
    months = r.integer(raw, "within_months", where, required=False, default=0)
    if not 0 <= months <= 1_200:
        r.report((*where, "within_months"), "must be a number of months from 1 to 1,200")
        months = 0
    return ActivitySum(
        sum="hours",
        within_months=months or None,
        reflection_required=r.boolean(raw, "reflection_required", where),
    )


def read_plan_goals(r: Reader, q: dict[str, Any], path: KeyPath, kind: str) -> PlanGoals | None:
    """A requirement's `from_plan` table, if it has one."""
    if "from_plan" not in q:
        return None
    where: KeyPath = (*path, "from_plan")
    raw = r.table(q["from_plan"], where) or {}
    r.unknown(raw, {"goals_at_least"}, where)
    if kind != "yes_no":
        r.report(where, "only a yes/no requirement can be computed from the plan")
    goals = r.integer(raw, "goals_at_least", where, required=False, default=1)
    if goals < 1:
        r.report((*where, "goals_at_least"), "must be at least 1")
    return PlanGoals(goals_at_least=max(goals, 1))


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier; a day that month lacks falls back to its
    last (31 March less one month is the last day of February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def window_start(spec: ActivitySum, today: date) -> date | None:
    """The first day an activity may be dated to count (None when any date before today will)."""
    return months_before(today, spec.within_months) if spec.within_months else None


def window_text(spec: ActivitySum) -> str:
    """ "in the last 12 months", or "" when every activity counts whatever its date."""
    if not spec.within_months:
        return ""
    months = spec.within_months
    if months % 12 == 0 and months > 12:
        return f"in the last {months // 12} years"
    return f"in the last {months} month{'s' if months != 1 else ''}"


@dataclass(frozen=True)
class HoursTotal:
    """The log summed under a requirement's rule on one day."""

    #: Hours of the activities that count.
    hours: float
    counted: int
    #: In the window but without a reflection (where one is required): they do not count.
    unreflected: int
    unreflected_hours: float
    #: Dated before the window or after the day.
    outside: int


def in_window(activity: Activity, start: date | None, today: date) -> bool:
    """Dated from the window's first day (`start`; None: any day) up to and including today."""
    return activity.date <= today and (start is None or activity.date >= start)


def hours_total(activities: Iterable[Activity], spec: ActivitySum, today: date) -> HoursTotal:
    """Sum the activities that count on `today`: dated in the window (the window's first day
    and today included) and, where required, with a reflection."""
    hours = unreflected_hours = 0.0
    counted = unreflected = outside = 0
    start = window_start(spec, today)
    for activity in activities:
        if not in_window(activity, start, today):
            outside += 1
        elif spec.reflection_required and not activity.reflected:
            unreflected += 1
            unreflected_hours += activity.hours
        else:
            counted += 1
            hours += activity.hours
    return HoursTotal(hours, counted, unreflected, unreflected_hours, outside)


def total_text(total: HoursTotal, spec: ActivitySum, need: float | None) -> str:
    """The running total as a sentence: "32 of 40 hours in the last 12 months; 2 activities
    have no reflection and do not count"."""
    of = f" of {number_text(need)}" if need is not None else ""
    window = window_text(spec)
    text = f"{number_text(total.hours)}{of} hours" + (f" {window}" if window else "")
    if total.unreflected:
        text += f"; {unreflected_text(total)}"
    return text


def unreflected_text(total: HoursTotal) -> str:
    """ "2 activities have no reflection and do not count" ("" when none lack one)."""
    if not total.unreflected:
        return ""
    many = total.unreflected != 1
    return (
        f"{total.unreflected} {'activities have' if many else 'activity has'} no reflection "
        f"and {'do' if many else 'does'} not count"
    )


def hours_by_competency(
    activities: Iterable[Activity], spec: ActivitySum, today: date
) -> dict[str, float]:
    """Hours per competency over the activities that count (an activity developing two
    competencies adds its hours to each), largest first."""
    out: dict[str, float] = {}
    start = window_start(spec, today)
    for activity in activities:
        if not in_window(activity, start, today):
            continue
        if spec.reflection_required and not activity.reflected:
            continue
        for cid in dict.fromkeys(activity.competencies):
            out[cid] = out.get(cid, 0.0) + activity.hours
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


@dataclass(frozen=True)
class GoalProgress:
    """One goal and the logged activities that develop any of its competencies."""

    goal: Goal
    activities: tuple[Activity, ...]

    @property
    def hours(self) -> float:
        return float(sum(a.hours for a in self.activities))


def plan_vs_actual(plan: Plan | None, activities: Iterable[Activity]) -> tuple[GoalProgress, ...]:
    """Which goals have activities: each goal with the activities that share a competency."""
    if plan is None:
        return ()
    logged = tuple(activities)
    return tuple(
        GoalProgress(g, tuple(a for a in logged if set(a.competencies) & set(g.competencies)))
        for g in plan.goals
    )


def goals_with_text(plan: Plan | None) -> int:
    """Goals that say something: a blank goal left by an unfinished form does not count."""
    return sum(bool(g.goal.strip()) for g in plan.goals) if plan else 0


def log_order(activities: Sequence[Activity]) -> list[int]:
    """Positions of the activities, newest first; the order written breaks ties."""
    return sorted(range(len(activities)), key=lambda n: (-activities[n].date.toordinal(), n))


def sorted_log(activities: Iterable[Activity]) -> tuple[Activity, ...]:
    """The activities newest first; the order written breaks ties."""
    listed = tuple(activities)
    return tuple(listed[n] for n in log_order(listed))
