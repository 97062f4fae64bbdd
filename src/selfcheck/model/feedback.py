"""Multi-rater ("360") feedback: rater groups, and the form one rater fills in.

Each rater's answers are one form (`NAME.feedback/*.toml` beside the session). A form is read
for its shape by `RaterForm.from_toml`, then compared with the session it belongs to by
`check_form`. What the forms add up to is in `model.feedback_summary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from selfcheck.model.feedback_groups import DEFAULT_GROUPS, FeedbackGroup
from selfcheck.model.problems import InvalidDocument, KeyPath, Problem, Reader, describe
from selfcheck.model.session import clean_text

if TYPE_CHECKING:
    from selfcheck.model.catalogue import Catalogue

FEEDBACK_SCHEMA_VERSION = 1
FEEDBACK_KIND = "feedback"
#: Longest comment a rater may write on one competency.
MAX_COMMENT = 5_000
MAX_RATER_NAME = 200

_FORM_KEYS = ("schema_version", "kind", "catalogue", "candidate", "group", "rater", "submitted",
              "ratings")  # fmt: skip
_ANSWER_KEYS = ("level", "comment")
_ANSWER_KEY_SET = frozenset(_ANSWER_KEYS)


def _plain_answer(raw: object) -> RaterAnswer | None:
    """An answer with nothing to report about it, or None to read it with every check."""
    if type(raw) is not dict or not raw.keys() <= _ANSWER_KEY_SET:
        return None
    level, comment = raw.get("level"), raw.get("comment", "")
    plain = (level is None or type(level) is int) and type(comment) is str
    return RaterAnswer(level, comment) if plain and len(comment) <= MAX_COMMENT else None


def groups_of(catalogue: Catalogue) -> tuple[FeedbackGroup, ...]:
    """The rater groups a catalogue uses: its own, or the defaults."""
    return catalogue.feedback_groups or DEFAULT_GROUPS


@dataclass(frozen=True)
class RaterAnswer:
    """One rater's answer on one competency: a level, a comment, or both."""

    level: int | None = None
    comment: str = ""

    @property
    def is_empty(self) -> bool:
        return self.level is None and not self.comment.strip()


