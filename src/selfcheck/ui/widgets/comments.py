"""A mentor's review on screen: the comment on the current competency (below its detail) and
the overall comment and verdict (above readiness). Editable in the mentor's view, read-only
for the candidate. Widgets post what changed; the screen keeps the review and saves it."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Select, Static, TextArea

from selfcheck.model.review import VERDICTS, Review, Stamp
from selfcheck.model.session import MAX_NOTE
from selfcheck.ui.messages import (
    CommentEdited,
    FieldLeft,
    MentorNamed,
    OverallEdited,
    VerdictChosen,
)
from selfcheck.ui.text import line, lit
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput


def _long_text(text: str) -> Content:
    """A comment shown in full up to the note limit, with a word about the rest."""
    if len(text) <= MAX_NOTE:
        return lit(text)
    more = f"\n… {len(text) - MAX_NOTE:,} more characters, over the {MAX_NOTE:,} limit."
    return Content.assemble(lit(text[:MAX_NOTE]), (more, "$text-muted"))


def signed_by(review: Review) -> Content:
    return line(review.mentor.strip() or "your mentor", "bold")


def day(when: datetime | None) -> str:
    """A date as the review shows it (local time, the day only)."""
    return when.astimezone().strftime("%Y-%m-%d") if when else ""


def stale_note(stamp: Stamp | None, level_now: int | None) -> Content | None:
    """Said under a comment written against another rating than the one shown now."""
    if stamp is None or not stamp.level_changed(level_now):
        return None

    def shown(level: int | None) -> str:
        return "not rated" if level is None else str(level)

    return Content.styled(
        f"The rating changed since this comment ({shown(stamp.level)} → {shown(level_now)}).",
        "$text-warning",
    )


class _Loaded:
    """What an editor held when it was loaded: only a difference from it is an edit, so
    showing a text (which may normalise its line breaks) never counts as changing it."""

    def __init__(self) -> None:
        self.ready = False  # nothing loaded yet: nothing to report
        self.text: str | None = None

    def load(self, editor: NoteEditor, text: str) -> None:
        editor.read_only = len(text) > MAX_NOTE
        editor.load_text(text[:MAX_NOTE])
        self.ready, self.text = True, editor.text

    def edited(self, editor: NoteEditor) -> bool:
        if not self.ready or editor.read_only or self.text == editor.text:
            return False
        self.text = None  # edited once: every later text counts, even the original
        return True


class CommentPanel(Vertical):
    """The mentor's comment on the competency shown above it."""

    def __init__(self, *, editable: bool) -> None:
        super().__init__(id="comments", classes="editable" if editable else "")
        self.editable = editable
        self.competency_id: str | None = None
        self._loaded = _Loaded()

    def compose(self) -> ComposeResult:
        yield Static(id="comment-title")
        yield Static(id="comment-stale", classes="hidden")
        if self.editable:
            yield NoteEditor(id="comment-editor", noun="Comments")
        else:
            with VerticalScroll(id="comment-scroll"):
                yield Static(id="comment-text")

    def show(self, competency_id: str, review: Review, level_now: int | None) -> None:
        """Show the comment on this competency (the editor reloads only for another one),
        with its date and a word if the rating changed since it was written."""
        text = review.comments.get(competency_id, "")
        stamp = review.stamps.get(competency_id) if text.strip() else None
        written = f" · {day(stamp.written)}" if stamp else ""
        if self.editable:
            title = Content.assemble(
                ("Your comment on ", "bold"), line(competency_id, "bold"), (written, "$text-muted"),
                (" (c to write, Esc to leave)", "$text-muted"),
            )  # fmt: skip
            self.query_one("#comment-title", Static).update(title)
            if competency_id != self.competency_id:
                self._loaded.load(self.query_one("#comment-editor", NoteEditor), text)
        else:
            title = Content.assemble(
                ("Comment from ", "bold"), signed_by(review), (written, "$text-muted")
            )
            self.query_one("#comment-title", Static).update(title)
            body = (
                _long_text(text)
                if text.strip()
                else Content.styled("No comment on this competency.", "$text-muted")
            )
            self.query_one("#comment-text", Static).update(body)
        note = stale_note(stamp, level_now)
        stale = self.query_one("#comment-stale", Static)
        stale.update(note or "")
        stale.set_class(note is None, "hidden")
        self.competency_id = competency_id

    def pending(self) -> CommentEdited | None:
        """The comment the editor holds, if it differs from what was loaded."""
        if not self.editable or self.competency_id is None:
            return None
        editor = self.query_one("#comment-editor", NoteEditor)
        if self._loaded.edited(editor):
            return CommentEdited(self.competency_id, editor.text)
        return None

    def focus_editor(self) -> None:
        if self.editable:
            editor = self.query_one("#comment-editor", NoteEditor)
            if self.app.focused is not editor:
                editor.move_cursor(editor.document.end)
            self.screen.set_focus(editor)

    @on(TextArea.Changed, "#comment-editor")
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        edit = self.pending()
        if edit is not None:
            self.post_message(edit)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, NoteEditor):
            self.post_message(FieldLeft())


