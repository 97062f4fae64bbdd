"""A session's report as one self-contained, print-friendly HTML page (no network assets).

Every piece of user or catalogue text goes through `h()`: control characters made visible,
then HTML-escaped, so `<script>` or markup-like evidence shows as text.
"""

from __future__ import annotations

import html

from selfcheck.model.review import VERDICTS
from selfcheck.model.session import display_title
from selfcheck.model.verdicts import area_progress_text
from selfcheck.model.wording import vocabulary
from selfcheck.report.cohort import CohortRow, file_name
from selfcheck.report.progress import percent
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

STYLE = """
:root { --ink: #1d2430; --muted: #5b6575; --ok: #1a7f37; --no: #b42318; --bar: #2f6feb;
        --track: #e6e9ef; --line: #d7dbe2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid
var(--line); padding-bottom: .2rem; } h3 { margin-top: 1.4rem; }
.meta { color: var(--muted); margin-top: 0; }
.highest { font-size: 1.1rem; padding: .6rem .8rem; border-left: 4px solid var(--bar);
           background: #f4f7fd; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line);
         vertical-align: top; }
.ready { color: var(--ok); font-weight: 600; } .not-ready { color: var(--no); font-weight: 600; }
.gaps { margin: .2rem 0 0 0; padding-left: 1.2rem; color: var(--muted); }
.caveat { margin: .2rem 0 0 0; color: #9a6700; } .about { margin: .2rem 0 0 0;
          color: var(--muted); font-size: .9rem; }
.bar { background: var(--track); border-radius: 3px; height: .7rem; width: 12rem; }
.bar > span { display: block; height: 100%; background: var(--bar); border-radius: 3px; }
.competency { margin: .8rem 0; padding-bottom: .6rem; border-bottom: 1px dotted var(--line);
              break-inside: avoid; }
.competency .head { font-weight: 600; } .level { color: var(--muted); font-weight: normal; }
.head::before { content: ""; display: inline-block; width: 1.2em; }
.done::before { content: "✓"; color: var(--ok); }
.note, .mentor { margin-left: 1.2em !important; }
.note { white-space: pre-wrap; margin: .3rem 0 0 1rem; }
.mentor { white-space: pre-wrap; margin: .3rem 0 0 1rem; padding: .3rem .6rem;
          border-left: 3px solid #bf8700; background: #fff8e5; }
.items { margin: .3rem 0 0 1.2em; padding-left: 1.2rem; }
.items .old, .items .no { color: var(--muted); } .items .old { text-decoration: line-through; }
.items .note { margin: .1rem 0 .3rem 0 !important; }
.portfolio li, .hints li { margin: .1rem 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               .highest, .mentor, .bar > span { -webkit-print-color-adjust: exact;
               print-color-adjust: exact; } }
"""


def h(text: str) -> str:
    """User or catalogue text as safe HTML."""
    return html.escape(visible(text), quote=True)


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{h(one_line(title))}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _bar(done: int, total: int) -> str:
    shown = percent(done, total)
    return (
        f'<div class="bar" role="img" aria-label="{shown}%">'
        f'<span style="width:{shown}%"></span></div>'
    )


