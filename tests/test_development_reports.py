"""The development record in reports, the diff, the cohort summary and the quick check."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import Activity, Goal, Plan
from selfcheck.model.diff import diff_sessions
from selfcheck.model.readiness import assess
from selfcheck.model.record import build_record
from selfcheck.model.session import Session, new_session
from selfcheck.quick.plan import self_reported_note
from selfcheck.report.cohort import hours_cell
from selfcheck.report.development import (
    development_html,
    development_markdown,
    development_text,
)
from selfcheck.report.view import Subject
from selfcheck.storage.sessions import load_session, save_session
from tests.test_quickcheck import SAVE, Script, run, words

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 9, tzinfo=UTC)
HOSTILE = "[red]x[/] <script>alert(1)</script> **bold** \x1b[2J"


def sam(icma: Catalogue) -> Session:
    session = new_session(icma, "Sam Lee", target="ICMA-CM")
    session = session.with_level("7", 1).with_level("3", 2).with_level("12", 4)
    session = session.with_plan(Plan("2026", (Goal(("7",), "Lead the strategic plan.", "Course"),
                                              Goal(("3",), "Equity lens."))))  # fmt: skip
    session = session.with_activity(Activity(date(2026, 3, 14), "Budget track", 6, ("12",), "Z"))
    session = session.with_activity(Activity(date(2026, 6, 1), HOSTILE, 10, ("7",), HOSTILE))
    return session.with_activity(Activity(date(2026, 9, 1), "Workshop", 3, ("7", "2"), ""))


def subject(tmp_path: Path, catalogues: dict[str, Catalogue], session: Session) -> Subject:
    path = tmp_path / "sam.toml"
    path.unlink(missing_ok=True)
    save_session(path, session.touched(NOW), catalogues["icma"], now=NOW)
    return Subject(load_session(path, catalogues), "sam.toml", today=TODAY)


def test_record_summary_totals_focus_and_plan_vs_actual(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    session = sam(icma)
    record = build_record(session, assess(icma, session, TODAY))
    assert record.hours is not None
    assert record.hours.text == (
        "16 of 40 hours in the last 12 months; 1 activity has no reflection and does not count"
    )
    assert record.by_competency == {"7": 10, "12": 6}
    assert [len(g.activities) for g in record.goals] == [2, 0]
    # Lowest rated first; the top level (12 is rated 4) is not a focus.
    assert [(f.competency.id, f.planned) for f in record.focus] == [("7", True), ("3", True)]


def test_annual_report_has_plan_activities_reflections_and_hours(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    shown = subject(tmp_path, catalogues, sam(catalogues["icma"]))
    text = development_text(shown)
    assert "16 of 40 hours in the last 12 months" in text
    assert "Goal 1: Lead the strategic plan." in text and "Logged: 2 activities, 13 hours" in text
    assert "No reflection yet: write one specific thing you learned." in text
    assert "7 Strategic Planning: 10" in text
    assert "\x1b" not in text and "␛[2J" in text
    markdown = development_markdown(shown)
    assert "<script>" not in markdown and "\\[red\\]x\\[/\\]" in markdown
    assert "| 7 Strategic Planning | 10 |" in markdown
    page = development_html(shown)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('<div class="entry">') == 5  # 2 goals, 3 activities


def test_report_part_development_on_the_command_line(
    tmp_path: Path, catalogues: dict[str, Catalogue], capsys: pytest.CaptureFixture[str]
) -> None:
    subject(tmp_path, catalogues, sam(catalogues["icma"]))
    out = tmp_path / "annual.md"
    path = str(tmp_path / "sam.toml")
    assert main(["report", path, "--part", "development", "--format", "markdown",
                 "-o", str(out)]) == 0  # fmt: skip
    assert out.read_text().startswith("# Development record: Sam Lee")
    assert main(["report", path, "--part", "development", "--format", "json"]) == 2
    assert "--part development is written as text, markdown or html" in capsys.readouterr().err


def test_full_reports_mark_self_reported_answers(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    icma = catalogues["icma"]
    typed = new_session(icma, "A").with_answer("professional_development_hours", 46)
    shown = subject(tmp_path, catalogues, typed)
    assert shown.readiness.self_reported == ("professional_development_hours",)
    assert hours_cell(shown) == "46 self-reported"
    logged = subject(
        tmp_path, catalogues, sam(icma).with_answer("professional_development_hours", 46)
    )
    assert hours_cell(logged) == "16"


def test_diff_counts_the_hours_in_the_window(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    old = sam(icma)
    new = old.with_activity(Activity(date(2026, 10, 1), "Conference", 16, ("6",), "One thing"))
    new = new.with_plan(replace(new.plan or Plan(), goals=()))
    messages = [c.message for c in diff_sessions(icma, old, new, TODAY)]
    assert "Development log: 1 activity added; hours in the last 12 months: 16 → 32" in messages
    assert "Development plan: 2 → 0 goals" in messages


def test_quick_check_says_computed_answers_are_self_reported(
    tmp_path: Path, catalogues: dict[str, Catalogue], capsys: pytest.CaptureFixture[str]
) -> None:
    icma = catalogues["icma"]
    hours = icma.requirement("professional_development_hours")
    assert hours is not None
    assert self_reported_note(hours) == (
        "Type your total: it is self-reported. In the app the total is added up from your "
        "development log (activities dated in the last 12 months and with a reflection)."
    )
    script = Script(
        [
            ("full member of ICMA", True),
            ("management assessment", True),
            ("hours of professional development", "45"),
            ("annual professional development plan", True),
            ("highest level of education", "mpa"),
            ("years of local government executive experience", "9"),
            (SAVE, False),
        ]
    )
    assert run(script, tmp_path, "icma", "ICMA-CM") == 0
    out = words(capsys.readouterr().out)
    assert "Type your total: it is self-reported." in out
    assert "Self-reported: Professional development, Development plan and reflection." in out
