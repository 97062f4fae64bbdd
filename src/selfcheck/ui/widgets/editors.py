"""Text inputs that keep what is typed exactly but never send control characters to the
terminal, and a note editor that refuses text past the note limit with a message."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from selfcheck.model.session import MAX_NOTE
from selfcheck.ui.text import ControlPictures, editor_safe
from selfcheck.ui.widgets.fields import TextField


class SafeInput(Input, TextField):
    """An Input whose value is shown with control characters made visible."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", ControlPictures())
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False  # steady screenshots in tests


class NoteEditor(TextArea, TextField):
    """A multi-line note: soft-wrapped, capped at `limit` characters, shown safely.

    Text past the limit is refused with a message naming what is limited (`noun`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Ctrl+A selects everything, as in most editors (Home still goes to the line start);
        # then typing replaces it and Delete clears it.
        Binding(
            "ctrl+a",
            "select_all",
            "Select all",
            tooltip="Select all the text (then Delete clears it)",
        ),
    ]

    def __init__(
        self, text: str = "", *, limit: int = MAX_NOTE, noun: str = "Notes", **kwargs: Any
    ) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        super().__init__(text, **kwargs)
        self.limit = limit
        self.noun = noun

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.cursor_blink = False

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        # Enter starts a new line here (Textual's TextArea takes it without saying so).
        return super().check_consume_key(key, character) or (key == "enter" and not self.read_only)

    def get_line(self, line_index: int) -> Text:
        return Text(editor_safe(self.document.get_line(line_index)), end="", no_wrap=True)

    def edit(self, edit: Edit) -> EditResult:
        """Every change to the text comes through here (typing, pasting, the API alike): text
        past the limit is left out, and the user is told how much."""
        start, end = sorted((edit.from_location, edit.to_location))
        replaced = len(self.get_text_range(start, end))
        room = max(self.limit - (len(self.text) - replaced), 0)
        if len(edit.text) > room:
            cut = len(edit.text) - room
            self.notify(
                f"{self.noun} are limited to {self.limit:,} characters; {cut:,} were left out.",
                severity="warning",
                markup=False,
            )
            if not room and start == end:
                return EditResult(end_location=start, replaced_text="")  # nothing to do
            edit = Edit(
                edit.text[:room], edit.from_location, edit.to_location,
                edit.maintain_selection_offset,
            )  # fmt: skip
        return super().edit(edit)
