"""The evidence item form: method (from the catalogue, with its help), date, title, hours, link
and a note. Dismisses with the item, with "remove", or with None; it never writes a file."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static, TextArea

from selfcheck.model.evidence import (
    MAX_ITEM_TITLE,
    MAX_LINK,
    EvidenceItem,
    EvidencePolicy,
    parse_day,
    word_count,
)
from selfcheck.model.numbers import parse_number
from selfcheck.ui.text import line, lit
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput

ItemResult = EvidenceItem | Literal["remove"]


def hours_text(hours: float | None) -> str:
    return "" if hours is None else f"{hours:g}"


class ItemDialog(ModalScreen[ItemResult | None]):
    """Add an item (`item` None) or edit one; `today` judges the date as it is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close the form; nothing is changed"),
        Binding("ctrl+s", "save", "Save item", tooltip="Save the item", priority=True),
    ]

    def __init__(
        self, policy: EvidencePolicy, today: date, heading: str, item: EvidenceItem | None = None
    ) -> None:
        super().__init__()
        self.policy = policy
        self.today = today
        self.heading = heading
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        known = item is not None and self.policy.method(item.method) is not None
        with VerticalScroll(classes="dialog wide", id="item-form"):
            verb = "Edit evidence item" if item else "Add an evidence item"
            yield Static(
                Content.assemble((verb, "bold"), " · ", line(self.heading, limit=50)),
                classes="dialog-title",
            )
            yield Static("Method", classes="field")
            methods: Select[str] = Select(
                [(line(f"{m.id}  {m.label}"), m.id) for m in self.policy.methods],
                prompt="Choose how this is documented",
                value=item.method if item and known else Select.NULL,
                id="item-method",
            )
            yield methods
            yield Static(id="item-method-help", classes="muted")
            yield Static("Date (2025-10-02, or 2025-10 for a month)", classes="field")
            yield SafeInput(
                item.date.isoformat() if item else "", id="item-date", max_length=10,
                placeholder="when it happened, or ended",
            )  # fmt: skip
            yield Static(id="item-date-note", classes="muted")
            yield Static("Title", classes="field")
            yield SafeInput(
                item.title if item else "", id="item-title", max_length=MAX_ITEM_TITLE,
                placeholder="Talk: career pivots after 50, regional HR forum",
            )  # fmt: skip
            with Horizontal(id="item-row"):
                with Vertical(classes="half"):
                    yield Static("Hours (optional)", classes="field")
                    yield SafeInput(hours_text(item.hours if item else None), id="item-hours",
                                    max_length=10, placeholder="1.5")  # fmt: skip
                with Vertical(classes="half"):
                    yield Static("Link or file (optional, shown only)", classes="field")
                    yield SafeInput(
                        item.link if item else "", id="item-link", max_length=MAX_LINK,
                        placeholder="portfolio/talk.pdf",
                    )  # fmt: skip
            yield Static("Note (optional): what you did and what came of it", classes="field")
            yield NoteEditor(item.note if item else "", id="item-note", classes="short",
                             noun="Item notes")  # fmt: skip
            yield Static(id="item-words", classes="muted")
            yield Static(id="item-problem", classes="problem hidden")
            with Horizontal(classes="buttons"):
                yield Button("Save", id="item-save", variant="primary")
                if item is not None:
                    yield Button("Remove", id="item-remove", variant="error")
                yield Button("Cancel", id="item-cancel")
            yield Static("Ctrl+S saves, Esc cancels.", classes="muted")

    def on_mount(self) -> None:
        self._method_help()
        self._date_note()
        self._words()
        self.query_one("#item-method" if self.item is None else "#item-title").focus()

    # --- live hints -------------------------------------------------------------------------

    @property
    def _method_id(self) -> str | None:
        value = self.query_one("#item-method", Select).value
        return value if isinstance(value, str) else None

    @on(Select.Changed, "#item-method")
    def _method_help(self) -> None:
        method = self.policy.method(self._method_id or "")
        shown = self.query_one("#item-method-help", Static)
        if method is None:
            unknown = self.item.method if self.item else ""
            text = f"The method {unknown!r} is not one of this catalogue's." if unknown else ""
            shown.update(line(text))
        else:
            text = method.help
            shown.update(lit(text))
        shown.display = bool(text)
        self._words()

    @on(Input.Changed, "#item-date")
    def _date_note(self) -> None:
        text = self.query_one("#item-date", Input).value
        day = parse_day(text)
        note = ""
        if text.strip() and day is None:
            note = "Type a date as 2025-10-02, or 2025-10 for a month."
        elif day is not None and day > self.today:
            note = "After today: it will not count until that day."
        elif day is not None and (start := self.policy.window_start(self.today)) and day < start:
            note = f"More than {self.policy.recency_years} years ago: it will not count."
        shown = self.query_one("#item-date-note", Static)
        shown.update(Content(note))
        shown.display = bool(note)

    @on(TextArea.Changed, "#item-note")
    def _words(self) -> None:
        words = word_count(self.query_one("#item-note", NoteEditor).text)
        method = self.policy.method(self._method_id or "")
        limit = method.max_words if method else None
        text = f"{words:,} words" + (f" (at most {limit:,} for {method.id})" if method and limit
                                     else "")  # fmt: skip
        style = "$text-error" if limit is not None and words > limit else ""
        self.query_one("#item-words", Static).update(Content.styled(text, style))

    # --- closing ----------------------------------------------------------------------------

    def _problem(self, text: str, focus: str) -> None:
        shown = self.query_one("#item-problem", Static)
        shown.update(Content(text))
        shown.remove_class("hidden")
        self.query_one(focus).focus()

    def _read(self) -> EvidenceItem | None:
        """The item as filled in, or None after showing what is missing."""
        method = self._method_id or (self.item.method if self.item else None)
        if not method:
            self._problem("Choose a method.", "#item-method")
            return None
        day = parse_day(self.query_one("#item-date", Input).value)
        if day is None:
            self._problem("Type the date as 2025-10-02, or 2025-10 for a month.", "#item-date")
            return None
        title = self.query_one("#item-title", Input).value
        if not title.strip():
            self._problem("Give the item a title.", "#item-title")
            return None
        hours, problem = parse_number(self.query_one("#item-hours", Input).value, 0, 100_000)
        if problem:
            self._problem(f"Hours: {problem}", "#item-hours")
            return None
        return EvidenceItem(
            method=method,
            date=day,
            title=title.strip(),
            hours=hours,
            link=self.query_one("#item-link", Input).value.strip(),
            note=self.query_one("#item-note", NoteEditor).text.strip(),
            extra=self.item.extra if self.item else {},
        )

    def action_save(self) -> None:
        item = self._read()
        if item is not None:
            self.dismiss(item)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "item-save":
            self.action_save()
        elif event.button.id == "item-remove":
            self.dismiss("remove")
        else:
            self.dismiss(None)
