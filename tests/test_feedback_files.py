"""Rater forms on disk and on the command line: every bad form named, blank forms that read
back, anonymity in every format, filling a form in with prompts."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Rating, new_session
from selfcheck.quick.asker import Choice
from selfcheck.quick.rate_form import run_rate_form
from selfcheck.storage.feedback import feedback_folder, load_feedback, read_form
from selfcheck.storage.sessions import save_session
from tests.conftest import SHIPPED

SECRET = "WITHHELD-DIRECT-REPORT-WORDS"
HIDDEN_NAME = "Anonymous Peer Name"


def write_form(folder: Path, name: str, **overrides: Any) -> Path:
    data: dict[str, Any] = {
        "schema_version": 1, "kind": "feedback", "catalogue": "icma", "candidate": "Sam Lee",
        "group": "peer", "submitted": date(2026, 11, 30),
        "ratings": {"4": {"level": 3, "comment": "Listens well."}},
    }  # fmt: skip
    data.update(overrides)
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def session(tmp_path: Path, catalogues: dict[str, Catalogue]) -> Path:
    icma = catalogues["icma"]
    s = new_session(icma, "Sam Lee").with_rating("4", Rating(level=4, evidence="Coached staff."))
    path = tmp_path / "sessions" / "sam.toml"
    save_session(path, s, icma)
    return path


@pytest.fixture
def rated(session: Path) -> Path:
    """Sam's session with a supervisor, three peers and two (withheld) direct reports."""
    folder = feedback_folder(session)
    write_form(folder, "boss.toml", group="supervisor", rater="Pat Boss",
               ratings={"4": {"level": 3, "comment": "Coaches well."}})  # fmt: skip
    for i in range(3):
        write_form(folder, f"peer{i}.toml", rater=f"{HIDDEN_NAME} {i}",
                   ratings={"4": {"level": 2, "comment": f"Peer remark {i}."}})  # fmt: skip
    for i in range(2):
        write_form(folder, f"report{i}.toml", group="direct_report", rater=f"Report {i}",
                   ratings={"4": {"level": 1, "comment": f"{SECRET} {i}"}})  # fmt: skip
    return session


