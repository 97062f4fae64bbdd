"""The development record as a document of its own (`report --part development`): the plan,
the hours against the requirement, every activity with its reflection, hours by competency.
It is what an annual professional-development report (ICMA's, for one) is written from.

One outline (`outline`) rendered three ways, so the formats never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfcheck.model.milestones import HOLIDAYS_NOTE
from selfcheck.model.numbers import number_text
from selfcheck.report.html_page import h
from selfcheck.report.markdown import md, md_cell
from selfcheck.report.view import Subject
from selfcheck.safetext import one_line, visible

NO_REFLECTION = "No reflection yet: write one specific thing you learned."


@dataclass(frozen=True)
class Entry:
    """One goal or activity: a heading, labelled lines, and a longer text (a reflection)."""

    heading: str
    lines: tuple[tuple[str, str], ...] = ()
    #: (label, text); an empty text is shown as the `missing` sentence.
    body: tuple[str, str] | None = None
    missing: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    intro: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    #: A two-column table: (header, header), rows.
    table: tuple[tuple[str, str], tuple[tuple[str, str], ...]] | None = None
    empty: str = ""


def _competencies(subject: Subject, ids: tuple[str, ...]) -> str:
    catalogue = subject.loaded.catalogue
    names = []
    for cid in ids:
        found = catalogue.competency(cid)
        names.append(f"{cid} {found.title}" if found else f"{cid} (not in the catalogue)")
    return ", ".join(names) or "none named"


def outline(subject: Subject) -> tuple[str, str, tuple[Section, ...]]:
    """(title, subtitle, sections) of the development report."""
    session, record = subject.loaded.session, subject.record
    catalogue = subject.loaded.catalogue
    plan = session.plan
    title = f"Development record: {one_line(session.candidate) or '(no name)'}"
    period = f"Plan period {one_line(plan.period)} · " if plan and plan.period.strip() else ""
    subtitle = f"{period}{catalogue.title} · as of {subject.today.isoformat()}"
    sections = []
    summary = []
    if record.hours is not None:
        summary.append(record.hours.text)
    for rid in subject.readiness.self_reported:
        requirement = catalogue.requirement(rid)
        label = requirement.label if requirement else rid
        summary.append(f"{label}: self-reported; the record has nothing to compute it from.")
    if summary:
        sections.append(Section("Summary", tuple(summary)))
    goals = tuple(
        Entry(
            f"Goal {n}: {g.goal.goal.strip() or '(no goal written)'}",
            (
                ("Develops", _competencies(subject, g.goal.competencies)),
                ("Planned", g.goal.actions.strip() or "(no actions written)"),
                (
                    "Logged",
                    f"{len(g.activities)} activities, {number_text(g.hours)} hours"
                    if g.activities
                    else "no activity yet",
                ),
            ),
        )
        for n, g in enumerate(record.goals, start=1)
    )
    sections.append(Section("Plan", entries=goals, empty="No plan yet."))
    activities = tuple(
        Entry(
            f"{a.date.isoformat()} · {a.title} · {number_text(a.hours)} hours",
            (("Develops", _competencies(subject, a.competencies)),),
            ("One thing learned", a.reflection.strip()),
            NO_REFLECTION,
        )
        for a in record.log
    )
    sections.append(Section("Activities", entries=activities, empty="No activities logged yet."))
    rows = tuple(
        (_competencies(subject, (cid,)), number_text(hours))
        for cid, hours in record.by_competency.items()
    )
    if rows:
        spec = record.hours.spec if record.hours else None
        note = "Activities that count: " + (
            "in the window and with a reflection." if spec and spec.reflection_required else "all."
        )
        sections.append(
            Section("Hours by competency", (note,), table=(("Competency", "Hours"), rows))
        )
    dated = [m for m in record.milestones if m.recorded or m.due]
    if dated:
        sections.append(Section("Milestones", (*[m.text() for m in dated], HOLIDAYS_NOTE)))
    return title, subtitle, tuple(sections)


def development_text(subject: Subject) -> str:
    title, subtitle, sections = outline(subject)
    out = [one_line(title), one_line(subtitle)]
    for section in sections:
        out += ["", section.title.upper()]
        out += [f"  {one_line(line)}" for line in section.intro]
        for entry in section.entries:
            out += ["", f"  {one_line(entry.heading)}"]
            out += [f"    {label}: {one_line(text)}" for label, text in entry.lines]
            if entry.body is not None:
                label, text = entry.body
                shown = visible(text).replace("\n", "\n      ") if text else entry.missing
                out.append(f"    {label}: {shown}" if text else f"    {shown}")
        if section.table:
            for name, value in section.table[1]:
                out.append(f"  {one_line(name)}: {value}")
        if not (section.intro or section.entries or section.table) and section.empty:
            out.append(f"  {section.empty}")
    return "\n".join(out) + "\n"


def development_markdown(subject: Subject) -> str:
    title, subtitle, sections = outline(subject)
    out = [f"# {md_cell(title)}", "", md_cell(subtitle)]
    for section in sections:
        out += ["", f"## {section.title}", ""]
        out += [f"{md_cell(line)}  " for line in section.intro]
        for entry in section.entries:
            out += ["", f"### {md_cell(entry.heading)}", ""]
            out += [f"- **{label}:** {md_cell(text)}" for label, text in entry.lines]
            if entry.body is not None:
                label, text = entry.body
                if text:
                    out += ["", f"**{label}:**", ""]
                    out += [f"> {md(line)}" if line.strip() else ">" for line in text.splitlines()]
                else:
                    out += ["", f"*{entry.missing}*"]
        if section.table:
            (left, right), rows = section.table
            out += ["", f"| {left} | {right} |", "|---|---:|"]
            out += [f"| {md_cell(name)} | {value} |" for name, value in rows]
        if not (section.intro or section.entries or section.table) and section.empty:
            out.append(section.empty)
    # Sections and entries each open with a blank line; one is enough.
    tidy = [line for n, line in enumerate(out) if line or n == 0 or out[n - 1]]
    return "\n".join(tidy) + "\n"


_STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430;
       max-width: 50rem; margin: 2rem auto; padding: 0 1rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid #d7dbe2; } .meta, .missing { color: #5b6575; }
.entry { margin: 1rem 0; break-inside: avoid; } .entry h3 { margin-bottom: .2rem; }
blockquote { margin: .3rem 0 0 0; padding: .2rem .8rem; border-left: 3px solid #2f6feb;
             white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { padding: .25rem .6rem; text-align: left;
border-bottom: 1px solid #d7dbe2; } td.n { text-align: right; }
@media print { body { margin: 0; max-width: none; } }
"""


