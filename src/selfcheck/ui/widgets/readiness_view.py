"""Readiness at a glance: the highest designation ready, progress bars per area, every verdict
with its gaps in plain words. Redrawn after every change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import DesignationResult, Readiness
from selfcheck.ui.text import line

BAR_WIDTH = 20


def bar(have: int, need: int, width: int = BAR_WIDTH) -> str:
    """A text bar (readable without colour): ████████░░░░."""
    filled = round(width * have / need) if need else width
    filled = min(width, max(0, filled))
    if have and not filled:
        filled = 1
    if have < need and filled == width:
        filled = width - 1
    return "█" * filled + "░" * (width - filled)


def headline(readiness: Readiness, target: str | None, whose: str = "Your") -> Content:
    """The verdict in two lines; `whose` target it is ("Your", or "The candidate's" for a
    mentor)."""
    highest = readiness.highest_ready
    parts: list[Content] = []
    if highest is None:
        parts.append(Content.styled("Not ready for any designation yet.", "bold"))
    else:
        parts.append(
            Content.assemble(
                ("Highest ready: ", "bold"),
                line(highest.id, "bold $success"),
                " ",
                line(highest.title),
            )
        )
    result = readiness.result(target) if target else None
    if result is not None:
        gaps = len(result.gaps)
        verdict = "ready" if result.ready else f"{gaps} gap{'s' if gaps != 1 else ''} to close"
        parts.append(
            Content.assemble(
                f"{whose} target ", line(result.designation.id, "bold"), f": {verdict}."
            )
        )
    counts = readiness.counts
    parts.append(
        Content.styled(
            f"{counts['rated']} of {counts['total']} rated, {counts['demonstrated']} demonstrated"
            + (f", {counts['not_applicable']} not applicable" if counts["not_applicable"] else ""),
            "$text-muted",
        )
    )
    return Content("\n").join(parts)


def area_bars(readiness: Readiness, bar_width: int = BAR_WIDTH) -> Content:
    areas = readiness.catalogue.areas
    width = min(max((len(line(a.title, limit=40)) for a in areas), default=0), 40)
    rows = []
    for area in areas:
        have, need = readiness.area_progress(area.id)
        title = line(area.title, limit=40).plain.ljust(width)
        style = "$success" if need and have >= need else "$accent"
        rows.append(
            Content.assemble(
                Content(title), "  ", (bar(have, need, bar_width), style), f"  {have}/{need}"
            )
        )
    return Content("\n").join(rows)


def verdict(result: DesignationResult) -> Content:
    d = result.designation
    mark = ("✓ ", "bold $success") if result.ready else ("✗ ", "bold $error")
    word = ("ready", "$success") if result.ready else ("not ready", "$error")
    return Content.assemble(mark, line(d.id, "bold"), " ", line(d.title), " — ", word)


def gap_list(result: DesignationResult) -> Content:
    return Content("\n").join(Content.assemble("• ", line(gap.message)) for gap in result.gaps)


class ReadinessView(VerticalScroll, can_focus=True):
    """Shows a Readiness; `show` is cheap enough to call after every change."""

    def __init__(
        self,
        catalogue: Catalogue,
        readiness: Readiness,
        target: str | None,
        *,
        bar_width: int = BAR_WIDTH,
        whose: str = "Your",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.catalogue = catalogue
        self.bar_width = bar_width
        self.whose = whose
        self._shown = (readiness, target)

    def on_mount(self) -> None:
        self._draw()

    def compose(self) -> ComposeResult:
        # Classes, not ids: the same view can appear twice on one screen.
        yield Static(classes="r-headline")
        yield Static("Progress by area (demonstrated / applicable)", classes="section")
        yield Static(classes="r-bars")
        yield Static("Designations", classes="section")
        for index in range(len(self.catalogue.designations)):
            yield Static(classes=f"verdict r-verdict-{index}")
            yield Static(classes=f"gaps r-gaps-{index}")

    def show(self, readiness: Readiness, target: str | None) -> None:
        """Show this (kept until mounted: the view may be mounted lazily)."""
        self._shown = (readiness, target)
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        readiness, target = self._shown
        self.query_one(".r-headline", Static).update(headline(readiness, target, self.whose))
        self.query_one(".r-bars", Static).update(area_bars(readiness, self.bar_width))
        for index, result in enumerate(readiness.results):
            self.query_one(f".r-verdict-{index}", Static).update(verdict(result))
            gaps = self.query_one(f".r-gaps-{index}", Static)
            gaps.update(gap_list(result))
            gaps.display = not result.ready
