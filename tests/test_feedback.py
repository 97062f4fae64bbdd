"""Multi-rater feedback in the model: thresholds at their boundary, self never averaged, forms
checked against their session, and the rater count a `from_feedback` requirement uses."""

from __future__ import annotations

from datetime import date

import pytest

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.feedback import (
    RaterAnswer,
    RaterForm,
    check_form,
    groups_of,
)
from selfcheck.model.feedback_groups import DEFAULT_GROUPS, parse_groups
from selfcheck.model.feedback_summary import (
    CompetencyFeedback,
    FeedbackRequirement,
    FeedbackSummary,
    count_raters,
    feedback_answer,
    read_feedback_requirement,
    summarise,
)
from selfcheck.model.problems import Problem, Reader
from selfcheck.model.session import Rating


@pytest.fixture(scope="module")
def icma(catalogues: dict[str, Catalogue]) -> Catalogue:
    return catalogues["icma"]


def form(
    group: str,
    levels: dict[str, int],
    *,
    comment: str = "",
    rater: str = "",
    submitted: date | None = date(2026, 11, 1),
) -> RaterForm:
    answers = {cid: RaterAnswer(level, comment) for cid, level in levels.items()}
    return RaterForm("icma", "Sam Lee", group, rater, submitted, answers)


def summary(
    icma: Catalogue, forms: list[RaterForm], self_levels: dict[str, int]
) -> FeedbackSummary:
    ratings = {cid: Rating(level=level) for cid, level in self_levels.items()}
    return summarise(icma, groups_of(icma), ratings, forms)


def about(found: FeedbackSummary, cid: str) -> CompetencyFeedback:
    return next(c for c in found.competencies if c.competency.id == cid)


def test_defaults_follow_the_anonymity_thresholds(icma: Catalogue) -> None:
    assert groups_of(icma) == DEFAULT_GROUPS
    by_id = {g.id: g for g in DEFAULT_GROUPS}
    assert (by_id["supervisor"].min_raters, by_id["supervisor"].anonymous) == (1, False)
    assert by_id["peer"].min_raters == by_id["direct_report"].min_raters == 3
    assert all(g.anonymous for g in DEFAULT_GROUPS if g.id != "supervisor")


def test_two_peers_are_withheld_three_are_shown(icma: Catalogue) -> None:
    two = summary(icma, [form("peer", {"4": 2}), form("peer", {"4": 3})], {"4": 3})
    assert [w.reason for w in two.withheld] == [
        "peers: 2 raters, at least 3 are needed to keep them anonymous"
    ]
    peers = about(two, "4").groups[1]
    assert (peers.n, peers.mean, peers.shown) == (2, None, False)
    three = summary(icma, [form("peer", {"4": lv}) for lv in (2, 3, 3)], {"4": 3})
    peers = about(three, "4").groups[1]
    assert (peers.n, peers.mean, peers.shown) == (3, 2.67, True)
    assert not three.withheld


def test_others_mean_needs_four_raters(icma: Catalogue) -> None:
    three = [form("supervisor", {"4": 4}, rater="Pat")] + [form("peer", {"4": 2}) for _ in "ab"]
    # Two peers are withheld, and not folded into the others' mean either.
    found = summary(icma, three, {"4": 3})
    assert about(found, "4").others_n == 1
    assert about(found, "4").others_mean is None
    assert "at least 4" in found.others_note
    three_peers = [form("peer", {"4": lv}) for lv in (2, 3, 3)]
    found = summary(icma, three_peers, {"4": 3})
    assert (about(found, "4").others_n, about(found, "4").others_mean) == (3, None)
    four = [*three_peers, form("supervisor", {"4": 4}, rater="Pat")]
    found = summary(icma, four, {"4": 3})
    assert (about(found, "4").others_n, about(found, "4").others_mean) == (4, 3.0)
    assert found.others_note == ""


def test_self_is_never_averaged(icma: Catalogue) -> None:
    raters = [form("peer", {"1": 1}) for _ in range(4)]
    low = about(summary(icma, raters, {"1": 0}), "1")
    high = about(summary(icma, raters, {"1": 4}), "1")
    assert low.others_mean == high.others_mean == 1.0
    assert (low.self_minus_others, high.self_minus_others) == (-1.0, 3.0)
    assert all(g.mean in (None, 1.0) for g in high.groups)


def test_blind_spots_and_hidden_strengths(icma: Catalogue) -> None:
    raters = [form("peer", {"1": 1, "2": 4, "3": 3}) for _ in range(4)]
    found = summary(icma, raters, {"1": 4, "2": 2, "3": 3})
    assert [c.competency.id for c in found.blind_spots()] == ["1"]
    assert [c.competency.id for c in found.hidden_strengths()] == ["2"]


def test_withheld_comments_and_anonymous_names_are_left_out(icma: Catalogue) -> None:
    forms = [
        form("supervisor", {"4": 4}, comment="Strong coach.", rater="Pat Boss"),
        *(form("peer", {"4": 3}, comment=f"peer note {i}", rater=f"Peer {i}") for i in range(3)),
        *(form("direct_report", {"4": 2}, comment="SECRET", rater="Dee") for _ in range(2)),
    ]
    comments = about(summary(icma, forms, {"4": 3}), "4").comments
    assert [(c.group.id, c.rater, c.text) for c in comments] == [
        ("supervisor", "Pat Boss", "Strong coach."),
        ("peer", "", "peer note 0"),
        ("peer", "", "peer note 1"),
        ("peer", "", "peer note 2"),
    ]


