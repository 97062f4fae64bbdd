"""Verdicts a candidate can trust: caveats, N/A, ladders, what counts, the words (issue 12)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from selfcheck.cli.main import main
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.catalogue_parser import parse_catalogue
from selfcheck.model.problems import InvalidDocument
from selfcheck.model.readiness import assess
from selfcheck.model.session import Rating, Session, check_against, new_session
from selfcheck.model.verdicts import headline, short_verdict, verdict_for, verdicts
from selfcheck.model.wording import (
    UNVERIFIED_MARK,
    amount,
    designation_name,
    not_counted_note,
    plural,
)
from selfcheck.report.json_doc import json_report
from selfcheck.report.markdown import markdown_report
from selfcheck.report.view import Subject
from selfcheck.storage.sessions import load_session, save_session
from tests.portfolio import with_portfolio

TODAY = date(2026, 11, 20)  # the verdicts' day: fixed, so evidence windows never drift

CORE = [f"1.{i}" for i in range(1, 13)]
SELECTED = [f"2.{i}" for i in range(1, 19)]


def rated(catalogue: Catalogue, ids: list[str], name: str = "Test") -> Session:
    """Competencies rated 3 with a note; where the catalogue has portfolio rules, a portfolio
    that meets them (these tests are about the other rules)."""
    session = new_session(catalogue, name)
    for cid in ids:
        session = session.with_rating(cid, Rating(level=3, evidence=f"did {cid}"))
    if any(rule.kind == "evidence" for d in catalogue.designations for rule in d.rules):
        session = with_portfolio(session, TODAY)
    return session


def icmi_session(icmi: Catalogue, **answers: bool | float) -> Session:
    session = rated(icmi, [c.id for c in icmi.competencies], "Pat")
    for rid, value in answers.items():
        session = session.with_answer(rid, value)
    return session


def subject_of(tmp_path: Path, catalogue: Catalogue, session: Session) -> Subject:
    path = tmp_path / f"{catalogue.id}.toml"
    save_session(path, session, catalogue)
    return Subject(load_session(path, {catalogue.id: catalogue}), str(path))


# --- 1. unverified rules carry a caveat where it matters ----------------------------------------


def test_a_ready_verdict_on_an_unconfirmed_rule_says_so(career: Catalogue) -> None:
    readiness = assess(
        career, rated(career, CORE + SELECTED[:5]).with_answer("experience_years", 4), TODAY
    )
    cma, cmp_ = verdict_for(readiness, "CMA"), verdict_for(readiness, "CMP")
    assert cma is not None and cmp_ is not None
    assert cma.ready and cma.caveat == "" and cma.line == "Career Management Associate (CMA): ready"
    assert cmp_.ready and cmp_.result.verified is False
    assert cmp_.line == (
        "Career Management Practitioner (CMP): ready — "
        "rests on a rule no source confirms: Years of experience"
    )
    assert headline(readiness).endswith("rests on a rule no source confirms: Years of experience")
    assert short_verdict(readiness) == "ready for CMP (unconfirmed rule)"


def test_a_gap_from_an_unconfirmed_rule_is_marked(career: Catalogue) -> None:
    readiness = assess(
        career, rated(career, CORE + SELECTED[:10]).with_answer("experience_years", 4), TODAY
    )
    cmf = readiness.result("CMF")
    assert cmf is not None and len(cmf.gaps) == 1
    gap = cmf.gaps[0]
    assert gap.verified is False and "public level descriptions" in gap.note
    assert gap.message.endswith(UNVERIFIED_MARK)
    cma_gaps = assess(career, rated(career, CORE[:5]), TODAY).result("CMA")
    assert cma_gaps is not None
    assert all(g.verified and UNVERIFIED_MARK not in g.message for g in cma_gaps.gaps)


def test_json_flags_unconfirmed_designations_and_gaps(tmp_path: Path, career: Catalogue) -> None:
    session = rated(career, CORE + SELECTED[:5]).with_answer("experience_years", 4)
    report = json_report(subject_of(tmp_path, career, session))
    by_id = {d["id"]: d for d in report["designations"]}
    assert "verified" not in by_id["CMA"] and "note" not in by_id["CMA"]
    assert by_id["CMP"]["verified"] is False
    assert by_id["CMP"]["note"] == "rests on a rule no source confirms: Years of experience"
    years = by_id["CMF"]["gaps"][-1]
    assert years["requirement"] == "experience_years"
    assert years["verified"] is False and years["note"].startswith("From the ICCI")
    assert report["ready_for"] == ["CMA", "CMP"] and report["highest_ready"] == "CMP"


# --- 2. a checklist answered all N/A is not compliant -------------------------------------------


def all_not_applicable(catalogue: Catalogue) -> Session:
    session = new_session(catalogue, "Riverside")
    for c in catalogue.competencies:
        session = session.with_rating(c.id, Rating(not_applicable=True))
    return session


def test_a_checklist_answered_all_not_applicable_is_not_compliant(
    catalogues: dict[str, Catalogue],
) -> None:
    lmi = catalogues["lmi-service-guidelines"]
    readiness = assess(lmi, all_not_applicable(lmi), TODAY)
    assert readiness.ready_for == ()
    (gap,) = readiness.results[0].gaps
    assert gap.message == (
        "Checklist: every item is marked N/A, so nothing shows the checklist is met; "
        "answer Yes or No where an item applies"
    )
    assert headline(readiness) == "Not compliant yet"
    one_yes = all_not_applicable(lmi).with_rating("1.1", Rating(level=1))
    assert [d.id for d in assess(lmi, one_yes, TODAY).ready_for] == ["compliant"]


def test_a_person_whose_rules_cover_only_not_applicable_is_not_ready(
    catalogues: dict[str, Catalogue],
) -> None:
    spec = catalogues["lmi-specialist"]
    # Only the staff area's rule is looked at here, as if it were the whole designation.
    staff_only = spec.designations[0]
    staff_rules = tuple(r for r in staff_only.rules if r.area == "STF")
    assert staff_rules, [r.area for r in staff_only.rules]
    narrow = replace(spec, designations=(replace(staff_only, rules=staff_rules, conditions=()),))
    readiness = assess(narrow, all_not_applicable(spec), TODAY)
    (gap,) = readiness.results[0].gaps
    assert "every competency it covers is marked N/A" in gap.message
    # Staff management alone marked N/A is fine when the rest is demonstrated.
    whole = all_not_applicable(spec)
    for c in spec.competencies:
        if not c.not_applicable_allowed:
            whole = whole.with_rating(c.id, Rating(level=3, evidence="done"))
    assert [d.id for d in assess(spec, whole, TODAY).ready_for] == ["lmi-specialist"]


# --- 3. parallel designations and ladders -------------------------------------------------------


def test_icmi_designations_are_parallel(catalogues: dict[str, Catalogue]) -> None:
    icmi = catalogues["icmi"]
    assert icmi.ladders == ()
    session = icmi_session(
        icmi, performance_assessment=True, years_operations_manager=2, years_strategic_leader=1
    )
    readiness = assess(icmi, session, TODAY)
    assert [d.id for d in readiness.ready_for] == [
        "operations-manager", "strategic-leader", "management-consultant",
    ]  # fmt: skip
    assert readiness.highest_ready is None
    assert headline(readiness).startswith(
        "Ready for: Operations Manager, Strategic Leader, Management Consultant — "
    )
    assert "highest" not in headline(readiness).lower()
    assert short_verdict(readiness).startswith(
        "ready for operations-manager, strategic-leader, management-consultant"
    )


def test_a_ladder_names_its_highest(career: Catalogue, catalogues: dict[str, Catalogue]) -> None:
    assert career.ladders == (("CMA", "CMP", "CMF"),)
    assert catalogues["icma"].ladders == (("ICMA-CM-Candidate", "ICMA-CM"),)
    readiness = assess(
        career, rated(career, CORE + SELECTED[:10]).with_answer("experience_years", 8), TODAY
    )
    assert readiness.highest_ready is not None and readiness.highest_ready.id == "CMF"
    assert headline(readiness).startswith("Highest designation ready: Career Management Fellow")


def ladder_catalogue() -> dict[str, Any]:
    """Three designations, A < B < C by rank, over one area of three Yes/No items."""
    designations = "".join(
        f'[[designations]]\nid = "{d}"\ntitle = "{title}"\nrank = {i}\n'
        '[[designations.rules]]\nkind = "at_least"\narea = "a"\ncount = ' + f"{i}\n"
        for i, (d, title) in enumerate([("A", "First"), ("B", "Second"), ("C", "Third")], 1)
    )
    return tomllib.loads(
        'schema_version = 1\nid = "t"\ntitle = "T"\nissuer = "I"\nversion = "1"\n'
        'description = "A self-check."\n[[sources]]\ntitle = "s"\nref = "s"\n'
        "[scale]\ndemonstrated_from = 1\nevidence_required = false\n"
        "allow_not_applicable = false\n"
        '[[scale.levels]]\nvalue = 0\nlabel = "No"\nmeaning = "no"\n'
        '[[scale.levels]]\nvalue = 1\nlabel = "Yes"\nmeaning = "yes"\n'
        '[[areas]]\nid = "a"\ntitle = "Area"\n'
        + "".join(
            f'[[areas.competencies]]\nid = "{n}"\ntitle = "C{n}"\nstatement = "s"\n'
            for n in range(1, 4)
        )
        + designations
    )


def test_a_designation_off_the_ladder_is_parallel() -> None:
    toml = ladder_catalogue()
    toml["ladders"] = [{"designations": ["A", "B"]}]
    catalogue = parse_catalogue(toml)
    assert catalogue.ladders == (("A", "B"),)
    session = rated(catalogue, ["1", "2"])
    readiness = assess(catalogue, session, TODAY)
    assert readiness.highest_ready is not None and readiness.highest_ready.id == "B"
    everything = assess(catalogue, rated(catalogue, ["1", "2", "3"]), TODAY)
    assert [d.id for d in everything.ready_for] == ["A", "B", "C"]
    assert everything.highest_ready is None  # C is on no ladder: nothing ranks it below B
    assert headline(everything) == "Ready for: First (A), Second (B), Third (C)"


@pytest.mark.parametrize(
    ("ladders", "message"),
    [
        ([{"designations": ["A"]}], "a ladder needs at least two designations"),
        ([{"designations": ["A", "X"]}], "no designation with id 'X'"),
        ([{"designations": ["B", "A"]}], "list a ladder's designations in rank order"),
        (
            [{"designations": ["A", "B"]}, {"designations": ["B", "C"]}],
            "'B' is already on a ladder",
        ),
        ([{"designations": ["A", "B"], "top": "B"}], "unknown key"),
    ],
)
def test_bad_ladders_are_refused(ladders: list[dict[str, Any]], message: str) -> None:
    toml = ladder_catalogue()
    toml["ladders"] = ladders
    with pytest.raises(InvalidDocument) as caught:
        parse_catalogue(toml)
    assert any(message in p.message for p in caught.value.problems), caught.value.problems


# --- 4. a competency no rule uses never "counts" ------------------------------------------------


def test_icma_practices_guide_the_development_plan(catalogues: dict[str, Catalogue]) -> None:
    icma = catalogues["icma"]
    practice = icma.competency("7")
    assert practice is not None and practice.id not in icma.counted_ids
    note = not_counted_note(icma, practice)
    assert note == ("No designation here depends on it; your rating guides your development plan.")
    assert "count" not in note
    career_core = catalogues["career-management"].competency("1.1")
    assert career_core is not None
    assert not_counted_note(catalogues["career-management"], career_core) == ""


def test_icma_descriptions_tell_the_two_designations_apart(
    catalogues: dict[str, Catalogue],
) -> None:
    icma = catalogues["icma"]
    candidate, full = (v.description for v in verdicts(assess(icma, new_session(icma, "S"), TODAY)))
    assert "within two years" in candidate
    assert "full credential" in full


# --- 5. lmi-specialist KNW6 may be N/A ----------------------------------------------------------


def test_knw6_may_be_not_applicable(catalogues: dict[str, Catalogue]) -> None:
    spec = catalogues["lmi-specialist"]
    session = new_session(spec, "Kim").with_rating("KNW6", Rating(not_applicable=True))
    errors, _ = check_against(session, spec)
    assert errors == []
    assert assess(spec, session, TODAY).statuses["KNW6"].state == "not_applicable"


# --- 6 and 10. ICMI's Performance Assessment and years in each role ------------------------------


def test_performance_assessment_asks_about_starting_it(catalogues: dict[str, Catalogue]) -> None:
    icmi = catalogues["icmi"]
    assessment = icmi.requirement("performance_assessment")
    assert assessment is not None and "ready to start" in assessment.prompt
    readiness = assess(icmi, icmi_session(icmi, performance_assessment=False), TODAY)
    result = readiness.result("management-consultant")
    assert result is not None
    assert [g.message for g in result.gaps] == [
        "Performance Assessment: not started — ICMI allows 60 business days once you begin"
    ]
    unanswered = assess(icmi, icmi_session(icmi), TODAY).result("management-consultant")
    assert unanswered is not None
    assert unanswered.gaps[0].message == (
        "Performance Assessment: not answered yet (needs yes) — "
        "ICMI allows 60 business days once you begin"
    )


def test_icmi_years_are_asked_for_each_role(catalogues: dict[str, Catalogue]) -> None:
    icmi = catalogues["icmi"]
    session = icmi_session(icmi, performance_assessment=True, years_operations_manager=3)
    readiness = assess(icmi, session, TODAY)
    assert [d.id for d in readiness.ready_for] == ["operations-manager", "management-consultant"]
    leader = readiness.result("strategic-leader")
    assert leader is not None
    assert [g.message for g in leader.gaps] == [
        "Years leading a center: not answered yet (needs at least 1 year) " + UNVERIFIED_MARK
    ]


# --- 7. an organisation's checklist speaks of items and compliance -------------------------------


def test_organisation_words(catalogues: dict[str, Catalogue]) -> None:
    lmi = catalogues["lmi-service-guidelines"]
    session = new_session(lmi, "Riverside").with_rating("1.1", Rating(level=0))
    readiness = assess(lmi, session, TODAY)
    (verdict,) = verdicts(readiness)
    assert verdict.name == "Compliant with the guidelines"
    assert verdict.word == "not compliant" and verdict.sentence == "not compliant"
    assert verdict.gaps[0].startswith(
        "Checklist: 0 of 24 items met; 1.1 Convenient locations and hours is answered No, "
        "23 not answered yet ("
    )
    assert headline(readiness) == "Not compliant yet"
    assert designation_name(lmi, lmi.designations[0]) == "Compliant with the guidelines"
    words = " ".join([headline(readiness), verdict.line, *verdict.gaps]).lower()
    for banned in ("designation", "demonstrated", "ready", "rated", "compliant)"):
        assert banned not in words, banned


def test_check_speaks_of_compliance(capsys: pytest.CaptureFixture[str]) -> None:
    riverside = Path(__file__).parents[1] / "examples" / "riverside-lmi-service-guidelines.toml"
    assert main(["check", str(riverside), "--designation", "compliant"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Riverside Career Centre: not compliant"
    assert "designation" not in out.lower() and "(compliant)" not in out


# --- 8. gaps name competencies by short title ---------------------------------------------------


def test_gaps_name_competencies_with_their_titles(career: Catalogue) -> None:
    session = rated(career, CORE[:6] + SELECTED[:3]).with_level("2.4", 2)
    (gap,) = assess(career, session, TODAY).result("CMA").gaps
    assert gap.message == (
        "Selected competencies: 3 of 4 demonstrated; 2.4 Strategic planning is rated 2 "
        "(needs 3), 15 not rated yet (2.5, 2.6, 2.7, 2.8, 2.9, 2.10, +9)"
    )


# --- 9. each PCM role rule has its own label ----------------------------------------------------


def test_pcm_role_rules_have_their_own_labels(catalogues: dict[str, Catalogue]) -> None:
    pcm = catalogues["nscm-pcm"]
    gaps = assess(pcm, new_session(pcm, "Jo"), TODAY).result("PCM").gaps
    labels = [g.message.split(":")[0] for g in gaps]
    roles = [label for label in labels if "role" in label]
    assert roles == [
        "Strategic role activities (this self-check's rule)",
        "Facilitative role activities (this self-check's rule)",
        "Actionable role activities (this self-check's rule)",
    ]
    assert len(set(labels)) == len(labels)


# --- 11. one plural helper ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (1, "gap", None, "1 gap"),
        (0, "gap", None, "0 gaps"),
        (2, "competency", "competencies", "2 competencies"),
        (1.5, "hour", None, "1.5 hours"),
        (1, "question was", "questions were", "1 question was"),
    ],
)
def test_plural(count: float, one: str, many: str | None, expected: str) -> None:
    assert plural(count, one, many) == expected


def test_units_and_gap_counts_agree_in_number(tmp_path: Path, career: Catalogue) -> None:
    assert amount(1, "years", "year") == "1 year" and amount(2, "years", "year") == "2 years"
    assert amount(1, "points") == "1 points"  # no singular given: never guessed
    session = rated(career, CORE + SELECTED[:5]).with_answer("experience_years", 1)
    gap = assess(career, session, TODAY).result("CMP").gaps[0]
    assert gap.message.startswith("Years of experience: 1 year, needs at least 3 years")
    markdown = markdown_report(subject_of(tmp_path, career, session))
    assert "❌ not ready (1 gap)" in markdown and "(1 gaps)" not in markdown


# --- 12. requirement bounds are enforced when a session is loaded --------------------------------


@pytest.mark.parametrize(
    ("years", "why"),
    [
        (-1, "below the lowest answer allowed, 0 years"),
        (999, "above the highest answer allowed, 70 years"),
    ],
)
def test_out_of_bounds_answers_warn_and_do_not_count(
    tmp_path: Path, career: Catalogue, years: int, why: str
) -> None:
    path = tmp_path / "alex.toml"
    save_session(
        path, rated(career, CORE + SELECTED[:10]).with_answer("experience_years", years), career
    )
    loaded = load_session(path, {career.id: career})
    (warning,) = loaded.warnings
    assert str(warning).startswith(f"{path}:")  # the file and its line
    assert "experience_years" in str(warning)  # and the key
    assert f"{years} is {why}; kept, but not counted" in str(warning)
    readiness = assess(career, loaded.session, TODAY)
    assert [d.id for d in readiness.ready_for] == ["CMA"]
    gap = readiness.result("CMP").gaps[0]
    assert f"is {why}, so it is not counted (needs at least 3 years)" in gap.message


def test_check_and_validate_show_the_bounds_warning(
    tmp_path: Path, career: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "alex.toml"
    save_session(path, rated(career, CORE).with_answer("experience_years", 999), career)
    assert main(["check", str(path), "--designation", "CMP"]) == 1
    err = capsys.readouterr().err
    assert f"warning: {path}:" in err and "999 is above the highest answer allowed" in err
    assert main(["validate", str(path)]) == 0
    assert "999 is above the highest answer allowed" in capsys.readouterr().err


def test_catalogue_bounds_must_make_sense() -> None:
    toml = ladder_catalogue()
    toml["requirements"] = [
        {"id": "n", "kind": "number", "prompt": "How many?", "min": 5, "max": 2},
        {"id": "y", "kind": "yes_no", "prompt": "Yes?", "max": 1},
        {"id": "c", "kind": "number", "prompt": "How many?", "when_unmet": "no"},
    ]
    with pytest.raises(InvalidDocument) as caught:
        parse_catalogue(toml)
    messages = [f"{p.where}: {p.message}" for p in caught.value.problems]
    assert "requirements[0].max: is below min (5)" in messages
    assert "requirements[1]: only a number requirement has min and max" in messages
    assert "requirements[2].when_unmet: applies to yes_no requirements only" in messages


def test_json_of_a_parallel_catalogue_keeps_the_contract(
    tmp_path: Path, catalogues: dict[str, Catalogue]
) -> None:
    icmi = catalogues["icmi"]
    session = icmi_session(
        icmi, performance_assessment=True, years_operations_manager=2, years_strategic_leader=2
    )
    report = json.loads(json.dumps(json_report(subject_of(tmp_path, icmi, session))))
    assert report["highest_ready"] is None
    assert report["ready_for"] == [
        "operations-manager", "strategic-leader", "management-consultant",
    ]  # fmt: skip
    assert all(d["verified"] is False and d["note"] for d in report["designations"])


def test_catalogues_lists_parallel_designations_and_checklist_items(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["catalogues"]) == 0
    out = capsys.readouterr().out
    icmi = out[out.index("icmi:") :].split("\n\n")[0]
    assert "(parallel designations: none ranks above another)" in icmi
    assert "career-management" not in icmi
    assert "24 items in 7 areas" in out
    assert "(1 rule not confirmed by a source)" in out and "(1 rules" not in out
