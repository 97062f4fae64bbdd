"""The development record on disk: round trips, old sessions unchanged, and `validate` naming
every bad activity and goal by file and line."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import Activity, Goal, Plan
from selfcheck.model.session import Session, new_session
from selfcheck.storage.recovery import changes_between, with_changes
from selfcheck.storage.sessions import load_session, save_session

NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


def recorded(icma: Catalogue) -> Session:
    session = new_session(icma, "Sam").with_answer("icma_member", True)
    session = session.with_plan(
        Plan("2026", (Goal(("12", "7"), "Lead the budget cycle.", "GFOA course; shadow Q2."),))
    )
    session = session.with_activity(
        Activity(date(2026, 3, 14), "Conference: budgeting track", 6, ("12",), "One thing: …")
    )
    session = session.with_activity(Activity(date(2026, 4, 1), "Reading [red]x[/]", 1.5))
    return session.touched(NOW)


def test_the_record_round_trips_and_is_written_after_the_ratings(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    icma = catalogues["icma"]
    path = tmp_path / "sam.toml"
    session = recorded(icma).with_level("12", 3)
    save_session(path, session, icma, now=NOW)
    loaded = load_session(path, catalogues)
    assert loaded.session == session and not loaded.warnings
    text = path.read_text()
    assert text.index("[ratings.") < text.index("[plan]") < text.index("[[activities]]")
    assert "Reading [red]x[/]" in text


def test_hand_written_keys_in_the_record_survive(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    path = tmp_path / "hand.toml"
    path.write_text(
        'schema_version = 1\ncatalogue = "icma"\ncandidate = "A"\n\n'
        '[plan]\nperiod = "2026"\nreviewed_by = "Mentor"\n\n'
        '[[plan.goals]]\ncompetencies = ["99"]\ngoal = "G"\npriority = 1\n\n'
        '[[activities]]\ndate = 2026-01-02\ntitle = "T"\nhours = 2\nvenue = "Online"\n'
    )
    loaded = load_session(path, catalogues)
    assert [str(w) for w in loaded.warnings] == [
        f"{path}:10: plan.goals[0].competencies: no competency '99' in the catalogue; "
        "kept as written"
    ]
    save_session(path, loaded.session, loaded.catalogue, expected_fingerprint=loaded.fingerprint)
    data = tomllib.loads(path.read_text())
    assert data["plan"]["reviewed_by"] == "Mentor"
    assert data["plan"]["goals"][0]["priority"] == 1
    assert data["plan"]["goals"][0]["competencies"] == ["99"]
    assert data["activities"][0]["venue"] == "Online"


def test_a_session_without_a_record_writes_no_record_keys(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    path = tmp_path / "plain.toml"
    save_session(path, new_session(catalogues["icma"], "A").touched(NOW), catalogues["icma"])
    data = tomllib.loads(path.read_text())
    assert not {"plan", "activities", "milestones"} & set(data)


def test_validate_names_every_bad_activity_and_goal(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'schema_version = 1\ncatalogue = "icma"\ncandidate = "A"\n\n'  # 1-4
        "[plan]\nperiod = 2026\n\n"  # 5-7
        '[[plan.goals]]\ncompetencies = "12"\ngoal = "G"\n\n'  # 8-11
        '[[activities]]\ndate = 2026-02-27T10:00:00Z\ntitle = "T"\nhours = 1\n\n'  # 12-16
        '[[activities]]\ndate = 2026-03-01\ntitle = ""\nhours = -2\n'  # 17-20
    )
    done = subprocess.run(
        [sys.executable, "-m", "selfcheck", "validate", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{path}:6: plan.period: expected a string, found a whole number (2026)",
        f"{path}:9: plan.goals[0].competencies: expected an array of strings, found a string ('12')",
        f"{path}:13: activities[0].date: expected a date such as 2026-03-14, found a datetime",
        f"{path}:19: activities[1].title: must not be blank",
        f"{path}:20: activities[1].hours: must be a number from 0 to 10,000, found -2",
    ]


ACTIVITIES = st.builds(
    Activity,
    date=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
    title=st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40).filter(
        str.strip
    ),
    hours=st.one_of(st.integers(0, 500), st.floats(0, 500, allow_nan=False)),
    competencies=st.lists(st.sampled_from(["1", "7", "12"]), max_size=3).map(tuple),
    reflection=st.text(st.characters(exclude_categories=["Cs"]), max_size=60),
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ACTIVITIES, max_size=4))
def test_any_log_survives_save_then_load(
    tmp_path: Path, catalogues: dict[str, Catalogue], log: list[Activity]
) -> None:
    icma = catalogues["icma"]
    session = new_session(icma, "A")
    for activity in log:
        session = session.with_activity(activity)
    path = tmp_path / "log.toml"
    path.unlink(missing_ok=True)
    save_session(path, session, icma, now=NOW)
    assert load_session(path, catalogues).session.activities == session.activities


def test_a_recovery_draft_keeps_the_record(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    before = recorded(icma)
    after = before.with_activity(Activity(date(2026, 5, 2), "Webinar", 1, ("3",), "Thing"))
    after = after.with_plan(None).with_milestone("pa_started", date(2026, 9, 1))
    document = tomllib.loads(tomli_w.dumps({"changes": changes_between(before, after)}))
    assert with_changes(before, document["changes"]) == after
    assert with_changes(after, changes_between(after, before)) == before
