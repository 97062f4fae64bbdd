"""The Development tab: the running total against the hours requirement, milestones with their
due dates, suggested focus areas, the plan's goals (with what has been logged for each), the
activity log and hours per competency. Posts what the candidate asks for; never saves."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import Activity, GoalProgress, log_order
from selfcheck.model.milestones import HOLIDAYS_NOTE
from selfcheck.model.numbers import number_text
from selfcheck.model.readiness import Readiness
from selfcheck.model.record import Record
from selfcheck.model.session import Session
from selfcheck.ui.messages import ActivityWanted, GoalWanted, MilestoneWanted, PeriodWanted
from selfcheck.ui.text import line


def total_line(record: Record, readiness: Readiness) -> Content:
    """ "32 of 40 hours in the last 12 months; ..." in the colour of whether it is enough."""
    hours = record.hours
    if hours is None:
        return Content("")
    if not record.log:
        said = hours.requirement.id in readiness.self_reported
        return Content.styled(
            "No activities logged yet"
            + ("; the hours you typed are used, marked self-reported." if said else ".")
            + " Press l to log one.",
            "$text-muted",
        )
    mark = ("✓ ", "bold $success") if hours.met else ("✗ ", "bold $error")
    return Content.assemble(mark, line(hours.text))


def focus_text(record: Record) -> Content:
    if not record.focus:
        return Content.styled(
            "Rate yourself on the Rate tab: the lowest-rated competencies show here.",
            "$text-muted",
        )
    rows = []
    for found in record.focus:
        planned = ("  in your plan", "$text-success") if found.planned else ""
        rows.append(
            Content.assemble(
                line(found.competency.id, "bold"), " ", line(found.competency.title, limit=40),
                (f" · {found.why}", "$text-muted"), planned,
            )
        )  # fmt: skip
    return Content("\n").join(rows)


def hours_text(record: Record, catalogue: Catalogue) -> Content:
    if not record.by_competency:
        return Content.styled("Nothing logged that counts yet.", "$text-muted")
    rows = []
    for cid, hours in record.by_competency.items():
        found = catalogue.competency(cid)
        name = found.title if found else "(not in the catalogue)"
        rows.append(
            Content.assemble(
                (number_text(hours).rjust(5), "bold"), "  ", line(f"{cid} {name}", limit=60)
            )
        )
    return Content("\n").join(rows)


def goal_option(index: int, progress: GoalProgress) -> Option:
    goal = progress.goal
    logged = (
        f"{len(progress.activities)} activities, {number_text(progress.hours)} h"
        if progress.activities
        else "nothing logged yet"
    )
    text = Content.assemble(
        line(goal.goal, "bold", limit=70),
        "\n  ",
        line(", ".join(goal.competencies) or "no competency named", "$text-accent"),
        (f" · {logged}", "$text-muted"),
    )
    return Option(text, id=str(index))


def activity_option(index: int, activity: Activity) -> Option:
    text = Content.assemble(
        (activity.date.isoformat(), "$text-accent"),
        f"  {number_text(activity.hours):>4} h  ",
        line(activity.title, limit=60),
        "" if activity.reflected else ("  no reflection: does not count", "$warning"),
    )
    return Option(text, id=str(index))


class DevelopmentView(VerticalScroll, can_focus=False):
    """Shows one session's record; `show` keeps it until the view is mounted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "log", "Log activity", tooltip="Log a professional-development activity"),
        Binding("g", "goal", "Add goal", tooltip="Add a learning goal to the plan"),
        Binding("p", "period", "Plan period", tooltip="Name the plan's year or span"),
    ]

    def __init__(
        self, catalogue: Catalogue, *, read_only: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.catalogue = catalogue
        self.read_only = read_only
        self._shown: tuple[Record, Session, Readiness] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="d-total")
        if self.catalogue.milestones:
            yield Static("Milestones (Enter records a date)", classes="section")
            yield OptionList(id="dev-milestones", classes="dev-list")
            yield Static(HOLIDAYS_NOTE, classes="muted")
        yield Static("Suggested focus areas", classes="section")
        yield Static(classes="d-focus")
        yield Static(classes="section d-plan-title")
        yield OptionList(id="dev-goals", classes="dev-list")
        yield Static("Activity log, newest first (l logs one, Enter edits)", classes="section")
        yield OptionList(id="dev-log", classes="dev-list")
        yield Static("Hours per competency (activities that count)", classes="section")
        yield Static(classes="d-hours")

    def on_mount(self) -> None:
        self._draw()

    def show(self, record: Record, session: Session, readiness: Readiness) -> None:
        self._shown = (record, session, readiness)
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        if self._shown is None:
            return
        record, session, readiness = self._shown
        total = self.query_one(".d-total", Static)
        total.update(total_line(record, readiness))
        total.display = record.hours is not None
        if self.catalogue.milestones:
            self._fill(
                "#dev-milestones",
                [Option(line(m.text()), id=m.milestone.id) for m in record.milestones],
            )
        self.query_one(".d-focus", Static).update(focus_text(record))
        period = session.plan.period.strip() if session.plan else ""
        keys = "g adds a goal, Enter edits"
        self.query_one(".d-plan-title", Static).update(
            Content.assemble("Plan · ", line(period), f" ({keys})")
            if period
            else Content(f"Plan (p names its period, {keys})")
        )
        goals = [goal_option(n, g) for n, g in enumerate(record.goals)]
        self._fill("#dev-goals", goals or [Option("No goals yet: press g.", disabled=True)])
        log = [activity_option(n, session.activities[n]) for n in log_order(session.activities)]
        self._fill("#dev-log", log or [Option("Nothing logged yet: press l.", disabled=True)])
        self.query_one(".d-hours", Static).update(hours_text(record, self.catalogue))

    def _fill(self, selector: str, options: list[Option]) -> None:
        found = self.query_one(selector, OptionList)
        highlighted = found.highlighted
        found.set_options(options)
        if options:  # Enter acts at once on the first, or on the one chosen before a redraw
            found.highlighted = min(highlighted or 0, len(options) - 1)

    # --- what the candidate asks for ------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A read-only view (a mentor's, a newer file) offers no keys that would change it.
        return not (self.read_only and action in ("log", "goal", "period"))

    def action_log(self) -> None:
        self.post_message(ActivityWanted())

    def action_goal(self) -> None:
        suggested: tuple[str, ...] = ()
        if self._shown is not None:
            unplanned = [f.competency.id for f in self._shown[0].focus if not f.planned]
            suggested = tuple(unplanned[:1])
        self.post_message(GoalWanted(None, suggested))

    def action_period(self) -> None:
        self.post_message(PeriodWanted())

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        if chosen is None:
            return
        if event.option_list.id == "dev-log":
            self.post_message(ActivityWanted(int(chosen)))
        elif event.option_list.id == "dev-goals":
            self.post_message(GoalWanted(int(chosen)))
        elif event.option_list.id == "dev-milestones":
            self.post_message(MilestoneWanted(chosen))
