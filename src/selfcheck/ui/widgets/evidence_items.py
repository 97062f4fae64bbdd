"""Under a competency's note: its dated evidence items (Enter or a click opens one) and the
evidence coach's hints on the note and the items. Posts ItemWanted; never changes anything."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.coach import PlacedHint, rating_hints
from selfcheck.model.evidence import EvidenceItem, Standing, age_text, standing
from selfcheck.model.session import Rating
from selfcheck.ui.messages import ItemWanted
from selfcheck.ui.text import line


def item_label(item: EvidenceItem, found: Standing, today: date) -> Content:
    """One item in the list: a mark, method, date, title and hours; greyed with its age when
    it is older than the window, with why when it does not count for another reason."""
    hours = f" · {item.hours:g} h" if item.hours is not None else ""
    body = Content.assemble(
        line(item.method, "bold"), f" {item.date.isoformat()} ", line(item.title, limit=70), hours
    )
    if found.old:
        return Content.assemble(
            ("· ", "$text-muted"),
            body.stylize("$text-muted strike"),
            (f"  {age_text(item.date, today)} old", "$text-muted"),
        )
    if not found.counts:
        return Content.assemble(("! ", "$warning"), body, "  ", line(found.why_not, "$warning"))
    return Content.assemble(("✓ ", "$success"), body)


def hint_text(hints: list[PlacedHint], items: tuple[EvidenceItem, ...]) -> Content:
    """The coach's hints, one a line, each saying what it is about."""
    rows = [Content.styled("Coach (suggestions; nothing here stops a rating counting)", "bold")]
    for placed in hints:
        if placed.item is None or placed.item >= len(items):
            about = "Note"
        else:
            item = items[placed.item]
            about = f"{item.method} “{item.title}”"
        rows.append(
            Content.assemble("• ", line(about, "$text-accent", limit=40), ": ", placed.hint.message)
        )
    return Content("\n").join(rows)


class ItemList(OptionList):
    """The items; choosing one asks for it to be edited."""


class EvidenceItems(Vertical):
    """Shown below the note; `show` redraws only what changed."""

    def __init__(self, catalogue: Catalogue, *, read_only: bool) -> None:
        super().__init__(id="c-items")
        self.catalogue = catalogue
        self.read_only = read_only
        self.competency_id: str | None = None
        self._items: tuple[EvidenceItem, ...] | None = None
        self._shown_hints: object = None

    def compose(self) -> ComposeResult:
        if self.catalogue.evidence.methods:
            hint = "" if self.read_only else " (i to add; Enter or a click to edit)"
            yield Static(
                Content.assemble(("Dated evidence", "bold"), (hint, "$text-muted")),
                classes="field",
            )
            yield Static(id="c-items-none", classes="muted")
        yield ItemList(id="c-item-list")
        yield Static(id="c-coach", classes="muted")

    def show(self, competency_id: str, rating: Rating, today: date) -> None:
        policy = self.catalogue.evidence
        items = rating.items
        new = competency_id != self.competency_id
        self.competency_id = competency_id
        listing = self.query_one(ItemList)
        if new or items != self._items:
            self._items = items
            listing.set_options(
                Option(item_label(item, standing(item, policy, today), today), id=str(i))
                for i, item in enumerate(items)
            )
            listing.display = bool(items)
            for none in self.query("#c-items-none").results(Static):
                none.display = not items
                none.update("No dated items yet." if self.read_only else
                            "No dated items yet: press i to add one.")  # fmt: skip
        hints = list(rating_hints(competency_id, rating, policy, today))
        if hints != self._shown_hints:
            self._shown_hints = hints
            coach = self.query_one("#c-coach", Static)
            coach.display = bool(hints)
            if hints:
                coach.update(hint_text(hints, items))

    @on(OptionList.OptionSelected, "#c-item-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.competency_id is not None and event.option.id is not None and not self.read_only:
            self.post_message(ItemWanted(self.competency_id, int(event.option.id)))
