"""The first screen: saved sessions, newest first, and a new assessment.

It paints at once and fills in from a thread: catalogues and sessions are read after the first
frame, so the app starts as fast as Textual itself. Files that cannot be used are listed with
the reason, never fatal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from selfcheck.storage.sharing import shared_folder_warning
from selfcheck.ui.shell import Shell, shell
from selfcheck.ui.text import home_short, line, lit

if TYPE_CHECKING:
    from textual.widgets import Button, OptionList

    from selfcheck.storage.catalogues import CatalogueSet
    from selfcheck.storage.sessions import SessionSummary
    from selfcheck.storage.toml_files import FileProblem

HINT = "n  New assessment    Enter  Open the highlighted session    m  Manage it    F1  Help"
INTRO = (
    "Rate yourself against a professional designation's competencies, note your evidence, "
    "and see what you are ready to apply for. Everything is saved as you go."
)
#: The mentor's view of a folder (`selfcheck review FOLDER`, `selfcheck serve --review`).
REVIEW_HINT = "Enter  Open the highlighted session    F1  Help"
REVIEW_INTRO = (
    "A mentor's review: each session opens read-only. Your comments and verdict are saved "
    "beside it as NAME.review.toml; the candidate's file is never written."
)


def session_label(summary: SessionSummary) -> Content:
    when = summary.updated.astimezone().strftime("%Y-%m-%d %H:%M") if summary.updated else ""
    details = [f"{summary.rated}/{summary.total} rated", summary.verdict]
    if summary.target:
        details.append(f"target {summary.target}")
    if when:
        details.append(f"updated {when}")
    if summary.read_only:
        details.append("read-only (newer format)")
    return Content.assemble(
        line(summary.candidate or "(no name)", "bold", limit=60),
        "  ",
        line(summary.catalogue_title, "$text-muted", limit=70),
        "\n  ",
        line(" · ".join(details)),
        " · ",
        line(summary.path.name, "$text-muted"),
    )


def skipped_text(problems: list[FileProblem]) -> Content:
    files = len({p.path for p in problems})
    head = (
        f"Skipped {files} file{'s' if files != 1 else ''} that could not be used (fix and press r):"
    )
    return Content.assemble(
        (head, "bold $warning"), "\n", lit("\n".join(f"  {p}" for p in problems[:50]))
    )


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New assessment"),
        Binding("r", "reload", "Reload", tooltip="Read catalogues and sessions from disk again"),
        Binding(
            "m",
            "manage",
            "Manage",
            tooltip="Rename, duplicate, archive or delete the highlighted session",
        ),
        Binding(
            "delete",
            "manage('delete')",
            "Delete",
            show=False,
            tooltip="Delete the highlighted session (moved to deleted/, asked first)",
        ),
    ]

    def __init__(
        self,
        catalogues_dir: Path,
        sessions_dir: Path,
        *,
        review: bool = False,
        state_dir: Path | None = None,
        load_now: bool = True,
        open_first: Path | None = None,
    ) -> None:
        """`review`: a mentor's view of the folder (no new assessment, no managing).
        `state_dir`: where a managed session's recovery draft is (the default when None).
        `load_now` False: a session already shows above this screen, so the folders are read
        when it closes. `open_first`: a session to open once the catalogues are in."""
        super().__init__()
        self.catalogues_dir = catalogues_dir
        self.sessions_dir = sessions_dir
        self.review = review
        self.state_dir = state_dir
        #: The catalogues the last load found (None before it).
        self.found: CatalogueSet | None = None
        self.summaries: list[SessionSummary] = []
        self._load_now = load_now
        self._open_first = open_first
        #: Shown once already: every later showing reads the folder again.
        self._shown = False

    @property
    def shell(self) -> Shell:
        return shell(self)

    def compose(self) -> ComposeResult:
        yield Header()
        # Only what the first frame needs: the list and buttons arrive with the data.
        review = self.review
        with VerticalScroll(id="start"):
            yield Static(REVIEW_INTRO if review else INTRO, id="intro")
            yield Static("Saved sessions", classes="section")
            yield Static("Loading catalogues and sessions…", id="loading", classes="muted")
            yield Static(REVIEW_HINT if review else HINT, id="hint", classes="muted")
        yield Footer(compact=True)

    SUB_TITLE = "self-assessment against competency catalogues"

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_load)  # the first frame comes first

    def _first_load(self) -> None:
        self._shown = True
        if self._load_now:  # else a session is showing: load when it closes
            self.load()

    def on_screen_resume(self) -> None:
        # Shown again (a session closed, a dialog over it dismissed): what it lists may have
        # changed, so it is read again rather than remembered.
        if self._shown:
            self.load()

    @work(thread=True, exclusive=True, group="library")
    def load(self) -> None:
        from selfcheck.storage.atomic import remove_stale_temp_files
        from selfcheck.storage.catalogues import load_catalogues
        from selfcheck.storage.sessions import list_sessions

        catalogues = load_catalogues(self.catalogues_dir)
        remove_stale_temp_files(self.sessions_dir)
        summaries, skipped = list_sessions(self.sessions_dir, catalogues.catalogues)

        # (mypy cannot infer the awaited None of an async callback here)
        self.app.call_from_thread(self._loaded, catalogues, summaries, skipped)  # type: ignore[arg-type]

    async def _loaded(
        self,
        catalogues: CatalogueSet,
        summaries: list[SessionSummary],
        skipped: list[FileProblem],
    ) -> None:
        # The list and buttons are imported and built only now, after the first frame.
        from textual.widgets import Button, OptionList
        from textual.widgets.option_list import Option

        self.found = catalogues
        self.shell.catalogues_loaded(catalogues)
        self.summaries = summaries
        if not self.query("#sessions"):
            await self._mount_widgets()
        sessions = self.query_one("#sessions", OptionList)
        highlighted = sessions.highlighted
        if summaries:
            sessions.set_options(
                Option(session_label(s), id=str(i)) for i, s in enumerate(summaries)
            )
            sessions.highlighted = min(highlighted or 0, len(summaries) - 1)
        else:
            empty = (
                "No sessions in this folder."
                if self.review
                else "No saved sessions yet: press n to start a new assessment."
            )
            sessions.set_options([Option(empty, disabled=True)])
        self.query_one("#new", Button).disabled = self.review or not catalogues.catalogues
        where = [
            Content.assemble("Sessions are saved in ", line(home_short(self.sessions_dir), "bold"))
        ]
        shared = shared_folder_warning(self.sessions_dir)
        if shared:
            where.append(line(shared[:1].upper() + shared[1:], "$warning"))
        if not catalogues.catalogues:
            where.append(
                Content.assemble(
                    ("No usable catalogue in ", "$error"),
                    line(home_short(self.catalogues_dir), "bold"),
                )
            )
        self.query_one("#where", Static).update(Content("\n").join(where))
        problems = catalogues.skipped + skipped
        box = self.query_one("#skipped", Static)
        box.set_class(not problems, "hidden")
        box.update(skipped_text(problems) if problems else "")
        if self._open_first is not None:
            path, self._open_first = self._open_first, None
            self._open(path)
        elif summaries or self.review:
            sessions.focus()
        else:
            self.query_one("#new", Button).focus()

    async def _mount_widgets(self) -> None:
        from textual.containers import Horizontal
        from textual.widgets import Button, OptionList

        start = self.query_one("#start", VerticalScroll)
        await self.query_one("#loading").remove()
        await start.mount_all(
            [
                OptionList(id="sessions"),
                Horizontal(
                    Button("New assessment", id="new", variant="primary"),
                    classes="buttons hidden" if self.review else "buttons",
                ),
                Static(id="where", classes="muted"),
                Static(id="skipped", classes="hidden"),
            ],
            before="#hint",
        )

    def _open(self, path: Path) -> None:
        self.shell.open_session(path)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "sessions" and event.option.id is not None:
            self._open(self.summaries[int(event.option.id)].path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A mentor reviews the sessions there are; creating, renaming or removing one is
        # the candidate's part.
        return not (action in ("new", "manage") and self.review)

    def action_new(self) -> None:
        from selfcheck.ui.screens.new_session import NewSession, NewSessionDialog

        if self.review:
            return
        catalogues = self.found
        if catalogues is None or not catalogues.catalogues:
            self.notify(
                "No catalogue to start from (yet: they may still be loading).", markup=False
            )
            return

        def chosen(request: NewSession | None) -> None:
            if request is not None:
                self.shell.create_session(request.catalogue_id, request.candidate, request.target)

        self.app.push_screen(NewSessionDialog(list(catalogues.catalogues.values())), chosen)

    def action_reload(self) -> None:
        self.load()

    @property
    def highlighted(self) -> SessionSummary | None:
        """The session the list's highlight is on (None while loading or when empty)."""
        from textual.widgets import OptionList

        found = self.query("#sessions")
        option = found.first(OptionList).highlighted_option if found else None
        if option is None or option.id is None:
            return None
        return self.summaries[int(option.id)]

    def action_manage(self, choice: str | None = None) -> None:
        from selfcheck.ui.screens.dialogs import PickOne
        from selfcheck.ui.screens.manage import CHOICES, manage

        summary = self.highlighted
        if self.review:
            return
        if summary is None:
            self.notify("No saved session to manage yet.", markup=False)
            return
        app = self.app

        def chosen(picked: str | None) -> None:
            if picked is not None:
                now, state = self.shell.now(), self.state_dir
                manage(app, summary.path, picked, now=now, state_dir=state, done=self.load)

        if choice is not None:
            chosen(choice)
            return
        options = [(key, Content(label)) for key, label in CHOICES.items()]
        title = line(f"Manage {summary.path.name}", limit=56).plain
        app.push_screen(PickOne(title, options), chosen)