def development_html(subject: Subject) -> str:
    title, subtitle, sections = outline(subject)
    body = [f"<h1>{h(one_line(title))}</h1>", f'<p class="meta">{h(one_line(subtitle))}</p>']
    for section in sections:
        body.append(f"<h2>{h(section.title)}</h2>")
        body += [f"<p>{h(line)}</p>" for line in section.intro]
        for entry in section.entries:
            parts = [f'<div class="entry"><h3>{h(one_line(entry.heading))}</h3><ul>']
            parts += [f"<li><strong>{h(k)}:</strong> {h(one_line(v))}</li>" for k, v in entry.lines]
            parts.append("</ul>")
            if entry.body is not None:
                label, text = entry.body
                parts.append(
                    f"<p><strong>{h(label)}:</strong></p><blockquote>{h(text)}</blockquote>"
                    if text
                    else f'<p class="missing">{h(entry.missing)}</p>'
                )
            body.append("".join(parts) + "</div>")
        if section.table:
            (left, right), rows = section.table
            cells = "".join(
                f'<tr><td>{h(name)}</td><td class="n">{h(value)}</td></tr>' for name, value in rows
            )
            body.append(
                f"<table><thead><tr><th>{h(left)}</th><th>{h(right)}</th></tr></thead>"
                f"<tbody>{cells}</tbody></table>"
            )
        if not (section.intro or section.entries or section.table) and section.empty:
            body.append(f'<p class="missing">{h(section.empty)}</p>')
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(one_line(title))}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