def html_report(subject: Subject) -> str:
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    review = subject.review
    comments = subject.comments
    updated = subject.updated_text
    body = [
        f"<h1>{h(one_line(session.candidate)) or '(no name)'}</h1>",
        f'<p class="meta">{h(catalogue.title)} · {h(catalogue.issuer)} · catalogue version '
        f"{h(catalogue.version)} · updated {updated}</p>",
        f'<p class="highest"><strong>{h(subject.headline)}</strong></p>',
        "<h2>Readiness</h2>",
        f"<table><thead><tr><th>{vocabulary(catalogue).heading}</th><th>Verdict</th></tr>"
        "</thead><tbody>",
    ]
    for verdict in subject.verdicts:
        if verdict.ready:
            caveat = f'<p class="caveat">{h(verdict.caveat)}</p>' if verdict.caveat else ""
            shown = f'<span class="ready">{h(verdict.word)}</span>{caveat}'
        else:
            gaps = "".join(f"<li>{h(gap)}</li>" for gap in verdict.gaps)
            shown = f'<span class="not-ready">{h(verdict.word)}</span><ul class="gaps">{gaps}</ul>'
        about = f'<p class="about">{h(verdict.description)}</p>' if verdict.description else ""
        body.append(f"<tr><td><strong>{h(verdict.name)}</strong>{about}</td><td>{shown}</td></tr>")
    body.append("</tbody></table>")
    portfolio = portfolio_lines(subject)
    if portfolio:
        window = catalogue.recency_years
        since = f"<p>Evidence from the past {window} years counts.</p>" if window else ""
        lines = "".join(f"<li>{h(line)}</li>" for line in portfolio)
        body += ["<h2>Portfolio</h2>", since, f'<ul class="portfolio">{lines}</ul>']
    development = development_lines(subject)
    if development:
        lines = "".join(f"<li>{h(line)}</li>" for line in development)
        body += ["<h2>Development record</h2>", f'<ul class="portfolio">{lines}</ul>']
    body += ["<h2>Progress by area</h2>", "<table><tbody>"]
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        body.append(
            f"<tr><td>{h(area.title)}</td><td>{h(area_progress_text(readiness, area))}</td>"
            f"<td>{_bar(done, applicable)}</td></tr>"
        )
    body += ["</tbody></table>", "<h2>Competencies</h2>"]
    for area in catalogue.areas:
        body.append(f"<h3>{h(area.title)}</h3>")
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            rating = status.rating
            title = display_title(competency, rating)
            css = "head done" if status.demonstrated else "head"
            parts = [
                f'<div class="competency"><div class="{css}">{h(competency.id)} {h(title)} '
                f'<span class="level">· {h(level_text(subject, competency.id))}</span></div>'
            ]
            if rating.rationale.strip():
                parts.append(f'<div class="note">Why: {h(rating.rationale.strip())}</div>')
            if rating.evidence.strip():
                parts.append(f'<div class="note">{h(rating.evidence.strip())}</div>')
            items = subject.standings(competency.id)
            if items:
                parts.append('<ul class="items">')
                for item, standing in items:
                    css = (
                        ' class="old"' if standing.old else "" if standing.counts else ' class="no"'
                    )
                    note = (
                        f'<div class="note">{h(item.note.strip())}</div>'
                        if item.note.strip()
                        else ""
                    )
                    text = h(item_text(item, standing, subject.today))
                    parts.append(f"<li><span{css}>{text}</span>{note}</li>")
                parts.append("</ul>")
            if competency.id in comments:
                label = h(comment_label(subject, competency.id))
                parts.append(f'<div class="mentor">{label}: {h(comments[competency.id])}</div>')
            body.append("".join(parts) + "</div>")
    if session.requirements:
        body += ["<h2>Requirements</h2>", "<table><tbody>"]
        for rid, answer in session.requirements.items():
            label, shown = answer_text(subject, rid, answer)
            body.append(f"<tr><td>{h(label)}</td><td>{h(shown)}</td></tr>")
        body.append("</tbody></table>")
    hints = subject.portfolio.hints
    if hints:
        rows = "".join(
            f"<li><strong>{h(hint_place(subject, p))}</strong>: {h(p.hint.message)}</li>"
            for p in hints
        )
        body += ["<h2>Strengthen your evidence</h2>", f'<ul class="hints">{rows}</ul>']
    if review and not review.is_empty:
        when = f" · {review_day(review)}" if review.updated else ""
        body += [
            "<h2>Mentor review</h2>",
            f"<p>Mentor: {h(review.mentor) or '(no name)'}{when}</p>",
        ]
        if review.verdict:
            body.append(f"<p><strong>Verdict: {h(VERDICTS[review.verdict])}</strong></p>")
        if review.overall.strip():
            body.append(f'<div class="mentor">{h(review.overall.strip())}</div>')
    body.append(
        f"<footer>Made with selfcheck from {h(one_line(subject.shown_path))}. "
        f"A self-check: {h(catalogue.issuer)} decides who is awarded a designation.</footer>"
    )
    return _page(f"{session.candidate}: {catalogue.title}", body)


def cohort_html(rows: list[CohortRow]) -> str:
    body = [
        "<h1>Cohort summary</h1>",
        "<table><thead><tr><th>Candidate</th><th>File</th><th>Catalogue</th><th>Highest ready</th>"
        "<th>Progress</th><th>Updated</th><th>Mentor</th></tr></thead><tbody>",
    ]
    for row in rows:
        done, total = int(row["demonstrated"]), int(row["applicable"])
        body.append(
            f"<tr><td>{h(row['candidate'])}</td><td>{h(file_name(row))}</td>"
            f"<td>{h(row['catalogue'])}</td>"
            f"<td>{h(row['highest_ready']) or '-'}</td>"
            f"<td>{done} of {total}{_bar(done, total)}</td><td>{h(row['updated']) or '-'}</td>"
            f"<td>{h(row['mentor_verdict']) or '-'}</td></tr>"
        )
    body.append("</tbody></table>")
    return _page("Cohort summary", body)
