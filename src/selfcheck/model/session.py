"""A candidate's session: ratings, evidence notes and requirement answers.

Sessions are immutable; every edit returns a new Session. Keys this version does not know
(from a newer release or written by hand) are carried in `extra` so a load/save round trip
keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from selfcheck.model.catalogue import Catalogue, Competency
from selfcheck.model.development import Activity, Plan, read_activities, read_plan
from selfcheck.model.evidence import EvidenceItem, read_items
from selfcheck.model.milestones import read_recorded, recorded_warnings
from selfcheck.model.problems import InvalidDocument, KeyPath, Problem, Reader, describe
from selfcheck.model.wording import out_of_bounds

if TYPE_CHECKING:  # forms import this module
    from selfcheck.model.feedback import RaterForm

SESSION_SCHEMA_VERSION = 1
#: Longest evidence note, rationale or comment accepted from the keyboard; longer text in a
#: file is kept whole (never lose words) but flagged.
MAX_NOTE = 20_000
MAX_NAME = 200

Answer = bool | int | float | str

_RATING_KEYS = ("level", "evidence", "not_applicable", "title", "rationale", "items")
#: Written beside each rating for people reading the file (the competency's title, the
#: level's label); refreshed on every save and ignored on load, like [summary].
INFORMATIONAL_RATING_KEYS = ("competency", "level_label")
_TOP_KEYS = (
    "schema_version", "catalogue", "candidate", "target", "created", "updated", "position",
    "ratings", "requirements", "summary", "plan", "activities", "milestones",
)  # fmt: skip
#: The development record's keys, written after the ratings (docs/development.md).
DEVELOPMENT_KEYS = ("plan", "milestones", "activities")


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as typed, made storable: Windows line endings become newlines, and lone surrogates
    (which no file can hold) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text.replace("\r\n", "\n"))


@dataclass(frozen=True)
class Rating:
    """One competency's self-rating."""

    #: A level on the catalogue's scale, or None while unrated.
    level: int | None = None
    #: The candidate's evidence note, kept exactly as written.
    evidence: str = ""
    #: Marked not applicable (only where the catalogue allows it).
    not_applicable: bool = False
    #: For a user-defined ("Other") competency: its name and why it is relevant.
    title: str = ""
    rationale: str = ""
    #: Keys this version does not know, kept for the round trip.
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: Dated, typed evidence (model/evidence.py), in the order written.
    items: tuple[EvidenceItem, ...] = ()

    @property
    def is_empty(self) -> bool:
        return (
            self.level is None
            and not self.evidence
            and not self.not_applicable
            and not self.title
            and not self.rationale
            and not self.extra
            and not self.items
        )

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.level is not None:
            out["level"] = self.level
        if self.not_applicable:
            out["not_applicable"] = True
        if self.title:
            out["title"] = self.title
        if self.rationale:
            out["rationale"] = self.rationale
        out["evidence"] = self.evidence
        out.update(self.extra)
        if self.items:  # written last: TOML puts arrays of tables after plain keys anyway
            out["items"] = [item.to_toml() for item in self.items]
        return out