class ReviewSummary(Vertical):
    """Who reviewed, the verdict and the overall comment; a small form for the mentor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave the field", tooltip="Back to the readiness view"),
    ]

    def __init__(self, *, editable: bool) -> None:
        super().__init__(id="review-summary", classes="editable" if editable else "")
        self.editable = editable
        self._loaded = _Loaded()
        self._shown = False

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Mentor review", "bold"), id="review-title", classes="section")
        if self.editable:
            with Horizontal(id="review-row"):
                yield Static("Mentor ", classes="label")
                yield SafeInput(id="mentor-name", compact=True, max_length=200,
                                placeholder="Your name")  # fmt: skip
                yield Static(" Verdict ", classes="label")
                choices = [(Content(label), key) for key, label in VERDICTS.items()]
                verdict: Select[str] = Select(
                    choices, prompt="No verdict yet", id="verdict", compact=True
                )
                yield verdict
            yield Static(
                Content.assemble(
                    ("Overall comment", "bold"),
                    (" (o to write, Esc to leave)", "$text-muted"),
                ),
                classes="field",
            )
            yield NoteEditor(id="overall-editor", classes="short", noun="Comments")
        else:
            yield Static(id="review-head")
            with VerticalScroll(id="review-overall-scroll"):
                yield Static(id="review-overall")

    def show(self, review: Review) -> None:
        if not self.editable:
            verdict = VERDICTS.get(review.verdict, "")
            when = day(review.updated)
            head = Content.assemble(
                "By ", signed_by(review), *((f" · {when}",) if when else ()),
                *((" · Verdict: ", (verdict, "bold $accent")) if verdict else ()),
            )  # fmt: skip
            self.query_one("#review-head", Static).update(head)
            overall = review.overall
            self.query_one("#review-overall", Static).update(
                _long_text(overall) if overall.strip() else Content("")
            )
            self.query_one("#review-overall-scroll").display = bool(overall.strip())
        elif not self._shown:  # the form is the mentor's: filled once, then theirs
            self._shown = True
            if review.updated:
                self.query_one("#review-title", Static).update(
                    Content.assemble(
                        ("Mentor review", "bold"), (f" · last saved {day(review.updated)}", "")
                    )
                )
            self.query_one("#mentor-name", SafeInput).value = review.mentor
            if review.verdict in VERDICTS:
                self.query_one("#verdict", Select).value = review.verdict
            self._loaded.load(self.query_one("#overall-editor", NoteEditor), review.overall)

    def show_verdict(self, verdict: str) -> None:
        """Show a verdict chosen elsewhere (the v key's dialog)."""
        if self.editable:
            select: Select[str] = self.query_one("#verdict", Select)
            if verdict in VERDICTS:
                select.value = verdict
            else:
                select.clear()

    def pending(self) -> OverallEdited | None:
        if not self.editable:
            return None
        editor = self.query_one("#overall-editor", NoteEditor)
        return OverallEdited(editor.text) if self._loaded.edited(editor) else None

    def focus_overall(self) -> None:
        if self.editable:
            self.screen.set_focus(self.query_one("#overall-editor", NoteEditor))

    def action_leave(self) -> None:
        self.screen.set_focus(self.screen.query_one("#readiness-view"))

    @on(TextArea.Changed, "#overall-editor")
    def _overall_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        edit = self.pending()
        if edit is not None:
            self.post_message(edit)

    @on(Input.Changed, "#mentor-name")
    def _name_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._shown:
            self.post_message(MentorNamed(event.value))

    @on(Select.Changed, "#verdict")
    def _verdict_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._shown:
            value = event.value
            self.post_message(VerdictChosen(value if isinstance(value, str) else ""))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, NoteEditor | SafeInput):
            self.post_message(FieldLeft())
