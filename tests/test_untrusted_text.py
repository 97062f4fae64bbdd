"""Catalogues are shared, so their text is untrusted like a session's: ids, titles and labels
with control characters are refused when a catalogue is read, and every output stays safe even
for one that got past that (an older selfcheck's, or built by other means)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.review import Review
from selfcheck.model.session import Rating, new_session
from selfcheck.report.rich_terminal import print_cohort, print_report
from selfcheck.safetext import json_escaped
from selfcheck.storage.catalogues import load_catalogue
from selfcheck.storage.reviews import save_review
from selfcheck.storage.sessions import save_session
from selfcheck.storage.toml_files import LoadError

SHIPPED = Path(__file__).parents[1] / "catalogues" / "career-management.toml"
# Retitle the window, clear the screen, an 8-bit CSI, a bidirectional override.
HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202e"
LIVE = ("\x1b]0;PWNED", "\x1b[2J", "\x9b", "\u202e", "\x07")
DESIGNATION = f"CMP{HOSTILE}"
COMPETENCY = f"1.1{HOSTILE}"


def _escaped(text: str) -> str:
    return json.dumps(text)[1:-1]  # as TOML basic strings write it too


def hostile_catalogue(folder: Path) -> Path:
    text = SHIPPED.read_text("utf-8")
    for old, new in (
        ('id = "CMP"', f'id = "{_escaped(DESIGNATION)}"'),
        ('id = "1.1"', f'id = "{_escaped(COMPETENCY)}"'),
        ('label = "Proficient"', f'label = "Proficient{_escaped(HOSTILE)}"'),
        ('title = "Core competencies"', f'title = "Core{_escaped(HOSTILE)}"'),
        ('unit = "years"', f'unit = "years{_escaped(HOSTILE)}"'),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    folder.mkdir(exist_ok=True)
    path = folder / "career-management.toml"
    path.write_text(text, "utf-8")
    return path


def test_control_characters_in_ids_titles_and_labels_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_catalogue(hostile_catalogue(tmp_path))
    problems = [str(p) for p in caught.value.problems]
    where = [p.split(": ")[1] for p in problems]
    assert where == [
        "scale.levels[3].label",
        "areas[0].competencies[0].id",
        "areas[0].title",
        "requirements[0].unit",
        "designations[1].id",
    ]
    for problem in problems:
        assert "contains the control character U+001B" in problem
        assert not any(live in problem for live in LIVE)


@pytest.fixture
def cohort(tmp_path: Path, unchecked_catalogue_text: None) -> tuple[Path, Path, Catalogue]:
    catalogues = tmp_path / "catalogues"
    catalogue = load_catalogue(hostile_catalogue(catalogues))
    folder = tmp_path / "cohort"
    for name in ("ana", "ben"):
        session = new_session(catalogue, f"{name}{HOSTILE}", target=DESIGNATION)
        session = session.with_rating(COMPETENCY, Rating(level=3, evidence=f"did it{HOSTILE}"))
        session = session.with_answer("experience_years", 2)
        path = folder / f"{name}.toml"
        save_session(path, session, catalogue)
        review = Review(session=path.name, mentor=f"Mo{HOSTILE}").with_comment(COMPETENCY, HOSTILE)
        save_review(path, review.with_verdict("discuss"))
    return catalogues, folder, catalogue


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(list(args))
    printed = capsys.readouterr()
    return printed.out + printed.err


FORMATS = ["text", "markdown", "html", "json", "csv"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_shows_catalogue_text_safely(
    cohort: tuple[Path, Path, Catalogue], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogues, folder, _ = cohort
    one = _run(
        capsys, "report", str(folder / "ana.toml"), "--format", fmt, "--catalogues", str(catalogues)
    )
    many = _run(capsys, "report", str(folder), "--format", fmt, "--catalogues", str(catalogues))
    for out in (one, many):
        assert "ana" in out
        assert not any(live in out for live in LIVE), (fmt, out[:400])
    if fmt == "json":
        # JSON escapes them instead (a reader gets the text back exactly).
        assert "\\u009b" in one and "\\u202e" in one
        report = json.loads(one)
        assert report["candidate"] == f"ana{HOSTILE}"
        assert report["designations"][1]["id"] == DESIGNATION
        assert [r["candidate"] for r in json.loads(many)] == [f"ana{HOSTILE}", f"ben{HOSTILE}"]
    elif fmt == "text":
        assert "1.1␛]0;PWNED␇␛[2J<U+009B>31m<U+202E>" in one  # the id, visible
        assert "Proficient␛]0;PWNED␇" in one  # the level label


def test_check_diff_and_catalogues_print_catalogue_text_safely(
    cohort: tuple[Path, Path, Catalogue], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogues, folder, _ = cohort
    flag = ("--catalogues", str(catalogues))
    outputs = [
        _run(capsys, "check", str(folder / "ana.toml"), "--designation", DESIGNATION, *flag),
        _run(capsys, "check", str(folder / "ana.toml"), "--designation", "nope", *flag),
        _run(capsys, "diff", str(folder / "ana.toml"), str(folder / "ben.toml"), *flag),
        _run(capsys, "catalogues", *flag),
    ]
    assert "not ready for" in outputs[0] and "CMP␛]0;PWNED␇" in outputs[0]
    assert "no designation 'nope'" in outputs[1]
    for out in outputs:
        assert not any(live in out for live in LIVE), out[:400]


def test_the_terminal_report_shows_catalogue_text_safely(
    cohort: tuple[Path, Path, Catalogue],
) -> None:
    from selfcheck.report.batch import load_subject
    from selfcheck.report.cohort import cohort_row
    from selfcheck.storage.catalogues import CatalogueLibrary

    catalogues, folder, _ = cohort
    subject, problems = load_subject(folder / "ana.toml", CatalogueLibrary(catalogues))
    assert subject is not None and not problems
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="truecolor", width=200)
    print_report(subject, console)
    print_cohort([cohort_row(subject)], console)
    out = buffer.getvalue()
    assert "PWNED" in out and "1.1" in out
    assert not any(live in out for live in LIVE), out[:400]


def test_json_escapes_only_what_a_terminal_would_act_on() -> None:
    text = json.dumps({"a": "Zoë\x7f\x85\x9b\u202e\u2066 日本"}, ensure_ascii=False)
    escaped = json_escaped(text)
    assert escaped == '{"a": "Zoë\\u007f\\u0085\\u009b\\u202e\\u2066 日本"}'
    assert json.loads(escaped) == json.loads(text)


def test_a_case_export_escapes_control_characters_in_statements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SHIPPED.read_text("utf-8").replace(
        'statement = "', f'statement = "{_escaped(HOSTILE)} ', 1
    )
    path = tmp_path / "career-management.toml"
    path.write_text(text, "utf-8")
    assert main(["export", "case", str(path)]) == 0
    out = capsys.readouterr().out
    assert not any(live in out for live in LIVE)
    assert "\\u009b" in out and "\\u202e" in out
    items = json.loads(out)["CFItems"]
    assert any(item["fullStatement"].startswith(HOSTILE) for item in items)
