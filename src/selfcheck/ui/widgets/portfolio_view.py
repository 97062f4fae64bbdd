"""The Portfolio tab: what each portfolio rule still needs, items per validation method, every
item (those older than the window greyed with their age), the competencies that count on an
undated note, and how many suggestions the evidence coach has. Redrawn when shown."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.evidence import years_before
from selfcheck.model.portfolio import Portfolio
from selfcheck.ui.text import line
from selfcheck.ui.widgets.evidence_items import item_label


def needs_text(portfolio: Portfolio) -> Content:
    rows = []
    for need in portfolio.needs:
        who = line("  " + ", ".join(need.designations), "$text-muted")
        if need.met:
            rows.append(
                Content.assemble(
                    ("✓ ", "bold $success"),
                    line(need.what),
                    f": {need.count.have}, needs {need.count.need}",
                    who,
                )
            )
        else:
            rows.append(Content.assemble(("✗ ", "bold $error"), line(need.message), who))
    if not rows:
        return Content.styled("This catalogue has no portfolio rules.", "$text-muted")
    return Content("\n").join(rows)


def methods_text(portfolio: Portfolio) -> Content:
    width = max((len(m.method.label) for m in portfolio.methods), default=0)
    width = min(width, 40)
    rows = []
    for count in portfolio.methods:
        label = line(count.method.label, limit=40).plain.ljust(width)
        extra = [f"{n} {what}" for n, what in ((count.old, "too old"),
                                               (count.other, "not counted")) if n]  # fmt: skip
        rows.append(
            Content.assemble(
                line(count.method.id, "bold"),
                "  ",
                Content(label),
                ("  " + str(count.counting), "bold" if count.counting else "$text-muted"),
                (f"  ({', '.join(extra)})" if extra else "", "$text-muted"),
            )
        )
    if portfolio.unknown:
        rows.append(
            Content.styled(
                f"{len(portfolio.unknown)} item(s) have a method this catalogue does not know; "
                "they are kept but do not count.",
                "$warning",
            )
        )
    return Content("\n").join(rows)


def items_text(portfolio: Portfolio, today: date) -> Content:
    if not portfolio.items:
        return Content.styled(
            "No dated items yet. In the Rate tab, press i on a competency to add one.",
            "$text-muted",
        )
    return Content("\n").join(
        Content.assemble(
            line(p.competency.ljust(5), "$text-accent"), " ", item_label(p.item, p.standing, today)
        )
        for p in portfolio.items
    )


class PortfolioView(VerticalScroll, can_focus=True):
    """Shows a Portfolio; `show` keeps it until the view is mounted."""

    def __init__(self, catalogue: Catalogue, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.catalogue = catalogue
        self._shown: tuple[Portfolio, date] | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="p-intro")
        yield Static("What every application needs", classes="section")
        yield Static(classes="p-needs")
        yield Static("Items per method (counting now)", classes="section")
        yield Static(classes="p-methods")
        yield Static("Every item", classes="section")
        yield Static(classes="p-items")
        yield Static(classes="p-undated")
        yield Static(classes="p-coach")

    def on_mount(self) -> None:
        self._draw()

    def show(self, portfolio: Portfolio, today: date) -> None:
        """Show this portfolio, judged on `today`."""
        self._shown = (portfolio, today)
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        if self._shown is None:
            return
        portfolio, today = self._shown
        years = self.catalogue.recency_years
        if years:
            since = years_before(today, years).isoformat()
            intro = f"Evidence from the past {years} years counts: dated {since} or later."
        else:
            intro = "Evidence of any age counts in this catalogue."
        self.query_one(".p-intro", Static).update(Content(intro))
        self.query_one(".p-needs", Static).update(needs_text(portfolio))
        self.query_one(".p-methods", Static).update(methods_text(portfolio))
        self.query_one(".p-items", Static).update(items_text(portfolio, today))
        undated = self.query_one(".p-undated", Static)
        undated.display = bool(portfolio.undated)
        if portfolio.undated:
            n = len(portfolio.undated)
            undated.update(
                Content.assemble(
                    ("Undated: ", "bold $warning"),
                    f"{n} competenc{'y counts' if n == 1 else 'ies count'} on a note with no "
                    "dated item (the issuer will ask when): ",
                    line(", ".join(portfolio.undated)),
                )
            )
        hints = len(portfolio.hints)
        self.query_one(".p-coach", Static).update(
            Content.assemble(
                ("Coach: ", "bold"),
                f"{hints} suggestion{'s' if hints != 1 else ''} to strengthen your evidence"
                + (" (shown under each note in the Rate tab)." if hints else "."),
            )
        )
