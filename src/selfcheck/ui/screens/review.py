"""The mentor's view of a session: everything the candidate sees, read-only, plus a comment on
each competency, an overall comment and a verdict. They are saved as they are typed to the
review file beside the session; the candidate's file is never written."""

from __future__ import annotations

import contextlib
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import TabbedContent

from selfcheck.model.review import VERDICTS, Review, Stamp
from selfcheck.storage.editor import Editor
from selfcheck.storage.reviews import ReviewFile, default_mentor_name, review_path
from selfcheck.storage.toml_files import LoadError, SaveError
from selfcheck.ui.messages import CommentEdited, MentorNamed, OverallEdited, VerdictChosen
from selfcheck.ui.screens.session import SessionScreen
from selfcheck.ui.text import home_short, line
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

    def __init__(self, editor: Editor, *, mentor: str | None = None) -> None:
        super().__init__(editor)
        #: Who signs a new review (the signed-in user unless the app was told otherwise).
        self.default_mentor = default_mentor_name() if mentor is None else mentor
        self.review_file: ReviewFile | None = None

    # --- opening ------------------------------------------------------------------------

    async def open_review(self) -> None:
        try:
            self.review_file = ReviewFile.open(
                self.editor.file.path,
                mentor=self.default_mentor,
                state_dir=getattr(self.app, "state_dir", None),
            )
        except LoadError as exc:
            # Never written over: the mentor reads the session, but cannot comment here.
            problem = exc.problems[0] if exc.problems else "unreadable"
            self._problem = f"your review could not be read ({problem}), so it cannot be edited"
            self.notify(
                line(f"Could not open your review: {problem}. Fix or move the file.").plain,
                severity="error",
                markup=False,
                timeout=15,
            )
            self._show_status()
            return
        file = self.review_file
        await self.show_review(file.review, editable=file.editable)
        if file.restored is not None:
            when = file.restored.astimezone().strftime("%Y-%m-%d %H:%M")
            text = f"Your review text from {when} that was not saved is back; saving it now."
            self.notify(text, title="Review restored", markup=False, timeout=12)
            self._save_now()  # the draft goes only once this save has landed
        self._show_status()
        self.refresh_bindings()

    # --- edits --------------------------------------------------------------------------

    def _review_change(self, review: Review, *, typing: bool) -> None:
        file = self.review_file
        if file is None or review == file.review or not file.editable:
            return
        try:
            file.change(review, self.app_now())
        except OSError as exc:
            self.journal_failed(exc)
        else:
            self.journal_kept()
        self.mentor_review = review
        self.query_one(RateTab).show_comments(review.comments)
        if typing:
            self._schedule_save()
        else:
            self._save_now()

    def take_pending_review(self) -> None:
        """Apply what the review's editors hold and has not been reported yet."""
        from selfcheck.ui.widgets.comments import ReviewSummary

        if self._comments is not None and self.review_file is not None:
            edit = self._comments.pending()
            if edit is not None:
                self._apply_comment(edit)
            for summary in self.query(ReviewSummary):
                overall = summary.pending()
                if overall is not None:
                    self._review_change(self.review_file.review.with_overall(overall.text),
                                        typing=True)  # fmt: skip

    def _apply_comment(self, edit: CommentEdited) -> None:
        if self.review_file is not None:
            # The comment is about the rating as it is now: kept with it, so a later change
            # of rating shows the comment may be out of date.
            stamp = Stamp(self.session.rating(edit.competency_id).level, self.app_now())
            review = self.review_file.review.with_comment(edit.competency_id, edit.text, stamp)
            self._review_change(review, typing=True)

    @on(CommentEdited)
    def _comment_edited(self, event: CommentEdited) -> None:
        event.stop()
        self._apply_comment(event)

    @on(OverallEdited)
    def _overall_edited(self, event: OverallEdited) -> None:
        event.stop()
        if self.review_file is not None:
            self._review_change(self.review_file.review.with_overall(event.text), typing=True)

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

    # --- saving -------------------------------------------------------------------------

    def _save_now(self) -> bool:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        file = self.review_file
        if file is None or not file.dirty:
            return True
        now = self.app_now()
        try:
            notes = file.save(now)
        except SaveError as exc:
            return self._save_failed(exc)
        self._save_succeeded(now)
        for note in notes:  # saved under another name: say which
            self.notify(line(note).plain, title="Review saved", markup=False, timeout=20)
        self._show_status()
        return True

    def flush(self) -> bool:
        self.take_pending_review()
        return self._save_now()

    def _problem_text(self) -> str:
        return line(f"Could not save your review: {self._problem}. Your text is still here.").plain

    def _show_status(self) -> None:
        file = self.review_file
        where = line(home_short(file.path if file else review_path(self.editor.file.path)))
        if self._problem:
            text = Content.styled(self._problem_text(), "bold $error")
        elif file is not None and file.read_only:
            text = Content.assemble(
                ("Your review cannot be changed here: ", "bold $warning"),
                line(f"{file.read_only}. "),
                where,
            )
        elif self._saved_at:
            text = Content.assemble((f"Review saved {self._saved_at} ", "$success"), where)
        elif self.review_file is not None and self.review_file.saved is not None:
            text = Content.assemble(("Your review: ", "$text-muted"), where)
        else:
            text = Content.assemble(("Your review will be saved as ", "$text-muted"), where)
        self.status_line(text)

    def keep_draft(self) -> None:
        with contextlib.suppress(Exception):  # a crash is under way: keep what we can
            self.take_pending_review()
            if self.review_file is not None:
                self.review_file.save(self.app_now())

    def emergency_stop(self) -> None:
        self.keep_draft()
        self.close_file()

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
        if self._comments is not None:
            # The list may have moved by a key typed just before this one: the editor shows
            # that competency's comment before it takes the keys that follow.
            self.query_one(RateTab).show_current()
            self._show_comment()
            self._comments.focus_editor()

    def action_overall(self) -> None:
        from selfcheck.ui.widgets.comments import ReviewSummary

        if self.query_one(TabbedContent).active != "readiness":
            self.action_show_tab("readiness")
        for summary in self.query(ReviewSummary):
            summary.focus_overall()

    def action_verdict(self) -> None:
        from selfcheck.ui.screens.dialogs import PickOne
        from selfcheck.ui.widgets.comments import ReviewSummary

        choices = [(key, Content(label)) for key, label in VERDICTS.items()]
        choices.append((NO_VERDICT, Content("No verdict yet")))

        def chosen(verdict: str | None) -> None:
            if verdict is not None and self.review_file is not None:
                value = "" if verdict == NO_VERDICT else verdict
                self._review_change(self.review_file.review.with_verdict(value), typing=False)
                for summary in self.query(ReviewSummary):
                    summary.show_verdict(value)

        # A verdict already given is where the list starts; without one, at the top.
        current = self.review_file.review.verdict if self.review_file is not None else ""
        self.app.push_screen(PickOne("Your verdict", choices, selected=current or None), chosen)
