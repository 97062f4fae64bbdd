"""One session as every report format sees it, and the small pieces they share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from selfcheck.clock import today
from selfcheck.model.catalogue import Requirement
from selfcheck.model.coach import PlacedHint
from selfcheck.model.evidence import EvidenceItem, Standing, age_text
from selfcheck.model.milestones import HOLIDAYS_NOTE
from selfcheck.model.portfolio import Portfolio, build_portfolio
from selfcheck.model.readiness import Readiness, assess
from selfcheck.model.record import Record, build_record
from selfcheck.model.review import Review
from selfcheck.model.session import Answer
from selfcheck.model.verdicts import Verdict, headline, verdicts
from selfcheck.model.wording import amount, out_of_bounds
from selfcheck.safetext import one_line
from selfcheck.storage.sessions import LoadedSession


@dataclass(frozen=True)
class Subject:
    """One session to report on: as loaded, the path to show, its mentor review if any."""

    loaded: LoadedSession
    shown_path: str
    review: Review | None = None
    #: The day the verdict is for (evidence windows count back from it).
    today: date = field(default_factory=today)

    @cached_property
    def readiness(self) -> Readiness:
        return assess(self.loaded.catalogue, self.loaded.session, self.today)

    @cached_property
    def record(self) -> Record:
        return build_record(self.loaded.session, self.readiness)

    @cached_property
    def portfolio(self) -> Portfolio:
        return build_portfolio(self.loaded.session, self.readiness)

    @cached_property
    def _standings(self) -> dict[str, list[tuple[EvidenceItem, Standing]]]:
        out: dict[str, list[tuple[EvidenceItem, Standing]]] = {}
        for placed in self.portfolio.items:
            out.setdefault(placed.competency, []).append((placed.item, placed.standing))
        return out

    def standings(self, competency_id: str) -> list[tuple[EvidenceItem, Standing]]:
        """A competency's items, each with whether it counts on the report's day."""
        return self._standings.get(competency_id, [])

    @cached_property
    def verdicts(self) -> tuple[Verdict, ...]:
        return verdicts(self.readiness)

    @cached_property
    def headline(self) -> str:
        return headline(self.readiness)

    @property
    def comments(self) -> Mapping[str, str]:
        """The mentor's comments by competency id (none without a review)."""
        return self.review.comments if self.review else {}

    @property
    def updated_text(self) -> str:
        updated = self.loaded.session.updated
        return updated.strftime("%Y-%m-%d %H:%M UTC") if updated else "never"


def comment_label(subject: Subject, competency_id: str) -> str:
    """What introduces a mentor's comment: "Mentor", with the day it was written and, when
    the rating changed since, the change ("Mentor, 2026-11-20 (rating changed since: 2 → 3)")."""
    stamp = subject.review.stamps.get(competency_id) if subject.review else None
    if stamp is None:
        return "Mentor"
    label = f"Mentor, {stamp.written.strftime('%Y-%m-%d')}"
    now = subject.loaded.session.rating(competency_id).level
    if stamp.level_changed(now):
        label += f" (rating changed since: {_level(stamp.level)} → {_level(now)})"
    return label


def review_day(review: Review) -> str:
    """The day a review was last saved, for its heading ("" when unknown)."""
    return review.updated.strftime("%Y-%m-%d") if review.updated else ""


def _level(level: int | None) -> str:
    return "not rated" if level is None else str(level)


def answer_text(subject: Subject, requirement_id: str, answer: Answer) -> tuple[str, str]:
    """(label, answer as a person reads it) for one requirement answer."""
    requirement = subject.loaded.catalogue.requirement(requirement_id)
    label = requirement.label if requirement else requirement_id
    computed = subject.readiness.computed.get(requirement_id)
    if computed is not None:  # the record decides; the typed answer is not used
        return label, computed.detail + (f"; {computed.caveat}" if computed.caveat else "")
    if requirement_id in subject.readiness.self_reported:
        label, shown = answer_text_as_typed(requirement, label, answer)
        return label, f"{shown} (self-reported)"
    return answer_text_as_typed(requirement, label, answer)


def answer_text_as_typed(
    requirement: Requirement | None, label: str, answer: Answer
) -> tuple[str, str]:
    if isinstance(answer, bool):
        return label, "yes" if answer else "no"
    if requirement and requirement.kind == "choice" and isinstance(answer, str):
        choice = requirement.choice(answer)
        return label, choice.label if choice else answer
    if requirement is None or isinstance(answer, str):
        return label, str(answer)
    shown = amount(answer, requirement.unit, requirement.unit_one)
    outside = out_of_bounds(requirement, answer)
    return label, f"{shown} ({outside}: not counted)" if outside else shown


