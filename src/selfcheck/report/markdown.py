"""The Markdown report, for a code host or a mentor's notes; every user text escaped."""

from __future__ import annotations

import re

from selfcheck.model.review import VERDICTS
from selfcheck.model.session import display_title
from selfcheck.model.verdicts import area_progress_text
from selfcheck.model.wording import vocabulary
from selfcheck.report.progress import percent, progress_bar
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
)
from selfcheck.safetext import one_line, visible

# Enough to stop emphasis, links, images, HTML and table breaks; prose punctuation stays readable.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text safe inside Markdown: visible control characters, every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", visible(text))


def md_cell(text: str) -> str:
    return md(one_line(text))


def _md_quote(text: str) -> list[str]:
    return [f"> {md(line)}" if line.strip() else ">" for line in text.strip().splitlines()]


def markdown_report(subject: Subject) -> str:
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    review = subject.review
    comments = subject.comments
    updated = subject.updated_text
    out = [
        f"# {md_cell(session.candidate) or '(no name)'}: {md_cell(catalogue.title)}",
        "",
        f"Session {md_cell(subject.shown_path)} · updated {updated} · "
        f"catalogue {md_cell(catalogue.id)} {md_cell(catalogue.version)}",
        "",
        f"**{md_cell(subject.headline)}**",
        "",
        "## Readiness",
        "",
        f"| {vocabulary(catalogue).heading} | Verdict |",
        "|---|---|",
    ]
    for verdict in subject.verdicts:
        if verdict.ready:
            shown = f"✅ {verdict.word}" + (f" — {verdict.caveat}" if verdict.caveat else "")
        else:
            shown = f"❌ {verdict.word} ({verdict.gap_count})"
        out.append(f"| {md_cell(verdict.name)} | {md_cell(shown)} |")
    for verdict in subject.verdicts:
        if verdict.gaps:
            out += ["", f"### Still missing for {md_cell(verdict.name)}", ""]
            out += [f"- {md_cell(gap)}" for gap in verdict.gaps]
    portfolio = portfolio_lines(subject)
    if portfolio:
        window = catalogue.recency_years
        since = f"Evidence from the past {window} years counts." if window else ""
        out += ["", "## Portfolio", "", *([since, ""] if since else [])]
        out += [f"- {md_cell(line)}" for line in portfolio]
    development = development_lines(subject)
    if development:
        out += ["", "## Development record", ""]
        out += [f"- {md_cell(line)}" for line in development]
    out += ["", "## Progress by area", "", "| Area | Progress | |", "|---|---|---|"]
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        out.append(
            f"| {md_cell(area.title)} | {md_cell(area_progress_text(readiness, area))} | "
            f"`{progress_bar(done, applicable, 10)}` {percent(done, applicable)}% |"
        )
    out += ["", "## Competencies"]
    for area in catalogue.areas:
        out += ["", f"### {md_cell(area.title)}", ""]
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            rating = status.rating
            title = display_title(competency, rating)
            mark = " ✓" if status.demonstrated else ""
            out.append(
                f"- **{md_cell(competency.id)} {md_cell(title)}**: "
                f"{md_cell(level_text(subject, competency.id))}{mark}"
            )
            if rating.rationale.strip():
                out += ["", *(f"  {line}" for line in _md_quote("Why: " + rating.rationale)), ""]
            if rating.evidence.strip():
                out += ["", *(f"  {line}" for line in _md_quote(rating.evidence)), ""]
            for item, standing in subject.standings(competency.id):
                shown = md_cell(item_text(item, standing, subject.today))
                out.append(f"  - {'~~' + shown + '~~' if standing.old else shown}")
                if item.note.strip():
                    out += ["", *(f"    {line}" for line in _md_quote(item.note)), ""]
            if competency.id in comments:
                label = md_cell(comment_label(subject, competency.id))
                out += ["", f"  *{label}:* {md_cell(comments[competency.id])}", ""]
    if session.requirements:
        out += ["", "## Requirements", "", "| Requirement | Answer |", "|---|---|"]
        for rid, answer in session.requirements.items():
            label, shown = answer_text(subject, rid, answer)
            out.append(f"| {md_cell(label)} | {md_cell(shown)} |")
    hints = subject.portfolio.hints
    if hints:
        out += ["", "## Strengthen your evidence", ""]
        out += [
            f"- **{md_cell(hint_place(subject, p))}**: {md_cell(p.hint.message)}" for p in hints
        ]
    if review and not review.is_empty:
        when = f" · {review_day(review)}" if review.updated else ""
        mentor = md_cell(review.mentor) or "(no name)"
        out += ["", "## Mentor review", "", f"Mentor: {mentor}{when}"]
        if review.verdict:
            out += ["", f"**Verdict: {VERDICTS[review.verdict]}**"]
        if review.overall.strip():
            out += ["", *_md_quote(review.overall)]
    return "\n".join(out) + "\n"
