"""The multi-rater summary in every format: text, Markdown, HTML and the `selfcheck-feedback/1`
JSON object (a contract: keys are only ever added).

Everything here works from a `FeedbackSummary`, which has already left out what anonymity
withholds: a withheld group's means and comments, and anonymous raters' names, never reach a
renderer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.feedback_summary import CompetencyFeedback, FeedbackSummary
from selfcheck.report.html_page import _page, h
from selfcheck.report.markdown import md, md_cell
from selfcheck.safetext import one_line, visible

FEEDBACK_SCHEMA = "selfcheck-feedback/1"


@dataclass(frozen=True)
class FeedbackReport:
    catalogue: Catalogue
    candidate: str
    #: The session as the user named it.
    shown_path: str
    summary: FeedbackSummary


def number(value: float | None) -> str:
    """A mean or a difference as shown: two decimals at most, "–" where there is none."""
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def signed(value: float | None) -> str:
    return "–" if value is None else ("+" if value > 0 else "") + number(value)


def raters_line(summary: FeedbackSummary) -> str:
    """ "supervisor 1 (Pat Doe), peers 3, direct reports 0" for every group."""
    parts = []
    for group in summary.groups:
        names = summary.named.get(group.id, ())
        who = f" ({', '.join(one_line(n) for n in names)})" if names else ""
        parts.append(f"{one_line(group.label.lower())} {summary.raters.get(group.id, 0)}{who}")
    return ", ".join(parts)


def notes(summary: FeedbackSummary) -> list[str]:
    """What is withheld and why, as sentences."""
    out = [f"Withheld: {w.reason}." for w in summary.withheld]
    if summary.others_note:
        out.append(f"No others' mean: {summary.others_note}.")
    return out


def gap_line(item: CompetencyFeedback) -> str:
    c = item.competency
    return (
        f"{one_line(c.id)} {one_line(c.title)}: you {item.self_level}, others "
        f"{number(item.others_mean)} ({signed(item.self_minus_others)})"
    )


# --- text ------------------------------------------------------------------------------------


def feedback_text(report: FeedbackReport) -> str:
    summary = report.summary
    shown = summary.shown_groups
    lines = [
        f"Multi-rater feedback: {one_line(report.candidate) or '(no name)'}, "
        f"{one_line(report.catalogue.title)}",
        f"Session: {one_line(report.shown_path)}",
        f"Raters: {raters_line(summary)}",
        *notes(summary),
        "",
    ]
    head = ["self", *(one_line(g.label, 16) for g in shown), "others", "self−others"]
    widths = [max(len(x), 6) for x in head]
    lines.append(f"{'':<34} " + " ".join(f"{x:>{w}}" for x, w in zip(head, widths, strict=True)))
    for item in summary.competencies:
        scores = {s.group.id: s for s in item.groups}
        cells = [
            "–" if item.self_level is None else str(item.self_level),
            *(number(scores[g.id].mean) for g in shown),
            number(item.others_mean),
            signed(item.self_minus_others),
        ]
        name = one_line(f"{item.competency.id} {item.competency.title}", 34)
        row = " ".join(f"{x:>{w}}" for x, w in zip(cells, widths, strict=True))
        lines.append(f"{name:<34} {row}")
    lines += _gap_section("Blind spots (you rate yourself well above others)",
                          summary.blind_spots())  # fmt: skip
    lines += _gap_section("Hidden strengths (others rate you well above yourself)",
                          summary.hidden_strengths())  # fmt: skip
    commented = [c for c in summary.competencies if c.comments]
    if commented:
        lines += ["", "Comments:"]
    for item in commented:
        lines.append(f"  {one_line(item.competency.id)} {one_line(item.competency.title)}")
        for comment in item.comments:
            who = one_line(comment.group.label) + (
                f" ({one_line(comment.rater)})" if comment.rater else ""
            )
            text = visible(comment.text).strip().splitlines()
            lines.append(f"    {who}: {text[0]}")
            lines.extend(f"      {line}" for line in text[1:])
    return "\n".join(lines) + "\n"


def _gap_section(title: str, items: list[CompetencyFeedback]) -> list[str]:
    if not items:
        return []
    return ["", f"{title}:", *(f"  {gap_line(i)}" for i in items)]


# --- Markdown --------------------------------------------------------------------------------


def feedback_markdown(report: FeedbackReport) -> str:
    summary = report.summary
    shown = summary.shown_groups
    out = [
        f"# Multi-rater feedback: {md_cell(report.candidate) or '(no name)'}",
        "",
        f"{md_cell(report.catalogue.title)} · session {md_cell(report.shown_path)}",
        "",
        f"Raters: {md(raters_line(summary))}",
        "",
        *(f"- {md(n)}" for n in notes(summary)),
        "",
        "| Competency | Self | " + " | ".join(md_cell(g.label) for g in shown)
        + " | Others | Self − others |",
        "|---|---:|" + "---:|" * len(shown) + "---:|---:|",
    ]  # fmt: skip
    for item in summary.competencies:
        scores = {s.group.id: s for s in item.groups}
        cells = [
            f"{md_cell(item.competency.id)} {md_cell(item.competency.title)}",
            "–" if item.self_level is None else str(item.self_level),
            *(number(scores[g.id].mean) for g in shown),
            number(item.others_mean),
            signed(item.self_minus_others),
        ]
        out.append("| " + " | ".join(cells) + " |")
    for title, items in (
        ("Blind spots", summary.blind_spots()),
        ("Hidden strengths", summary.hidden_strengths()),
    ):
        if items:
            out += ["", f"## {title}", "", *(f"- {md(gap_line(i))}" for i in items)]
    commented = [c for c in summary.competencies if c.comments]
    if commented:
        out += ["", "## Comments"]
    for item in commented:
        out += ["", f"### {md_cell(item.competency.id)} {md_cell(item.competency.title)}", ""]
        for comment in item.comments:
            who = md_cell(comment.group.label) + (
                f" ({md_cell(comment.rater)})" if comment.rater else ""
            )
            out.append(f"- **{who}**: {md(one_line(comment.text.strip()))}")
    return "\n".join(out) + "\n"


# --- HTML ------------------------------------------------------------------------------------


def _bar(value: float | None, top: int) -> str:
    if value is None or top <= 0:
        return ""
    percent = round(100 * max(value, 0) / top)
    return (
        f'<div class="bar" role="img" aria-label="{number(value)} of {top}">'
        f'<span style="width:{percent}%"></span></div>'
    )


def feedback_html(report: FeedbackReport) -> str:
    summary = report.summary
    shown = summary.shown_groups
    top = report.catalogue.scale.values[-1]
    body = [
        f"<h1>Multi-rater feedback: {h(one_line(report.candidate)) or '(no name)'}</h1>",
        f'<p class="meta">{h(report.catalogue.title)} · session {h(report.shown_path)}</p>',
        f"<p>Raters: {h(raters_line(summary))}</p>",
    ]
    if notes(summary):
        body.append('<ul class="gaps">' + "".join(f"<li>{h(n)}</li>" for n in notes(summary))
                    + "</ul>")  # fmt: skip
    body.append(
        "<table><thead><tr><th>Competency</th><th>Self</th>"
        + "".join(f"<th>{h(g.label)}</th>" for g in shown)
        + "<th>Others</th><th>Self − others</th></tr></thead><tbody>"
    )
    for item in summary.competencies:
        scores = {s.group.id: s for s in item.groups}
        self_cell = "–" if item.self_level is None else str(item.self_level)
        cells = [
            f"<td>{h(item.competency.id)} {h(item.competency.title)}</td>",
            f"<td>{self_cell}{_bar(item.self_level, top)}</td>",
            *(f"<td>{number(scores[g.id].mean)}{_bar(scores[g.id].mean, top)}</td>" for g in shown),
            f"<td>{number(item.others_mean)}{_bar(item.others_mean, top)}</td>",
            f"<td>{signed(item.self_minus_others)}</td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    body.append("</tbody></table>")
    for title, items in (
        ("Blind spots", summary.blind_spots()),
        ("Hidden strengths", summary.hidden_strengths()),
    ):
        if items:
            body += [f"<h2>{title}</h2>", "<ul>"]
            body += [f"<li>{h(gap_line(i))}</li>" for i in items]
            body.append("</ul>")
    commented = [c for c in summary.competencies if c.comments]
    if commented:
        body.append("<h2>Comments</h2>")
    for item in commented:
        body.append(f"<h3>{h(item.competency.id)} {h(item.competency.title)}</h3>")
        for comment in item.comments:
            who = h(comment.group.label) + (f" ({h(comment.rater)})" if comment.rater else "")
            body.append(f'<div class="mentor">{who}: {h(comment.text.strip())}</div>')
    body.append(
        "<footer>Made with selfcheck. Feedback for development, not a performance "
        "evaluation.</footer>"
    )
    return _page(f"Multi-rater feedback: {report.candidate}", body)


# --- JSON ------------------------------------------------------------------------------------


def feedback_json(report: FeedbackReport) -> dict[str, Any]:
    """The `selfcheck-feedback/1` object (design.md contract)."""
    summary = report.summary
    catalogue = report.catalogue
    shown_ids = {g.id for g in summary.shown_groups}
    return {
        "schema": FEEDBACK_SCHEMA,
        "session": report.shown_path,
        "candidate": report.candidate,
        "catalogue": {"id": catalogue.id, "title": catalogue.title, "version": catalogue.version},
        "groups": [
            {
                "id": g.id,
                "label": g.label,
                "min_raters": g.min_raters,
                "anonymous": g.anonymous,
                "raters": summary.raters.get(g.id, 0),
                "shown": g.id in shown_ids,
                **({"named": list(summary.named[g.id])} if g.id in summary.named else {}),
            }
            for g in summary.groups
        ],
        "withheld": [
            {
                "group": w.group.id,
                "raters": w.raters,
                "need": w.group.min_raters,
                "message": w.reason,
            }
            for w in summary.withheld
        ],
        "others": {"raters": summary.others_raters, "message": summary.others_note},
        "competencies": [_competency_json(c) for c in summary.competencies],
        "blind_spots": [c.competency.id for c in summary.blind_spots()],
        "hidden_strengths": [c.competency.id for c in summary.hidden_strengths()],
    }


def _competency_json(item: CompetencyFeedback) -> dict[str, Any]:
    return {
        "id": item.competency.id,
        "title": item.competency.title,
        "self": item.self_level,
        "groups": {s.group.id: {"n": s.n, "mean": s.mean, "shown": s.shown} for s in item.groups},
        "others_n": item.others_n,
        "others_mean": item.others_mean,
        "self_minus_others": item.self_minus_others,
        "comments": [
            {"group": c.group.id, **({"rater": c.rater} if c.rater else {}), "text": c.text}
            for c in item.comments
        ],
    }


def feedback_json_text(report: FeedbackReport) -> str:
    # No indent=: it would switch json to its slow pure-Python encoder.
    return json.dumps(feedback_json(report), ensure_ascii=False) + "\n"
