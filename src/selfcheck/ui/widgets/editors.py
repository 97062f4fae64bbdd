"""Text inputs that keep what is typed exactly but never send control characters to the
terminal, and a note editor that refuses text past the note limit with a message."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.document._document import EditResult, Location
from textual.widgets import Input, TextArea

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

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        replaced = len(self.get_text_range(*sorted((start, end))))
        room = self.limit - (len(self.text) - replaced)
        if len(insert) > room:
            cut = len(insert) - max(room, 0)
            insert = insert[: max(room, 0)]
            self.notify(
                f"{self.noun} are limited to {self.limit:,} characters; {cut:,} were left out.",
                severity="warning",
                markup=False,
            )
            if not insert and start == end:
                return None
        return super()._replace_via_keyboard(insert, start, end)
