"""Readiness at a glance: the result in one line, progress bars per area, every verdict with
its caveat, what the designation is, and its gaps. Redrawn after every change.

Every word comes from `model.verdicts`, as in `check` and the reports; this only styles it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import Readiness
from selfcheck.model.verdicts import Verdict, area_progress_text, headline, verdicts
from selfcheck.model.wording import plural, vocabulary
from selfcheck.report.progress import BAR_WIDTH, progress_bar
from selfcheck.ui.text import line, lit


def summary(
    readiness: Readiness, shown: tuple[Verdict, ...], target: str | None, whose: str = "Your"
) -> Content:
    """The result in one line, the target's verdict, and how far the rating has got; `whose`
    target it is ("Your", or "The candidate's" for a mentor)."""
    words = vocabulary(readiness.catalogue)
    parts: list[Content] = [line(headline(readiness), "bold")]
    aim = next((v for v in shown if v.id == target), None) if target else None
    if aim is not None:
        state = aim.word + (f" — {aim.caveat}" if aim.caveat else "")
        state = state if aim.ready else f"{aim.gap_count} to close"
        parts.append(Content.assemble(f"{whose} target ", line(aim.name, "bold"), f": {state}."))
    said = [q.label for q in readiness.catalogue.requirements if q.id in readiness.self_reported]
    if said:
        parts.append(
            Content.assemble(
                ("Self-reported: ", "bold $warning"),
                line(", ".join(said)),
                (" (the Development tab works these out from your record)", "$text-muted"),
            )
        )
    counts = readiness.counts
    parts.append(
        Content.styled(
            f"{counts['rated']} of {plural(counts['total'], words.item, words.items)} rated, "
            f"{counts['demonstrated']} {words.met}"
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
        shown = progress_bar(have, need, bar_width) if need else " " * bar_width
        if bar_width < BAR_WIDTH:  # the side panel: figures only, to fit one line
            progress = f"{have}/{need}" if need else "N/A"
        else:
            progress = area_progress_text(readiness, area)
        rows.append(Content.assemble(Content(title), "  ", (shown, style), "  ", line(progress)))
    return Content("\n").join(rows)


def verdict_line(verdict: Verdict) -> Content:
    """ "✓ Career Management Practitioner (CMP): ready — rests on a rule no source confirms…"."""
    mark = ("✓ ", "bold $success") if verdict.ready else ("✗ ", "bold $error")
    word = (verdict.word, "$success" if verdict.ready else "$error")
    caveat: list[str | Content] = (
        [" — ", line(verdict.caveat, "$warning")] if verdict.caveat else []
    )
    return Content.assemble(mark, line(verdict.name, "bold"), ": ", word, *caveat)


def gap_list(verdict: Verdict) -> Content:
    return Content("\n").join(Content.assemble("• ", line(gap)) for gap in verdict.gaps)


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
        yield Static("Progress by area", classes="section")
        yield Static(classes="r-bars")
        words = vocabulary(self.catalogue)
        heading = words.heading if words.checklist else words.heading + "s"
        yield Static(heading, classes="section")
        for index, designation in enumerate(self.catalogue.designations):
            yield Static(classes=f"verdict r-verdict-{index}")
            about = Static(lit(designation.description.strip()), classes="about")
            if not designation.description.strip():
                about.display = False  # (the side panel hides every description in CSS)
            yield about
            yield Static(classes=f"gaps r-gaps-{index}")

    def show(self, readiness: Readiness, target: str | None) -> None:
        """Show this (kept until mounted: the view may be mounted lazily)."""
        self._shown = (readiness, target)
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        readiness, target = self._shown
        shown = verdicts(readiness)
        self.query_one(".r-headline", Static).update(summary(readiness, shown, target, self.whose))
        self.query_one(".r-bars", Static).update(area_bars(readiness, self.bar_width))
        for index, verdict in enumerate(shown):
            self.query_one(f".r-verdict-{index}", Static).update(verdict_line(verdict))
            gaps = self.query_one(f".r-gaps-{index}", Static)
            gaps.update(gap_list(verdict))
            gaps.display = not verdict.ready
