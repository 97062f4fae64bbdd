"""One session reads the same everywhere: `check`, the text, Markdown, HTML and JSON reports
and the app's Readiness tab show the same verdicts, caveats and words (issue 12)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.model.verdicts import Verdict, headline, verdicts
from selfcheck.report.html_page import h, html_report
from selfcheck.report.json_doc import json_report
from selfcheck.report.markdown import markdown_report, md_cell
from selfcheck.report.text import text_report
from selfcheck.report.view import Subject
from selfcheck.storage.catalogues import load_catalogues
from selfcheck.storage.sessions import load_session, save_session
from selfcheck.ui.widgets.readiness_view import ReadinessView

from .conftest import REPO_CATALOGUES
from .helpers import WidgetApp, shown

TODAY = date(2026, 11, 20)  # the verdicts' day: fixed, so evidence windows never drift

EXAMPLES = REPO_CATALOGUES.parent / "examples"
NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def made_sessions(catalogues: dict[str, Catalogue]) -> list[tuple[Session, Catalogue]]:
    """Sessions that between them show every kind of verdict: a ready on an unconfirmed rule,
    parallel designations, a checklist all N/A, an out-of-range answer."""
    career = catalogues["career-management"]
    cmp_ready = new_session(career, "Chris", target="CMF")
    for c in career.competencies:
        if c.area == "core" or c.id in ("2.1", "2.2", "2.3", "2.4", "2.5"):
            cmp_ready = cmp_ready.with_rating(c.id, Rating(level=3, evidence="done"))
    cmp_ready = cmp_ready.with_answer("experience_years", 4)
    out_of_range = cmp_ready.with_candidate("Robin").with_answer("experience_years", 999)
    icmi = catalogues["icmi"]
    parallel = new_session(icmi, "Pat", target="strategic-leader")
    for c in icmi.competencies:
        parallel = parallel.with_rating(c.id, Rating(level=4, evidence="led it"))
    parallel = parallel.with_answer("performance_assessment", True)
    parallel = parallel.with_answer("years_operations_manager", 1)
    checklist = catalogues["lmi-service-guidelines"]
    nothing_applies = new_session(checklist, "Lakeside Centre")
    for c in checklist.competencies:
        nothing_applies = nothing_applies.with_rating(c.id, Rating(not_applicable=True))
    return [
        (cmp_ready, career),
        (out_of_range, career),
        (parallel, icmi),
        (nothing_applies, checklist),
    ]


@pytest.fixture
def subjects(tmp_path: Path) -> list[Subject]:
    found = load_catalogues(REPO_CATALOGUES).catalogues
    paths = sorted(EXAMPLES.glob("*.toml"))
    for index, (session, catalogue) in enumerate(made_sessions(found)):
        path = tmp_path / f"made-{index}.toml"
        save_session(path, session.touched(NOW), catalogue, now=NOW)
        paths.append(path)
    return [Subject(load_session(path, found), str(path)) for path in paths]


class Tabs(App[None]):
    """Every subject's Readiness tab, side by side in one app."""

    def __init__(self, subjects: list[Subject]) -> None:
        super().__init__()
        self.subjects = subjects

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for index, subject in enumerate(self.subjects):
                session = subject.loaded.session
                yield ReadinessView(
                    subject.loaded.catalogue, subject.readiness, session.target, id=f"tab-{index}"
                )


async def readiness_tabs(subjects: list[Subject]) -> list[dict[str, object]]:
    """What each Readiness tab shows: its headline and each verdict's line and gaps."""
    app = Tabs(subjects)
    out: list[dict[str, object]] = []
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        for index, subject in enumerate(subjects):
            view = app.query_one(f"#tab-{index}", ReadinessView)
            count = len(subject.loaded.catalogue.designations)
            out.append(
                {
                    "headline": shown(view.query_one(".r-headline")),
                    "verdicts": [shown(view.query_one(f".r-verdict-{i}")) for i in range(count)],
                    "gaps": [shown(view.query_one(f".r-gaps-{i}")) for i in range(count)],
                    "about": [shown(about) for about in view.query(".about")],
                }
            )
    return out


def check_output(subject: Subject, verdict: Verdict, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["check", subject.shown_path, "--designation", verdict.id])
    assert code == (0 if verdict.ready else 1)
    return capsys.readouterr().out