def run(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_bad_form_is_named_and_the_good_ones_kept(
    session: Path, catalogues: dict[str, Catalogue]
) -> None:
    folder = feedback_folder(session)
    good = write_form(folder, "a-good.toml", rater="Kim")
    write_form(folder, "b-other-catalogue.toml", catalogue="icmi")
    write_form(folder, "c-other-candidate.toml", candidate="Alex Doe")
    write_form(folder, "d-unknown-group.toml", group="council")
    write_form(folder, "e-off-scale.toml", ratings={"4": {"level": 7}})
    write_form(folder, "f-same-rater.toml", rater="  kim ")
    (folder / "g-broken.toml").write_text("level = = 3\n", encoding="utf-8")
    os.symlink(good, folder / "h-link.toml")
    (folder / ".hidden.toml").write_text("junk", encoding="utf-8")
    found = load_feedback(session, catalogues["icma"], "Sam Lee")
    assert [f.path.name for f in found.forms] == ["a-good.toml"]
    messages = {p.path.name: str(p) for p in found.problems}
    assert sorted(messages) == [
        "b-other-catalogue.toml", "c-other-candidate.toml", "d-unknown-group.toml",
        "e-off-scale.toml", "f-same-rater.toml", "g-broken.toml", "h-link.toml",
    ]  # fmt: skip
    assert "'icmi'" in messages["b-other-catalogue.toml"]
    assert "'Alex Doe'" in messages["c-other-candidate.toml"]
    assert "unknown group 'council'" in messages["d-unknown-group.toml"]
    assert "ratings.4.level: 7 is not on the scale" in messages["e-off-scale.toml"]
    assert "same rater as a-good.toml" in messages["f-same-rater.toml"]
    assert "symbolic link" in messages["h-link.toml"]


def test_a_copied_form_is_a_duplicate(session: Path, catalogues: dict[str, Catalogue]) -> None:
    folder = feedback_folder(session)
    first = write_form(folder, "one.toml")
    (folder / "two.toml").write_bytes(first.read_bytes())
    found = load_feedback(session, catalogues["icma"], "Sam Lee")
    assert [p.path.name for p in found.problems] == ["two.toml"]


def test_blank_form_reads_back_and_is_never_written_over(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "for-kim.toml"
    code, _, err = run(["feedback", "form", str(session), "--group", "peer", "-o", str(target)],
                       capsys)  # fmt: skip
    assert code == 0 and "sam.feedback" in err
    text = target.read_text(encoding="utf-8")
    assert "# 4 Staff Effectiveness" in text and "Proficient" in text
    form = read_form(target)
    assert (form.catalogue, form.candidate, form.group, dict(form.ratings)) == (
        "icma", "Sam Lee", "peer", {str(i): form.ratings[str(i)] for i in range(1, 15)}
    )  # fmt: skip
    assert not form.has_ratings
    code, _, err = run(["feedback", "form", str(session), "--group", "peer", "-o", str(target)],
                       capsys)  # fmt: skip
    assert code == 2 and "may be a filled-in form; not writing over it" in err
    code, _, err = run(["feedback", "form", str(session), "--group", "council"], capsys)
    assert code == 2 and "supervisor, peer, direct_report, other" in err


def test_summary_json_follows_the_contract(rated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["feedback", str(rated), "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "selfcheck-feedback/1"
    four = next(c for c in doc["competencies"] if c["id"] == "4")
    assert four["self"] == 4
    assert four["groups"]["supervisor"] == {"n": 1, "mean": 3.0, "shown": True}
    assert four["groups"]["peer"] == {"n": 3, "mean": 2.0, "shown": True}
    assert four["groups"]["direct_report"] == {"n": 2, "mean": None, "shown": False}
    assert (four["others_n"], four["others_mean"], four["self_minus_others"]) == (4, 2.25, 1.75)
    assert doc["withheld"][0]["message"] == (
        "direct reports: 2 raters, at least 3 are needed to keep them anonymous"
    )
    assert doc["blind_spots"] == ["4"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_withheld_words_and_anonymous_names_appear_in_no_format(
    rated: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["feedback", str(rated), "--format", fmt], capsys)
    assert code == 0, err
    assert SECRET not in out and "Report 0" not in out
    assert HIDDEN_NAME not in out
    assert "Pat Boss" in out  # the supervisor's group is named
    assert "Peer remark 2" in out
    assert "direct reports: 2 raters, at least 3 are needed to keep them anonymous" in out


def test_markup_in_comments_is_shown_as_text(
    session: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_form(feedback_folder(session), "boss.toml", group="supervisor",
               ratings={"4": {"level": 3, "comment": "<script>x</script> [b]y[/b] \x1b[2J"}})  # fmt: skip
    _, html, _ = run(["feedback", str(session), "--format", "html"], capsys)
    assert "<script>" not in html and "&lt;script&gt;" in html
    _, text, _ = run(["feedback", str(session)], capsys)
    assert "\x1b" not in text and "[b]y[/b]" in text


def test_bad_forms_are_reported_and_the_summary_still_printed(
    rated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_form(feedback_folder(rated), "zz.toml", group="council")
    code, out, err = run(["feedback", str(rated), "--format", "json"], capsys)
    assert code == 2
    assert "zz.toml" in err and "unknown group" in err
    assert json.loads(out)["groups"][1]["raters"] == 3


class Script:
    def __init__(self, answers: list[str]):
        self.answers = answers

    def confirm(self, message: str, *, default: bool = False) -> bool:
        raise AssertionError(message)

    def text(self, message: str, *, instruction: str = "", validate: Any = None) -> str:
        return self.answers.pop(0)

    def select(self, message: str, choices: Sequence[Choice], *, default: str | None = None) -> str:
        answer = self.answers.pop(0)
        assert answer in [c.value for c in choices]
        return answer


def test_rate_a_form_with_prompts(tmp_path: Path, session: Path) -> None:
    target = tmp_path / "form.toml"
    assert main(["feedback", "form", str(session), "--group", "peer", "-o", str(target)]) == 0
    answers = ["Kim"] + ["3", "Clear and fair."] + ["skip", ""] * 13
    script = Script(answers)
    assert run_rate_form(target, SHIPPED, script) == 0
    assert not script.answers
    form = read_form(target)
    assert form.rater == "Kim" and form.submitted is not None
    assert form.ratings["1"].level == 3 and form.ratings["1"].comment == "Clear and fair."
    assert set(form.ratings) == {"1"}


def test_validate_checks_forms_on_their_own(
    session: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = feedback_folder(session)
    write_form(folder, "good.toml")
    write_form(folder, "bad.toml", group="council", ratings={"4": {"level": 9}})
    code, out, err = run(["validate", str(folder)], capsys)
    assert code == 2 and "1 valid, 1 invalid" in out
    assert (
        "bad.toml:" in err and "unknown group 'council'" in err and "9 is not on the scale" in err
    )


def test_a_form_for_a_session_without_a_name_reads_back(
    tmp_path: Path, catalogues: dict[str, Catalogue], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sessions" / "nameless.toml"
    save_session(path, new_session(catalogues["icma"], ""), catalogues["icma"])
    code, out, _ = run(["feedback", "form", str(path), "--group", "supervisor"], capsys)
    assert code == 0 and "Feedback on the candidate" in out
    target = tmp_path / "f.toml"
    target.write_text(out, encoding="utf-8")
    assert read_form(target).candidate == ""