def level_text(subject: Subject, competency_id: str) -> str:
    status = subject.readiness.statuses.get(competency_id)
    if status is None or status.state == "unrated":
        return "not rated"
    if status.state == "not_applicable":
        return "N/A"
    level = status.rating.level
    found = subject.loaded.catalogue.scale.level(level) if level is not None else None
    shown = f"{level} ({one_line(found.label)})" if found else str(level)
    if status.state in ("missing_evidence", "incomplete"):
        shown += f", but it {status.reason}"  # rated high enough, yet it does not count
    return shown


def development_lines(subject: Subject) -> list[str]:
    """The development record in a few plain lines for a full report: hours against the
    requirement, goals with activities, milestones. Empty when there is nothing to say."""
    record = subject.record
    lines = []
    if record.hours is not None and record.log:
        lines.append(one_line(record.hours.text))
    if record.goals:
        with_activity = sum(bool(g.activities) for g in record.goals)
        lines.append(f"Plan: {len(record.goals)} goals, {with_activity} with activities logged")
    lines += [one_line(m.text()) for m in record.milestones if m.recorded or m.due]
    if any(m.due for m in record.milestones):
        lines.append(HOLIDAYS_NOTE)
    for rid in subject.readiness.self_reported:
        requirement = subject.loaded.catalogue.requirement(rid)
        label = requirement.label if requirement else rid
        lines.append(f"{one_line(label)}: self-reported (no record to compute it from)")
    return lines


def verdict_lines(subject: Subject) -> list[str]:
    """Every designation's verdict with its gaps, as plain lines."""
    lines = []
    for verdict in subject.verdicts:
        lines.append(one_line(verdict.line))
        lines.extend(f"  - {one_line(gap)}" for gap in verdict.gaps)
    return lines


def item_text(item: EvidenceItem, standing: Standing, today: date) -> str:
    """One item on one line: method, date, title, hours, link, and why it does not count."""
    parts = [f"{item.method} {item.date.isoformat()} {item.title}"]
    if item.hours is not None:
        parts.append(f"{item.hours:g} h")
    if item.link:
        parts.append(item.link)
    text = " · ".join(parts)
    if standing.old:
        text += f" (older than the window: {age_text(item.date, today)} old)"
    elif not standing.counts:
        text += f" (does not count: it {standing.why_not})"
    return one_line(text)


def portfolio_lines(subject: Subject) -> list[str]:
    """The portfolio summary as plain lines: what each rule still needs, items per method,
    undated competencies. Empty when the catalogue has no portfolio and there are no items."""
    portfolio = subject.portfolio
    if not (portfolio.needs or portfolio.items or portfolio.methods):
        return []
    lines = []
    for need in portfolio.needs:
        who = ", ".join(need.designations)
        if need.met:
            lines.append(f"✓ {need.what}: {need.count.have}, needs {need.count.need} ({who})")
        else:
            lines.append(f"✗ {one_line(need.message)} ({who})")
    for count in portfolio.methods:
        if count.counting or count.old or count.other:
            extra = [f"{n} {what}" for n, what in ((count.old, "too old"),
                                                   (count.other, "not counted")) if n]  # fmt: skip
            more = f" ({', '.join(extra)})" if extra else ""
            lines.append(
                f"{count.method.id} {one_line(count.method.label)}: {count.counting}{more}"
            )
    if portfolio.unknown:
        lines.append(f"{len(portfolio.unknown)} item(s) with a method this catalogue does not know")
    if portfolio.undated:
        lines.append(f"Undated (a note with no dated item): {', '.join(portfolio.undated)}")
    return [one_line(text) for text in lines]  # ids and labels come from files


def hint_place(subject: Subject, placed: PlacedHint) -> str:
    """Where a coach's hint points: "1.4 note" or "2.6 G “Talk…”"."""
    if placed.item is None:
        return one_line(f"{placed.competency} note")
    items = subject.loaded.session.rating(placed.competency).items
    if placed.item >= len(items):
        return one_line(placed.competency)
    item = items[placed.item]
    return one_line(f"{placed.competency} {item.method} “{one_line(item.title, 40)}”")
