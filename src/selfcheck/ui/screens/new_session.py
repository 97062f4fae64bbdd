"""A new assessment: pick a catalogue, give a name, optionally a target designation.

The dialog only asks; it dismisses with a `NewSession` and the app creates the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import MAX_NAME
from selfcheck.ui.text import line
from selfcheck.ui.widgets.editors import SafeInput


@dataclass(frozen=True)
class NewSession:
    catalogue_id: str
    candidate: str
    target: str | None


def catalogue_label(catalogue: Catalogue) -> Content:
    n, areas = catalogue.competency_count, len(catalogue.areas)
    size = f"{n} competenc{'y' if n == 1 else 'ies'} in {areas} area{'s' if areas != 1 else ''}"
    designations = ", ".join(d.id for d in catalogue.designations)
    return Content.assemble(
        line(catalogue.title, "bold", limit=100),
        "\n  ",
        line(catalogue.issuer, limit=80),
        "\n  ",
        (size, "$text-muted"),
        " · ",
        line(designations, "$text-muted", limit=80),
    )


class NewSessionDialog(ModalScreen[NewSession | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, catalogues: Sequence[Catalogue]) -> None:
        super().__init__()
        self.catalogues = sorted(catalogues, key=lambda c: c.title.casefold())

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="new-session"):
            yield Static(
                Content.assemble(
                    ("New assessment", "bold"),
                    ("  Enter in the name field creates it · Esc cancels", "$text-muted"),
                ),
                classes="dialog-title",
            )
            yield Static("1. Catalogue", classes="field")
            yield OptionList(
                *(Option(catalogue_label(c), id=str(i)) for i, c in enumerate(self.catalogues)),
                id="catalogues",
            )
            yield Static("2. Your name", classes="field")
            yield SafeInput(
                id="name", placeholder="as it should appear on reports", max_length=MAX_NAME
            )
            yield Static("3. Target designation (optional)", classes="field")
            yield Select[str]([], prompt="No target", id="target")
            yield Static(id="problem", classes="problem hidden")
            with Horizontal(classes="buttons"):
                yield Button("Create", id="create", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_resize(self, event: events.Resize) -> None:
        # On a short terminal (80x24) borderless widgets and a shorter list keep Create on
        # screen; the name field keeps its border, so it is seen as the place to type.
        compact = event.size.height < 32
        self.query_one("#new-session").set_class(compact, "-short")
        for widget in self.query("#new-session Select, #new-session Button"):
            widget.compact = compact  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        catalogues = self.query_one("#catalogues", OptionList)
        catalogues.highlighted = 0
        catalogues.focus()

    @property
    def catalogue(self) -> Catalogue | None:
        index = self.query_one("#catalogues", OptionList).highlighted
        return self.catalogues[index] if index is not None else None

    @on(OptionList.OptionHighlighted, "#catalogues")
    def _catalogue_highlighted(self) -> None:
        catalogue = self.catalogue
        if catalogue is not None:
            self.query_one("#target", Select).set_options(
                (Content.assemble(line(d.id, "bold"), " ", line(d.title, limit=60)), d.id)
                for d in catalogue.designations
            )

    @on(OptionList.OptionSelected, "#catalogues")
    def _catalogue_chosen(self) -> None:
        self.set_focus(self.query_one("#name", Input))  # at once: the name is typed next

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        catalogue = self.catalogue
        name = self.query_one("#name", Input).value.strip()
        problem = self.query_one("#problem", Static)
        problem.remove_class("hidden")
        if catalogue is None:
            problem.update(Content.styled("Choose a catalogue.", "$error"))
            return
        if not name:
            problem.update(Content.styled("Enter your name: it appears on the reports.", "$error"))
            self.query_one("#name", Input).focus()
            return
        target = self.query_one("#target", Select).value
        self.dismiss(NewSession(catalogue.id, name, target if isinstance(target, str) else None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
