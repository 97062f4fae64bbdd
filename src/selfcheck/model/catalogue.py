"""A competency catalogue: scale, areas, competencies, requirements and designations.

Frozen types only; `model/catalogue_parser.py` builds them from a decoded TOML document. The
file format is documented in docs/catalogue-format.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from selfcheck.model.development import (
    ActivitySum,
    PlanGoals,
)
from selfcheck.model.evidence import EvidencePolicy
from selfcheck.model.feedback_groups import FeedbackGroup
from selfcheck.model.feedback_summary import FeedbackRequirement
from selfcheck.model.milestones import Milestone

CATALOGUE_SCHEMA_VERSION = 1

# Limits that keep a hostile or mistaken file from freezing the app while it is parsed and
# drawn. Generous enough for a generated 5,000-competency catalogue.
MAX_COMPETENCIES = 10_000
MAX_LEVELS = 11
MAX_TITLE = 200
MAX_STATEMENT = 2_000
MAX_DESCRIPTION = 5_000

RuleKind = Literal["all", "at_least", "list", "evidence"]
RequirementKind = Literal["yes_no", "number", "choice"]


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    meaning: str


@dataclass(frozen=True)
class Scale:
    """How competencies are rated, and from which level one counts as demonstrated."""

    levels: tuple[Level, ...]
    demonstrated_from: int
    evidence_required: bool
    allow_not_applicable: bool

    def level(self, value: int) -> Level | None:
        return next((lv for lv in self.levels if lv.value == value), None)

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(lv.value for lv in self.levels)


@dataclass(frozen=True)
class Competency:
    id: str
    title: str
    statement: str
    area: str
    references: tuple[str, ...] = ()
    #: The candidate names this competency and explains why it is relevant ("Other").
    user_defined: bool = False
    #: May be marked not applicable (the scale's setting, or this competency's own).
    not_applicable_allowed: bool = False
    help: str = ""
    #: What rating it is for when no designation's rule uses it ("guides your development
    #: plan"): its own, or its area's.
    purpose: str = ""


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    description: str
    competencies: tuple[Competency, ...]
    #: Codes or identifiers of this area elsewhere (a CASE framework's item, for example).
    references: tuple[str, ...] = ()
    #: What rating these competencies is for when no rule uses them (see Competency.purpose).
    purpose: str = ""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class Requirement:
    """Something asked once per session that is not self-rated: yes/no, a number, a choice."""

    id: str
    kind: RequirementKind
    prompt: str
    #: A short name for gap messages ("Years of experience"); the prompt when not given.
    title: str = ""
    help: str = ""
    unit: str = ""
    #: The unit for exactly one ("year" beside "years"); the unit itself when not given.
    unit_one: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Choice, ...] = ()
    verified: bool = True
    #: What the candidate can do next, added to every gap this requirement leaves.
    next_step: str = ""
    #: For yes/no: what a gap says when the answer is not the one needed ("not started").
    when_unmet: str = ""
    #: A number computed from the session's activity log (`from_activities`).
    from_activities: ActivitySum | None = None
    #: A yes/no computed from the session's plan (`from_plan`).
    from_plan: PlanGoals | None = None
    #: A yes/no computed from the raters' forms beside the session (`from_feedback`).
    from_feedback: FeedbackRequirement | None = None

    @property
    def computed(self) -> bool:
        """The value comes from the session's record when it has one; a typed answer is used
        (and marked self-reported) otherwise."""
        return (
            self.from_activities is not None
            or self.from_plan is not None
            or self.from_feedback is not None
        )

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def label(self) -> str:
        return self.title or self.prompt


@dataclass(frozen=True)
class Rule:
    """A condition over demonstrated competencies, or (kind "evidence") over the portfolio:
    at least `count` evidence items of one of `methods`."""

    kind: RuleKind
    #: Its own name in gap messages, where the area's title would not tell rules apart.
    title: str = ""
    area: str | None = None
    count: int | None = None
    competencies: tuple[str, ...] = ()
    verified: bool = True
    note: str = ""
    #: For an "evidence" rule: the method ids an item may have to count.
    methods: tuple[str, ...] = ()
    #: For an "evidence" rule: what one such item is called in messages ("case study").
    name: str = ""


@dataclass(frozen=True)
class Condition:
    """What a designation needs from one requirement's answer.

    A threshold (`at_least`, `more_than`) is a number, or, with `depends_on`, a number per
    choice of another requirement (experience years by education level).
    """

    requirement: str
    equals: bool | None = None
    one_of: tuple[str, ...] = ()
    at_least: float | None = None
    more_than: float | None = None
    depends_on: str | None = None
    at_least_by: dict[str, float] = field(default_factory=dict)
    more_than_by: dict[str, float] = field(default_factory=dict)
    verified: bool = True
    note: str = ""


@dataclass(frozen=True)
class Designation:
    id: str
    title: str
    rank: int
    description: str
    rules: tuple[Rule, ...]
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Source:
    title: str
    ref: str
    note: str = ""


@dataclass(frozen=True)
class Catalogue:
    id: str
    title: str
    issuer: str
    version: str
    description: str
    scale: Scale
    areas: tuple[Area, ...]
    requirements: tuple[Requirement, ...]
    designations: tuple[Designation, ...]  # in rank order, lowest first
    sources: tuple[Source, ...] = ()
    #: Validation methods, the evidence window and the coach's settings (`[evidence]`).
    evidence: EvidencePolicy = field(default_factory=EvidencePolicy)
    #: "person" rates a candidate; "organisation" checks a service against guidelines.
    subject: str = "person"
    #: Designations that rank above one another, each ladder lowest first. Designations in no
    #: ladder are parallel: none is "higher". Without `[[ladders]]` in the file, all the
    #: designations form one ladder in rank order.
    ladders: tuple[tuple[str, ...], ...] = ()
    #: Rater groups for multi-rater feedback (empty: the defaults apply).
    feedback_groups: tuple[FeedbackGroup, ...] = ()
    #: Dated steps the candidate records, with due dates in business days (`[[milestones]]`).
    milestones: tuple[Milestone, ...] = ()

    @property
    def recency_years(self) -> int | None:
        """Evidence must come from this many past years, where the issuer says so."""
        return self.evidence.recency_years

    @property
    def competencies(self) -> Iterator[Competency]:
        for area in self.areas:
            yield from area.competencies

    @cached_property
    def _index(self) -> dict[str, Competency]:
        return {c.id: c for c in self.competencies}

    @property
    def competency_count(self) -> int:
        return len(self._index)

    def competency(self, competency_id: str) -> Competency | None:
        return self._index.get(competency_id)

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)

    @cached_property
    def _requirements_by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.requirements}

    def requirement(self, requirement_id: str) -> Requirement | None:
        return self._requirements_by_id.get(requirement_id)

    def designation(self, designation_id: str) -> Designation | None:
        return next((d for d in self.designations if d.id == designation_id), None)

    def rule_competencies(self, rule: Rule) -> tuple[Competency, ...]:
        """The competencies a rule counts over (none for a portfolio rule)."""
        if rule.kind == "evidence":
            return ()
        if rule.kind == "list":
            return tuple(c for cid in rule.competencies if (c := self.competency(cid)))
        if rule.area is None:
            return tuple(self.competencies)
        area = self.area(rule.area)
        return area.competencies if area else ()

    @cached_property
    def counted_ids(self) -> frozenset[str]:
        """Competencies some designation's rule looks at: the only ones a verdict counts."""
        return frozenset(
            c.id
            for d in self.designations
            for rule in d.rules
            for c in self.rule_competencies(rule)
        )

    def ladder_of(self, designation_id: str) -> tuple[str, ...] | None:
        return next((ladder for ladder in self.ladders if designation_id in ladder), None)

    def designation_competencies(self, designation: Designation) -> tuple[Competency, ...]:
        """Every competency any of the designation's rules looks at, in catalogue order."""
        wanted = {c.id for rule in designation.rules for c in self.rule_competencies(rule)}
        return tuple(c for c in self.competencies if c.id in wanted)