async def test_every_front_end_shows_the_same_verdicts(
    subjects: list[Subject], capsys: pytest.CaptureFixture[str]
) -> None:
    tabs = await readiness_tabs(subjects)
    seen_caveat = seen_parallel = seen_nothing = False
    for subject, tab in zip(subjects, tabs, strict=True):
        text, markdown, html = text_report(subject), markdown_report(subject), html_report(subject)
        document = json.loads(json.dumps(json_report(subject)))
        top = headline(subject.readiness)
        assert top in text and md_cell(top) in markdown and h(top) in html
        assert tab["headline"].splitlines()[0] == top  # type: ignore[attr-defined]
        for index, verdict in enumerate(verdicts(subject.readiness)):
            where = (subject.shown_path, verdict.id)
            # Text report and Readiness tab: the same line, the same gaps.
            assert verdict.line in text, where
            mark = "✓ " if verdict.ready else "✗ "
            assert tab["verdicts"][index] == mark + verdict.line, where  # type: ignore[index]
            tab_gaps = tab["gaps"][index]  # type: ignore[index]
            assert tab_gaps == "\n".join(f"• {gap}" for gap in verdict.gaps), where
            # Markdown and HTML: the same words, escaped for each.
            for piece in (verdict.name, verdict.word, verdict.caveat, *verdict.gaps):
                assert md_cell(piece) in markdown, (where, piece)
                assert h(piece) in html, (where, piece)
                assert piece in text, (where, piece)
            # JSON: the same verdict, gaps and caveat.
            designation = document["designations"][index]
            assert designation["ready"] is verdict.ready
            assert [g["message"] for g in designation["gaps"]] == list(verdict.gaps)
            assert designation.get("note", "") == verdict.result.unconfirmed
            # check: the same verdict as a sentence, then the same gaps.
            lines = check_output(subject, verdict, capsys).splitlines()
            name = subject.loaded.session.candidate
            assert lines == [f"{name}: {verdict.sentence}", *(f"  - {g}" for g in verdict.gaps)]
            seen_caveat |= bool(verdict.caveat)
            seen_nothing |= any("marked N/A, so nothing shows" in g for g in verdict.gaps)
        seen_parallel |= top.startswith("Ready for: ")
        if subject.loaded.catalogue.id == "icma":
            assert any("within two years" in about for about in tab["about"])  # type: ignore[attr-defined]
    assert seen_caveat and seen_parallel and seen_nothing  # the sessions cover every case


# --- a competency no designation counts is never said to count ---------------------------------


def test_the_rating_screen_never_says_an_uncounted_practice_counts(tmp_path: Path) -> None:
    from selfcheck.model.readiness import competency_status
    from selfcheck.model.wording import not_counted_note
    from selfcheck.ui.widgets.rating_panel import status_text

    icma = load_catalogues(REPO_CATALOGUES).catalogues["icma"]
    practice = icma.competency("4")
    assert practice is not None
    note = not_counted_note(icma, practice)
    ratings = [
        Rating(),
        Rating(level=1),
        Rating(level=3),
        Rating(level=4, evidence="Coached two new directors."),
    ]
    for rating in ratings:
        for read_only in (False, True):
            status = competency_status(icma, practice, rating, TODAY)
            shown_text = status_text(
                status, "3 (Proficient)", read_only=read_only, not_counted=note
            ).plain
            assert "count" not in shown_text.replace("not counted", ""), shown_text
            assert shown_text.endswith("your rating guides your development plan."), shown_text
    # A competency a rule counts keeps its "counts" wording.
    career = load_catalogues(REPO_CATALOGUES).catalogues["career-management"]
    core = career.competency("1.1")
    assert core is not None
    done = competency_status(career, core, Rating(level=3, evidence="x"), TODAY)
    assert (
        status_text(done, "3", read_only=False).plain == "✓ Demonstrated: this competency counts."
    )


async def test_the_scale_marks_the_bar_only_where_it_counts() -> None:
    from selfcheck.model.catalogue import Level
    from selfcheck.ui.widgets.scale import LevelRow

    row = LevelRow(Level(3, "Proficient", "I do it on my own."), threshold=3)
    other = LevelRow(Level(2, "Developing", "With guidance."), threshold=3)
    async with WidgetApp(row, other).run_test() as pilot:

        def meaning(level: LevelRow) -> str:
            return shown(level.query_one(".meaning"))

        assert "counts from here" in meaning(row)
        row.set_counted(False)
        await pilot.pause()
        assert "count" not in meaning(row)
        assert "count" not in meaning(other)