@dataclass(frozen=True)
class Session:
    """Everything a candidate has written against one catalogue."""

    catalogue: str
    candidate: str
    ratings: Mapping[str, Rating] = field(default_factory=dict)
    requirements: Mapping[str, Answer] = field(default_factory=dict)
    #: The designation the candidate is aiming for, if they chose one.
    target: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    #: The competency last looked at, so the app resumes where the candidate left off.
    position: str | None = None
    #: Unknown top-level keys, kept for the round trip.
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: The schema version the file was written with (a newer one opens read-only).
    schema_version: int = SESSION_SCHEMA_VERSION
    #: The annual development plan, if one was started (model/development.py).
    plan: Plan | None = None
    #: The professional-development log, in the order written.
    activities: tuple[Activity, ...] = ()
    #: Dates recorded for the catalogue's milestones, by milestone id (model/milestones.py).
    milestones: Mapping[str, date] = field(default_factory=dict)
    #: Raters' forms from the feedback folder beside the session, where the catalogue
    #: computes a requirement from them. Attached on loading; never written into the file.
    feedback: tuple[RaterForm, ...] = field(default=(), compare=False, repr=False)

    def rating(self, competency_id: str) -> Rating:
        return self.ratings.get(competency_id) or Rating()

    def with_rating(self, competency_id: str, rating: Rating) -> Session:
        rating = replace(
            rating,
            evidence=clean_text(rating.evidence),
            title=clean_text(rating.title),
            rationale=clean_text(rating.rationale),
            items=tuple(
                replace(i, title=clean_text(i.title), link=clean_text(i.link),
                        note=clean_text(i.note))
                for i in rating.items
            ),
        )  # fmt: skip
        ratings = dict(self.ratings)
        if rating.is_empty:
            ratings.pop(competency_id, None)
        else:
            ratings[competency_id] = rating
        return replace(self, ratings=ratings)

    def with_level(self, competency_id: str, level: int | None) -> Session:
        current = self.rating(competency_id)
        return self.with_rating(competency_id, replace(current, level=level, not_applicable=False))

    def with_evidence(self, competency_id: str, evidence: str) -> Session:
        return self.with_rating(
            competency_id, replace(self.rating(competency_id), evidence=evidence)
        )

    def with_items(self, competency_id: str, items: tuple[EvidenceItem, ...]) -> Session:
        """The session with one competency's evidence items replaced."""
        return self.with_rating(competency_id, replace(self.rating(competency_id), items=items))

    def with_item(
        self, competency_id: str, item: EvidenceItem | None, index: int | None = None
    ) -> Session:
        """Add an item (`index` None), replace the one at `index`, or remove it (`item` None)."""
        items = list(self.rating(competency_id).items)
        if index is None:
            if item is not None:
                items.append(item)
        elif 0 <= index < len(items):
            if item is None:
                del items[index]
            else:
                items[index] = item
        return self.with_items(competency_id, tuple(items))

    def with_answer(self, requirement_id: str, answer: Answer | None) -> Session:
        answers = dict(self.requirements)
        if answer is None:
            answers.pop(requirement_id, None)
        else:
            answers[requirement_id] = clean_text(answer) if isinstance(answer, str) else answer
        return replace(self, requirements=answers)

    def with_candidate(self, name: str) -> Session:
        return replace(self, candidate=clean_text(name))

    def with_plan(self, plan: Plan | None) -> Session:
        """The session with its plan replaced (an empty plan is dropped)."""
        if plan is not None:
            plan = replace(
                plan,
                period=clean_text(plan.period),
                goals=tuple(
                    replace(g, goal=clean_text(g.goal), actions=clean_text(g.actions))
                    for g in plan.goals
                ),
            )
        return replace(self, plan=None if plan is None or plan.is_empty else plan)

    def with_activity(self, activity: Activity | None, index: int | None = None) -> Session:
        """Log an activity (`index` None), replace the one at `index`, or remove it (`activity`
        None)."""
        if activity is not None:
            activity = replace(
                activity, title=clean_text(activity.title),
                reflection=clean_text(activity.reflection),
            )  # fmt: skip
        activities = list(self.activities)
        if index is None:
            if activity is not None:
                activities.append(activity)
        elif 0 <= index < len(activities):
            if activity is None:
                del activities[index]
            else:
                activities[index] = activity
        return replace(self, activities=tuple(activities))

    def with_milestone(self, milestone_id: str, day: date | None) -> Session:
        recorded = dict(self.milestones)
        if day is None:
            recorded.pop(milestone_id, None)
        else:
            recorded[milestone_id] = day
        return replace(self, milestones=recorded)

    def with_target(self, designation_id: str | None) -> Session:
        return replace(self, target=designation_id)

    def with_position(self, competency_id: str | None) -> Session:
        return replace(self, position=competency_id)

    def touched(self, now: datetime) -> Session:
        """Stamp the time of this change (and of creation, the first time)."""
        return replace(self, updated=now, created=self.created or now)

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> Session:
        """Read a decoded session document, or raise with every problem found.

        Only the shape is checked here; `check_against` compares with a catalogue.
        """
        problems: list[Problem] = []
        r = Reader(problems)
        version = r.integer(data, "schema_version", (), required=False, default=0)
        ratings: dict[str, Rating] = {}
        raw_ratings = r.table(data.get("ratings", {}), ("ratings",)) or {}
        for cid, raw in raw_ratings.items():
            path = ("ratings", cid)
            table = r.table(raw, path)
            if table is None:
                continue
            level = table.get("level")
            if level is not None and type(level) is not int:
                r.report((*path, "level"), f"expected a whole number, found {describe(level)}")
                level = None
            ratings[cid] = Rating(
                level=level,
                evidence=r.string(table, "evidence", path, required=False, max_length=10**9),
                not_applicable=r.boolean(table, "not_applicable", path),
                title=r.string(table, "title", path, required=False, max_length=10**9),
                rationale=r.string(table, "rationale", path, required=False, max_length=10**9),
                extra={
                    k: v
                    for k, v in table.items()
                    if k not in _RATING_KEYS and k not in INFORMATIONAL_RATING_KEYS
                },
                items=read_items(r, table, path),
            )
        answers: dict[str, Answer] = {}
        raw_answers = r.table(data.get("requirements", {}), ("requirements",)) or {}
        for rid, value in raw_answers.items():
            if type(value) not in (bool, int, float, str):
                r.report(("requirements", rid), f"expected an answer, found {describe(value)}")
                continue
            answers[rid] = value
        session = cls(
            catalogue=r.string(data, "catalogue", (), max_length=200),
            candidate=r.string(data, "candidate", (), required=False, max_length=10**6),
            ratings=ratings,
            requirements=answers,
            target=r.string(data, "target", (), required=False) or None,
            created=_datetime(r, data, "created"),
            updated=_datetime(r, data, "updated"),
            position=r.string(data, "position", (), required=False) or None,
            extra={k: v for k, v in data.items() if k not in _TOP_KEYS},
            schema_version=version,
            plan=read_plan(r, data),
            activities=read_activities(r, data),
            milestones=read_recorded(r, data),
        )
        if problems:
            raise InvalidDocument(problems)
        return session

    def to_toml(self) -> dict[str, Any]:
        """The document to write, without the derived [summary] (storage adds it)."""
        out: dict[str, Any] = {
            "schema_version": max(self.schema_version, SESSION_SCHEMA_VERSION),
            "catalogue": self.catalogue,
            "candidate": self.candidate,
        }
        if self.target:
            out["target"] = self.target
        if self.created:
            out["created"] = self.created
        if self.updated:
            out["updated"] = self.updated
        if self.position:
            out["position"] = self.position
        out.update(self.extra)
        out["requirements"] = dict(self.requirements)
        out["ratings"] = {cid: rating.to_toml() for cid, rating in self.ratings.items()}
        # Only a session that has a record writes one: older files keep their exact bytes.
        if self.plan is not None:
            out["plan"] = self.plan.to_toml()
        if self.milestones:
            out["milestones"] = dict(self.milestones)
        if self.activities:
            out["activities"] = [a.to_toml() for a in self.activities]
        return out


