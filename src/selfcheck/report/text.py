"""The plain-text report: verdicts and gaps first, then every rated competency."""

from __future__ import annotations

from selfcheck.model.review import VERDICTS
from selfcheck.model.session import display_title
from selfcheck.model.verdicts import area_progress_text
from selfcheck.report.progress import progress_bar
from selfcheck.report.view import (
    Subject,
    answer_text,
    comment_label,
    development_lines,
    hint_place,
    item_text,
    level_text,
    portfolio_lines,
    review_day,
    verdict_lines,
)
from selfcheck.safetext import one_line, visible


def text_report(subject: Subject) -> str:
    """A plain-text report: verdicts and gaps first, then every rated competency."""
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    review = subject.review
    comments = subject.comments
    lines = [
        f"{one_line(session.candidate) or '(no name)'}: {one_line(catalogue.title)}",
        f"Session: {one_line(subject.shown_path)}",
        one_line(subject.headline),
        "",
        *verdict_lines(subject),
        "",
    ]
    portfolio = portfolio_lines(subject)
    if portfolio:
        window = catalogue.recency_years
        since = f" (evidence from the past {window} years counts)" if window else ""
        lines += [f"Portfolio{since}:", *(f"  {line}" for line in portfolio), ""]
    development = development_lines(subject)
    if development:
        lines += ["Development record:", *(f"  {line}" for line in development), ""]
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        bar = progress_bar(done, applicable)
        lines.append(f"{one_line(area.title)}: {bar} {area_progress_text(readiness, area)}")
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            if status.state == "unrated" and competency.id not in comments:
                continue
            rating = status.rating
            mark = "✓" if status.demonstrated else " "
            title = display_title(competency, rating)
            level = level_text(subject, competency.id)
            lines.append(f"  {mark} {one_line(competency.id)} {one_line(title)}: {level}")
            if rating.rationale.strip():
                lines.append(_indented("Why: " + rating.rationale))
            if rating.evidence.strip():
                lines.append(_indented(rating.evidence))
            for item, standing in subject.standings(competency.id):
                lines.append("      • " + item_text(item, standing, subject.today))
                if item.note.strip():
                    lines.append(_indented(item.note, 8))
            if competency.id in comments:
                label = comment_label(subject, competency.id)
                lines.append(_indented(f"{label}: " + comments[competency.id]))
    if session.requirements:
        lines += ["", "Requirements:"]
        for rid, answer in session.requirements.items():
            label, shown = answer_text(subject, rid, answer)
            lines.append(f"  {one_line(label)}: {one_line(shown)}")
    hints = subject.portfolio.hints
    if hints:
        lines += ["", "Strengthen your evidence:"]
        lines += [f"  {hint_place(subject, p)}: {p.hint.message}" for p in hints]
    if review and not review.is_empty:
        when = f", {review_day(review)}" if review.updated else ""
        lines += ["", f"Mentor review by {one_line(review.mentor) or '(no name)'}{when}"]
        if review.verdict:
            lines.append(f"  Verdict: {VERDICTS[review.verdict]}")
        if review.overall.strip():
            lines.append(_indented(review.overall))
    return "\n".join(lines) + "\n"


def _indented(text: str, by: int = 6) -> str:
    return "\n".join(" " * by + line for line in visible(text).strip().splitlines())