def test_blank_forms_are_not_raters(icma: Catalogue) -> None:
    forms = [form("peer", {"4": 3}), form("peer", {"4": 3}), form("peer", {})]
    found = summary(icma, forms, {})
    assert found.raters["peer"] == 2
    assert found.withheld


def test_a_group_shown_overall_hides_a_competency_too_few_rated(icma: Catalogue) -> None:
    forms = [form("peer", {"4": 3, "5": 2}), form("peer", {"4": 3, "5": 2}), form("peer", {"4": 1})]
    peers5 = about(summary(icma, forms, {}), "5").groups[1]
    assert (peers5.n, peers5.shown) == (2, False)


def where(problems: list[Problem]) -> list[str]:
    return [p.where for p in problems]


def test_check_form_names_each_mismatch(icma: Catalogue) -> None:
    bad = RaterForm("icmi", "Someone Else", "boss", ratings={"4": RaterAnswer(9)})
    errors, _ = check_form(bad, icma, "Sam Lee", groups_of(icma))
    assert where(errors) == ["catalogue", "candidate", "group"]
    off = RaterForm(
        "icma", "  sam   LEE ", "peer", ratings={"4": RaterAnswer(9), "99": RaterAnswer(1)}
    )
    errors, warnings = check_form(off, icma, "Sam Lee", groups_of(icma))
    assert where(errors) == ["ratings.4.level"]
    assert "0, 1, 2, 3, 4" in errors[0].message
    assert where(warnings) == ["ratings.99"]


def test_form_round_trip_keeps_unknown_keys() -> None:
    data = {
        "schema_version": 1, "kind": "feedback", "catalogue": "icma", "candidate": "Sam Lee",
        "group": "peer", "submitted": date(2026, 11, 30), "tool": "paper",
        "ratings": {"4": {"level": 3, "comment": "Good."}, "5": {"comment": "Unsure."}},
    }  # fmt: skip
    assert RaterForm.from_toml(data).to_toml() == data


def test_newer_forms_are_refused() -> None:
    data = {"schema_version": 2, "kind": "feedback", "catalogue": "icma", "candidate": "S",
            "group": "peer"}  # fmt: skip
    with pytest.raises(Exception, match="newer selfcheck"):
        RaterForm.from_toml(data)


def test_catalogue_groups_are_checked() -> None:
    problems: list[Problem] = []
    reader = Reader(problems)
    groups = parse_groups(
        reader,
        {"feedback": {"groups": [
            {"id": "council", "label": "Council members", "min_raters": 2},
            {"id": "council", "label": "Again", "min_raters": 0, "colour": "red"},
        ]}},
        reader.string,
    )  # fmt: skip
    assert groups[0].anonymous and groups[0].min_raters == 2
    assert where(problems) == ["feedback.groups[1].colour", "feedback.groups[1].id",
                               "feedback.groups[1].min_raters"]  # fmt: skip


def test_raters_counted_for_a_requirement() -> None:
    spec = FeedbackRequirement(raters_at_least=4, within_years=5)
    today = date(2026, 12, 1)
    forms = [
        form("peer", {"1": 3}, submitted=date(2021, 12, 1)),  # the window's first day
        form("peer", {"1": 3}, submitted=date(2021, 11, 30)),  # one day too old
        form("peer", {"1": 3}, submitted=None),
        form("peer", {}, submitted=date(2026, 1, 1)),  # blank: not a rater
        form("supervisor", {"1": 3}, submitted=today),
    ]
    count = count_raters(forms, spec, today)
    assert (count.recent, count.older, count.undated) == (2, 1, 1)
    assert count.caveat == (
        "not counted: 1 form without a submitted date; 1 form submitted before the window"
    )


def test_from_feedback_is_read_and_answered() -> None:
    problems: list[Problem] = []
    reader = Reader(problems)
    path = ("requirements", 0)
    spec = read_feedback_requirement(
        reader, {"from_feedback": {"raters_at_least": 4, "within_years": 5}}, path, "yes_no"
    )
    assert spec == FeedbackRequirement(4, 5) and not problems
    read_feedback_requirement(
        reader, {"from_feedback": {"raters_at_least": 0, "since": 1}}, path, "number"
    )
    assert where(problems) == [
        "requirements[0].from_feedback.since",
        "requirements[0].from_feedback",
        "requirements[0].from_feedback.raters_at_least",
    ]
    today = date(2026, 12, 1)
    three = [form("peer", {"1": 3}) for _ in range(3)]
    answer = feedback_answer(spec, three, today)
    assert not answer.met
    assert answer.detail == "3 raters in the last 5 years (from your feedback forms)"
    assert answer.need == "at least 4 raters"
    assert feedback_answer(spec, [*three, form("supervisor", {"1": 2})], today).met
    undated = feedback_answer(spec, [*three, form("other", {"1": 2}, submitted=None)], today)
    assert not undated.met and "without a submitted date" in undated.caveat
