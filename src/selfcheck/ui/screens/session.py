"""One open session in three tabs (rate, requirements, readiness). This screen owns the
session: it applies what the widgets report, keeps readiness current and saves every change.

The first frame holds only the list and the current competency's statement: the rating form,
the other tabs, the side readiness and a mentor's review are built just after it (and their
modules imported then), so a session opens about as fast as Textual starts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane, Tabs

from selfcheck.model.readiness import Readiness, assess, reassess_typing
from selfcheck.model.review import Review
from selfcheck.model.session import Session
from selfcheck.storage.editor import Editor
from selfcheck.ui.autosave import Autosave, SaveTarget, SessionTarget
from selfcheck.ui.messages import (
    Answered,
    AreaJumpAsked,
    Edit,
    EvidenceEdited,
    FieldLeft,
    ItemWanted,
    Moved,
    NotApplicableMarked,
    Rated,
    RationaleEdited,
    TitleEdited,
    applied,
)
from selfcheck.ui.screens.development import DevelopmentTab, has_development
from selfcheck.ui.screens.feedback import FeedbackTab
from selfcheck.ui.screens.mentor_review import ReviewPanels
from selfcheck.ui.shell import shell
from selfcheck.ui.text import line
from selfcheck.ui.widgets.rate_tab import RateTab
from selfcheck.ui.widgets.session_tabs import SessionTabs, tab_label

if TYPE_CHECKING:
    from textual.command import Provider

    from selfcheck.ui.screens.dialogs import QuitChoice
    from selfcheck.ui.screens.evidence_item import ItemResult
    from selfcheck.ui.widgets.portfolio_view import PortfolioView
    from selfcheck.ui.widgets.readiness_view import ReadinessView


def _competency_commands() -> type[Provider]:
    """Ctrl+P's competency finder, imported only when the palette opens."""
    from selfcheck.ui.palette import CompetencyCommands

    return CompetencyCommands


