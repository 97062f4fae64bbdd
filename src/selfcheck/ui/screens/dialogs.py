"""Small dialogs. Each dismisses with a value; none of them touches a file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from selfcheck.model.catalogue import Catalogue
from selfcheck.ui.text import line


class ChoiceList(OptionList):
    """A list that stops at its ends: Up on the first choice stays there instead of jumping
    to the last (a short list read top-down must not turn "No target" into the last one)."""

    def _enabled_beyond(self, direction: int) -> bool:
        index = self.highlighted
        if index is None:
            return True
        beyond = self.options[index + 1 :] if direction > 0 else self.options[:index]
        return any(not option.disabled for option in beyond)

    def action_cursor_up(self) -> None:
        if self._enabled_beyond(-1):
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self._enabled_beyond(1):
            super().action_cursor_down()


class PickOne(ModalScreen[str | None]):
    """Choose one item from a list (`selected` highlighted to start); dismisses with its key,
    or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, Content]], *, selected: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield ChoiceList(*(Option(label, id=key) for key, label in self.choices))
            yield Static("Enter to choose, Esc to cancel", classes="muted")

    def on_mount(self) -> None:
        keys = [key for key, _ in self.choices]
        if self.selected in keys:
            self.query_one(ChoiceList).highlighted = keys.index(self.selected)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def pick_area(catalogue: Catalogue, here: str | None) -> PickOne:
    """Which area to jump to, starting at the one shown (`here`)."""
    choices = [(area.id, line(area.title)) for area in catalogue.areas]
    return PickOne("Jump to area", choices, selected=here)


#: The target choice that means "none".
NO_TARGET = "-"


def pick_target(catalogue: Catalogue, current: str | None) -> PickOne:
    """Which designation to aim for (NO_TARGET: none), starting at the `current` one."""
    choices = [(NO_TARGET, Content("No target"))] + [
        (d.id, Content.assemble(line(d.id, "bold"), " ", line(d.title)))
        for d in catalogue.designations
    ]
    return PickOne("Target designation", choices, selected=current or NO_TARGET)


QuitChoice = Literal["save", "discard", "cancel"]


class QuitDialog(ModalScreen[QuitChoice]):
    """Changes could not be saved: try again, leave without them, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('cancel')", "Cancel"),
        Binding("s", "choose('save')", "Save"),
        Binding("d", "choose('discard')", "Discard"),
    ]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Unsaved changes", "bold"), classes="dialog-title")
            yield Static(Content(self.problem))
            yield Static(
                "Save tries again. Discard quits and forgets these changes. Cancel keeps the "
                "session open."
            )
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice if choice in ("save", "discard") else "cancel")  # type: ignore[arg-type]


class RecoveryDialog(ModalScreen[bool]):
    """Unsaved changes from an earlier run: restore them (True) or discard them (False)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose(True)", "Restore"),
        Binding("d", "choose(False)", "Discard"),
    ]

    def __init__(self, message: Content) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Recovered changes", "bold"), classes="dialog-title")
            yield Static(self.message)
            yield Static(
                "Restore (r) puts them back and saves them. Discard (d) keeps the file as it is.",
                classes="muted",
            )
            with Horizontal(classes="buttons"):
                yield Button("Restore", id="restore", variant="primary")
                yield Button("Discard", id="discard", variant="error")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "restore")

    def action_choose(self, restore: bool) -> None:
        self.dismiss(restore)
