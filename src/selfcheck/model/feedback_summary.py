"""What raters' forms add up to, competency by competency, against the candidate's own rating.

Anonymity comes first: a group with fewer raters than its `min_raters` is withheld entirely (no
mean, no comments, not folded into "all others"), and the mean of all other raters needs at
least `ALL_OTHERS_AT_LEAST` of them. The candidate's own rating is never part of any mean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from selfcheck.model.feedback_groups import ALL_OTHERS_AT_LEAST, FeedbackGroup
from selfcheck.model.problems import KeyPath, Reader

if TYPE_CHECKING:  # types only: the catalogue reads `from_feedback` with this module
    from selfcheck.model.catalogue import Catalogue, Competency
    from selfcheck.model.feedback import RaterForm
    from selfcheck.model.session import Rating

#: Self and others this far apart (in scale points) is worth naming as a blind spot or a hidden
#: strength.
NOTABLE_GAP = 1.0
#: How many blind spots and hidden strengths a summary names.
GAPS_NAMED = 5
#: ICMA's tools take a supervisor and up to 25 others; a requirement asks for no more than this.
MAX_RATERS_NEEDED = 200


@dataclass(frozen=True)
class GroupScore:
    """One group's ratings of one competency. `mean` is None where withheld."""

    group: FeedbackGroup
    n: int
    mean: float | None

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class Comment:
    group: FeedbackGroup
    text: str
    #: The rater's name, only where the group is not anonymous.
    rater: str = ""


@dataclass(frozen=True)
class CompetencyFeedback:
    competency: Competency
    #: The candidate's own level (None: not rated, or not applicable). Never in any mean.
    self_level: int | None
    groups: tuple[GroupScore, ...]
    #: How many raters in groups that are shown rated it, and their mean (None below the
    #: all-others threshold).
    others_n: int
    others_mean: float | None
    comments: tuple[Comment, ...]

    @property
    def self_minus_others(self) -> float | None:
        if self.self_level is None or self.others_mean is None:
            return None
        return round(self.self_level - self.others_mean, 2)


@dataclass(frozen=True)
class Withheld:
    """A group with raters, but too few to show: why, in words."""

    group: FeedbackGroup
    raters: int

    @property
    def reason(self) -> str:
        need = self.group.min_raters
        why = " to keep them anonymous" if self.group.anonymous else ""
        raters = f"{self.raters} rater{'s' if self.raters != 1 else ''}"
        return f"{self.group.label.lower()}: {raters}, at least {need} are needed{why}"


@dataclass(frozen=True)
class FeedbackSummary:
    groups: tuple[FeedbackGroup, ...]
    #: Raters (forms with at least one level) per group id.
    raters: Mapping[str, int]
    #: The named rater of each non-anonymous group that is shown.
    named: Mapping[str, tuple[str, ...]]
    competencies: tuple[CompetencyFeedback, ...]
    withheld: tuple[Withheld, ...]

    @property
    def shown_groups(self) -> tuple[FeedbackGroup, ...]:
        hidden = {w.group.id for w in self.withheld}
        return tuple(g for g in self.groups if self.raters.get(g.id) and g.id not in hidden)

    @property
    def others_raters(self) -> int:
        """Raters whose ratings count towards the others' mean."""
        return sum(self.raters.get(g.id, 0) for g in self.shown_groups)

    @property
    def others_note(self) -> str:
        """Why no others' mean is shown at all, or ""."""
        if self.others_raters >= ALL_OTHERS_AT_LEAST:
            return ""
        return (
            f"all others together: {self.others_raters} rater"
            f"{'s' if self.others_raters != 1 else ''} in groups that can be shown, at least "
            f"{ALL_OTHERS_AT_LEAST} are needed to show their mean"
        )

    def blind_spots(self) -> list[CompetencyFeedback]:
        """Self rated well above others, largest gap first."""
        found = [c for c in self.competencies if (c.self_minus_others or 0) >= NOTABLE_GAP]
        found.sort(key=lambda c: -(c.self_minus_others or 0))
        return found[:GAPS_NAMED]

    def hidden_strengths(self) -> list[CompetencyFeedback]:
        """Others rated well above self, largest gap first."""
        found = [c for c in self.competencies if (c.self_minus_others or 0) <= -NOTABLE_GAP]
        found.sort(key=lambda c: c.self_minus_others or 0)
        return found[:GAPS_NAMED]


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 2)


