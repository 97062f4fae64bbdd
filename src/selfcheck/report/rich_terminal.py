"""Reports as Rich tables, for a terminal (plain text is used when output is piped).

User text goes in as `Text` objects, never as markup strings.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from selfcheck.model.review import VERDICTS
from selfcheck.model.session import display_title
from selfcheck.model.verdicts import area_progress_text
from selfcheck.model.wording import vocabulary
from selfcheck.report.cohort import CohortRow, file_name
from selfcheck.report.progress import progress_bar
from selfcheck.report.view import (
    Subject,
    answer_text,
    development_lines,
    hint_place,
    item_text,
    level_text,
    portfolio_lines,
)
from selfcheck.safetext import one_line, visible


def print_report(subject: Subject, console: Console) -> None:
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    title = Text(one_line(session.candidate) or "(no name)", style="bold")
    title.append(f"  {one_line(catalogue.title)}", style="dim")
    console.print(title)
    console.print(Text(one_line(subject.headline), "bold"))
    verdicts = Table(show_header=True, header_style="bold", expand=True)
    verdicts.add_column(vocabulary(catalogue).heading, ratio=1)
    verdicts.add_column("Verdict", ratio=3)
    for verdict in subject.verdicts:
        if verdict.ready:
            cell: Text | Group = Group(
                Text(verdict.word, style="bold green"),
                *([Text(one_line(verdict.caveat), style="yellow")] if verdict.caveat else []),
            )
        else:
            cell = Group(
                Text(verdict.word, style="bold red"),
                *(Text(f"• {one_line(gap)}") for gap in verdict.gaps),
            )
        verdicts.add_row(Text(one_line(verdict.name)), cell)
    console.print(verdicts)
    portfolio = portfolio_lines(subject)
    if portfolio:
        window = catalogue.recency_years
        since = f" (evidence from the past {window} years counts)" if window else ""
        console.print(Text(f"Portfolio{since}", style="bold"))
        for line in portfolio:
            style = "red" if line.startswith("✗") else "green" if line.startswith("✓") else ""
            console.print(Text(f"  {line}", style=style))
    development = development_lines(subject)
    if development:
        console.print(Text("Development record", style="bold"))
        for line in development:
            console.print(Text(f"  {line}"))
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        progress = area_progress_text(readiness, area)
        table = Table(
            title=Text(
                f"{one_line(area.title)}  {progress_bar(done, applicable)} {one_line(progress)}"
            ),
            title_justify="left",
            expand=True,
        )
        table.add_column("", width=1)
        table.add_column("Id", no_wrap=True)
        table.add_column("Competency", ratio=2)
        table.add_column("Level", no_wrap=True)
        table.add_column("Evidence", ratio=3)
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            rating = status.rating
            notes = Text(overflow="fold")
            if rating.rationale.strip():
                notes.append(f"Why: {visible(rating.rationale.strip())}\n")
            notes.append(visible(rating.evidence.strip()))
            for item, standing in subject.standings(competency.id):
                style = "dim strike" if standing.old else "" if standing.counts else "dim"
                notes.append(("\n" if notes else "") + "• ")
                notes.append(item_text(item, standing, subject.today), style=style)
            if competency.id in subject.comments:
                notes.append(f"\nMentor: {visible(subject.comments[competency.id])}", "italic")
            table.add_row(
                Text("✓", style="green") if status.demonstrated else Text(""),
                Text(one_line(competency.id)),
                Text(one_line(display_title(competency, rating))),
                Text(level_text(subject, competency.id)),
                notes,
            )
        console.print(table)
    if session.requirements:
        answers = Table(title="Requirements", title_justify="left", expand=True)
        answers.add_column("Requirement", ratio=2)
        answers.add_column("Answer", ratio=1)
        for rid, answer in session.requirements.items():
            label, shown = answer_text(subject, rid, answer)
            answers.add_row(Text(one_line(label)), Text(one_line(shown)))
        console.print(answers)
    review = subject.review
    if review and not review.is_empty:
        console.print(Text(f"Mentor review by {one_line(review.mentor) or '(no name)'}", "bold"))
        if review.verdict:
            console.print(Text(f"  Verdict: {VERDICTS[review.verdict]}"))
        if review.overall.strip():
            console.print(Text(visible(review.overall.strip())), overflow="fold")
    hints = subject.portfolio.hints
    if hints:
        console.print(Text("Strengthen your evidence", style="bold"))
        for placed in hints:
            console.print(Text(f"  {hint_place(subject, placed)}: ", style="bold") +
                          Text(placed.hint.message))  # fmt: skip


def print_cohort(rows: list[CohortRow], console: Console) -> None:
    table = Table(title="Cohort summary", title_justify="left", expand=True)
    for column in ("Candidate", "File", "Catalogue", "Highest ready", "Progress", "PD hours",
                   "Updated", "Mentor"):  # fmt: skip
        table.add_column(column)
    for row in rows:
        table.add_row(
            Text(one_line(row["candidate"])),
            Text(one_line(file_name(row))),
            Text(one_line(row["catalogue"])),
            Text(one_line(row["highest_ready"]) or "-"),
            Text(f"{row['demonstrated']}/{row['applicable']}"),
            Text(row["pd_hours"] or "-"),
            Text(row["updated"] or "-"),
            Text(row["mentor_verdict"] or "-"),
        )
    console.print(table)