class SessionScreen(DevelopmentTab):
    CSS_PATH = str(Path(__file__).parent.parent / "session.tcss")
    # Wide terminals also show readiness beside the rating; tall ones a taller editor.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]  # noqa: RUF012 (as Screen declares it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]  # noqa: RUF012

    # One key a line, as a table reads.
    BINDINGS: ClassVar[list[BindingType]] = [
        # The tab keys are written on the tabs themselves: the footer keeps its room (80
        # columns) for the keys of the tab shown.
        Binding("f2", "show_tab('rate')", "Rate", priority=True, show=False, tooltip="Rating tab"),
        Binding("f3", "show_tab('requirements')", "Requirements", priority=True, show=False,
                tooltip="Requirements tab"),
        Binding("f4", "show_tab('readiness')", "Readiness", priority=True, show=False,
                tooltip="Readiness tab"),
        Binding("f5", "show_tab('portfolio')", "Portfolio", priority=True, show=False,
                tooltip="Portfolio tab: dated evidence, what the application still needs"),
        # The tab bar shows these; the footer has no room left at 80 columns.
        Binding("f6", "show_tab('development')", "Development", priority=True, show=False,
                tooltip="Development tab: plan, activity log, hours against the requirement"),
        Binding("f7", "show_tab('feedback')", "Feedback", priority=True, show=False,
                tooltip="Feedback tab: what raters said, against your own rating"),
        Binding("T", "choose_target", "Choose target", show=False,
                tooltip="Choose the target designation (Shift+T)"),
        Binding("ctrl+s", "save", "Save now", show=False,
                tooltip="Save now (every change is saved by itself anyway)"),
        Binding("D", "compare", "Compare", show=False,
                tooltip="Compare with another session of this catalogue (Shift+D)"),
        Binding("ctrl+w", "close", "Close session", show=False,
                tooltip="Close the session, back to the start screen"),
        Binding("R", "download_report", "Download report (HTML/Markdown/JSON)", show=False,
                tooltip="Download a report of this session: HTML, Markdown or JSON (Shift+R)"),
    ]  # fmt: skip

    #: Whose target the readiness view names.
    WHOSE = "Your"
    #: Ctrl+P finds competencies by id or title (ui/palette.py, loaded when it opens).
    COMMANDS = {_competency_commands}  # noqa: RUF012 (as Screen declares it)

    def __init__(self, editor: Editor, saving: SaveTarget | None = None) -> None:
        """`saving`: what this window writes (the session, unless a subclass says otherwise)."""
        super().__init__()
        self.editor = editor
        self.catalogue = editor.file.catalogue
        self.readiness: Readiness = assess(self.catalogue, editor.session, self.today())
        self.review_panels = ReviewPanels(self)
        self.autosave = Autosave(self, saving or SessionTarget(editor), self.app_now)
        self._file_closed = False
        self._first_shown: str | None = None
        self._readiness_views: list[ReadinessView] = []
        #: A Portfolio tab where the catalogue has validation methods (built after the first
        #: frame, redrawn when shown: it is not needed at every keystroke).
        self.has_portfolio = bool(self.catalogue.evidence.methods)
        self.has_development = has_development(self.catalogue, editor.session)
        self._portfolio: PortfolioView | None = None
        #: Raters' forms beside the session: a Feedback tab when the folder is there.
        self.feedback = FeedbackTab(
            self, self.catalogue, self.editor.file.path, lambda: self.session
        )
        #: Everything after the first frame is mounted and laid out (tests wait for it).
        self.built = False

    @property
    def session(self) -> Session:
        return self.editor.session

    @property
    def read_only(self) -> str:
        return self.editor.file.read_only

    @property
    def mentor_review(self) -> Review | None:
        """The mentor's review of this session, if there is one (read after the first frame)."""
        return self.review_panels.review

    def compose(self) -> ComposeResult:
        yield Header()
        banner = f"Read-only: {self.read_only}." if self.read_only else ""
        yield Static(line(banner), id="banner", classes="" if banner else "hidden")
        # The log where hours are counted from it; else the milestones (ICMI) come first.
        counted = any(q.from_activities for q in self.catalogue.requirements)
        development = ["#dev-log", "#dev-goals"]
        if not counted:
            development = ["#dev-milestones", *development]
        with SessionTabs(initial="rate", id="tabs", first_focus={"development": development}):
            with TabPane(tab_label("Rate", "F2"), id="rate"), Horizontal(id="rate-row"):
                yield RateTab(self.catalogue, read_only=bool(self.read_only), id="rate-tab")
            # Filled just after the first frame (_build_rest).
            yield TabPane(tab_label("Requirements", "F3"), id="requirements")
            yield TabPane(tab_label("Readiness", "F4"), id="readiness")
            if self.has_portfolio:
                yield TabPane(tab_label("Portfolio", "F5"), id="portfolio")
            if self.has_development:
                yield TabPane(tab_label("Development", "F6"), id="development")
            # Feedback, where there is some, is added just after the first frame.
        yield Static(id="status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "selfcheck"
        self.sub_title = line(f"{self.session.candidate} · {self.catalogue.title}", limit=90).plain
        # The tab strip would be a Tab stop that shows no focus; F2, F3, F4 (and clicks)
        # switch tabs.
        self.query_one(Tabs).can_focus = False
        rate_tab = self.query_one(RateTab)
        rate_tab.fill(self.session, self.readiness, self.session.position)
        # Where the list starts is not a move: opening and closing must not rewrite the file.
        self._first_shown = rate_tab.competency_list.current
        self.query_one("#competencies").focus()
        for warning in self.editor.file.warnings[:3]:
            self.notify(line(str(warning)).plain, severity="warning", markup=False, timeout=8)
        aside = self.editor.file.unreadable_draft
        if aside is not None:
            text = line(f"A recovery copy could not be read; it was kept as {aside}").plain
            self.notify(text, severity="warning", markup=False, timeout=15)
        if self.editor.dirty:
            self.autosave.now()  # a restored draft: write it now
        self.autosave.show()
        self.call_after_refresh(self._build_rest)

    async def _build_rest(self) -> None:
        """Everything the first frame does not show, mounted just after it."""
        from selfcheck.ui.widgets.requirements_form import RequirementsForm

        await self.query_one("#rate-row").mount(
            self._readiness_view(bar_width=8, id="side-readiness")
        )
        await self.query_one("#requirements", TabPane).mount(
            RequirementsForm(
                self.catalogue, self.session.requirements,
                read_only=bool(self.read_only), id="requirements-form",
            )
        )  # fmt: skip
        self.query_one(RequirementsForm).show_computed(self.readiness)
        await self.query_one("#readiness", TabPane).mount(self._readiness_view(id="readiness-view"))
        if self.has_portfolio:
            from selfcheck.ui.widgets.portfolio_view import PortfolioView

            self._portfolio = PortfolioView(self.catalogue, id="portfolio-view")
            await self.query_one("#portfolio", TabPane).mount(self._portfolio)
            self._show_portfolio()
        if self.has_development:
            await self.build_development()
        await self.feedback.build(tab_label("Feedback", "F7"))
        await self.open_review()
        tabs = self.query_one(SessionTabs)
        if tabs.active != "rate":  # a tab key typed before its contents were there
            tabs.focus_first(tabs.active)
        self.call_after_refresh(self._built)

    def _built(self) -> None:
        self.built = True

    def _readiness_view(self, **kwargs: Any) -> ReadinessView:
        from selfcheck.ui.widgets.readiness_view import ReadinessView

        view = ReadinessView(
            self.catalogue, self.readiness, self.session.target, whose=self.WHOSE, **kwargs
        )
        self._readiness_views.append(view)
        return view

    # --- the mentor's review --------------------------------------------------------------

    async def open_review(self) -> None:
        """Show the mentor's review, if there is one: a comment below each competency, the
        overall comment and verdict above readiness (read-only here)."""
        review = self.review_panels.read(self.editor.file.path)
        if review is not None:
            await self.show_review(review, editable=False)

    async def show_review(self, review: Review, *, editable: bool) -> None:
        """Show the review's panels and mark the commented competencies."""
        await self.review_panels.show(review, editable=editable)
        self._show_comment()
        self.query_one(RateTab).show_comments(review.comments)

    def _show_comment(self) -> None:
        self.take_pending_review()  # the comment being written is the one left behind
        current = self.query_one(RateTab).competency_list.current
        level = self.session.rating(current).level if current else None
        self.review_panels.show_comment(current, level)

    def take_pending_review(self) -> None:
        """Apply what the review's editors hold (only the mentor's view has any)."""

    def _take_pending(self) -> None:
        """Apply what every editor holds and has not reported yet."""
        for edit in self.query_one(RateTab).panel.pending():
            self._apply(edit)
        self.take_pending_review()

    # --- applying what the widgets report -----------------------------------------------

    def _apply(self, edit: Edit) -> None:
        """Apply one edit; typing is saved after a pause, anything else at once."""
        if isinstance(edit, Answered):
            requirement = self.catalogue.requirement(edit.requirement_id)
            typing = requirement is not None and requirement.kind == "number"
            changed: list[str] = []
        else:
            typing = isinstance(edit, EvidenceEdited | TitleEdited | RationaleEdited)
            changed = [edit.competency_id]
        self._change(applied(self.session, edit), changed, typing=typing)

    @on(Rated)
    @on(NotApplicableMarked)
    @on(EvidenceEdited)
    @on(TitleEdited)
    @on(RationaleEdited)
    @on(Answered)
    def _edited(self, event: Message) -> None:
        event.stop()
        self._apply(event)  # type: ignore[arg-type]

    @on(FieldLeft)
    def _field_left(self) -> None:
        self.autosave.now()

    @on(Moved)
    def _moved(self, event: Moved) -> None:
        self._show_comment()
        if event.competency_id == self._first_shown:
            return
        self._first_shown = None
        if not self.read_only and self.session.position != event.competency_id:
            self.editor.change(
                self.session.with_position(event.competency_id), self.app_now(), content=False
            )
            self.autosave.later()

    @on(AreaJumpAsked)
    def _ask_area(self) -> None:
        from selfcheck.ui.screens.dialogs import pick_area

        rate_tab = self.query_one(RateTab)

        def chosen(area_id: str | None) -> None:
            if area_id is not None:
                rate_tab.jump_to_area(area_id)

        cid = rate_tab.competency_list.current
        competency = self.catalogue.competency(cid) if cid else None
        self.app.push_screen(
            pick_area(self.catalogue, competency.area if competency else None), chosen
        )

    def _change(self, session: Session, changed: list[str], *, typing: bool = False) -> None:
        if self.read_only:
            self.notify(
                line(f"Nothing was changed. Read-only: {self.read_only}.").plain, markup=False
            )
            return
        try:
            self.editor.change(session, self.app_now())
        except OSError as exc:
            self.autosave.journal_failed(exc.strerror or str(exc))
        else:
            self.autosave.journal_kept()
        if typing and changed:
            self.readiness = reassess_typing(self.readiness, session, changed, self.today())
        else:
            self.readiness = assess(self.catalogue, session, self.today())
        self.query_one(RateTab).refresh_data(session, self.readiness, changed)
        self._show_readiness()
        if not typing:
            self._show_comment()  # a new rating may leave the mentor's comment behind
        if typing:
            self.autosave.later()
        else:
            self.autosave.now()

    def _show_readiness(self) -> None:
        from selfcheck.ui.widgets.requirements_form import RequirementsForm  # loaded by now

        for view in self._readiness_views:  # mounted or about to be
            view.show(self.readiness, self.session.target)
        for form in self.query(RequirementsForm):
            form.show_computed(self.readiness)
        active = self.query_one(SessionTabs).active
        if active == "portfolio":
            self._show_portfolio()
        elif active == "development":
            self.show_development()

    def _show_portfolio(self) -> None:
        from selfcheck.model.portfolio import build_portfolio

        if self._portfolio is not None:
            portfolio = build_portfolio(self.session, self.readiness)
            self._portfolio.show(portfolio, self.readiness.today)

    # --- evidence items -----------------------------------------------------------------

    @on(ItemWanted)
    def _item_wanted(self, event: ItemWanted) -> None:
        """Open the item form (a new item, or the one chosen) and apply what it returns."""
        from selfcheck.ui.screens.evidence_item import ItemDialog

        event.stop()
        if self.read_only:
            self.notify(f"Nothing can be changed. Read-only: {self.read_only}.", markup=False)
            return
        cid, index = event.competency_id, event.index
        items = self.session.rating(cid).items
        item = items[index] if index is not None and index < len(items) else None
        competency = self.catalogue.competency(cid)
        heading = f"{cid} {competency.title}" if competency else cid

        def done(result: ItemResult | None) -> None:
            if result is None:
                return
            added = result if result != "remove" else None
            self._change(self.session.with_item(cid, added, index if item else None), [cid])
            self.notify("Item removed." if added is None else "Item saved.", markup=False)

        self.app.push_screen(ItemDialog(self.catalogue.evidence, self.today(), heading, item), done)

    # --- saving ------------------------------------------------------------------------

    def app_now(self) -> datetime:
        """Now, by the app's clock (pinned in tests)."""
        return shell(self).now()

    def today(self) -> date:
        """The day verdicts are for, by the app's clock (evidence windows count back from it)."""
        return self.app_now().date()

    def flush(self) -> bool:
        """Take what the editors hold and save it; False if it could not be saved."""
        self._take_pending()
        return self.autosave.now()

    # --- leaving ------------------------------------------------------------------------

    def leave(self, then: Callable[[], object]) -> None:
        """Save, then close the file and call `then`; ask first if saving fails."""
        from selfcheck.ui.screens.dialogs import QuitDialog

        if self.flush():
            self.close_file()
            then()
            return

        def chosen(choice: QuitChoice | None) -> None:
            if choice == "save":
                self.leave(then)
            elif choice == "discard":
                self.close_file(discard=True)
                then()

        self.app.push_screen(QuitDialog(self.autosave.problem_text), chosen)

    def close_file(self, *, discard: bool = False) -> None:
        if not self._file_closed:
            self._file_closed = True
            self.editor.close(now=self.app_now(), discard=discard)

    def keep_draft(self) -> None:
        """Journal everything unsaved (a crash is under way: no dialogs, no real save)."""
        with contextlib.suppress(Exception):  # the screen may be half torn down
            for edit in self.query_one(RateTab).panel.pending():
                self.editor.session = applied(self.editor.session, edit)
            self.take_pending_review()
        self.autosave.keep()

    def emergency_stop(self) -> None:
        """A signal: keep everything (draft, then a real save), never ask."""
        self.keep_draft()
        self.autosave.save_quietly()
        self.close_file()

    def on_unmount(self) -> None:
        self.close_file()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_tab" and parameters[0] == "portfolio" and not self.has_portfolio:
            return False
        if parameters[:1] == ("development",) and not self.has_development:
            return False
        if action == "show_tab" and self.is_mounted:  # no key for the tab already shown
            if parameters[0] == "feedback" and not self.feedback.present:
                return False
            return parameters[0] != self.query_one(SessionTabs).active
        return True

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        # The tabs put the focus in the tab shown; the portfolio is drawn only when shown.
        if event.pane.id == "portfolio":
            self._show_portfolio()
        elif event.pane.id == "development":
            self.show_development()
        elif event.pane.id == "feedback":
            self.feedback.refresh_self()  # the candidate's own ratings may have changed

    def go_to_competency(self, competency_id: str) -> None:
        """Show this competency on the rating tab, the list focused (the palette's jump)."""
        self.action_show_tab("rate")
        rate_tab = self.query_one(RateTab)
        if rate_tab.go_to(competency_id):
            self.set_focus(rate_tab.competency_list)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(SessionTabs).show_tab(tab)

    def action_save(self) -> None:
        if self.read_only:
            self.notify(line(f"Nothing to save. Read-only: {self.read_only}.").plain, markup=False)
        elif self.flush():
            self.notify(line(f"Saved {self.editor.file.path}").plain, markup=False)

    def action_download_report(self) -> None:
        from selfcheck.ui.screens.download import choose_and_deliver

        choose_and_deliver(self)

    def action_close(self) -> None:
        self.leave(shell(self).back_to_start)

    def action_compare(self) -> None:
        from selfcheck.ui.screens.compare import choose_and_compare

        choose_and_compare(self, self.editor.file.path, self.catalogue, self.session, self.today())

    def action_choose_target(self) -> None:
        from selfcheck.ui.screens.dialogs import NO_TARGET, pick_target

        def chosen(designation: str | None) -> None:
            if designation is not None:
                target = None if designation == NO_TARGET else designation
                self._change(self.session.with_target(target), [])
                rate_tab = self.query_one(RateTab)
                rate_tab.fill(self.session, self.readiness, rate_tab.competency_list.current)

        self.app.push_screen(pick_target(self.catalogue, self.session.target), chosen)
