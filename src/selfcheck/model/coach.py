"""The evidence coach: small local heuristics that nudge a candidate to strengthen a note or an
evidence item. They never block and never change a verdict; each hint is one plain sentence.

The heuristics are deliberately simple word tests, so they are wrong sometimes; the false
positives and misses we accept are listed in docs/evidence-coach.md. A catalogue switches
hints off with `[evidence] coach = false` or `coach_off = ["only_we", ...]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from selfcheck.model.evidence import EvidenceItem, EvidencePolicy, standing, word_count
from selfcheck.model.session import Rating, Session

#: A note shorter than this many words says too little to judge.
SHORT_NOTE_WORDS = 15

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# "May" is left out: it is usually the verb. "May 2024" and "May 12" are dates (_MAY_DATE).
_MONTHS = (
    "january|february|march|april|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MAY_DATE = re.compile(r"\bMay\s+\d")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?\b")
# "in March", "last year", "two years ago", "since 2019", "3/2024": any of these dates a note.
_DATE_WORDS = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:last|this|next)\s+(?:year|month|week|spring|summer|autumn|fall|"
    r"winter|quarter)\b|\bago\b|\b\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
                     r"dozen|hundred|thousand|half|twice|double)\b", re.IGNORECASE)  # fmt: skip
_OUTCOME = re.compile(
    r"\b(?:result\w*|outcome\w*|led to|so that|which meant|as a result|increas\w*|reduc\w*|"
    r"improv\w*|grew|grow\w*|rais\w*|cut|saved?|achiev\w*|hired|placed|promot\w*|adopted|"
    r"published|accepted|approved|won|awarded|rated|feedback|evaluat\w*|completed|certified|"
    r"passed|launched|found (?:work|jobs?|roles?)|got (?:a |the )?(?:job|role|offer)\w*)\b",
    re.IGNORECASE,
)
_WE = re.compile(r"\b(?:we|we've|we're|we'd|our|ours|us)\b", re.IGNORECASE)
_I = re.compile(r"\b(?:i|i've|i'm|i'd|my|me|mine|myself)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Hint:
    """One nudge: which heuristic (`code`, as `coach_off` names it) and what it says."""

    code: str
    message: str


@dataclass(frozen=True)
class PlacedHint:
    """A hint and what it is about: a competency's note (`item` None) or one of its items."""

    competency: str
    item: int | None
    hint: Hint


def note_hints(text: str, policy: EvidencePolicy, today: date, *, dated: bool) -> list[Hint]:
    """Hints on a free-text note. `dated`: the text belongs to something that has a date
    already (an item, or a note beside dated items), so a missing date is not a gap."""
    if not policy.coach or not text.strip():
        return []
    out: list[Hint] = []
    words = word_count(text)
    years = [int(y) for y in _YEAR.findall(text)]
    if not dated and not years and not _mentions_date(text):
        out.append(Hint("no_date", "Say when this happened: the note gives no date or year."))
    if policy.recency_years and years and not dated:
        latest = max(years)
        if latest < today.year - policy.recency_years:
            out.append(
                Hint(
                    "too_old",
                    f"The latest year mentioned is {latest}, more than {policy.recency_years} "
                    "years ago; add something recent.",
                )
            )
    undated = _NUMERIC_DATE.sub(" ", _YEAR.sub(" ", text))  # a year is not a result
    if not _NUMBER.search(undated) and not _OUTCOME.search(text):
        out.append(Hint("no_outcome", "What came of it? Add a number or an outcome."))
    if _WE.search(text) and not _I.search(text):
        out.append(Hint("only_we", "It says “we” but never “I”: what was your part?"))
    if words < SHORT_NOTE_WORDS:
        out.append(
            Hint(
                "too_short",
                f"Only {words} word{'s' if words != 1 else ''}: say what you did, when, and what "
                "came of it.",
            )
        )
    return [h for h in out if policy.hint_on(h.code)]


def item_hints(item: EvidenceItem, policy: EvidencePolicy, today: date) -> list[Hint]:
    """Hints on one evidence item: its age and word limit, then its note's wording."""
    if not policy.coach:
        return []
    out: list[Hint] = []
    found = standing(item, policy, today)
    if found.old:
        out.append(
            Hint(
                "too_old",
                f"Dated {item.date.isoformat()}, more than {policy.recency_years} years ago: "
                "it no longer counts.",
            )
        )
    method = policy.method(item.method)
    if method is not None and method.max_words is not None and item.words > method.max_words:
        out.append(
            Hint(
                "over_limit",
                f"At {item.words:,} words it is over the {method.max_words:,} allowed for "
                f"{method.label.lower()} ({method.id}).",
            )
        )
    out = [h for h in out if policy.hint_on(h.code)]
    return out + note_hints(item.note, policy, today, dated=True)


def rating_hints(
    competency_id: str, rating: Rating, policy: EvidencePolicy, today: date
) -> Iterator[PlacedHint]:
    """Every hint on one competency: its note first, then each item in order."""
    if not policy.coach:
        return
    dated = any(standing(i, policy, today).counts for i in rating.items)
    for hint in note_hints(rating.evidence, policy, today, dated=dated):
        # Beside dated items the note is a summary: the items carry the detail.
        if not (dated and hint.code == "too_short"):
            yield PlacedHint(competency_id, None, hint)
    for index, item in enumerate(rating.items):
        for hint in item_hints(item, policy, today):
            yield PlacedHint(competency_id, index, hint)


def session_hints(session: Session, policy: EvidencePolicy, today: date) -> list[PlacedHint]:
    """Every hint in a session, competency by competency in the order written."""
    return [
        placed
        for cid, rating in session.ratings.items()
        for placed in rating_hints(cid, rating, policy, today)
    ]


def _mentions_date(text: str) -> bool:
    return bool(_DATE_WORDS.search(text) or _MAY_DATE.search(text))
