"""The app shell: routes between screens, and guards the session against quitting, signals
and crashes. Screens own the data; this module only decides which screen shows it.

Imports are kept light: storage, locks and tracebacks load after the first frame.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from selfcheck.clock import utc_now
from selfcheck.safetext import one_line
from selfcheck.ui.key_order import KeysInOrder
from selfcheck.ui.screens.start import StartScreen

if TYPE_CHECKING:
    from rich.console import RenderableType

    from selfcheck.storage.catalogues import CatalogueSet
    from selfcheck.storage.editor import Editor, SessionFile
    from selfcheck.storage.recovery import Draft
    from selfcheck.storage.toml_files import FileProblem
    from selfcheck.ui.screens.session import SessionScreen

APP_CSS = Path(__file__).with_name("selfcheck.tcss")
#: Where the start screen goes when a session opened first is closed.
START_MODE = "start"
SESSION_CSS = Path(__file__).with_name("session.tcss")


def one_line_each(text: str) -> str:
    """Several lines, each made safe to show."""
    return "\n".join(one_line(part) for part in text.split("\n"))


class SelfcheckApp(KeysInOrder[None]):
    TITLE = "selfcheck"
    # Absolute, so subclasses (tests) defined elsewhere find it too.
    CSS_PATH = str(APP_CSS)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Help: every key, and what the marks mean"),
        Binding("question_mark", "help", "Help", show=False, tooltip="Help, too"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            tooltip="Quit (saves first; asks only if saving failed)",
        ),
    ]

    def __init__(
        self,
        *,
        catalogues_dir: Path,
        sessions_dir: Path,
        session_path: Path | None = None,
        review: bool = False,
        clock: Callable[[], datetime] = utc_now,
        state_dir: Path | None = None,
        mentor: str | None = None,
    ) -> None:
        # A session named on the command line is the first screen: its rules are read with
        # the app's, rather than by a second pass over every stylesheet when it is shown.
        super().__init__(css_path=[APP_CSS, SESSION_CSS] if session_path else None)
        self.catalogues_dir = catalogues_dir
        self.sessions_dir = sessions_dir
        self.initial_session = session_path
        #: The mentor's view: the session opens read-only; only the review file is written.
        self.review = review
        #: Who signs a new review (None: the signed-in user).
        self.mentor = mentor
        self.clock = clock
        self.state_dir = state_dir
        #: Handed over by the start screen's loader (never before the first frame).
        self.catalogues: CatalogueSet | None = None
        self._signals: list[int] = []
        #: A session opened directly whose recovery draft must be offered first.
        self._found_draft: tuple[SessionFile, Draft] | None = None
        #: The unhandled error the app is exiting with, if any.
        self._crash: Exception | None = None

    def get_default_screen(self) -> Screen[None]:
        path, self.initial_session = self.initial_session, None
        if path is None:
            return self._start_screen()
        # `selfcheck SESSION`: the session is the first screen, read now with only its own
        # catalogue, and no start screen is built under it.
        screen = self._open_directly(path)
        if screen is not None:
            return screen
        if self._found_draft is not None:
            # The draft is offered over the start screen, which reads its folders only once
            # the session it leads to is closed.
            return self._start_screen(load_now=False)
        # Reading failed: the start screen's loader opens it again, and says why.
        return self._start_screen(open_first=path)

    def _start_screen(
        self, *, load_now: bool = True, open_first: Path | None = None
    ) -> StartScreen:
        return StartScreen(
            self.catalogues_dir,
            self.sessions_dir,
            review=self.review,
            state_dir=self.state_dir,
            load_now=load_now,
            open_first=open_first,
        )

    def on_mount(self) -> None:
        if self._found_draft is not None:
            file, draft = self._found_draft
            self._found_draft = None
            self._opened(file, draft)
        self.call_after_refresh(self.after_first_frame)

    def after_first_frame(self) -> None:
        """The first screen is painted: install the signal guard and resume the garbage
        collector (paused while starting, see launch). What startup built lives as long as the
        app, so it is set aside from later collections rather than scanned by each of them."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        if not self.is_headless:
            self._guard()

    def _open_directly(self, path: Path) -> SessionScreen | None:
        from selfcheck.storage.editor import Editor, SessionFile
        from selfcheck.storage.sessions import catalogues_for
        from selfcheck.storage.toml_files import LoadError

        try:
            catalogues = catalogues_for(path, self.catalogues_dir)
            file = SessionFile.open(path, catalogues, review=self.review, state_dir=self.state_dir)
        except LoadError:
            return None
        draft = file.find_draft()
        if draft is not None:  # offered over the start screen once the app is mounted
            self._found_draft = (file, draft)
            return None
        return self._session_screen(Editor(file))

    def _guard(self) -> None:
        from selfcheck.ui import guard

        self._signals = guard.install_signal_handlers(self._on_signal)

    def on_unmount(self) -> None:
        if self._signals:
            from selfcheck.ui import guard

            guard.remove_signal_handlers(self._signals)

    # --- what screens ask (ui.shell.Shell) ------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def catalogues_loaded(self, catalogues: CatalogueSet) -> None:
        self.catalogues = catalogues

    # --- routing ------------------------------------------------------------------------

    def session_screen(self) -> SessionScreen | None:
        from selfcheck.ui.screens.session import SessionScreen

        return next((s for s in self.screen_stack if isinstance(s, SessionScreen)), None)

    def open_session(self, path: Path) -> None:
        """Open a session file (in a thread); a recovered draft is offered first."""
        if self.catalogues is not None and self.session_screen() is None:
            self._open_in_thread(path, self.catalogues)

    @work(thread=True, exclusive=True, group="open")
    def _open_in_thread(self, path: Path, catalogues: CatalogueSet) -> None:
        from selfcheck.storage.editor import SessionFile
        from selfcheck.storage.toml_files import LoadError

        try:
            file = SessionFile.open(
                path, catalogues.catalogues, review=self.review, state_dir=self.state_dir
            )
        except LoadError as exc:
            self.call_from_thread(self._open_failed, exc.problems)
            return
        self.call_from_thread(self._opened, file, file.find_draft())

    def _open_failed(self, problems: Iterable[FileProblem]) -> None:
        lines = [str(p) for p in problems]
        more = f"\n… and {len(lines) - 5} more" if len(lines) > 5 else ""
        text = one_line_each("Could not open the session:\n" + "\n".join(lines[:5]) + more)
        self.notify(text, severity="error", markup=False, timeout=15)

    def _opened(self, file: SessionFile, draft: Draft | None) -> None:
        from selfcheck.storage.editor import Editor
        from selfcheck.storage.recovery import changed_ids, describe_age
        from selfcheck.ui.screens.dialogs import RecoveryDialog
        from selfcheck.ui.text import line

        if draft is None:
            self._show(Editor(file))
            return
        changes = changed_ids(file.saved, draft.session)
        listed = ", ".join(changes[:8]) + (f" and {len(changes) - 8} more" if changes[8:] else "")
        when = draft.written.astimezone().strftime("%Y-%m-%d %H:%M")
        message = line(
            f"This session has changes from {describe_age(draft.age(self.clock()))} ({when}) "
            f"that were not saved" + (f": {listed}." if listed else ".")
        )

        def chosen(restore: bool | None) -> None:
            if restore:
                self._show(Editor(file, file.take_draft(draft)))
            else:
                file.discard_draft(draft)
                self._show(Editor(file))

        self.push_screen(RecoveryDialog(message), chosen)

    def _show(self, editor: Editor) -> None:
        self.push_screen(self._session_screen(editor))

    def _session_screen(self, editor: Editor) -> SessionScreen:
        if self.review:
            from selfcheck.ui.screens.review import ReviewScreen

            return ReviewScreen(editor, mentor=self.mentor, state_dir=self.state_dir)
        from selfcheck.ui.screens.session import SessionScreen

        return SessionScreen(editor)

    def back_to_start(self) -> None:
        """Leave a (closed) session for the start screen, built now if it never was."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            # The session was the first screen, which cannot be popped: the start screen
            # comes in a screen stack of its own (the closed session's is left behind).
            self.add_mode(START_MODE, self._start_screen)
            self.switch_mode(START_MODE)

    def create_session(self, catalogue_id: str, candidate: str, target: str | None) -> None:
        """Create a new session file (the new-session dialog asked what) and open it."""
        from selfcheck.storage.editor import Editor, SessionFile
        from selfcheck.storage.toml_files import SaveError

        catalogue = self.catalogues.catalogues.get(catalogue_id) if self.catalogues else None
        if catalogue is None:
            return
        try:
            file = SessionFile.create(
                self.sessions_dir, catalogue, candidate, target, now=self.clock(),
                state_dir=self.state_dir,
            )  # fmt: skip
        except SaveError as exc:
            text = one_line_each(f"Could not create the session: {exc}")
            self.notify(text, severity="error", markup=False)
            return
        self._show(Editor(file))
        # Short and soon gone: it sits over the rating scale, and the status line at the
        # bottom names the whole path for as long as the session is open.
        text = one_line_each(f"Saved as {file.path.name}; every change is saved as you go.")
        self.notify(text, title="New session", markup=False, timeout=5)

    # --- actions ------------------------------------------------------------------------

    def action_help(self) -> None:
        from selfcheck.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.BINDINGS))

    async def action_quit(self) -> None:
        screen = self.session_screen()
        if screen is None:
            self.exit()
        else:
            screen.leave(self.exit)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The palette offers every key of ours that works here, by its description."""
        builtin = list(super().get_system_commands(screen))
        seen = {command.title for command in builtin}
        for active in screen.active_bindings.values():
            binding = active.binding
            ours = type(active.node).__module__.startswith("selfcheck.")
            if not ours or not binding.description or binding.description in seen:
                continue
            if not active.enabled:
                continue
            seen.add(binding.description)
            key = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"Key: {key}",
                partial(self.call_later, self.run_action, binding.action, active.node),
            )
        yield from builtin

    # --- signals and crashes ------------------------------------------------------------

    def _on_signal(self, sig: int) -> None:
        from selfcheck.ui import guard

        screen = self.session_screen()
        if screen is not None:
            screen.emergency_stop()
        guard.exit_anyway_after_deadline(128 + sig)
        self.exit(return_code=128 + sig)

    # Textual offers no public hook for an unhandled error, so these two of its private methods
    # are overridden; tests/test_textual_private_api.py fails if a new Textual drops them.

    def _handle_exception(self, error: Exception) -> None:
        # Journal the draft before anything else: the app is about to exit.
        self._crash = error
        screen = self.session_screen()
        if screen is not None:
            with contextlib.suppress(Exception):
                screen.keep_draft()
        super()._handle_exception(error)

    def panic(self, *renderables: RenderableType) -> None:
        """Textual's own machinery failed (bytes on the terminal that are not UTF-8 stop its
        input thread, for one): treated as a crash of ours. The draft is kept, a crash report
        written, and the exit code is not 0."""
        from selfcheck.ui import guard

        screen = self.session_screen()
        if screen is not None:
            with contextlib.suppress(Exception):
                screen.keep_draft()
        report = guard.write_panic_report(renderables, self.state_dir)
        self.exit(return_code=1)
        from rich.console import Group

        # One renderable: Textual prints only the first of several.
        super().panic(Group(*renderables, guard.crash_notice(report)))

    def _fatal_error(self) -> None:
        """Exit with a short message and a private report, instead of Textual's traceback:
        it lists local variables, which can hold a candidate's notes."""
        from selfcheck.ui import guard

        if self._crash is None:
            super()._fatal_error()
            return
        self.bell()
        report = guard.write_crash_report(self._crash, self.state_dir)
        # Textual's panic (ours above is for Textual's own failures: it would report twice).
        super().panic(guard.crash_message(self._crash, report))
