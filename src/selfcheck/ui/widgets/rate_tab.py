"""The rating tab: the competency list beside the detail pane, and the keys that drive them.

Only what the first frame shows is imported here; dialogs and editors load when needed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import Readiness
from selfcheck.model.session import Session
from selfcheck.ui.messages import AreaJumpAsked, ItemWanted, Moved, NotApplicableMarked, Rated
from selfcheck.ui.text import line
from selfcheck.ui.widgets.competency_list import CompetencyList
from selfcheck.ui.widgets.fields import TextField
from selfcheck.ui.widgets.rating_panel import RatingPanel


class RateTab(Horizontal):
    """Data comes down from the session screen; choices go up as messages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "next_unrated", "Next unrated", tooltip="Next competency not rated yet"),
        Binding(
            "e",
            "edit_evidence",
            "Evidence",
            tooltip="Write the evidence for this one (an Other's title first, if it has none)",
        ),
        Binding(
            "i",
            "add_item",
            "Add item",
            tooltip="Add a dated evidence item: method, date, title, hours",
        ),
        Binding("a", "jump_area", "Area", tooltip="Jump to an area"),
        Binding(
            "t",
            "toggle_target",
            "Target only",
            show=False,
            tooltip="Only the target designation's competencies (again: all)",
        ),
        Binding(
            "n", "not_applicable", "N/A", tooltip="Not applicable (where the catalogue allows)"
        ),
        # Where N/A is not allowed the footer does not offer it, but the key still says why.
        Binding("n", "explain_not_applicable", "N/A", show=False),
        Binding("delete", "clear", "Clear rating", show=False, tooltip="Clear the rating"),
        Binding(
            "escape",
            "back_to_list",
            "Back to list",
            tooltip="Leave the text field, back to the list",
        ),
        *(Binding(str(d), f"rate({d})", f"Rate {d}", show=False) for d in range(10)),
    ]

    def __init__(self, catalogue: Catalogue, *, read_only: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalogue = catalogue
        self.read_only = read_only
        self.session: Session | None = None
        self.readiness: Readiness | None = None
        self.target_only = False
        #: Whether the footer was last given the N/A key (None: not yet).
        self._not_applicable_shown: bool | None = None

    def compose(self) -> ComposeResult:
        yield CompetencyList(id="competencies")
        # The detail, and below it whatever the screen adds (a mentor's comments).
        with Vertical(id="detail-column"):
            yield RatingPanel(self.catalogue, read_only=self.read_only, id="detail")

    @property
    def competency_list(self) -> CompetencyList:
        return self.query_one(CompetencyList)

    @property
    def panel(self) -> RatingPanel:
        return self.query_one(RatingPanel)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While typing, letters are text: show only the way out of the field.
        typing = isinstance(self.app.focused, TextField)
        if action == "back_to_list":
            return typing
        if typing:
            return False
        if action == "add_item":  # only where the catalogue has validation methods
            return bool(self.catalogue.evidence.methods) and not self.read_only
        if action in ("not_applicable", "explain_not_applicable"):
            if self.read_only:
                return False  # nothing to mark: not offered (the footer has no room to spare)
            cid = self.competency_list.current if self.is_mounted else None
            competency = self.catalogue.competency(cid) if cid else None
            allowed = competency is not None and competency.not_applicable_allowed
            return allowed if action == "not_applicable" else not allowed
        return True

    def fill(self, session: Session, readiness: Readiness, current: str | None) -> None:
        self.session, self.readiness = session, readiness
        self.competency_list.fill(self.catalogue, readiness.statuses, self._only(), current)
        self.show_current()

    def refresh_data(self, session: Session, readiness: Readiness, changed: Iterable[str]) -> None:
        self.session, self.readiness = session, readiness
        self.competency_list.update_marks(self.catalogue, readiness.statuses, changed)
        self.show_current()

    def show_comments(self, comments: Mapping[str, str]) -> None:
        """Mark the competencies a mentor commented on."""
        commented = frozenset(cid for cid, text in comments.items() if text.strip())
        competencies = self.competency_list
        before = competencies.commented
        competencies.commented = commented
        if self.session is None or self.readiness is None:
            return
        if before is None:  # a new column: every line changes
            competencies.fill(
                self.catalogue, self.readiness.statuses, self._only(), competencies.current
            )
        elif before != commented:
            competencies.update_marks(self.catalogue, self.readiness.statuses, before ^ commented)

    def reload(self, session: Session, readiness: Readiness) -> None:
        """Everything changed (a restored draft): redraw the list and the editors."""
        self.fill(session, readiness, self.competency_list.current)
        self.panel.reload_texts()

    def go_to(self, competency_id: str) -> bool:
        """Move the list to a competency, showing every competency again if the target
        filter hides it; False if the catalogue has no such competency."""
        names = self.competency_list
        if names.go_to(competency_id):
            return True
        if self.target_only and self.session is not None and self.readiness is not None:
            self.target_only = False
            self.fill(self.session, self.readiness, names.current)
            return names.go_to(competency_id)
        return False

    def _only(self) -> set[str] | None:
        if not self.target_only or self.session is None or not self.session.target:
            return None
        designation = self.catalogue.designation(self.session.target)
        if designation is None:
            return None
        return {c.id for c in self.catalogue.designation_competencies(designation)}

    def show_current(self) -> None:
        """Show the list's current competency in the detail pane."""
        cid = self.competency_list.current
        if cid is None or self.readiness is None:
            return
        status = self.readiness.statuses[cid]
        area = self.catalogue.area(status.competency.area)
        self.panel.show(status, area.title if area else "", self.readiness.today)

    @on(Moved)
    def _moved(self, event: Moved) -> None:
        self.show_current()  # the message goes on up, so the screen keeps the position
        # Only N/A depends on the competency. The footer rebuilds all its keys on a refresh,
        # which would slow every move, so refresh only when N/A comes or goes.
        competency = self.catalogue.competency(event.competency_id)
        allowed = competency is not None and competency.not_applicable_allowed
        if allowed != self._not_applicable_shown:
            self._not_applicable_shown = allowed
            self.refresh_bindings()

    # --- actions ------------------------------------------------------------------------

    def action_next_unrated(self) -> None:
        statuses = self.readiness.statuses if self.readiness else {}
        if not self.competency_list.next_where(
            lambda cid: cid in statuses and statuses[cid].state == "unrated"
        ):
            self.notify("Every competency in the list is rated.", markup=False)
        self.screen.set_focus(self.competency_list)

    def action_edit_evidence(self) -> None:
        # The list may have moved by a key typed just before this one: show that competency
        # before its fields take the keys that follow.
        self.show_current()
        self.panel.focus_text()

    def action_add_item(self) -> None:
        cid = self.competency_list.current
        if cid is not None:
            self.post_message(ItemWanted(cid))

    def action_back_to_list(self) -> None:
        self.screen.set_focus(self.competency_list)

    def action_jump_area(self) -> None:
        self.post_message(AreaJumpAsked())  # the screen asks which area

    def jump_to_area(self, area_id: str) -> None:
        """Move to the first competency of an area (that the list shows)."""
        if not self.competency_list.go_to_area(area_id):
            self.notify("That area has none of your target's competencies.", markup=False)
        self.screen.set_focus(self.competency_list)

    def action_toggle_target(self) -> None:
        target = self.session.target if self.session else None
        if not target or self.catalogue.designation(target) is None:
            self.notify("No target designation chosen; press T to pick one.", markup=False)
            return
        self.target_only = not self.target_only
        if self.session is not None and self.readiness is not None:
            self.fill(self.session, self.readiness, self.competency_list.current)
        shown = f"only {target}'s competencies" if self.target_only else "every competency"
        self.notify(line(f"Showing {shown}.").plain, markup=False)

    def action_rate(self, value: int) -> None:
        cid = self.competency_list.current
        if cid is None:
            return
        if self.catalogue.scale.level(value) is None:
            values = ", ".join(str(v) for v in self.catalogue.scale.values)
            self.notify(f"{value} is not on this scale ({values}).", markup=False)
            return
        self.post_message(Rated(cid, value))

    def action_clear(self) -> None:
        cid = self.competency_list.current
        if cid is not None:
            self.post_message(Rated(cid, None))

    def action_explain_not_applicable(self) -> None:
        cid = self.competency_list.current
        if cid is None:
            return
        lowest = self.catalogue.scale.levels[0]
        self.notify(
            line(
                f"{cid} cannot be marked not applicable: this catalogue counts it for everyone. "
                f"If it is new to you, rate it {lowest.value} ({lowest.label})."
            ).plain,
            markup=False,
        )

    def action_not_applicable(self) -> None:
        cid = self.competency_list.current
        competency = self.catalogue.competency(cid) if cid else None
        if cid is None or competency is None or self.session is None:
            return
        if not competency.not_applicable_allowed:
            self.notify("This competency cannot be marked not applicable.", markup=False)
            return
        self.post_message(NotApplicableMarked(cid, not self.session.rating(cid).not_applicable))
