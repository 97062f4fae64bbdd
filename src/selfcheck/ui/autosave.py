"""Saving as you go, for a screen: at once after a choice, after a pause while typing, and the
status line that says where things stand. A save that fails is said once (a notification),
then kept in the status line; the edits stay open and the next save tries again.

What is saved is a `SaveTarget`: the candidate's session, or a mentor's review beside it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.content import Content
from textual.widgets import Static

from selfcheck.storage.reviews import review_path
from selfcheck.storage.toml_files import SaveError
from selfcheck.ui.text import home_short, line

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from selfcheck.storage.editor import Editor
    from selfcheck.storage.reviews import ReviewFile

#: Seconds of quiet typing before the file is written (the draft is written at once).
AUTOSAVE_DELAY = 0.8


class SaveTarget(Protocol):
    """One file a screen saves, and how the status line speaks of it."""

    #: The title of the notes a save returns ("" for none).
    note_title: str

    @property
    def dirty(self) -> bool:
        """Changes to write (never true for a file this window may not write)."""
        ...

    def save(self, now: datetime) -> list[str]:
        """Write the changes; raises SaveError. Returns notes for the user."""
        ...

    def keep(self, now: datetime) -> None:
        """Keep what is unsaved without asking anything (a crash or signal is under way)."""
        ...

    def problem_text(self, problem: str) -> str: ...

    def status(self, saved_at: str) -> Content:
        """The status line when nothing is wrong; `saved_at` is the last save's time or ""."""
        ...


class SessionTarget:
    """The candidate's session, through its editor (a recovery draft at every change)."""

    note_title = ""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor

    @property
    def dirty(self) -> bool:
        return self.editor.dirty and self.editor.file.editable

    def save(self, now: datetime) -> list[str]:
        return self.editor.save(now)

    def keep(self, now: datetime) -> None:
        if self.dirty:
            with contextlib.suppress(OSError):
                self.editor.file.write_draft(self.editor.session, now)

    def problem_text(self, problem: str) -> str:
        return line(f"Could not save: {problem}. Your changes are still open.").plain

    def status(self, saved_at: str) -> Content:
        path = line(home_short(self.editor.file.path))
        if not self.editor.file.editable:
            return Content.assemble(("Read-only ", "bold $warning"), path)
        if saved_at:
            return Content.assemble((f"Saved {saved_at} ", "$success"), path)
        return Content.assemble(("Saved in ", "$text-muted"), path)


class ReviewTarget:
    """A mentor's review beside the session (the session itself is never written). `file` is
    None until the review is opened, and stays None when it cannot be read."""

    note_title = "Review saved"

    def __init__(self, session_path: Path) -> None:
        self.session_path = session_path
        self.file: ReviewFile | None = None

    @property
    def path(self) -> Path:
        """The review file (a later mentor's may be `NAME.review-2.toml`)."""
        return self.file.path if self.file is not None else review_path(self.session_path)

    @property
    def dirty(self) -> bool:
        return self.file is not None and self.file.dirty

    def save(self, now: datetime) -> list[str]:
        return self.file.save(now) if self.file is not None else []

    def keep(self, now: datetime) -> None:
        # A review has no draft: a real save is what keeps it.
        with contextlib.suppress(SaveError, OSError):
            self.save(now)

    def problem_text(self, problem: str) -> str:
        return line(f"Could not save your review: {problem}. Your text is still here.").plain

    def status(self, saved_at: str) -> Content:
        where = line(home_short(self.path))
        if self.file is not None and self.file.read_only:
            return Content.assemble(
                ("Your review cannot be changed here: ", "bold $warning"),
                line(f"{self.file.read_only}. "),
                where,
            )
        if saved_at:
            return Content.assemble((f"Review saved {saved_at} ", "$success"), where)
        if self.file is not None and self.file.saved is not None:
            return Content.assemble(("Your review: ", "$text-muted"), where)
        return Content.assemble(("Your review will be saved as ", "$text-muted"), where)


class Autosave:
    """Saves one target for one screen and keeps its status line (`#status`) current."""

    def __init__(
        self, screen: Screen[Any], target: SaveTarget, clock: Callable[[], datetime]
    ) -> None:
        self.screen = screen
        self.target = target
        self.clock = clock
        #: Why the last save failed ("" when it did not).
        self.problem = ""
        #: Why the recovery draft could not be written ("" while it can).
        self.journal_problem = ""
        self._saved_at = ""
        self._timer: Timer | None = None

    @property
    def waiting(self) -> bool:
        """A save is scheduled for when the typing pauses."""
        return self._timer is not None

    def later(self) -> None:
        """Save once typing pauses (each call starts the pause again)."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(AUTOSAVE_DELAY, self.now)

    def now(self) -> bool:
        """Save what is unsaved; False (and said) when it could not be saved."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self.target.dirty:
            return True
        when = self.clock()
        try:
            notes = self.target.save(when)
        except SaveError as exc:
            self.failed(str(exc))
            return False
        self.problem = ""
        self._saved_at = when.astimezone().strftime("%H:%M:%S")
        for note in notes:  # a backup made, or a review saved under another name
            self.screen.notify(
                line(note).plain, title=self.target.note_title, markup=False, timeout=15
            )
        self.show()
        return True

    def failed(self, problem: str) -> None:
        """Say a save failed or cannot happen: a notification the first time, then the
        status line."""
        first = self.problem != problem
        self.problem = problem
        if first:
            self.screen.notify(self.problem_text, severity="error", markup=False, timeout=10)
        self.show()

    def journal_failed(self, reason: str) -> None:
        """The recovery draft could not be written (a full disk, say): said once, then kept
        in the status line until a draft is written again, not a notice per keystroke."""
        first = not self.journal_problem
        self.journal_problem = f"no recovery copy ({reason})"
        if first:
            text = line(f"Could not keep a recovery copy: {reason}.").plain
            self.screen.notify(text, severity="warning", markup=False, timeout=10)
            self.show()

    def journal_kept(self) -> None:
        if self.journal_problem:
            self.journal_problem = ""
            self.show()

    @property
    def problem_text(self) -> str:
        return self.target.problem_text(self.problem)

    def keep(self) -> None:
        """Keep what is unsaved, never asking (a crash is under way)."""
        self.target.keep(self.clock())

    def save_quietly(self) -> None:
        """Try a real save, never asking or saying anything (a signal is under way)."""
        if self.target.dirty:
            with contextlib.suppress(SaveError):
                self.target.save(self.clock())

    def show(self) -> None:
        if self.problem:
            text = Content.styled(self.problem_text, "bold $error")
        else:
            text = self.target.status(self._saved_at)
            if self.journal_problem:
                text = Content.assemble(
                    text, ("  ·  ", "$text-muted"), line(self.journal_problem, "$warning")
                )
        self.screen.query_one("#status", Static).update(text)
