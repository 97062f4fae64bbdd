"""The Feedback tab: raters' summary beside the candidate's own rating, competency by competency,
with a bar per group. It shows a `FeedbackSummary`, which has already left out what anonymity
withholds (a withheld group's means and comments, anonymous raters' names)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from selfcheck.model.feedback_summary import CompetencyFeedback, FeedbackSummary
from selfcheck.report.feedback import gap_line, notes, number, raters_line, signed
from selfcheck.safetext import one_line
from selfcheck.ui.text import line, lit

BAR_WIDTH = 20
LABEL_WIDTH = 16


def fraction_bar(value: float | None, top: int, width: int = BAR_WIDTH) -> str:
    """A bar for a mean on the scale (readable without colour): ██████▌░░░."""
    if value is None or top <= 0:
        return " " * width
    filled = min(width, max(0, round(width * value / top)))
    return "█" * filled + "░" * (width - filled)


def competency_block(item: CompetencyFeedback, summary: FeedbackSummary, top: int) -> Content:
    """One competency: a title line, then a bar for self, each shown group and others."""
    shown = {g.id for g in summary.shown_groups}
    title = Content.assemble(
        line(f"{item.competency.id} {item.competency.title}", "bold", limit=60),
        ("   self − others: ", "$text-muted"),
        signed(item.self_minus_others),
    )
    rows = [title]

    def row(label: str, value: float | None, style: str, n: int | None = None) -> None:
        count = f"  (n={n})" if n is not None else ""
        rows.append(
            Content.assemble(
                "  ",
                line(one_line(label, LABEL_WIDTH).ljust(LABEL_WIDTH)),
                " ",
                (fraction_bar(value, top), style),
                f" {number(value)}{count}",
            )
        )

    row("You", item.self_level, "$secondary")
    for score in item.groups:
        if score.group.id in shown:
            row(score.group.label, score.mean, "$accent", score.n)
    row("All others", item.others_mean, "$primary", item.others_n)
    for comment in item.comments:
        who = comment.group.label + (f" ({comment.rater})" if comment.rater else "")
        rows.append(Content.assemble("    ", line(who, "italic", limit=40), ": ",
                                     lit(comment.text.strip())))  # fmt: skip
    return Content("\n").join(rows)


def overview(summary: FeedbackSummary) -> Content:
    parts = [Content.assemble(("Raters: ", "bold"), line(raters_line(summary)))]
    parts += [line(n, "$warning") for n in notes(summary)]
    for title, items in (
        ("Blind spots (you rate yourself well above others)", summary.blind_spots()),
        ("Hidden strengths (others rate you well above yourself)", summary.hidden_strengths()),
    ):
        if items:
            parts.append(Content.styled(title, "bold"))
            parts += [Content.assemble("• ", line(gap_line(i))) for i in items]
    return Content("\n").join(parts)


class FeedbackView(VerticalScroll, can_focus=True):
    """Shows a FeedbackSummary; `show` redraws it (after the candidate changes a rating)."""

    def __init__(self, top: int, summary: FeedbackSummary, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.top = top
        self.summary = summary

    def compose(self) -> ComposeResult:
        yield Static(classes="f-overview")
        yield Static("Competencies (a bar per group; withheld groups are not shown)",
                     classes="section")  # fmt: skip
        yield Static(classes="f-competencies")

    def on_mount(self) -> None:
        self._draw()

    def show(self, summary: FeedbackSummary) -> None:
        self.summary = summary
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        summary = self.summary
        self.query_one(".f-overview", Static).update(overview(summary))
        blocks = [competency_block(c, summary, self.top) for c in summary.competencies]
        self.query_one(".f-competencies", Static).update(Content("\n\n").join(blocks))
