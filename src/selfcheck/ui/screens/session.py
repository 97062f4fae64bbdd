"""One open session in three tabs (rate, requirements, readiness). This screen owns the
session: it applies what the widgets report, keeps readiness current and saves every change.

The first frame holds only the list and the current competency's statement: the rating form,
the other tabs, the side readiness and a mentor's review are built just after it (and their
modules imported then), so a session opens about as fast as Textual starts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane, Tabs

from selfcheck.clock import utc_now
from selfcheck.model.readiness import Readiness, assess, competency_status
from selfcheck.model.review import Review
from selfcheck.model.session import Session
from selfcheck.storage.editor import Editor
from selfcheck.storage.reviews import load_review
from selfcheck.storage.toml_files import LoadError, SaveError
from selfcheck.ui.messages import (
    Answered,
    EvidenceEdited,
    FieldLeft,
    ItemWanted,
    Moved,
    NotApplicableMarked,
    Rated,
    RationaleEdited,
    TitleEdited,
)
from selfcheck.ui.text import home_short, line
from selfcheck.ui.widgets.rate_tab import RateTab

if TYPE_CHECKING:
    from textual.command import Provider

    from selfcheck.ui.screens.dialogs import QuitChoice
    from selfcheck.ui.screens.evidence_item import ItemResult
    from selfcheck.ui.widgets.comments import CommentPanel
    from selfcheck.ui.widgets.portfolio_view import PortfolioView
    from selfcheck.ui.widgets.readiness_view import ReadinessView

#: Seconds of quiet typing before the file is written (the draft is written at once).
AUTOSAVE_DELAY = 0.8
Edit = Rated | NotApplicableMarked | EvidenceEdited | TitleEdited | RationaleEdited | Answered


def _tab(title: str, key: str) -> Content:
    """A tab's label with the key that shows it."""
    return Content.assemble(title, (f" {key}", "$text-muted"))


def _competency_commands() -> type[Provider]:
    """Ctrl+P's competency finder, imported only when the palette opens."""
    from selfcheck.ui.palette import CompetencyCommands

    return CompetencyCommands


