"""The mentor's view of a session: everything the candidate sees, read-only, plus a comment on
each competency, an overall comment and a verdict. They are saved as they are typed to the
review file beside the session; the candidate's file is never written."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import TabbedContent

from selfcheck.model.review import VERDICTS, Review, Stamp
from selfcheck.storage.editor import Editor
from selfcheck.storage.reviews import ReviewFile, default_mentor_name
from selfcheck.storage.toml_files import LoadError
from selfcheck.ui.autosave import ReviewTarget
from selfcheck.ui.messages import CommentEdited, MentorNamed, OverallEdited, VerdictChosen
from selfcheck.ui.screens.session import SessionScreen
from selfcheck.ui.text import line
from selfcheck.ui.widgets.fields import TextField
from selfcheck.ui.widgets.rate_tab import RateTab

NO_VERDICT = "-"


class ReviewScreen(SessionScreen):
    WHOSE = "The candidate's"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "comment", "Comment", tooltip="Write your comment on this competency"),
        Binding("o", "overall", "Overall", tooltip="Write your overall comment"),
        Binding(
            "v", "verdict", "Verdict", tooltip="Choose your verdict: agree, let's discuss, not yet"
        ),
    ]

    def __init__(
        self, editor: Editor, *, mentor: str | None = None, state_dir: Path | None = None
    ) -> None:
        """`state_dir`: where the review's recovery draft goes (the default state folder
        when None)."""
        self._saving = ReviewTarget(editor.file.path)
        super().__init__(editor, saving=self._saving)
        #: Who signs a new review (the signed-in user unless the app was told otherwise).
        self.default_mentor = default_mentor_name() if mentor is None else mentor
        self.state_dir = state_dir

    @property
    def review_file(self) -> ReviewFile | None:
        """The review while it is open (None until then, or when it cannot be read)."""
        return self._saving.file

    # --- opening ------------------------------------------------------------------------

    async def open_review(self) -> None:
        try:
            file = ReviewFile.open(
                self.editor.file.path, mentor=self.default_mentor, state_dir=self.state_dir
            )
        except LoadError as exc:
            # Never written over: the mentor reads the session, but cannot comment here.
            problem = exc.problems[0] if exc.problems else "unreadable"
            self.notify(
                line(f"Could not open your review: {problem}. Fix or move the file.").plain,
                severity="error",
                markup=False,
                timeout=15,
            )
            self.autosave.problem = (
                f"your review could not be read ({problem}), so it cannot be edited"
            )
            self.autosave.show()
            return
        self._saving.file = file
        await self.show_review(file.review, editable=file.editable)
        if file.restored is not None:
            when = file.restored.astimezone().strftime("%Y-%m-%d %H:%M")
            text = f"Your review text from {when} that was not saved is back; saving it now."
            self.notify(text, title="Review restored", markup=False, timeout=12)
            self.autosave.now()  # the draft goes only once this save has landed
        self.autosave.show()
        self.refresh_bindings()

    # --- edits --------------------------------------------------------------------------

    def _review_change(self, review: Review, *, typing: bool) -> None:
        file = self.review_file
        if file is None or review == file.review or not file.editable:
            return
        try:
            file.change(review, self.app_now())
        except OSError as exc:
            self.autosave.journal_failed(exc.strerror or str(exc))
        else:
            self.autosave.journal_kept()
        self.review_panels.review = review
        self.query_one(RateTab).show_comments(review.comments)
        if typing:
            self.autosave.later()
        else:
            self.autosave.now()

    def take_pending_review(self) -> None:
        """Apply what the review's editors hold and has not been reported yet."""
        if self.review_file is not None:
            for edit in self.review_panels.pending():
                self._apply_text(edit)

    def _apply_text(self, edit: CommentEdited | OverallEdited) -> None:
        if self.review_file is None:
            return
        review = self.review_file.review
        if isinstance(edit, CommentEdited):
            # The comment is about the rating as it is now: kept with it, so a later change
            # of rating shows the comment may be out of date.
            stamp = Stamp(self.session.rating(edit.competency_id).level, self.app_now())
            review = review.with_comment(edit.competency_id, edit.text, stamp)
        else:
            review = review.with_overall(edit.text)
        self._review_change(review, typing=True)

    @on(CommentEdited)
    @on(OverallEdited)
    def _text_edited(self, event: CommentEdited | OverallEdited) -> None:
        event.stop()
        self._apply_text(event)

    @on(MentorNamed)
    def _mentor_named(self, event: MentorNamed) -> None:
        event.stop()
        if self.review_file is not None:
            self._review_change(self.review_file.review.with_mentor(event.name), typing=True)

    @on(VerdictChosen)
    def _verdict_chosen(self, event: VerdictChosen) -> None:
        event.stop()
        if self.review_file is not None:
            self._review_change(self.review_file.review.with_verdict(event.verdict), typing=False)

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("comment", "overall", "verdict"):
            # While typing, letters are text; and a review that could not be read is not edited.
            file = self.review_file
            return not isinstance(self.app.focused, TextField) and bool(file and file.editable)
        return super().check_action(action, parameters)

    def action_comment(self) -> None:
        if self.query_one(TabbedContent).active != "rate":
            self.action_show_tab("rate")
        # The list may have moved by a key typed just before this one: the editor shows
        # that competency's comment before it takes the keys that follow.
        self.query_one(RateTab).show_current()
        self._show_comment()
        self.review_panels.focus_comment()

    def action_overall(self) -> None:
        if self.query_one(TabbedContent).active != "readiness":
            self.action_show_tab("readiness")
        self.review_panels.focus_overall()

    def action_verdict(self) -> None:
        from selfcheck.ui.screens.dialogs import PickOne

        choices = [(key, Content(label)) for key, label in VERDICTS.items()]
        choices.append((NO_VERDICT, Content("No verdict yet")))

        def chosen(verdict: str | None) -> None:
            if verdict is not None and self.review_file is not None:
                value = "" if verdict == NO_VERDICT else verdict
                self._review_change(self.review_file.review.with_verdict(value), typing=False)
                self.review_panels.show_verdict(value)

        # A verdict already given is where the list starts; without one, at the top.
        current = self.review_file.review.verdict if self.review_file is not None else ""
        self.app.push_screen(PickOne("Your verdict", choices, selected=current or None), chosen)
