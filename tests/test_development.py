"""The development record: hours in a window, reflections, the plan, computed requirements,
and business-day arithmetic."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.model.development import (
    Activity,
    ActivitySum,
    Goal,
    Plan,
    hours_by_competency,
    hours_total,
    months_before,
    plan_vs_actual,
    sorted_log,
    total_text,
)
from selfcheck.model.milestones import (
    Milestone,
    add_business_days,
    business_days_between,
    schedule,
)
from selfcheck.model.problems import InvalidDocument
from selfcheck.model.readiness import assess
from selfcheck.model.session import Session, new_session
from tests.conftest import SHIPPED

TODAY = date(2026, 11, 30)
ICMA_RULE = ActivitySum(within_months=12, reflection_required=True)


def activity(day: date, hours: float = 6, reflection: str = "Learned X.", *comps: str) -> Activity:
    return Activity(day, f"Course on {day}", hours, comps or ("12",), reflection)


# --- the window ------------------------------------------------------------------------------


def test_window_first_day_counts_and_the_day_before_does_not() -> None:
    first = date(2025, 11, 30)  # twelve months before TODAY
    assert hours_total([activity(first)], ICMA_RULE, TODAY).hours == 6
    before = hours_total([activity(first - timedelta(days=1))], ICMA_RULE, TODAY)
    assert (before.hours, before.outside) == (0, 1)


def test_today_counts_and_tomorrow_does_not() -> None:
    assert hours_total([activity(TODAY)], ICMA_RULE, TODAY).counted == 1
    tomorrow = hours_total([activity(TODAY + timedelta(days=1))], ICMA_RULE, TODAY)
    assert (tomorrow.counted, tomorrow.outside) == (0, 1)


def test_months_before_falls_back_to_the_last_day_of_a_short_month() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_no_window_counts_every_past_activity() -> None:
    old = activity(date(2001, 1, 1))
    assert hours_total([old], ActivitySum(), TODAY).hours == 6


# --- reflections ---------------------------------------------------------------------------


def test_activities_without_reflection_do_not_count_where_required() -> None:
    log = [activity(date(2026, 3, 1), 30), activity(date(2026, 4, 1), 2, "  "),
           activity(date(2026, 5, 1), 3, ""), activity(date(2026, 6, 1), 2)]  # fmt: skip
    total = hours_total(log, ICMA_RULE, TODAY)
    assert (total.hours, total.counted, total.unreflected, total.unreflected_hours) == (
        32, 2, 2, 5,
    )  # fmt: skip
    assert total_text(total, ICMA_RULE, 40) == (
        "32 of 40 hours in the last 12 months; 2 activities have no reflection and do not count"
    )
    assert hours_total(log, replace(ICMA_RULE, reflection_required=False), TODAY).hours == 37


def test_hours_per_competency_count_an_activity_under_each_of_its_competencies() -> None:
    log = [activity(date(2026, 3, 1), 6, "x", "12", "7"), activity(date(2026, 4, 1), 2, "x", "7"),
           activity(date(2026, 5, 1), 9, "", "1")]  # fmt: skip
    assert hours_by_competency(log, ICMA_RULE, TODAY) == {"7": 8, "12": 6}


def test_plan_vs_actual_matches_goals_and_activities_by_competency() -> None:
    plan = Plan("2026", (Goal(("12",), "Budget"), Goal(("3",), "Equity")))
    log = [activity(date(2026, 3, 1), 6, "x", "12", "7")]
    progress = plan_vs_actual(plan, log)
    assert [len(p.activities) for p in progress] == [1, 0]
    assert progress[0].hours == 6


def test_log_is_shown_newest_first_ties_in_the_order_written() -> None:
    a, b, c = activity(date(2026, 1, 1)), activity(date(2026, 5, 1)), activity(date(2026, 1, 1))
    c = replace(c, title="second")
    assert sorted_log([a, b, c]) == (b, a, c)


# --- computed requirements ------------------------------------------------------------------


def _icma(catalogues: dict[str, Catalogue]) -> tuple[Catalogue, Session]:
    icma = catalogues["icma"]
    session = new_session(icma, "Sam")
    for rid, value in (("icma_member", True), ("management_assessment", True),
                       ("education", "mpa"), ("executive_experience_years", 10),
                       ("professional_development_hours", 45), ("development_plan", True)):  # fmt: skip
        session = session.with_answer(rid, value)
    return icma, session


def hours_gap(icma: Catalogue, session: Session) -> list[str]:
    result = assess(icma, session, TODAY).result("ICMA-CM")
    assert result is not None
    return [g.message for g in result.gaps]


def test_no_log_uses_the_typed_answer_and_marks_it_self_reported(
    catalogues: dict[str, Catalogue],
) -> None:
    icma, session = _icma(catalogues)
    readiness = assess(icma, session, TODAY)
    assert [d.id for d in readiness.ready_for] == ["ICMA-CM-Candidate", "ICMA-CM"]
    assert readiness.self_reported == ("professional_development_hours", "development_plan")
    assert readiness.computed == {}


def test_a_log_replaces_the_typed_hours(catalogues: dict[str, Catalogue]) -> None:
    icma, session = _icma(catalogues)  # typed 45 hours: ready until a log says otherwise
    session = session.with_activity(activity(date(2026, 3, 1), 30))
    session = session.with_activity(activity(date(2026, 4, 1), 4, ""))
    assert hours_gap(icma, session) == [
        "Professional development: 30 hours in the last 12 months (from your log), needs at "
        "least 40 hours; 1 activity has no reflection and does not count"
    ]
    readiness = assess(icma, session, TODAY)
    assert readiness.self_reported == ("development_plan",)
    assert readiness.computed["professional_development_hours"].value == 30
    session = session.with_activity(activity(date(2026, 5, 1), 10))
    assert hours_gap(icma, session) == []


def test_a_log_entirely_outside_the_window_gives_zero_not_the_typed_answer(
    catalogues: dict[str, Catalogue],
) -> None:
    icma, session = _icma(catalogues)
    session = session.with_activity(activity(date(2024, 1, 1), 80))
    assert hours_gap(icma, session) == [
        "Professional development: 0 hours in the last 12 months (from your log), needs at "
        "least 40 hours"
    ]


def test_the_plan_answers_the_plan_requirement(catalogues: dict[str, Catalogue]) -> None:
    icma, session = _icma(catalogues)
    session = session.with_plan(Plan("2026", (Goal(("12",), "  "),)))  # a blank goal
    assert hours_gap(icma, session) == [
        "Development plan and reflection: your plan has no goals (needs at least 1 goal)"
    ]
    session = session.with_plan(Plan("2026", (Goal(("12",), "Lead the budget cycle."),)))
    assert hours_gap(icma, session) == []
    assert assess(icma, session, TODAY).computed["development_plan"].value is True


def test_old_sessions_keep_their_verdicts(catalogues: dict[str, Catalogue]) -> None:
    """A session without a record is judged on its typed answers, as before."""
    icma, session = _icma(catalogues)
    low = session.with_answer("professional_development_hours", 39)
    assert hours_gap(icma, low) == [
        "Professional development: 39 hours (self-reported), needs at least 40 hours"
    ]
    assert hours_gap(icma, session) == []


# --- business days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1: Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday + 1: Monday
        (date(2026, 11, 29), 5, date(2026, 12, 4)),  # Sunday + 5: Friday
        (date(2026, 1, 30), 2, date(2026, 2, 3)),  # Friday 30 January: over a month end
        (date(2026, 2, 27), 1, date(2026, 3, 2)),  # Friday 27 February: into March
        (date(2026, 12, 31), 1, date(2027, 1, 1)),  # over a year end (holidays not known)
        (date(2026, 9, 1), 60, date(2026, 11, 24)),  # ICMI: 60 business days = 12 weeks
        (date(2026, 11, 24), 30, date(2027, 1, 5)),  # ICMI: result at the latest
    ],
)
def test_add_business_days_skips_weekends(start: date, days: int, due: date) -> None:
    assert add_business_days(start, days) == due


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_business_days_agree_with_counting_day_by_day(start: date, count: int) -> None:
    due = add_business_days(start, count)
    day, left = start, count
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    if count:
        assert due == day
        assert business_days_between(start, due) == count
    assert due.weekday() < 5


def test_milestones_compute_due_dates_from_recorded_ones() -> None:
    steps = (
        Milestone("started", "Started"),
        Milestone("submitted", "Submitted", after="started", business_days=60),
        Milestone("result", "Result", after="submitted", business_days=30,
                  due_label="Result at the latest"),
    )  # fmt: skip
    states = schedule(steps, {"started": date(2026, 9, 1)}, date(2026, 11, 20))
    assert [s.due for s in states] == [None, date(2026, 11, 24), None]
    assert states[1].days_left == 2 and not states[1].late
    assert states[1].text() == "Submitted: not yet; due 2026-11-24, 2 business days from today"
    done = schedule(
        steps, {"started": date(2026, 9, 1), "submitted": date(2026, 11, 25)}, date(2026, 12, 1)
    )
    assert done[1].late and done[1].text() == "Submitted: 2026-11-25 (due 2026-11-24) (late)"
    assert done[2].text() == (
        "Result: not yet; result at the latest 2027-01-06, 26 business days from today"
    )


# --- the shipped catalogues and the catalogue format ----------------------------------------


def test_icma_computes_hours_and_plan_under_the_same_ids(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    hours = icma.requirement("professional_development_hours")
    plan = icma.requirement("development_plan")
    assert hours is not None and plan is not None
    assert hours.from_activities == ActivitySum("hours", 12, reflection_required=True)
    assert plan.from_plan is not None and plan.from_plan.goals_at_least == 1
    practices = icma.area("practices")
    assert practices is not None and "what the plan is built from" in practices.description


def test_icmi_performance_assessment_milestones(catalogues: dict[str, Catalogue]) -> None:
    steps = {m.id: m for m in catalogues["icmi"].milestones}
    assert list(steps) == ["pa_started", "pa_submitted", "pa_result"]
    assert (steps["pa_submitted"].after, steps["pa_submitted"].business_days) == ("pa_started", 60)
    assert (steps["pa_result"].after, steps["pa_result"].business_days) == ("pa_submitted", 30)


def test_catalogue_format_refuses_misplaced_computations() -> None:
    data = tomllib.loads((SHIPPED / "icma.toml").read_text("utf-8"))
    data["requirements"][0]["from_activities"] = {"sum": "minutes", "within_months": -1}
    data["requirements"][2]["from_plan"] = {}
    data["milestones"] = [{"id": "b", "label": "B", "after": "a", "business_days": 5},
                          {"id": "c", "label": "C", "business_days": 5}]  # fmt: skip
    with pytest.raises(InvalidDocument) as raised:
        parse_catalogue(data)
    assert sorted(f"{p.where}: {p.message}" for p in raised.value.problems) == sorted(
        [
            "milestones[0].after: no milestone 'a' listed before this one",
            "milestones[1]: after and business_days go together",
            "requirements[0].from_activities: only a number requirement can be computed from "
            "activities",
            "requirements[0].from_activities.sum: must be \"hours\", found 'minutes'",
            "requirements[0].from_activities.within_months: must be a number of months from 1 to 1,200",
            "requirements[2].from_plan: only a yes/no requirement can be computed from the plan",
        ]
    )
