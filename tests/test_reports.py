"""Reports in every format, mentor comments in all of them, cohorts, CSV and diff."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from rich.console import Console

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.diff import diff_sessions
from selfcheck.model.review import Review, Stamp
from selfcheck.model.session import Rating, new_session
from selfcheck.report.cohort import COHORT_COLUMNS
from selfcheck.report.html_page import html_report
from selfcheck.report.markdown import markdown_report
from selfcheck.report.progress import percent, progress_bar
from selfcheck.report.rich_terminal import print_report
from selfcheck.report.text import text_report
from selfcheck.report.view import Subject
from selfcheck.storage.reviews import load_review, save_review
from selfcheck.storage.sessions import load_session, save_session
from tests.portfolio import with_portfolio

TODAY = date(2026, 11, 20)

EXAMPLES = Path(__file__).parents[1] / "examples"
HOSTILE = '<script>alert("x")</script> [red]x[/] [@click=app.quit]q[/] **bold** | pipe'


@pytest.fixture
def reviewed(tmp_path: Path, career: Catalogue) -> Path:
    session = new_session(career, "Zoë <b>Doe</b>")
    session = session.with_rating("1.1", Rating(level=3, evidence=HOSTILE))
    session = session.with_rating("1.2", Rating(level=4, evidence="Line one\nLine two"))
    path = tmp_path / "zoe.toml"
    save_session(path, session, career)
    review = (
        Review(session=path.name, mentor="Dr Mentor")
        .with_comment("1.1", "Which workshops? <i>dates</i>")
        .with_overall("Strong start; add dates.")
        .with_verdict("discuss")
    )
    save_review(path, review)
    return path


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_comments_appear_in_every_format(
    reviewed: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(reviewed), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)["review"]
        assert data == {
            "mentor": "Dr Mentor",
            "verdict": "discuss",
            "overall": "Strong start; add dates.",
            "comments": {"1.1": "Which workshops? <i>dates</i>"},
            "updated": None,  # saved without a date, as older review files were
            "comment_details": {
                "1.1": {
                    "text": "Which workshops? <i>dates</i>",
                    "level_then": None,
                    "written": None,
                    "level_now": 3,
                }
            },
        }
        return
    assert "Which workshops?" in out
    assert "Strong start; add dates." in out
    assert "discuss" in out.lower()


def test_json_carries_everything_the_html_shows(
    tmp_path: Path, career: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    session = new_session(career, "Alex").with_rating("1.1", Rating(3, HOSTILE))
    session = session.with_rating(
        "2.19", Rating(level=4, evidence="Ran it.", title="Veterans", rationale="Why: many")
    )
    save_session(tmp_path / "alex.toml", session.with_answer("experience_years", 4), career)
    assert main(["report", str(tmp_path / "alex.toml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "selfcheck-report/1"
    by_id = {c["id"]: c for c in data["competencies"]}
    first, other, unrated = by_id["1.1"], by_id["2.19"], by_id["1.2"]
    # The first version's keys, unchanged in name and type...
    assert (first["level"], first["demonstrated"], first["evidence"]) == (3, True, True)
    # ...and what a program needs to render the whole report.
    assert first["title"] == "Ongoing professional development" and first["area"] == "core"
    assert first["level_label"] == "Proficient" and first["evidence_text"] == HOSTILE
    assert first["shown_as"] == "3 (Proficient)" and "user_title" not in first
    assert (other["title"], other["user_title"], other["rationale"]) == (
        "Other",
        "Veterans",
        "Why: many",
    )
    assert (unrated["level"], unrated["level_label"], unrated["state"]) == (None, None, "unrated")
    assert data["catalogue"]["issuer"] == career.issuer
    assert data["areas"][0] == {
        "id": "core",
        "title": "Core competencies",
        "demonstrated": 1,
        "applicable": 12,
    }
    assert data["answers"] == [
        {"id": "experience_years", "label": "Years of experience", "value": 4, "text": "4 years"}
    ]


def test_the_terminal_report_shows_what_the_text_report_shows(
    reviewed: Path, career: Catalogue
) -> None:
    """The Rich report (a terminal) and the plain one (a pipe) carry the same content."""
    loaded = load_session(reviewed, {career.id: career})
    with_answers = replace(loaded, session=loaded.session.with_answer("experience_years", 4))
    review, _ = load_review(reviewed)
    subject = Subject(with_answers, str(reviewed), review)
    console = Console(file=io.StringIO(), width=200, color_system=None)
    print_report(subject, console)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    plain = text_report(subject)
    for expected in (
        "Which workshops?",  # the mentor's comment on 1.1
        "Mentor review by Dr Mentor",
        "Verdict: Let's discuss",
        "Strong start; add dates.",
        "Requirements",
        "4 years",
    ):
        assert expected in plain
        assert expected in shown, expected


def test_html_escapes_everything_and_is_self_contained(reviewed: Path, career: Catalogue) -> None:
    loaded = load_session(reviewed, {career.id: career})
    review, _ = load_review(reviewed)
    page = html_report(Subject(loaded, str(reviewed), review))
    assert "<script" not in page and "<b>Doe" not in page and "<i>dates" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "[red]x[/] [@click=app.quit]q[/]" in page
    assert "Zoë &lt;b&gt;Doe&lt;/b&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    # Bars show real progress: 2 of 12 core competencies, none of the 19 selected.
    assert re.findall(r'style="width:(\d+)%"', page) == ["17", "0"]


def test_markdown_escapes_markup(reviewed: Path, career: Catalogue) -> None:
    loaded = load_session(reviewed, {career.id: career})
    text = markdown_report(Subject(loaded, str(reviewed)))
    assert "<script>" not in text
    assert r"\*\*bold\*\*" in text and r"\| pipe" in text
    assert "> Line one\n  > Line two" in text


def test_folder_report_is_a_cohort(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(EXAMPLES)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Candidate", "File", "Catalogue", "Highest", "ready",
                                "Progress", "PD", "hours", "Updated", "Mentor"]  # fmt: skip
    assert [line.split("  ")[0] for line in lines[1:]] == [
        "Alex Doe", "Riverside Career Centre", "Sam Lee",
    ]  # fmt: skip
    assert "CMA" in lines[1] and "ICMA-CM-Candidate" in lines[3]
    assert "alex-doe-career-management.toml" in lines[1]  # two sessions of one candidate differ


def test_csv_cohort(tmp_path: Path, capsys: pytest.CaptureFixture[str], career: Catalogue) -> None:
    for name in ("=HYPERLINK(evil)", "Ann"):
        session = new_session(career, name).with_rating("1.1", Rating(3, "e"))
        save_session(tmp_path / f"{name[:3]}.toml", session, career)
    assert main(["report", str(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["candidate"] for r in rows] == ["'=HYPERLINK(evil)", "Ann"]
    assert rows[1]["demonstrated"] == "1" and rows[1]["applicable"] == "31"
    assert set(rows[0]) == set(COHORT_COLUMNS)


def test_reviews_are_not_listed_as_sessions(
    reviewed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(reviewed.parent), "--format", "json"]) == 0
    assert [r["candidate"] for r in json.loads(capsys.readouterr().out)] == ["Zoë <b>Doe</b>"]


def test_saving_a_review_never_touches_the_session(reviewed: Path) -> None:
    before = (reviewed.read_bytes(), os.stat(reviewed).st_mtime_ns)
    review, fingerprint = load_review(reviewed)
    assert review is not None
    save_review(reviewed, review.with_comment("1.2", "Good."), expected_fingerprint=fingerprint)
    assert (reviewed.read_bytes(), os.stat(reviewed).st_mtime_ns) == before
    again, _ = load_review(reviewed)
    assert again is not None and again.comments["1.2"] == "Good."


def test_diff_of_two_sessions(
    career: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = with_portfolio(new_session(career, "A"), TODAY, "2.19")
    for i in range(1, 8):
        old = old.with_rating(f"1.{i}", Rating(3, "e"))
    for i in range(1, 4):
        old = old.with_rating(f"2.{i}", Rating(3, "e"))
    new = old.with_rating("2.4", Rating(3, "e")).with_level("1.1", 4).with_level("1.2", 2)
    new = new.with_answer("experience_years", 2).with_evidence("1.3", "e, and 12 more workshops")
    messages = [c.message for c in diff_sessions(career, old, new, TODAY)]
    assert messages == [
        "CMA (Career Management Associate): newly ready",
        "1.1 Ongoing professional development: 3 → 4",
        "1.2 Building career capability: 3 → 2",
        "1.3 Theory and approach: evidence rewritten (1 → 24 characters; "
        "added “e, and 12 more workshops”; removed “e”)",
        "2.4 Strategic planning: rated 3",
        "2.4 Strategic planning: evidence added",
        "Years of experience: not answered → 2",
    ]
    # Same through the command line.
    save_session(tmp_path / "old.toml", old, career)
    save_session(tmp_path / "new.toml", replace(new, extra={}), career)
    assert main(["diff", str(tmp_path / "old.toml"), str(tmp_path / "new.toml")]) == 0
    assert "  1.1 Ongoing professional development: 3 → 4" in capsys.readouterr().out


def test_parallel_cohort_matches_sequential(
    tmp_path: Path, career: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selfcheck.report import batch
    from selfcheck.report.batch import summarise

    for n in range(6):
        session = new_session(career, f"C{n}").with_rating(f"1.{n + 1}", Rating(3, "e"))
        save_session(tmp_path / f"c{n}.toml", session, career)
    (tmp_path / "broken.toml").write_text("x = ")
    files = sorted(tmp_path.glob("*.toml"))
    shipped = Path(__file__).parents[1] / "catalogues"
    names = [f.name for f in files]
    sequential = summarise(files, shipped, "json", names)
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    parallel = summarise(files, shipped, "json", names)
    assert parallel == sequential
    assert len(parallel[0]) == 6 and len(parallel[1]) == 1 and "broken.toml:1" in parallel[1][0]
    assert json.loads(str(parallel[0][0]))["session"] == "c0.toml"


def test_reports_name_a_session_as_it_was_typed(
    tmp_path: Path,
    career: Catalogue,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Never the absolute path (it names the home folder): the file name for a session found
    in the sessions folder, the path as typed otherwise."""
    sessions = tmp_path / "sessions"
    save_session(sessions / "alex.toml", new_session(career, "Alex"), career)
    for fmt in ("text", "markdown", "html", "json"):
        assert main(["report", "alex", "--format", fmt]) == 0
        out = capsys.readouterr().out
        assert str(tmp_path) not in out and "alex.toml" in out, fmt
    monkeypatch.chdir(tmp_path)
    assert main(["report", "sessions/alex.toml", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["session"] == "sessions/alex.toml"
    assert main(["report", "sessions", "--format", "csv"]) == 0
    assert "sessions/alex.toml" in capsys.readouterr().out
    save_session(sessions / "alex-later.toml", new_session(career, "Alex"), career)
    assert main(["diff", "alex", "alex-later"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "alex.toml → alex-later.toml"


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_cohorts_tell_apart_two_sessions_of_one_candidate(
    tmp_path: Path, career: Catalogue, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("alex-2025.toml", "alex-2026.toml"):
        save_session(tmp_path / name, new_session(career, "Alex"), career)
    assert main(["report", str(tmp_path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "alex-2025.toml" in out and "alex-2026.toml" in out


def test_a_comment_on_a_rating_since_changed_says_so(
    reviewed: Path, career: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    when = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    review, fingerprint = load_review(reviewed)
    assert review is not None
    review = review.with_comment("1.2", "Rated 4? Show it.", Stamp(2, when))
    save_review(reviewed, replace(review, updated=when), expected_fingerprint=fingerprint)
    again, _ = load_review(reviewed)
    assert again is not None and again.stamps == {"1.2": Stamp(2, when)}
    assert main(["report", str(reviewed)]) == 0
    text = capsys.readouterr().out
    assert "Mentor, 2026-11-20 (rating changed since: 2 → 4): Rated 4? Show it." in text
    assert "Mentor: Which workshops?" in text  # an older comment, without a stamp
    assert "Mentor review by Dr Mentor, 2026-11-20" in text
    assert main(["report", str(reviewed), "--format", "json"]) == 0
    details = json.loads(capsys.readouterr().out)["review"]["comment_details"]["1.2"]
    assert (details["level_then"], details["level_now"]) == (2, 4)
    assert details["written"] == "2026-11-20T18:30:00+00:00"


def test_one_progress_bar_rounds_the_same_everywhere() -> None:
    assert progress_bar(0, 12, 10) == "░" * 10
    assert progress_bar(1, 300, 10) == "█" + "░" * 9  # any progress shows
    assert progress_bar(299, 300, 10) == "█" * 9 + "░"  # only complete progress fills
    assert progress_bar(12, 12, 10) == "█" * 10
    assert progress_bar(0, 0, 10) == "░" * 10  # nothing applicable: nothing to show
    assert (percent(1, 300), percent(299, 300), percent(6, 12)) == (1, 99, 50)