def summarise(
    catalogue: Catalogue,
    groups: Sequence[FeedbackGroup],
    self_ratings: Mapping[str, Rating],
    forms: Sequence[RaterForm],
) -> FeedbackSummary:
    """Every competency's feedback. Forms must already be checked against the session (their
    groups known, their levels on the scale); blank forms are not raters."""
    raters_forms = [f for f in forms if f.has_ratings]
    by_group: dict[str, list[RaterForm]] = {g.id: [] for g in groups}
    for form in raters_forms:
        by_group.setdefault(form.group, []).append(form)
    withheld = tuple(
        Withheld(g, len(by_group[g.id])) for g in groups if 0 < len(by_group[g.id]) < g.min_raters
    )
    hidden = {w.group.id for w in withheld}
    shown = [g for g in groups if g.id not in hidden and by_group[g.id]]
    named = {
        g.id: tuple(sorted({f.rater for f in by_group[g.id] if f.rater.strip()}))
        for g in shown
        if not g.anonymous
    }
    # Each form is read once: levels and comments gathered by (group, competency).
    levels: dict[tuple[str, str], list[int]] = {}
    said: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for group in groups:
        for form in by_group[group.id]:
            for cid, answer in form.ratings.items():
                key = (group.id, cid)
                if answer.level is not None:
                    levels.setdefault(key, []).append(answer.level)
                if group.id not in hidden and (text := answer.comment.strip()):
                    said.setdefault(key, []).append((form.rater, text))
    out = []
    for competency in catalogue.competencies:
        cid = competency.id
        scores: list[GroupScore] = []
        others: list[int] = []
        comments: list[Comment] = []
        for group in groups:
            found = levels.get((group.id, cid), [])
            if group.id in hidden:
                scores.append(GroupScore(group, len(found), None))
                continue
            enough = len(found) >= group.min_raters
            scores.append(GroupScore(group, len(found), _mean(found) if enough else None))
            others.extend(found)
            # Sorted by text, not by file: the order of files must not tell who wrote what.
            for rater, text in sorted(said.get((group.id, cid), ()), key=lambda item: item[1]):
                comments.append(Comment(group, text, "" if group.anonymous else rater))
        own = self_ratings.get(cid)
        self_level = own.level if own and not own.not_applicable else None
        others_mean = _mean(others) if len(others) >= ALL_OTHERS_AT_LEAST else None
        out.append(
            CompetencyFeedback(
                competency, self_level, tuple(scores), len(others), others_mean, tuple(comments)
            )
        )
    raters = {g.id: len(by_group[g.id]) for g in groups}
    return FeedbackSummary(tuple(groups), raters, named, tuple(out), withheld)


# --- a requirement computed from feedback ---------------------------------------------------


@dataclass(frozen=True)
class FeedbackRequirement:
    """`from_feedback = { raters_at_least = 4, within_years = 5 }`: a multi-rater assessment
    with enough raters, recent enough."""

    raters_at_least: int
    within_years: int | None = None


@dataclass(frozen=True)
class RaterCount:
    #: Raters (forms with ratings) submitted within the window.
    recent: int
    #: Forms with ratings but no submission date: not counted, since nothing dates them.
    undated: int
    #: Forms submitted before the window.
    older: int

    @property
    def caveat(self) -> str:
        """What was left out and why ("not counted: 1 form without a submitted date")."""
        parts = []
        if self.undated:
            parts.append(f"{_forms(self.undated)} without a submitted date")
        if self.older:
            parts.append(f"{_forms(self.older)} submitted before the window")
        return "not counted: " + "; ".join(parts) if parts else ""


def _forms(n: int) -> str:
    return f"{n} form{'s' if n != 1 else ''}"


def count_raters(forms: Sequence[RaterForm], spec: FeedbackRequirement, today: date) -> RaterCount:
    """How many raters count towards a `from_feedback` requirement on `today`."""
    start = None
    if spec.within_years is not None:
        try:
            start = today.replace(year=today.year - spec.within_years)
        except ValueError:  # 29 February in a year that has none
            start = today.replace(year=today.year - spec.within_years, day=28)
    recent = undated = older = 0
    for form in forms:
        if not form.has_ratings:
            continue
        if form.submitted is None:
            undated += 1
        elif start is not None and form.submitted < start:
            older += 1
        elif form.submitted <= today:  # a date still to come is not a submission yet
            recent += 1
    return RaterCount(recent, undated, older)


def read_feedback_requirement(
    r: Reader, q: dict[str, Any], path: KeyPath, kind: str
) -> FeedbackRequirement | None:
    """A requirement's `from_feedback` table, if it has one."""
    if "from_feedback" not in q:
        return None
    where: KeyPath = (*path, "from_feedback")
    raw = r.table(q["from_feedback"], where) or {}
    r.unknown(raw, {"raters_at_least", "within_years"}, where)
    if kind != "yes_no":
        r.report(where, "only a yes/no requirement can be computed from feedback")
    raters = r.integer(raw, "raters_at_least", where, required=False, default=1)
    if not 1 <= raters <= MAX_RATERS_NEEDED:
        r.report((*where, "raters_at_least"), f"must be from 1 to {MAX_RATERS_NEEDED}")
        raters = 1
    years = r.integer(raw, "within_years", where, required=False, default=0)
    if not 0 <= years <= 100:
        r.report((*where, "within_years"), "must be a number of years from 1 to 100")
        years = 0
    return FeedbackRequirement(raters, years or None)


@dataclass(frozen=True)
class FeedbackAnswer:
    """What a `from_feedback` requirement finds in the forms: yes or no, and how it was
    reached, in phrases a gap message uses."""

    met: bool
    #: "3 raters in the last 5 years (from your feedback forms)"
    detail: str
    #: "at least 4 raters"
    need: str
    #: "not counted: 1 form without a submitted date"
    caveat: str


def feedback_answer(
    spec: FeedbackRequirement, forms: Sequence[RaterForm], today: date
) -> FeedbackAnswer:
    count = count_raters(forms, spec, today)
    window = f" in the last {spec.within_years} years" if spec.within_years else ""
    raters = f"{count.recent} rater{'s' if count.recent != 1 else ''}"
    need = f"at least {spec.raters_at_least} rater{'s' if spec.raters_at_least != 1 else ''}"
    return FeedbackAnswer(
        count.recent >= spec.raters_at_least,
        f"{raters}{window} (from your feedback forms)",
        need,
        count.caveat,
    )