@dataclass(frozen=True)
class RaterForm:
    """One rater's form: whose feedback it is, the rater's group, and their answers."""

    catalogue: str
    candidate: str
    group: str
    rater: str = ""
    submitted: date | None = None
    ratings: Mapping[str, RaterAnswer] = field(default_factory=dict)
    #: Unknown top-level keys, kept when the form is saved again.
    extra: Mapping[str, Any] = field(default_factory=dict)
    schema_version: int = FEEDBACK_SCHEMA_VERSION

    @property
    def has_ratings(self) -> bool:
        """A blank form does not count as a rater."""
        return any(a.level is not None for a in self.ratings.values())

    def answer(self, competency_id: str) -> RaterAnswer:
        return self.ratings.get(competency_id) or RaterAnswer()

    def with_answer(self, competency_id: str, answer: RaterAnswer) -> RaterForm:
        answers = dict(self.ratings)
        answer = replace(answer, comment=clean_text(answer.comment))
        if answer.is_empty:
            answers.pop(competency_id, None)
        else:
            answers[competency_id] = answer
        return replace(self, ratings=answers)

    def with_rater(self, name: str) -> RaterForm:
        return replace(self, rater=clean_text(name))

    def submitted_on(self, day: date) -> RaterForm:
        return replace(self, submitted=day)

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> RaterForm:
        """Read a decoded form, or raise with every problem found (shape only; `check_form`
        compares it with the session)."""
        problems: list[Problem] = []
        r = Reader(problems)
        version = r.integer(data, "schema_version", ())
        if version > FEEDBACK_SCHEMA_VERSION:
            r.report(
                ("schema_version",),
                f"written by a newer selfcheck (form format {version}); update selfcheck to "
                "read it",
            )
        kind = r.string(data, "kind", ())
        if kind and kind != FEEDBACK_KIND:
            r.report(("kind",), f'is {kind!r}, not "{FEEDBACK_KIND}"')
        submitted = data.get("submitted")
        if submitted is not None and type(submitted) is not date:
            r.report(
                ("submitted",), f"expected a date like 2026-11-30, found {describe(submitted)}"
            )
            submitted = None
        answers: dict[str, RaterAnswer] = {}
        for cid, raw in (r.table(data.get("ratings", {}), ("ratings",)) or {}).items():
            if (answer := _plain_answer(raw)) is not None:
                answers[cid] = answer  # the usual case, checked without the reader
                continue
            path: KeyPath = ("ratings", cid)
            table = r.table(raw, path)
            if table is None:
                continue
            r.unknown(table, _ANSWER_KEYS, path)
            level = table.get("level")
            if level is not None and type(level) is not int:
                r.report((*path, "level"), f"expected a whole number, found {describe(level)}")
                level = None
            comment = r.string(table, "comment", path, required=False, max_length=MAX_COMMENT)
            answers[cid] = RaterAnswer(level, comment)
        form = cls(
            catalogue=r.string(data, "catalogue", (), max_length=200),
            candidate=r.string(data, "candidate", (), required=False, max_length=MAX_RATER_NAME),
            group=r.string(data, "group", (), max_length=40),
            rater=r.string(data, "rater", (), required=False, max_length=MAX_RATER_NAME),
            submitted=submitted,
            ratings=answers,
            extra={k: v for k, v in data.items() if k not in _FORM_KEYS},
            schema_version=version,
        )
        if problems:
            raise InvalidDocument(problems)
        return form

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": FEEDBACK_SCHEMA_VERSION,
            "kind": FEEDBACK_KIND,
            "catalogue": self.catalogue,
            "candidate": self.candidate,
            "group": self.group,
        }
        if self.rater:
            out["rater"] = self.rater
        if self.submitted:
            out["submitted"] = self.submitted
        out.update(self.extra)
        out["ratings"] = {
            cid: {
                **({"level": a.level} if a.level is not None else {}),
                **({"comment": a.comment} if a.comment else {}),
            }
            for cid, a in self.ratings.items()
            if not a.is_empty  # a blank form's empty tables are not written back
        }
        return out


def blank_form(catalogue: Catalogue, candidate: str, group: FeedbackGroup) -> RaterForm:
    return RaterForm(catalogue=catalogue.id, candidate=candidate, group=group.id)


def same_person(a: str, b: str) -> bool:
    """Names compared as a person would: case and spacing do not matter."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def check_form(
    form: RaterForm, catalogue: Catalogue, candidate: str, groups: Iterable[FeedbackGroup]
) -> tuple[list[Problem], list[Problem]]:
    """Compare a form with the session it sits beside: (errors that stop its use, warnings)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    if form.catalogue != catalogue.id:
        errors.append(
            Problem(
                ("catalogue",), f"a form for {form.catalogue!r}; this session is {catalogue.id!r}"
            )
        )
    if not same_person(form.candidate, candidate):
        errors.append(
            Problem(("candidate",), f"a form about {form.candidate!r}, not {candidate!r}")
        )
    known = [g.id for g in groups]
    if form.group not in known:
        errors.append(
            Problem(("group",), f"unknown group {form.group!r} (groups: {', '.join(known)})")
        )
    if form.catalogue != catalogue.id:
        return errors, warnings  # its ids mean something else: nothing more to compare
    values = catalogue.scale.values
    for cid, answer in form.ratings.items():
        path: KeyPath = ("ratings", cid)
        if catalogue.competency(cid) is None:
            warnings.append(Problem(path, "no such competency in the catalogue; left out"))
        elif answer.level is not None and answer.level not in values:
            shown = ", ".join(str(v) for v in values)
            errors.append(
                Problem((*path, "level"), f"{answer.level} is not on the scale ({shown})")
            )
    return errors, warnings
