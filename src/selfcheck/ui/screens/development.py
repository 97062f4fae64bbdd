"""The session screen's Development tab: building it, redrawing it, and turning what it asks
for (log an activity, add or edit a goal, name the plan's period, date a milestone) into forms
whose results become edits of the session. Kept apart from the session screen, which it is a
base of, so each stays readable."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import TabPane

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import Activity, Goal, Plan
from selfcheck.model.evidence import parse_day
from selfcheck.model.readiness import Readiness
from selfcheck.model.session import Session
from selfcheck.ui.messages import ActivityWanted, GoalWanted, MilestoneWanted, PeriodWanted

if TYPE_CHECKING:
    from selfcheck.ui.widgets.development_view import DevelopmentView


def has_development(catalogue: Catalogue, session: Session) -> bool:
    """A Development tab where the catalogue works something out from the record (hours, a
    plan, milestones), or where the session already has a record of its own."""
    return (
        any(q.computed for q in catalogue.requirements)
        or bool(catalogue.milestones)
        or bool(session.plan or session.activities or session.milestones)
    )


class DevelopmentTab(Screen[None]):
    """The Development tab's part of the session screen (which defines what is declared here)."""

    catalogue: Catalogue
    readiness: Readiness
    _development: DevelopmentView | None = None

    @property
    def session(self) -> Session:
        raise NotImplementedError

    @property
    def read_only(self) -> str:
        raise NotImplementedError

    def today(self) -> date:
        raise NotImplementedError

    def _change(self, session: Session, changed: list[str], *, typing: bool = False) -> None:
        raise NotImplementedError

    # --- showing ------------------------------------------------------------------------

    async def build_development(self) -> None:
        from selfcheck.ui.widgets.development_view import DevelopmentView

        self._development = DevelopmentView(
            self.catalogue, read_only=bool(self.read_only), id="development-view"
        )
        await self.query_one("#development", TabPane).mount(self._development)
        self.show_development()

    def show_development(self) -> None:
        from selfcheck.model.record import build_record

        if self._development is not None:
            record = build_record(self.session, self.readiness)
            self._development.show(record, self.session, self.readiness)

    # --- what the tab asks for --------------------------------------------------------------

    def _editable(self) -> bool:
        if self.read_only:
            self.notify(f"Nothing can be changed. Read-only: {self.read_only}.", markup=False)
        return not self.read_only

    def _changed(self, session: Session, note: str) -> None:
        self._change(session, [])
        self.show_development()
        self.notify(note, markup=False)

    def on_activity_wanted(self, event: ActivityWanted) -> None:
        from selfcheck.ui.screens.development_forms import ActivityDialog

        event.stop()
        if not self._editable():
            return
        index = event.index
        known = index is not None and 0 <= index < len(self.session.activities)
        activity = self.session.activities[index] if known and index is not None else None

        def done(result: object) -> None:
            if isinstance(result, Activity):
                self._changed(
                    self.session.with_activity(result, index if known else None), "Activity saved."
                )
            elif result == "remove" and known:
                self._changed(self.session.with_activity(None, index), "Activity removed.")

        self.app.push_screen(ActivityDialog(self.catalogue, self.today(), activity), done)

    def on_goal_wanted(self, event: GoalWanted) -> None:
        from selfcheck.ui.screens.development_forms import GoalDialog

        event.stop()
        if not self._editable():
            return
        plan = self.session.plan or Plan()
        index = event.index
        known = index is not None and 0 <= index < len(plan.goals)
        goal = plan.goals[index] if known and index is not None else None

        def done(result: object) -> None:
            goals = list(plan.goals)
            if isinstance(result, Goal) and known and index is not None:
                goals[index] = result
            elif isinstance(result, Goal):
                goals.append(result)
            elif result == "remove" and known and index is not None:
                del goals[index]
            else:
                return
            session = self.session.with_plan(Plan(plan.period, tuple(goals), plan.extra))
            self._changed(session, "Goal removed." if result == "remove" else "Goal saved.")

        self.app.push_screen(GoalDialog(self.catalogue, goal, event.suggested), done)

    def on_period_wanted(self, event: PeriodWanted) -> None:
        from selfcheck.ui.screens.development_forms import LineDialog

        event.stop()
        if not self._editable():
            return
        plan = self.session.plan or Plan()

        def done(result: object) -> None:
            if isinstance(result, str):
                session = self.session.with_plan(Plan(result, plan.goals, plan.extra))
                self._changed(session, "Plan period saved.")

        self.app.push_screen(
            LineDialog("Development plan", "Period: the plan's year or span", plan.period,
                       help="For example 2026, or July 2026 to June 2027."),
            done,
        )  # fmt: skip

    def on_milestone_wanted(self, event: MilestoneWanted) -> None:
        from selfcheck.ui.screens.development_forms import LineDialog, date_problem

        event.stop()
        if not self._editable():
            return
        milestone = next((m for m in self.catalogue.milestones if m.id == event.milestone_id), None)
        if milestone is None:
            return
        recorded = self.session.milestones.get(milestone.id)

        def done(result: object) -> None:
            if isinstance(result, str):
                day = parse_day(result) if result else None
                self._changed(
                    self.session.with_milestone(milestone.id, day),
                    "Date saved." if day else "Date cleared.",
                )

        self.app.push_screen(
            LineDialog(milestone.label, "Date (2026-09-01; blank clears it)",
                       recorded.isoformat() if recorded else self.today().isoformat(),
                       date_problem, help=milestone.help),
            done,
        )  # fmt: skip
