"""Renderings of a session's readiness: the JSON contract, plain text, Markdown and CSV.

Pure functions from loaded sessions to strings; nothing here touches the screen or the disk.
HTML is in report_html.py, terminal tables in report_rich.py.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from selfcheck.model.readiness import Gap, Readiness, assess
from selfcheck.model.review import VERDICTS, Review
from selfcheck.model.session import Answer
from selfcheck.safetext import one_line, visible
from selfcheck.storage import LoadedSession

REPORT_SCHEMA = "selfcheck-report/1"


@dataclass(frozen=True)
class Subject:
    """One session to report on: as loaded, the path to show, its mentor review if any."""

    loaded: LoadedSession
    shown_path: str
    review: Review | None = None

    @cached_property
    def readiness(self) -> Readiness:
        return assess(self.loaded.catalogue, self.loaded.session)

    @property
    def comments(self) -> Mapping[str, str]:
        """The mentor's comments by competency id (none without a review)."""
        return self.review.comments if self.review else {}

    @property
    def updated_text(self) -> str:
        updated = self.loaded.session.updated
        return updated.strftime("%Y-%m-%d %H:%M UTC") if updated else "never"


# --- JSON ----------------------------------------------------------------------------------


def json_report(subject: Subject) -> dict[str, Any]:
    """One session's report as the `selfcheck-report/1` object (design.md contract)."""
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    highest = readiness.highest_ready
    review = subject.review
    out: dict[str, Any] = {
        "schema": REPORT_SCHEMA,
        "session": subject.shown_path,
        "candidate": session.candidate,
        "catalogue": {"id": catalogue.id, "title": catalogue.title, "version": catalogue.version},
        "designations": [
            {
                "id": r.designation.id,
                "title": r.designation.title,
                "ready": r.ready,
                "gaps": [_gap_json(g) for g in r.gaps],
            }
            for r in readiness.results
        ],
        "ready_for": [d.id for d in readiness.ready_for],
        "highest_ready": highest.id if highest else None,
        "competencies": [
            {
                "id": s.competency.id,
                "level": s.rating.level,
                "demonstrated": s.demonstrated,
                "evidence": s.has_evidence,
            }
            for s in readiness.statuses.values()
        ],
        "requirements": dict(session.requirements),
        "updated": session.updated.isoformat() if session.updated else None,
    }
    if review is not None:
        out["review"] = {
            "mentor": review.mentor,
            "verdict": review.verdict or None,
            "overall": review.overall,
            "comments": dict(review.comments),
        }
    return out


def _gap_json(gap: Gap) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": gap.kind}
    if gap.kind == "competencies":
        out.update(area=gap.area, have=gap.have, need=gap.need)
    else:
        out["requirement"] = gap.requirement
    out["message"] = gap.message
    return out


# --- shared pieces -------------------------------------------------------------------------


def answer_text(subject: Subject, requirement_id: str, answer: Answer) -> tuple[str, str]:
    """(label, answer as a person reads it) for one requirement answer."""
    requirement = subject.loaded.catalogue.requirement(requirement_id)
    label = requirement.label if requirement else requirement_id
    if isinstance(answer, bool):
        return label, "yes" if answer else "no"
    if requirement and requirement.kind == "choice" and isinstance(answer, str):
        choice = requirement.choice(answer)
        return label, choice.label if choice else answer
    unit = f" {requirement.unit}" if requirement and requirement.unit else ""
    return label, f"{answer}{unit}"


def level_text(subject: Subject, competency_id: str) -> str:
    status = subject.readiness.statuses.get(competency_id)
    if status is None or status.state == "unrated":
        return "not rated"
    if status.state == "not_applicable":
        return "N/A"
    level = status.rating.level
    found = subject.loaded.catalogue.scale.level(level) if level is not None else None
    shown = f"{level} ({found.label})" if found else str(level)
    if status.state in ("missing_evidence", "incomplete"):
        shown += f", but it {status.reason}"  # rated high enough, yet it does not count
    return shown


def verdict_lines(readiness: Readiness) -> list[str]:
    """Every designation's verdict with its gaps, as plain lines."""
    lines = []
    for result in readiness.results:
        d = result.designation
        mark = "READY" if result.ready else "not ready"
        lines.append(f"{one_line(d.id)} ({one_line(d.title)}): {mark}")
        lines.extend(f"  - {one_line(g.message)}" for g in result.gaps)
    return lines


def progress_bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


# --- plain text ----------------------------------------------------------------------------


def text_report(subject: Subject) -> str:
    """A plain-text report: verdicts and gaps first, then every rated competency."""
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    review = subject.review
    comments = subject.comments
    highest = readiness.highest_ready
    lines = [
        f"{one_line(session.candidate) or '(no name)'}: {one_line(catalogue.title)}",
        f"Session: {one_line(subject.shown_path)}",
        "Highest designation ready: "
        + (f"{one_line(highest.id)} ({one_line(highest.title)})" if highest else "none yet"),
        "",
        *verdict_lines(readiness),
        "",
    ]
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        bar = progress_bar(done, applicable)
        lines.append(f"{one_line(area.title)}: {bar} {done} of {applicable} demonstrated")
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            if status.state == "unrated" and competency.id not in comments:
                continue
            rating = status.rating
            mark = "✓" if status.demonstrated else " "
            title = rating.title if competency.user_defined and rating.title else competency.title
            level = level_text(subject, competency.id)
            lines.append(f"  {mark} {competency.id} {one_line(title)}: {level}")
            if rating.rationale.strip():
                lines.append(_indented("Why: " + rating.rationale))
            if rating.evidence.strip():
                lines.append(_indented(rating.evidence))
            if competency.id in comments:
                lines.append(_indented("Mentor: " + comments[competency.id]))
    if session.requirements:
        lines += ["", "Requirements:"]
        for rid, answer in session.requirements.items():
            label, shown = answer_text(subject, rid, answer)
            lines.append(f"  {one_line(label)}: {one_line(shown)}")
    if review and not review.is_empty:
        lines += ["", f"Mentor review by {one_line(review.mentor) or '(no name)'}"]
        if review.verdict:
            lines.append(f"  Verdict: {VERDICTS[review.verdict]}")
        if review.overall.strip():
            lines.append(_indented(review.overall))
    return "\n".join(lines) + "\n"


