"""The lower part of the detail pane: the scale, "not applicable", the "Other" fields and the
evidence editor. Mounted just after the first frame (the statement above it paints first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Static, TextArea

from selfcheck.model.catalogue import MAX_TITLE, Catalogue, Competency
from selfcheck.model.readiness import CompetencyStatus
from selfcheck.model.session import MAX_NOTE, Rating
from selfcheck.ui.messages import (
    EvidenceEdited,
    FieldLeft,
    NotApplicableMarked,
    Rated,
    RationaleEdited,
    TitleEdited,
)
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput
from selfcheck.ui.widgets.evidence_items import EvidenceItems
from selfcheck.ui.widgets.scale import ScalePicker, level_key

PendingEdit = EvidenceEdited | RationaleEdited | TitleEdited


class TickBox(Checkbox):
    """A checkbox that shows its state without colour: X when ticked, blank when not (a
    plain Checkbox shows X either way and tells them apart by colour only)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.BUTTON_INNER = self._inner()

    def _inner(self) -> str:
        return "X" if self.value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = self._inner()
        super().watch_value()


class RatingForm(Vertical):
    """Rating and the candidate's own words for one competency; posts Rated, EvidenceEdited
    and friends. Never saves."""

    def __init__(self, catalogue: Catalogue, *, read_only: bool) -> None:
        super().__init__(id="c-form")
        self.catalogue = catalogue
        self.read_only = read_only
        self.competency: Competency | None = None
        self.rating = Rating()
        #: Each text field as it was loaded: only a difference from this is an edit, so
        #: showing a note (which may normalise its line breaks) never changes it.
        self._loaded: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        keys = [k for lv in self.catalogue.scale.levels if (k := level_key(lv.value))]
        # A read-only view (a mentor's, a second window) is not told how to change things.
        if self.read_only:
            hint, evidence_hint = " (read-only)", " (e to scroll through it, Esc to leave)"
        else:
            hint = f" (press {keys[0]}–{keys[-1]} or click)" if keys else " (click a level)"
            evidence_hint = " (e to edit, Esc to leave)"
        yield Static(Content.assemble(("Rating", "bold"), (hint, "$text-muted")), classes="field")
        yield ScalePicker(self.catalogue.scale, id="c-scale")
        yield TickBox("Not applicable", id="c-na", disabled=self.read_only)
        with Vertical(id="c-other"):
            yield Static("Title of your competency", classes="field")
            yield SafeInput(
                id="c-other-title", max_length=MAX_TITLE, placeholder="A short title",
                disabled=self.read_only,
            )  # fmt: skip
            yield Static("Why it matters (rationale)", classes="field")
            yield NoteEditor(id="c-rationale", classes="short", read_only=self.read_only)
        yield Static(
            Content.assemble(("Evidence", "bold"), (evidence_hint, "$text-muted")),
            classes="field",
        )
        yield NoteEditor(id="c-evidence", read_only=self.read_only)
        yield Static(id="c-count", classes="muted")
        yield EvidenceItems(self.catalogue, read_only=self.read_only)

    # --- data down ----------------------------------------------------------------------

    def show(self, status: CompetencyStatus, today: date) -> None:
        """Show a competency as it stands on `today`; text fields reload only when it is a
        different one."""
        competency, rating = status.competency, status.rating
        new = self.competency is None or self.competency.id != competency.id
        if new and self.competency is not None:
            self.capture()
        self.competency, self.rating = competency, rating
        self.query_one(ScalePicker).show(
            None if rating.not_applicable else rating.level,
            counted=competency.id in self.catalogue.counted_ids,
        )
        na = self.query_one("#c-na", Checkbox)
        na.display = competency.not_applicable_allowed
        if na.value != rating.not_applicable:
            na.value = rating.not_applicable
        self.query_one("#c-other").display = competency.user_defined
        if new:
            self._load_texts(rating)
        self._count()
        self.query_one(EvidenceItems).show(competency.id, rating, today)

    def reload_texts(self) -> None:
        """Put the model's texts back into the editors (after a restore)."""
        self._load_texts(self.rating)
        self._count()

    def _load_texts(self, rating: Rating) -> None:
        evidence = self.query_one("#c-evidence", NoteEditor)
        too_long = len(rating.evidence) > MAX_NOTE
        evidence.read_only = self.read_only or too_long
        evidence.load_text(rating.evidence[:MAX_NOTE] if too_long else rating.evidence)
        rationale = self.query_one("#c-rationale", NoteEditor)
        rationale.read_only = self.read_only or len(rating.rationale) > MAX_NOTE
        rationale.load_text(rating.rationale[:MAX_NOTE])
        title = self.query_one("#c-other-title", SafeInput)
        title.value = rating.title
        self._loaded = {
            "evidence": evidence.text,
            "rationale": rationale.text,
            "title": title.value,
        }

    def _edited(self, field: str, text: str) -> bool:
        """Has the candidate changed this field since it was loaded (ever, even back)?"""
        if field in self._loaded and text == self._loaded[field]:
            return False
        self._loaded.pop(field, None)
        return True

    def _count(self) -> None:
        length = len(self.rating.evidence)
        if length > MAX_NOTE:
            text = (
                f"This note has {length:,} characters, over the {MAX_NOTE:,} limit. It is kept "
                "as written; shorten it in a text editor to edit it here."
            )
            self.query_one("#c-count", Static).update(Content.styled(text, "$warning"))
        else:
            self.query_one("#c-count", Static).update(f"{length:,} / {MAX_NOTE:,} characters")

    def pending(self) -> list[PendingEdit]:
        """Edits the text fields hold that the session does not have yet."""
        if self.read_only or self.competency is None:
            return []
        cid = self.competency.id
        out: list[PendingEdit] = []
        evidence = self.query_one("#c-evidence", NoteEditor).text
        if self._edited("evidence", evidence) and evidence != self.rating.evidence:
            out.append(EvidenceEdited(cid, evidence))
        if self.competency.user_defined:
            rationale = self.query_one("#c-rationale", NoteEditor).text
            if self._edited("rationale", rationale) and rationale != self.rating.rationale:
                out.append(RationaleEdited(cid, rationale))
            title = self.query_one("#c-other-title", SafeInput).value
            if self._edited("title", title) and title != self.rating.title:
                out.append(TitleEdited(cid, title))
        return out

    def capture(self) -> None:
        """Post what the text fields hold, if the session does not have it yet."""
        for edit in self.pending():
            self.post_message(edit)

    def focus_text(self) -> None:
        """Into the first text this competency still needs: an "Other" without a title opens
        at its title, anything else at the end of its evidence (adding is the common case)."""
        title = self.query_one("#c-other-title", SafeInput)
        if self.competency is not None and self.competency.user_defined and not title.value.strip():
            self.screen.set_focus(title)
            return
        editor = self.query_one("#c-evidence", NoteEditor)
        if self.app.focused is not editor:
            editor.move_cursor(editor.document.end)
        self.screen.set_focus(editor)

    # --- intent up ----------------------------------------------------------------------

    @on(ScalePicker.Picked)
    def _level_clicked(self, event: ScalePicker.Picked) -> None:
        event.stop()
        if self.competency is not None and not self.read_only:
            self.post_message(Rated(self.competency.id, event.value))

    @on(Checkbox.Changed, "#c-na")
    def _na_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if (
            self.competency is not None
            and not self.read_only
            and event.value != self.rating.not_applicable
        ):
            self.post_message(NotApplicableMarked(self.competency.id, event.value))

    @on(TextArea.Changed, "#c-evidence")
    def _evidence_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        editor = event.text_area
        if self.competency is None or self.read_only or editor.read_only:
            return
        if self._edited("evidence", editor.text) and editor.text != self.rating.evidence:
            self.post_message(EvidenceEdited(self.competency.id, editor.text))
        self.query_one("#c-count", Static).update(f"{len(editor.text):,} / {MAX_NOTE:,} characters")

    @on(TextArea.Changed, "#c-rationale")
    def _rationale_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        editor = event.text_area
        if self.competency is None or self.read_only or editor.read_only:
            return
        if self._edited("rationale", editor.text) and editor.text != self.rating.rationale:
            self.post_message(RationaleEdited(self.competency.id, editor.text))

    @on(Input.Changed, "#c-other-title")
    def _title_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.competency is None or self.read_only:
            return
        if self._edited("title", event.value) and event.value != self.rating.title:
            self.post_message(TitleEdited(self.competency.id, event.value))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, NoteEditor | SafeInput):
            self.capture()
            self.post_message(FieldLeft())
