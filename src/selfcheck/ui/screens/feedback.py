"""The session screen's Feedback tab: reads the raters' forms beside the session (after the
first frame) and keeps the summary in step with the candidate's own ratings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TabPane

from selfcheck.model.feedback import groups_of
from selfcheck.model.feedback_summary import FeedbackSummary, summarise
from selfcheck.storage.feedback import FeedbackFolder, feedback_folder, load_feedback
from selfcheck.ui.text import line

if TYPE_CHECKING:
    from selfcheck.ui.screens.session import SessionScreen
    from selfcheck.ui.widgets.feedback_view import FeedbackView

#: How many unusable forms are named in notifications (all are named on the command line).
NAMED_PROBLEMS = 3


class FeedbackTab:
    """What the screen needs to show feedback: whether there is any, the forms, the view."""

    def __init__(self, screen: SessionScreen) -> None:
        self.screen = screen
        self.folder = feedback_folder(screen.editor.file.path)
        self.present = self.folder.is_dir()
        self.found: FeedbackFolder | None = None
        self.view: FeedbackView | None = None

    def summary(self) -> FeedbackSummary:
        screen = self.screen
        forms = self.found.rater_forms if self.found else ()
        return summarise(
            screen.catalogue, groups_of(screen.catalogue), screen.session.ratings, forms
        )

    async def build(self) -> None:
        """Read the forms and mount the view (once, after the first frame)."""
        if not self.present or self.view is not None:
            return
        from selfcheck.ui.widgets.feedback_view import FeedbackView

        screen = self.screen
        self.found = load_feedback(
            screen.editor.file.path, screen.catalogue, screen.session.candidate
        )
        for problem in self.found.problems[:NAMED_PROBLEMS]:
            screen.notify(line(f"Form skipped: {problem}").plain, severity="warning",
                          markup=False, timeout=10)  # fmt: skip
        more = len(self.found.problems) - NAMED_PROBLEMS
        if more > 0:
            screen.notify(f"{more} more forms skipped; 'selfcheck feedback SESSION' names them.",
                          severity="warning", markup=False, timeout=10)  # fmt: skip
        top = screen.catalogue.scale.values[-1]
        self.view = FeedbackView(top, self.summary(), id="feedback-view")
        await screen.query_one("#feedback", TabPane).mount(self.view)

    def refresh_self(self) -> None:
        if self.view is not None:
            self.view.show(self.summary())