def _indented(text: str) -> str:
    return "\n".join("      " + line for line in visible(text).strip().splitlines())


# --- Markdown ------------------------------------------------------------------------------

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
    highest = readiness.highest_ready
    updated = subject.updated_text
    out = [
        f"# {md_cell(session.candidate) or '(no name)'}: {md_cell(catalogue.title)}",
        "",
        f"Session {md_cell(subject.shown_path)} · updated {updated} · "
        f"catalogue {md_cell(catalogue.id)} {md_cell(catalogue.version)}",
        "",
        "**Highest designation ready: "
        + (f"{md_cell(highest.id)} ({md_cell(highest.title)})" if highest else "none yet")
        + "**",
        "",
        "## Readiness",
        "",
        "| Designation | Verdict |",
        "|---|---|",
    ]
    for result in readiness.results:
        d = result.designation
        verdict = "✅ ready" if result.ready else f"❌ not ready ({len(result.gaps)} gaps)"
        out.append(f"| {md_cell(d.id)} {md_cell(d.title)} | {verdict} |")
    for result in readiness.results:
        if result.gaps:
            out += ["", f"### Still missing for {md_cell(result.designation.id)}", ""]
            out += [f"- {md_cell(g.message)}" for g in result.gaps]
    out += ["", "## Progress by area", "", "| Area | Demonstrated | Progress |", "|---|---|---|"]
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        percent = round(100 * done / applicable) if applicable else 0
        out.append(
            f"| {md_cell(area.title)} | {done} of {applicable} | "
            f"`{progress_bar(done, applicable, 10)}` {percent}% |"
        )
    out += ["", "## Competencies"]
    for area in catalogue.areas:
        out += ["", f"### {md_cell(area.title)}", ""]
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            rating = status.rating
            title = rating.title if competency.user_defined and rating.title else competency.title
            mark = " ✓" if status.demonstrated else ""
            out.append(
                f"- **{md_cell(competency.id)} {md_cell(title)}**: "
                f"{md_cell(level_text(subject, competency.id))}{mark}"
            )
            if rating.rationale.strip():
                out += ["", *(f"  {line}" for line in _md_quote("Why: " + rating.rationale)), ""]
            if rating.evidence.strip():
                out += ["", *(f"  {line}" for line in _md_quote(rating.evidence)), ""]
            if competency.id in comments:
                out += ["", f"  *Mentor:* {md_cell(comments[competency.id])}", ""]
    if session.requirements:
        out += ["", "## Requirements", "", "| Requirement | Answer |", "|---|---|"]
        for rid, answer in session.requirements.items():
            label, shown = answer_text(subject, rid, answer)
            out.append(f"| {md_cell(label)} | {md_cell(shown)} |")
    if review and not review.is_empty:
        out += ["", "## Mentor review", "", f"Mentor: {md_cell(review.mentor) or '(no name)'}"]
        if review.verdict:
            out += ["", f"**Verdict: {VERDICTS[review.verdict]}**"]
        if review.overall.strip():
            out += ["", *_md_quote(review.overall)]
    return "\n".join(out) + "\n"


# --- several sessions ----------------------------------------------------------------------

COHORT_COLUMNS = (
    "session", "candidate", "catalogue", "highest_ready", "ready_for", "demonstrated",
    "applicable", "rated", "updated", "mentor_verdict",
)  # fmt: skip


CohortRow = dict[str, str]


def cohort_rows(subjects: list[Subject]) -> list[CohortRow]:
    return [cohort_row(s) for s in subjects]


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
    }


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
    headers = ("Candidate", "Catalogue", "Highest ready", "Progress", "Updated", "Mentor")
    table = [
        (
            one_line(r["candidate"], 30),
            r["catalogue"],
            r["highest_ready"] or "-",
            f"{r['demonstrated']}/{r['applicable']}",
            r["updated"] or "-",
            r["mentor_verdict"] or "-",
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    ]
    return "\n".join(lines) + "\n"


def cohort_markdown(rows: list[CohortRow]) -> str:
    out = [
        "# Cohort summary",
        "",
        "| Candidate | Catalogue | Highest ready | Ready for | Progress | Updated | Mentor |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {md_cell(r['candidate'])} | {md_cell(r['catalogue'])} | "
            f"{md_cell(r['highest_ready']) or '-'} | {md_cell(r['ready_for']) or '-'} | "
            f"{r['demonstrated']} of {r['applicable']} | {r['updated'] or '-'} | "
            f"{md_cell(r['mentor_verdict']) or '-'} |"
        )
    return "\n".join(out) + "\n"
