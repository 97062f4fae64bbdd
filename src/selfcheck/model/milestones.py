"""Dated milestones a candidate records (ICMI's Performance Assessment: started, submitted,
result) and the dates computed from them in business days.

Business days skip Saturdays and Sundays only: selfcheck knows no public holidays, so a
computed date may come a day or more early where a holiday falls in between (`HOLIDAYS_NOTE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from selfcheck.model.problems import KeyPath, Problem, Reader, describe

HOLIDAYS_NOTE = (
    "Business days skip weekends only; public holidays are not known here, so allow for them."
)
_SATURDAY = 5


def is_business_day(day: date) -> bool:
    return day.weekday() < _SATURDAY


def add_business_days(day: date, count: int) -> date:
    """The business day `count` business days after `day` (the day itself not counted), so
    60 business days after a Friday start is a Friday twelve weeks on."""
    if count < 0:
        raise ValueError("count must not be negative")
    weeks, rest = divmod(count, 5)
    out = day + timedelta(weeks=weeks)
    # A weekend start first moves to Friday's position, so whole weeks land on a weekday.
    while not is_business_day(out):
        out -= timedelta(days=1)
    while rest:
        out += timedelta(days=1)
        if is_business_day(out):
            rest -= 1
    return out


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (negative when `end` is before)."""
    if end < start:
        return -business_days_between(end, start)
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5
    day = start + timedelta(weeks=weeks)
    for _ in range(rest):
        day += timedelta(days=1)
        count += is_business_day(day)
    return count


@dataclass(frozen=True)
class Milestone:
    """A step the catalogue asks the candidate to date (`[[milestones]]`)."""

    id: str
    label: str
    help: str = ""
    #: This step is due `business_days` after the date recorded for `after`.
    after: str | None = None
    business_days: int | None = None
    #: What the computed date is called ("Due", "Result at the latest").
    due_label: str = "Due"


def read_milestones(r: Reader, data: dict[str, Any]) -> tuple[Milestone, ...]:
    """A catalogue's `[[milestones]]`; a step may only count from one listed before it."""
    out: list[Milestone] = []
    for i, m in enumerate(r.tables(data, "milestones", ())):
        where: KeyPath = ("milestones", i)
        r.unknown(m, {"id", "label", "help", "after", "business_days", "due_label"}, where)
        milestone_id = r.string(m, "id", where, max_length=60)
        if any(known.id == milestone_id for known in out):
            r.report((*where, "id"), f"duplicate milestone id {milestone_id!r}")
        after = r.string(m, "after", where, required=False) or None
        days = r.integer(m, "business_days", where, required=False, default=-1)
        if after is not None and not any(known.id == after for known in out):
            r.report((*where, "after"), f"no milestone {after!r} listed before this one")
        if (after is None) != (days < 0):
            r.report(where, "after and business_days go together")
        elif days > 1_000:
            r.report((*where, "business_days"), f"{days} is more than 1,000")
        out.append(
            Milestone(
                id=milestone_id,
                label=r.string(m, "label", where, max_length=120),
                help=r.string(m, "help", where, required=False, max_length=2_000),
                after=after,
                business_days=days if days >= 0 else None,
                due_label=r.string(m, "due_label", where, required=False, default="Due",
                                   max_length=60),
            )
        )  # fmt: skip
    return tuple(out)


def read_recorded(r: Reader, data: dict[str, Any]) -> dict[str, date]:
    """A session's `[milestones]`: milestone id = the date it happened."""
    raw = r.table(data.get("milestones", {}), ("milestones",)) or {}
    out: dict[str, date] = {}
    for key, value in raw.items():
        if type(value) is not date:
            r.report(("milestones", key), f"expected a date such as 2026-03-14, found "
                                          f"{describe(value)}")  # fmt: skip
            continue
        out[key] = value
    return out


def recorded_warnings(
    recorded: Mapping[str, date], milestones: Iterable[Milestone]
) -> list[Problem]:
    known = {m.id for m in milestones}
    return [
        Problem(("milestones", key), "no such milestone in the catalogue; kept as written")
        for key in recorded
        if key not in known
    ]


@dataclass(frozen=True)
class MilestoneState:
    """One milestone on a day: its recorded date, and the date it is due by (if computed)."""

    milestone: Milestone
    recorded: date | None
    due: date | None
    #: Business days from the day to the due date (negative: overdue); None when not due.
    days_left: int | None

    #: Recorded after its due date, or still not recorded when the due date has passed.
    late: bool = False

    def text(self) -> str:
        """ "Submitted: 2026-10-20 (due 2026-11-24)" or "Submitted: not yet; due 2026-11-24,
        12 business days from today"."""
        due_text = ""
        if self.due is not None:
            due_text = f"{self.milestone.due_label.lower()} {self.due.isoformat()}"
        if self.recorded is not None:
            after = " (late)" if self.late else ""
            return f"{self.milestone.label}: {self.recorded.isoformat()}" + (
                f" ({due_text}){after}" if due_text else ""
            )
        if self.due is None:
            return f"{self.milestone.label}: not yet"
        left = self.days_left or 0
        when = (
            f"{left} business day{'s' if left != 1 else ''} from today"
            if left >= 0
            else f"{-left} business day{'s' if left != -1 else ''} ago"
        )
        return f"{self.milestone.label}: not yet; {due_text}, {when}"


def schedule(
    milestones: Iterable[Milestone], recorded: Mapping[str, date], today: date
) -> tuple[MilestoneState, ...]:
    """Every milestone with its recorded date and computed due date, in catalogue order."""
    out = []
    for m in milestones:
        base = recorded.get(m.after) if m.after else None
        due = add_business_days(base, m.business_days or 0) if base is not None else None
        left = business_days_between(today, due) if due is not None else None
        done = recorded.get(m.id)
        late = due is not None and (done > due if done is not None else today > due)
        out.append(MilestoneState(m, done, due, left, late))
    return tuple(out)
