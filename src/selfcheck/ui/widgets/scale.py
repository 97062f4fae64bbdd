"""The rating scale: one row per level with its meaning; click a row (or press its key)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from selfcheck.model.catalogue import Level, Scale
from selfcheck.ui.text import line


def level_key(value: int) -> str | None:
    """The key that picks a level: its own digit, when it has one."""
    return str(value) if 0 <= value <= 9 else None


class LevelRow(Horizontal):
    """One level of the scale: a marker column, then the label and its meaning."""

    def __init__(self, level: Level, threshold: int | None) -> None:
        super().__init__(classes="level")
        self.level = level
        self.threshold = threshold
        self.selected = False
        #: Whether the competency shown counts towards a verdict (else nothing "counts").
        self.counted = True

    def compose(self) -> ComposeResult:
        yield Static(self._marker(), classes="marker")
        yield Static(self._meaning(), classes="meaning")

    def _meaning(self) -> Content:
        key = level_key(self.level.value)
        counts = self.counted and self.level.value == self.threshold
        return Content.assemble(
            (f"{key} " if key else "", "bold $accent"),
            line(self.level.label, "bold", limit=60),
            " — ",
            line(self.level.meaning, "$text-muted"),
            ("  ← counts from here" if counts else "", "$text-muted"),
        )

    def set_counted(self, counted: bool) -> None:
        if counted != self.counted:
            self.counted = counted
            if self.is_mounted and self.level.value == self.threshold:
                self.query_one(".meaning", Static).update(self._meaning())

    def _marker(self) -> Content:
        return Content.styled("●" if self.selected else "○", "bold" if self.selected else "")

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.set_class(selected, "-selected")
            if self.is_mounted:
                # One character for another: no new layout for the screen.
                self.query_one(".marker", Static).update(self._marker(), layout=False)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(ScalePicker.Picked(self.level.value))


class ScalePicker(Vertical):
    """All levels of a scale, the current one marked."""

    class Picked(Message):
        """A level was clicked."""

        def __init__(self, value: int) -> None:
            super().__init__()
            self.value = value

    def __init__(self, scale: Scale, *, id: str | None = None, show_threshold: bool = True) -> None:
        super().__init__(id=id)
        self.scale = scale
        #: Mark the level a competency counts from (not for raters: it is the candidate's bar).
        self.show_threshold = show_threshold

    def compose(self) -> ComposeResult:
        threshold = self.scale.demonstrated_from if self.show_threshold else None
        for level in self.scale.levels:
            yield LevelRow(level, threshold)

    def show(self, value: int | None, *, counted: bool = True) -> None:
        """Mark the current level; `counted`: whether the competency shown counts towards a
        verdict (only then is a level said to count)."""
        for row in self.query(LevelRow):
            row.set_selected(row.level.value == value)
            row.set_counted(counted)
