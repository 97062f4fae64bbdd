"""Reports as Rich tables, for a terminal (plain text is used when output is piped).

User text goes in as `Text` objects, never as markup strings.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from selfcheck.model.session import display_title
from selfcheck.model.verdicts import area_progress_text
from selfcheck.model.wording import vocabulary
from selfcheck.report.cohort import CohortRow, file_name
from selfcheck.report.progress import progress_bar
from selfcheck.report.view import (
    Subject,
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
            name = display_title(competency, rating)
            evidence = Text(visible(rating.evidence.strip()), overflow="fold")
            for item, standing in subject.standings(competency.id):
                style = "dim strike" if standing.old else "" if standing.counts else "dim"
                evidence.append(("\n" if evidence else "") + "• ")
                evidence.append(item_text(item, standing, subject.today), style=style)
            table.add_row(
                Text("✓", style="green") if status.demonstrated else Text(""),
                Text(one_line(competency.id)),
                Text(one_line(name)),
                Text(level_text(subject, competency.id)),
                evidence,
            )
        console.print(table)
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
