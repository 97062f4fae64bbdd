"""The session screen's Feedback tab: added just after the first frame when raters' forms sit
beside the session, and kept in step with the candidate's own ratings. Its modules load then,
so a session without feedback opens as fast as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from selfcheck.ui.text import line

if TYPE_CHECKING:
    from textual.content import Content
    from textual.screen import Screen

    from selfcheck.model.catalogue import Catalogue
    from selfcheck.model.feedback_summary import FeedbackSummary
    from selfcheck.model.session import Session
    from selfcheck.storage.feedback import FeedbackFolder
    from selfcheck.ui.widgets.feedback_view import FeedbackView

#: How many unusable forms are named in notifications (all are named on the command line).
NAMED_PROBLEMS = 3


class FeedbackTab:
    """What the screen needs to show feedback: whether there is any, the forms, the view."""

    def __init__(
        self,
        screen: Screen[Any],
        catalogue: Catalogue,
        session_path: Path,
        session: Callable[[], Session],
    ) -> None:
        self.screen = screen
        self.catalogue = catalogue
        self.session_path = session_path
        #: The session as it is now (the candidate's own ratings change while the tab is open).
        self.session = session
        #: The forms beside the session (None until read, or when there is no folder).
        self.found: FeedbackFolder | None = None
        self.view: FeedbackView | None = None

    @property
    def present(self) -> bool:
        return self.view is not None

    def summary(self) -> FeedbackSummary:
        from selfcheck.model.feedback import groups_of
        from selfcheck.model.feedback_summary import summarise

        forms = self.found.rater_forms if self.found else ()
        return summarise(self.catalogue, groups_of(self.catalogue), self.session().ratings, forms)

    async def build(self, title: Content) -> None:
        """Read the forms and add the tab titled `title`, where the session has a feedback
        folder (once)."""
        from selfcheck.storage.feedback import feedback_folder, load_feedback

        screen = self.screen
        path = self.session_path
        if self.view is not None or not feedback_folder(path).is_dir():
            return
        from textual.widgets import TabbedContent, TabPane

        from selfcheck.ui.widgets.feedback_view import FeedbackView

        self.found = load_feedback(path, self.catalogue, self.session().candidate)
        for problem in self.found.problems[:NAMED_PROBLEMS]:
            screen.notify(line(f"Form skipped: {problem}").plain, severity="warning",
                          markup=False, timeout=10)  # fmt: skip
        more = len(self.found.problems) - NAMED_PROBLEMS
        if more > 0:
            screen.notify(f"{more} more forms skipped; 'selfcheck feedback SESSION' names them.",
                          severity="warning", markup=False, timeout=10)  # fmt: skip
        top = self.catalogue.scale.values[-1]
        view = FeedbackView(top, self.summary(), id="feedback-view")
        await screen.query_one(TabbedContent).add_pane(TabPane(title, view, id="feedback"))
        self.view = view
        screen.refresh_bindings()

    def refresh_self(self) -> None:
        if self.view is not None:
            self.view.show(self.summary())
