"""A mentor's review on a session screen: the comment on the competency shown (below its
detail) and the overall comment and verdict (above readiness). Mounted the first time there
is a review to show; editable in the mentor's own view, read-only in the candidate's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.widgets import TabPane

from selfcheck.model.review import Review
from selfcheck.storage.reviews import load_review
from selfcheck.storage.toml_files import LoadError
from selfcheck.ui.messages import CommentEdited, OverallEdited
from selfcheck.ui.text import line

if TYPE_CHECKING:
    from textual.screen import Screen

    from selfcheck.ui.widgets.comments import CommentPanel, ReviewSummary


class ReviewPanels:
    """The review's two panels on one screen; the screen keeps the review and saves it."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        #: The review shown (None until there is one).
        self.review: Review | None = None
        self._comment: CommentPanel | None = None
        self._summary: ReviewSummary | None = None

    def read(self, session_path: Path) -> Review | None:
        """The review beside a session, for the candidate to read (None when there is none,
        or it cannot be read: that is said, and the session opens without it)."""
        try:
            review, _ = load_review(session_path)
        except LoadError as exc:
            problem = exc.problems[0] if exc.problems else "unreadable"
            text = line(f"The mentor's review could not be read: {problem}").plain
            self.screen.notify(text, severity="warning", markup=False, timeout=10)
            return None
        return review if review is not None and not review.is_empty else None

    async def show(self, review: Review, *, editable: bool) -> None:
        """Show a review, mounting the panels the first time."""
        from selfcheck.ui.widgets.comments import CommentPanel, ReviewSummary

        self.review = review
        if self._comment is None or self._summary is None:
            self._comment = CommentPanel(editable=editable)
            self._summary = ReviewSummary(editable=editable)
            await self.screen.query_one("#detail-column").mount(self._comment)
            await self.screen.query_one("#readiness", TabPane).mount(
                self._summary, before="#readiness-view"
            )
        self._summary.show(review)

    def show_comment(self, competency_id: str | None, level_now: int | None) -> None:
        """Show the comment on this competency, and whether its rating (`level_now`) changed
        since the comment was written."""
        if self._comment is not None and self.review is not None and competency_id:
            self._comment.show(competency_id, self.review, level_now)

    def pending(self) -> list[CommentEdited | OverallEdited]:
        """What the editors hold and have not reported yet (only a mentor's view has any)."""
        edits: list[CommentEdited | OverallEdited] = []
        if self._comment is not None and (comment := self._comment.pending()) is not None:
            edits.append(comment)
        if self._summary is not None and (overall := self._summary.pending()) is not None:
            edits.append(overall)
        return edits

    def focus_comment(self) -> None:
        if self._comment is not None:
            self._comment.focus_editor()

    def focus_overall(self) -> None:
        if self._summary is not None:
            self._summary.focus_overall()

    def show_verdict(self, verdict: str) -> None:
        """Show a verdict chosen elsewhere (the v key's dialog)."""
        if self._summary is not None:
            self._summary.show_verdict(verdict)