class SessionScreen(Screen[None]):
    CSS_PATH = str(Path(__file__).parent.parent / "session.tcss")
    # Wide terminals also show readiness beside the rating; tall ones a taller editor.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]  # noqa: RUF012 (as Screen declares it)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        # The tab keys are written on the tabs themselves: the footer keeps its room (80
        # columns) for the keys of the tab shown.
        Binding("f2", "show_tab('rate')", "Rate", priority=True, show=False, tooltip="Rating tab"),
        Binding(
            "f3",
            "show_tab('requirements')",
            "Requirements",
            priority=True,
            show=False,
            tooltip="Requirements tab",
        ),
        Binding(
            "f4",
            "show_tab('readiness')",
            "Readiness",
            priority=True,
            show=False,
            tooltip="Readiness tab",
        ),
        Binding(
            "f5",
            "show_tab('portfolio')",
            "Portfolio",
            priority=True,
            show=False,
            tooltip="Portfolio tab: dated evidence, what the application still needs",
        ),
        Binding(
            "T",
            "choose_target",
            "Choose target",
            show=False,
            tooltip="Choose the target designation (Shift+T)",
        ),
        Binding(
            "ctrl+s",
            "save",
            "Save now",
            show=False,
            tooltip="Save now (every change is saved by itself anyway)",
        ),
        Binding(
            "D",
            "compare",
            "Compare",
            show=False,
            tooltip="Compare with another session of this catalogue (Shift+D)",
        ),
        Binding(
            "ctrl+w",
            "close",
            "Close session",
            show=False,
            tooltip="Close the session, back to the start screen",
        ),
        Binding(
            "R",
            "download_report",
            "Download report (HTML/Markdown/JSON)",
            show=False,
            tooltip="Download a report of this session: HTML, Markdown or JSON (Shift+R)",
        ),
    ]

    #: Whose target the readiness view names.
    WHOSE = "Your"
    #: Ctrl+P finds competencies by id or title (ui/palette.py, loaded when it opens).
    COMMANDS = {_competency_commands}  # noqa: RUF012 (as Screen declares it)

    def __init__(self, editor: Editor) -> None:
        super().__init__()
        self.editor = editor
        self.catalogue = editor.file.catalogue
        self.readiness: Readiness = assess(self.catalogue, editor.session, self.today())
        #: The mentor's review of this session, if there is one (read after the first frame).
        self.mentor_review: Review | None = None
        self._save_timer: Timer | None = None
        self._problem = ""
        #: Why the recovery draft could not be written ("" while it can).
        self._journal_problem = ""
        self._saved_at = ""
        self._file_closed = False
        self._first_shown: str | None = None
        self._readiness_views: list[ReadinessView] = []
        self._comments: CommentPanel | None = None
        #: A Portfolio tab where the catalogue has validation methods (built after the first
        #: frame, redrawn when shown: it is not needed at every keystroke).
        self.has_portfolio = bool(self.catalogue.evidence.methods)
        self._portfolio: PortfolioView | None = None
        #: Everything after the first frame is mounted and laid out (tests wait for it).
        self.built = False

    @property
    def session(self) -> Session:
        return self.editor.session

    @property
    def read_only(self) -> str:
        return self.editor.file.read_only

    def compose(self) -> ComposeResult:
        yield Header()
        banner = f"Read-only: {self.read_only}." if self.read_only else ""
        yield Static(line(banner), id="banner", classes="" if banner else "hidden")
        with TabbedContent(initial="rate", id="tabs"):
            with TabPane(_tab("Rate", "F2"), id="rate"), Horizontal(id="rate-row"):
                yield RateTab(self.catalogue, read_only=bool(self.read_only), id="rate-tab")
            # Filled just after the first frame (_build_rest).
            yield TabPane(_tab("Requirements", "F3"), id="requirements")
            yield TabPane(_tab("Readiness", "F4"), id="readiness")
            if self.has_portfolio:
                yield TabPane(_tab("Portfolio", "F5"), id="portfolio")
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
            self._save_now()  # a restored draft: write it now
        self._show_status()
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
        await self.query_one("#readiness", TabPane).mount(self._readiness_view(id="readiness-view"))
        if self.has_portfolio:
            from selfcheck.ui.widgets.portfolio_view import PortfolioView

            self._portfolio = PortfolioView(self.catalogue, id="portfolio-view")
            await self.query_one("#portfolio", TabPane).mount(self._portfolio)
            self._show_portfolio()
        await self.open_review()
        active = self.query_one(TabbedContent).active
        if active != "rate":  # a tab key typed before its contents were there
            self._focus_tab(active)
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
        try:
            review, _ = load_review(self.editor.file.path)
        except LoadError as exc:
            problem = exc.problems[0] if exc.problems else "unreadable"
            text = line(f"The mentor's review could not be read: {problem}").plain
            self.notify(text, severity="warning", markup=False, timeout=10)
            return
        if review is not None and not review.is_empty:
            await self.show_review(review, editable=False)

    async def show_review(self, review: Review, *, editable: bool) -> None:
        """Mount the review's panels (once) and mark the commented competencies."""
        from selfcheck.ui.widgets.comments import CommentPanel, ReviewSummary

        self.mentor_review = review
        if self._comments is None:
            self._comments = CommentPanel(editable=editable)
            await self.query_one("#detail-column").mount(self._comments)
            await self.query_one("#readiness", TabPane).mount(
                ReviewSummary(editable=editable), before="#readiness-view"
            )
        self.query_one(ReviewSummary).show(review)
        self._show_comment()
        self.query_one(RateTab).show_comments(review.comments)

    def _show_comment(self) -> None:
        if self._comments is None:
            return
        self.take_pending_review()  # the comment being written is the one left behind
        current = self.query_one(RateTab).competency_list.current
        if self.mentor_review is not None and current:
            level = self.session.rating(current).level
            self._comments.show(current, self.mentor_review, level)

    def take_pending_review(self) -> None:
        """Apply what the review's editors hold (only the mentor's view has any)."""

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
        self._change(_applied(self.session, edit), changed, typing=typing)

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
        self._save_now()

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
            self._schedule_save()

    def _change(self, session: Session, changed: list[str], *, typing: bool = False) -> None:
        if self.read_only:
            self.notify(
                line(f"Nothing was changed. Read-only: {self.read_only}.").plain, markup=False
            )
            return
        try:
            self.editor.change(session, self.app_now())
        except OSError as exc:
            self.journal_failed(exc)
        else:
            self.journal_kept()
        self.readiness = self._reassess(session, changed, typing)
        self.query_one(RateTab).refresh_data(session, self.readiness, changed)
        self._show_readiness()
        if not typing:
            self._show_comment()  # a new rating may leave the mentor's comment behind
        if typing:
            self._schedule_save()
        else:
            self._save_now()

    def _reassess(self, session: Session, changed: list[str], typing: bool) -> Readiness:
        """Readiness after a change. Typing rarely changes a verdict: when the edited
        competencies keep their state, only their statuses are redone (a long catalogue
        would otherwise lag at every keystroke)."""
        old, today = self.readiness, self.today()
        if not (typing and changed) or today != old.today:
            return assess(self.catalogue, session, today)
        statuses = dict(old.statuses)
        for cid in changed:
            competency = self.catalogue.competency(cid)
            previous = old.statuses.get(cid)
            if competency is None or previous is None:
                return assess(self.catalogue, session, today)
            status = competency_status(self.catalogue, competency, session.rating(cid), today)
            if (status.state, status.reason, status.undated) != (
                previous.state, previous.reason, previous.undated
            ):  # fmt: skip
                return assess(self.catalogue, session, today)
            statuses[cid] = status
        return Readiness(self.catalogue, old.results, statuses, today)

    def _show_readiness(self) -> None:
        for view in self._readiness_views:  # mounted or about to be
            view.show(self.readiness, self.session.target)
        if self.query_one(TabbedContent).active == "portfolio":
            self._show_portfolio()

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

    # --- saving -------------------------------------------------------------------------

    def app_now(self) -> datetime:
        """Now, by the app's clock (pinned in tests)."""
        clock: Callable[[], datetime] = getattr(self.app, "clock", utc_now)
        return clock()

    def today(self) -> date:
        """The day verdicts are for, by the app's clock (evidence windows count back from it)."""
        return self.app_now().date()

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(AUTOSAVE_DELAY, self._save_now)

    def _save_now(self) -> bool:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.editor.dirty or self.read_only:
            return True
        now = self.app_now()
        try:
            notes = self.editor.save(now)
        except SaveError as exc:
            return self._save_failed(exc)
        self._save_succeeded(now)
        for note in notes:
            self.notify(line(note).plain, markup=False, timeout=10)
        self._show_status()
        return True

    def _save_failed(self, exc: SaveError) -> bool:
        """Say a save failed (a notification the first time, then the status line); the
        edits stay open. Returns False, for `_save_now` to pass on."""
        first = self._problem != str(exc)
        self._problem = str(exc)
        if first:
            self.notify(self._problem_text(), severity="error", markup=False, timeout=10)
        self._show_status()
        return False

    def _save_succeeded(self, now: datetime) -> None:
        self._problem = ""
        self._saved_at = now.astimezone().strftime("%H:%M:%S")

    def _problem_text(self) -> str:
        return line(f"Could not save: {self._problem}. Your changes are still open.").plain

    def journal_failed(self, exc: OSError) -> None:
        """The recovery draft could not be written (a full disk, say): said once, then kept
        in the status line until a draft is written again, not a notice per keystroke."""
        first = not self._journal_problem
        self._journal_problem = f"no recovery copy ({exc.strerror or exc})"
        if first:
            text = line(f"Could not keep a recovery copy: {exc.strerror or exc}.").plain
            self.notify(text, severity="warning", markup=False, timeout=10)
            self._show_status()

    def journal_kept(self) -> None:
        if self._journal_problem:
            self._journal_problem = ""
            self._show_status()

    def status_line(self, text: Content) -> None:
        """Show `text` in the status line, with the recovery problem if there is one."""
        if self._journal_problem and not self._problem:
            text = Content.assemble(
                text, ("  ·  ", "$text-muted"), line(self._journal_problem, "$warning")
            )
        self.query_one("#status", Static).update(text)

    def flush(self) -> bool:
        """Take what the editors hold and save it; False if it could not be saved."""
        for edit in self.query_one(RateTab).panel.pending():
            self._apply(edit)
        return self._save_now()

    def _show_status(self) -> None:
        path = line(home_short(self.editor.file.path))
        if self._problem:
            text = Content.styled(self._problem_text(), "bold $error")
        elif self.read_only:
            text = Content.assemble(("Read-only ", "bold $warning"), path)
        elif self._saved_at:
            text = Content.assemble((f"Saved {self._saved_at} ", "$success"), path)
        else:
            text = Content.assemble(("Saved in ", "$text-muted"), path)
        self.status_line(text)

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

        self.app.push_screen(QuitDialog(self._problem_text()), chosen)

    def close_file(self, *, discard: bool = False) -> None:
        if not self._file_closed:
            self._file_closed = True
            self.editor.close(discard=discard)

    def keep_draft(self) -> None:
        """Journal everything unsaved (a crash is under way: no dialogs, no real save)."""
        with contextlib.suppress(Exception):  # the screen may be half torn down
            for edit in self.query_one(RateTab).panel.pending():
                self.editor.session = _applied(self.editor.session, edit)
        if not self.read_only and self.editor.dirty:
            with contextlib.suppress(OSError):
                self.editor.file.write_draft(self.session, self.app_now())

    def emergency_stop(self) -> None:
        """A signal: keep everything (draft, then a real save), never ask."""
        self.keep_draft()
        if not self.read_only and self.editor.dirty:
            with contextlib.suppress(SaveError):
                self.editor.save(self.app_now())
        self.close_file()

    def on_unmount(self) -> None:
        self.close_file()

    # --- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_tab" and parameters[0] == "portfolio" and not self.has_portfolio:
            return False
        if action == "show_tab" and self.is_mounted:  # no key for the tab already shown
            return parameters[0] != self.query_one(TabbedContent).active
        return True

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        focused = self.focused
        if focused is None or event.pane not in focused.ancestors:  # else: already there
            self._focus_tab(event.pane.id or "")
        if event.pane.id == "portfolio":
            self._show_portfolio()
        self.refresh_bindings()

    def _focus_tab(self, tab: str) -> None:
        # Keys go straight to the tab just opened (at once: typed-ahead keys follow), and
        # focus never stays in a hidden tab, which Textual would switch back to.
        first = {
            "rate": ["#competencies"],
            "requirements": ["#requirements-form .answer", "#requirements-form"],
            "readiness": ["#readiness-view"],
            "portfolio": ["#portfolio-view"],
        }
        found = [w for s in first.get(tab, []) for w in self.query(s) if w.focusable]
        self.set_focus(found[0] if found else None)

    def go_to_competency(self, competency_id: str) -> None:
        """Show this competency on the rating tab, the list focused (the palette's jump)."""
        self.action_show_tab("rate")
        rate_tab = self.query_one(RateTab)
        if rate_tab.go_to(competency_id):
            self.set_focus(rate_tab.competency_list)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    def action_save(self) -> None:
        if self.read_only:
            self.notify(line(f"Nothing to save. Read-only: {self.read_only}.").plain, markup=False)
        elif self.flush():
            self.notify(line(f"Saved {self.editor.file.path}").plain, markup=False)

    def action_download_report(self) -> None:
        from selfcheck.ui.screens.download import choose_and_deliver

        choose_and_deliver(self)

    def action_close(self) -> None:
        self.leave(self._back_to_start)

    def _back_to_start(self) -> None:
        back: Callable[[], object] | None = getattr(self.app, "back_to_start", None)
        if back is not None:
            back()
        else:
            self.app.pop_screen()

    def action_compare(self) -> None:
        from selfcheck.ui.screens.compare import ChangesDialog, changes_text, others
        from selfcheck.ui.screens.dialogs import PickOne

        found = others(self.editor.file.path, self.catalogue.id)
        if not found:
            self.notify("No other session of this catalogue in this folder.", markup=False)
            return

        def chosen(index: str | None) -> None:
            if index is not None:
                text = changes_text(
                    self.catalogue, self.session, found[int(index)], self.app_now().date()
                )
                self.app.push_screen(ChangesDialog(text))

        choices = [(str(i), other.label) for i, other in enumerate(found)]
        self.app.push_screen(PickOne("Compare with", choices), chosen)

    def action_choose_target(self) -> None:
        from selfcheck.ui.screens.dialogs import PickOne

        choices = [("-", Content("No target"))] + [
            (d.id, Content.assemble(line(d.id, "bold"), " ", line(d.title)))
            for d in self.catalogue.designations
        ]

        def chosen(designation: str | None) -> None:
            if designation is not None:
                self._change(
                    self.session.with_target(None if designation == "-" else designation), []
                )
                rate_tab = self.query_one(RateTab)
                rate_tab.fill(self.session, self.readiness, rate_tab.competency_list.current)

        current = self.session.target or "-"
        self.app.push_screen(PickOne("Target designation", choices, selected=current), chosen)


def _applied(session: Session, edit: Edit) -> Session:
    """The session with one edit made (pure: the model does the work)."""
    if isinstance(edit, Rated):
        return session.with_level(edit.competency_id, edit.level)
    if isinstance(edit, Answered):
        return session.with_answer(edit.requirement_id, edit.answer)
    rating = session.rating(edit.competency_id)
    if isinstance(edit, NotApplicableMarked):
        rating = replace(rating, not_applicable=edit.value)
    elif isinstance(edit, EvidenceEdited):
        rating = replace(rating, evidence=edit.text)
    elif isinstance(edit, TitleEdited):
        rating = replace(rating, title=edit.text)
    else:
        rating = replace(rating, rationale=edit.text)
    return session.with_rating(edit.competency_id, rating)
