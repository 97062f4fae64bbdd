"""Several sessions at once: a row per session, as text, Markdown or CSV."""

from __future__ import annotations

import io
from pathlib import PurePath

from selfcheck.model.numbers import number_text
from selfcheck.model.review import VERDICTS
from selfcheck.report.markdown import md_cell
from selfcheck.report.view import Subject
from selfcheck.safetext import one_line

COHORT_COLUMNS = (
    "session", "candidate", "catalogue", "highest_ready", "ready_for", "demonstrated",
    "applicable", "rated", "updated", "mentor_verdict", "pd_hours",
)  # fmt: skip


CohortRow = dict[str, str]


def file_name(row: CohortRow) -> str:
    """The session's file name: it tells apart two sessions of one candidate."""
    return PurePath(row["session"]).name


def cohort_row(subject: Subject) -> CohortRow:
    """One session's row: who is ready for what, progress, last updated, mentor verdict."""
    readiness = subject.readiness
    counts = readiness.counts
    highest = readiness.highest_ready
    session = subject.loaded.session
    review = subject.review
    return {
        "session": subject.shown_path,
        "candidate": session.candidate,
        "catalogue": subject.loaded.catalogue.id,
        "highest_ready": highest.id if highest else "",
        "ready_for": " ".join(d.id for d in readiness.ready_for),
        "demonstrated": str(counts["demonstrated"]),
        "applicable": str(counts["total"] - counts["not_applicable"]),
        "rated": str(counts["rated"]),
        "updated": session.updated.strftime("%Y-%m-%d %H:%M") if session.updated else "",
        "mentor_verdict": VERDICTS[review.verdict] if review and review.verdict else "",
        "pd_hours": hours_cell(subject),
    }


def hours_cell(subject: Subject) -> str:
    """Professional-development hours in the window: from the log ("45"), typed in its place
    ("46 self-reported"), or "" where the catalogue computes none."""
    record = subject.record
    if record.hours is None:
        return ""
    rid = record.hours.requirement.id
    if rid in subject.readiness.computed:
        return number_text(record.hours.total.hours)
    typed = subject.loaded.session.requirements.get(rid)
    if isinstance(typed, int | float) and not isinstance(typed, bool):
        return f"{number_text(typed)} self-reported"
    return ""


def _spreadsheet_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_report(rows: list[CohortRow]) -> str:
    import csv  # only the CSV format needs it

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COHORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(one_line(v)) for k, v in row.items()})
    return buffer.getvalue()


def cohort_text(rows: list[CohortRow]) -> str:
    headers = ("Candidate", "File", "Catalogue", "Highest ready", "Progress", "PD hours",
               "Updated", "Mentor")  # fmt: skip
    table = [
        (
            one_line(r["candidate"], 30),
            one_line(file_name(r), 40),
            one_line(r["catalogue"]),
            one_line(r["highest_ready"]) or "-",
            f"{r['demonstrated']}/{r['applicable']}",
            r["pd_hours"] or "-",
            r["updated"] or "-",
            r["mentor_verdict"] or "-",
        )
        for r in rows
    ]
    widths = [max([len(h), *(len(row[i]) for row in table)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    ]
    return "\n".join(lines) + "\n"


def cohort_markdown(rows: list[CohortRow]) -> str:
    out = [
        "# Cohort summary",
        "",
        "| Candidate | File | Catalogue | Highest ready | Ready for | Progress | PD hours "
        "| Updated | Mentor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {md_cell(r['candidate'])} | {md_cell(file_name(r))} | {md_cell(r['catalogue'])} | "
            f"{md_cell(r['highest_ready']) or '-'} | {md_cell(r['ready_for']) or '-'} | "
            f"{r['demonstrated']} of {r['applicable']} | {md_cell(r['pd_hours']) or '-'} | "
            f"{r['updated'] or '-'} | "
            f"{md_cell(r['mentor_verdict']) or '-'} |"
        )
    return "\n".join(out) + "\n"
