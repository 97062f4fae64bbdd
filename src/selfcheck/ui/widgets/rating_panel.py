"""The detail pane of the rating tab: what the competency asks, where it stands, and below
that the rating and the candidate's own words (the form, mounted just after the first frame)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from selfcheck.model.catalogue import Catalogue, Competency
from selfcheck.model.readiness import CompetencyStatus
from selfcheck.model.wording import not_counted_note
from selfcheck.ui.text import line, lit

if TYPE_CHECKING:
    from selfcheck.ui.widgets.rating_form import PendingEdit, RatingForm


def status_text(
    status: CompetencyStatus, threshold_label: str, *, read_only: bool, not_counted: str = ""
) -> Content:
    """One line on where this competency stands and what would make it count. A read-only
    view (a mentor's, or a second window) is told what is missing, not asked to write it.
    A competency no designation counts (`not_counted` says so, and what it is for) is never
    said to count."""
    if not_counted:
        return _uncounted_status(status, threshold_label, not_counted, read_only=read_only)
    state = status.state
    if state == "demonstrated":
        return Content.styled("✓ Demonstrated: this competency counts.", "$success")
    if state == "not_applicable":
        return Content.styled(
            "Marked not applicable: it is left out of every count.", "$text-muted"
        )
    if state == "unrated":
        return Content.styled("Not rated yet.", "$text-muted")
    if state == "rated":
        return line(f"Rated below the bar: counts from {threshold_label}.", "$warning")
    if state == "missing_evidence" and not status.rating.items:  # else: why its items do not
        if read_only:
            text = "Rated high enough, but there is no evidence yet, so it does not count."
        else:
            text = "Rated high enough; write your evidence below to count."
        return Content.styled(text, "$warning")
    return line(f"Rated high enough, but it {status.reason}.", "$warning")


def _uncounted_status(
    status: CompetencyStatus, threshold_label: str, not_counted: str, *, read_only: bool
) -> Content:
    state = status.state
    where = {
        "demonstrated": "✓ Rated, with evidence.",
        "not_applicable": "Marked not applicable.",
        "unrated": "Not rated yet.",
        "rated": f"Rated below {threshold_label}.",
        "missing_evidence": "Rated; no evidence yet."
        if read_only
        else "Rated; note your evidence below.",
    }.get(state, f"Rated, but it {status.reason}.")
    return Content.assemble((where, "$text-muted"), " ", (not_counted, "$text-muted"))


class RatingPanel(VerticalScroll, can_focus=False):
    """Shows one competency; its form posts Rated, EvidenceEdited and friends. Never saves.
    The pane takes no focus itself (it would be a Tab stop showing none): Tab goes to its
    fields, and the pane scrolls to each."""

    def __init__(self, catalogue: Catalogue, *, read_only: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalogue = catalogue
        self.read_only = read_only
        self.status: CompetencyStatus | None = None
        self.today: date | None = None
        self._form: RatingForm | None = None
        #: A text field was asked for before the form was there (a key typed ahead).
        self._focus_when_mounted = False
        scale = catalogue.scale
        threshold = scale.level(scale.demonstrated_from)
        self._threshold_label = (
            f"{scale.demonstrated_from} ({threshold.label})"
            if threshold
            else str(scale.demonstrated_from)
        )

    def compose(self) -> ComposeResult:
        yield Static(id="c-title")
        yield Static(id="c-meta", classes="muted")
        yield Static(id="c-statement")
        yield Static(id="c-help", classes="muted")
        yield Static(id="c-status")

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_form)

    async def _mount_form(self) -> None:
        from selfcheck.ui.widgets.rating_form import RatingForm

        form = RatingForm(self.catalogue, read_only=self.read_only)
        await self.mount(form)
        self._form = form
        if self.status is not None and self.today is not None:
            form.show(self.status, self.today)
        if self._focus_when_mounted:
            form.focus_text()

    @property
    def form(self) -> RatingForm | None:
        """The rating and text fields, once mounted (None for the first frame)."""
        return self._form

    # --- data down ----------------------------------------------------------------------

    def show(self, status: CompetencyStatus, area_title: str, today: date) -> None:
        """Show a competency as it stands on `today` (the verdict's day); text fields reload
        only when it is a different one."""
        competency = status.competency
        new = self.status is None or self.status.competency.id != competency.id
        self.status, self.today = status, today
        if new:
            self._show_text(competency, area_title)
        self.query_one("#c-status", Static).update(
            status_text(
                status,
                self._threshold_label,
                read_only=self.read_only,
                not_counted=not_counted_note(self.catalogue, competency),
            )
        )
        if self._form is not None:
            self._form.show(status, today)
        if new:
            self.scroll_home(animate=False)

    def _show_text(self, competency: Competency, area_title: str) -> None:
        """What the catalogue says about it: rating never changes it, so it is shown once each
        time the list moves to a competency, not at every key."""
        self.query_one("#c-title", Static).update(
            Content.assemble(
                line(competency.id, "bold $accent"), " ", line(competency.title, "bold")
            )
        )
        self.query_one("#c-meta", Static).update(line(area_title))
        self.query_one("#c-statement", Static).update(lit(competency.statement))
        help_text = self.query_one("#c-help", Static)
        help_text.update(lit(competency.help))
        help_text.display = bool(competency.help)

    def reload_texts(self) -> None:
        """Put the model's texts back into the editors (after a restore)."""
        if self._form is not None:
            self._form.reload_texts()

    def pending(self) -> list[PendingEdit]:
        """Edits the text fields hold that the session does not have yet."""
        return self._form.pending() if self._form is not None else []

    def focus_text(self) -> None:
        """Into the text this competency needs next (see RatingForm.focus_text)."""
        if self._form is not None:
            self._form.focus_text()
        else:
            self._focus_when_mounted = True
