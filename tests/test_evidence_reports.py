"""Reports show the portfolio: items under each competency, the portfolio summary, the coach's
hints, and (JSON) the evidence gap and items in their contract shape."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.evidence import EvidenceItem
from selfcheck.model.session import Rating, new_session
from selfcheck.report.html_page import html_report
from selfcheck.report.json_doc import json_report
from selfcheck.report.markdown import markdown_report
from selfcheck.report.rich_terminal import print_report
from selfcheck.report.text import text_report
from selfcheck.report.view import Subject
from selfcheck.storage.sessions import load_session, save_session

TODAY = date(2026, 11, 20)
HOSTILE = '<script>alert("x")</script> [red]x[/] **bold** | \x1b]0;PWNED\x07'


@pytest.fixture
def subject(tmp_path: Path, career: Catalogue) -> Subject:
    """A candidate with a course and a talk, an old course, a case study over the limit, and
    a weak note: one of every thing a report says about a portfolio."""
    session = new_session(career, "Robin")
    session = session.with_rating(
        "1.1",
        Rating(
            level=3,
            evidence="We helped.",
            items=(
                EvidenceItem("A", date(2025, 6, 13), "Facilitator course", hours=60),
                EvidenceItem("A", date(2019, 3, 8), "Old certification"),
            ),
        ),
    )
    session = session.with_rating(
        "2.6",
        Rating(
            level=4,
            items=(
                EvidenceItem("G", date(2025, 10, 2), HOSTILE, hours=1.5, link="talk.pdf"),
                EvidenceItem("D", date(2025, 9, 30), "Long case", note="word " * 1240),
            ),
        ),
    )
    path = tmp_path / "robin.toml"
    save_session(path, session, career)
    return Subject(load_session(path, {career.id: career}), str(path), today=TODAY)


def test_json_has_items_portfolio_coach_and_the_evidence_gap(subject: Subject) -> None:
    report = json.loads(json.dumps(json_report(subject)))
    cma = report["designations"][0]
    evidence_gaps = [g for g in cma["gaps"] if g["kind"] == "evidence"]
    assert evidence_gaps == [
        {
            "kind": "evidence",
            "methods": ["D"],
            "have": 0,
            "need": 1,
            "message": "Portfolio: no case study (D) from the past 5 years yet; "
            "D “Long case” is 1,240 words; at most 1,000 for D",
        }
    ]
    by_id = {c["id"]: c for c in report["competencies"]}
    assert by_id["1.1"]["items"][1] == {
        "method": "A",
        "date": "2019-03-08",
        "title": "Old certification",
        "hours": None,
        "link": None,
        "note": "",
        "counts": False,
        "why_not": "is from 2019-03-08, older than 5 years",
    }
    assert by_id["2.6"]["demonstrated"] and by_id["2.6"]["evidence"]  # items-only evidence
    assert by_id["1.1"]["undated"] is False and by_id["1.2"]["items"] == []
    portfolio = report["portfolio"]
    assert portfolio["recency_years"] == 5
    assert [n["met"] for n in portfolio["needs"]] == [True, True, False]
    assert {m["id"]: m["counting"] for m in portfolio["methods"]}["A"] == 1
    assert {"competency": "1.1", "item": None, "hint": "only_we",
            "message": "It says “we” but never “I”: what was your part?"} in report["coach"]  # fmt: skip


def rendered(subject: Subject, fmt: str) -> str:
    if fmt == "text":
        return text_report(subject)
    if fmt == "markdown":
        return markdown_report(subject)
    if fmt == "html":
        return html_report(subject)
    out = io.StringIO()
    print_report(subject, Console(file=out, width=200, color_system=None))
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "rich"])
def test_every_format_shows_items_summary_and_hints(subject: Subject, fmt: str) -> None:
    out = rendered(subject, fmt)
    flat = re.sub(r"\s+", " ", out)
    assert "Facilitator course" in flat and "60 h" in flat
    assert "older than the window: 7 years old" in flat
    assert "no case study (D) from the past 5 years yet" in flat
    assert "presentation (B or G): 1, needs 1" in flat
    assert "Strengthen your evidence" in flat
    assert "what was your part?" in flat
    assert "\x1b" not in out and "\x07" not in out


def test_html_portfolio_is_escaped_and_self_contained(subject: Subject) -> None:
    page = html_report(subject)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'class="old"' in page  # greyed and struck through, on paper too
    assert not re.search(r"(src|href)=\"https?:", page)
    assert "talk.pdf" in page and "<a " not in page  # links are shown, never made live


def test_markdown_escapes_item_text(subject: Subject) -> None:
    page = markdown_report(subject)
    assert "\\*\\*bold\\*\\*" in page and "\\[red\\]" in page and "\\|" in page