def _datetime(r: Reader, data: dict[str, Any], key: str) -> datetime | None:
    value = data.get(key)
    if value is None:
        return None
    if type(value) is not datetime or value.tzinfo is None:
        r.report((key,), f"expected a date and time with a UTC offset, found {describe(value)}")
        return None
    return value


def check_against(session: Session, catalogue: Catalogue) -> tuple[list[Problem], list[Problem]]:
    """Compare a session with its catalogue: (errors that stop use, warnings that do not).

    Unknown competency and requirement ids are warnings: the catalogue may have moved on, and
    the candidate's words are kept rather than dropped.
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    if session.catalogue != catalogue.id:
        errors.append(Problem(("catalogue",), f"is {session.catalogue!r}, not {catalogue.id!r}"))
    if session.target and catalogue.designation(session.target) is None:
        warnings.append(Problem(("target",), f"no designation {session.target!r} in the catalogue"))
    for cid, rating in session.ratings.items():
        path = ("ratings", cid)
        competency = catalogue.competency(cid)
        if competency is None:
            warnings.append(Problem(path, "no such competency in the catalogue; kept as written"))
            continue
        if rating.level is not None and rating.level not in catalogue.scale.values:
            values = ", ".join(str(v) for v in catalogue.scale.values)
            errors.append(
                Problem((*path, "level"), f"{rating.level} is not on the scale ({values})")
            )
        if rating.not_applicable and not competency.not_applicable_allowed:
            errors.append(Problem((*path, "not_applicable"), "this competency cannot be N/A"))
        for name in ("evidence", "rationale"):
            text = getattr(rating, name)
            if len(text) > MAX_NOTE:
                warnings.append(
                    Problem((*path, name), f"{len(text):,} characters, over the {MAX_NOTE:,} limit")
                )
        warnings.extend(_item_warnings(rating, catalogue, path))
    warnings.extend(_development_warnings(session, catalogue))
    warnings.extend(recorded_warnings(session.milestones, catalogue.milestones))
    for rid, answer in session.requirements.items():
        requirement = catalogue.requirement(rid)
        path = ("requirements", rid)
        if requirement is None:
            warnings.append(Problem(path, "no such requirement in the catalogue; kept as written"))
        elif requirement.kind == "yes_no" and type(answer) is not bool:
            errors.append(Problem(path, f"expected true or false, found {describe(answer)}"))
        elif requirement.kind == "number" and type(answer) not in (int, float):
            errors.append(Problem(path, f"expected a number, found {describe(answer)}"))
        elif isinstance(answer, int | float) and (outside := out_of_bounds(requirement, answer)):
            # A number outside the catalogue's min/max (-1 years, 999 years) is a typing slip
            # more often than a fact: keep it, say so, and count it as not answered.
            warnings.append(Problem(path, f"{answer} is {outside}; kept, but not counted"))
        elif requirement.kind == "choice" and (
            type(answer) is not str or requirement.choice(answer) is None
        ):
            ids = ", ".join(c.id for c in requirement.choices)
            errors.append(Problem(path, f"expected one of {ids}, found {describe(answer)}"))
    return errors, warnings


def _item_warnings(rating: Rating, catalogue: Catalogue, path: KeyPath) -> list[Problem]:
    """Items kept as written that will not count whatever the day: an unknown method."""
    out = []
    known = ", ".join(m.id for m in catalogue.evidence.methods) or "none"
    for i, item in enumerate(rating.items):
        if catalogue.evidence.method(item.method) is None:
            out.append(
                Problem(
                    (*path, "items", i, "method"),
                    f"{item.method!r} is not one of this catalogue's methods ({known}); "
                    "kept, but it does not count",
                )
            )
    return out


def _development_warnings(session: Session, catalogue: Catalogue) -> list[Problem]:
    """Plan goals and activities that name a competency the catalogue does not have."""
    out = []
    goals = session.plan.goals if session.plan else ()
    named: list[tuple[KeyPath, tuple[str, ...]]] = [
        (("plan", "goals", i, "competencies"), g.competencies) for i, g in enumerate(goals)
    ]
    named += [
        (("activities", i, "competencies"), a.competencies)
        for i, a in enumerate(session.activities)
    ]
    for path, ids in named:
        unknown = [cid for cid in ids if catalogue.competency(cid) is None]
        if unknown:
            listed = ", ".join(repr(cid) for cid in unknown)
            out.append(Problem(path, f"no competency {listed} in the catalogue; kept as written"))
    return out


def display_title(competency: Competency, rating: Rating) -> str:
    """How a competency is named wherever it is shown: a user-defined ("Other") one by the
    title the candidate gave it, once there is one."""
    if competency.user_defined and rating.title.strip():
        return rating.title.strip()
    return competency.title


def new_session(catalogue: Catalogue, candidate: str, target: str | None = None) -> Session:
    return Session(catalogue=catalogue.id, candidate=clean_text(candidate), target=target)
