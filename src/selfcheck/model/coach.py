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
from functools import lru_cache
from itertools import pairwise

from selfcheck.model.evidence import EvidenceItem, EvidencePolicy, standing
from selfcheck.model.session import Rating, Session

#: A note shorter than this many words says too little to judge.
SHORT_NOTE_WORDS = 15

# The tests work on lower-cased word tokens (sets and prefixes are much quicker than one big
# pattern each: a cohort report runs them on every note of thousands of sessions).
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


# "May" is left out: it is usually the verb. "May 2024" and "May 12" are dates (_MAY_DATE).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = _words(
    "january february march april june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_MAY_DATE = re.compile(r"\bMay\s+\d")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/-]\d{1,2}(?:[/-]\d{1,4})?\b")
# "last year", "this spring": the first word, then the second.
_RELATIVE = (frozenset({"last", "this", "next"}),
             frozenset({"year", "month", "week", "spring", "summer", "autumn", "fall", "winter",
                        "quarter"}))  # fmt: skip
_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten twelve dozen hundred thousand half "
    "twice double"
)
# Words that report a result, whole or as the start of a word ("improv" for "improved").
_OUTCOME_WORDS = _words(
    "grew cut save saved hired placed adopted published accepted approved won awarded rated "
    "feedback completed certified passed launched"
)
_OUTCOME_STEMS = ("result", "outcome", "increas", "reduc", "improv", "grow", "rais", "achiev",
                  "promot", "evaluat")  # fmt: skip
_OUTCOME_PHRASES = ("led to", "so that", "which meant", "as a result", "found work",
                    "found jobs", "found a job", "found roles", "got a job", "got the job",
                    "got a role", "got an offer", "got offers")  # fmt: skip
_PHRASE_STARTS = frozenset(phrase.split()[0] for phrase in _OUTCOME_PHRASES)
_WE = frozenset({"we", "we've", "we're", "we'd", "our", "ours", "us"})
_I = frozenset({"i", "i've", "i'm", "i'd", "my", "me", "mine", "myself"})


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
    return [h for h in _note_hints(text, policy.recency_years, today.year, dated)
            if policy.hint_on(h.code)]  # fmt: skip


_NO_DATE = Hint("no_date", "Say when this happened: the note gives no date or year.")
_NO_OUTCOME = Hint("no_outcome", "What came of it? Add a number or an outcome.")
_ONLY_WE = Hint("only_we", "It says “we” but never “I”: what was your part?")


@lru_cache(maxsize=4096)  # the app asks again for the same note at every redraw
def _note_hints(text: str, window: int | None, this_year: int, dated: bool) -> tuple[Hint, ...]:
    out: list[Hint] = []
    lower = text.lower()
    tokens = _TOKEN.findall(lower)
    years = [int(t) for t in tokens if len(t) == 4 and t.isdigit() and 1950 <= int(t) <= 2099]
    # "9/2024", "2025-10-02": a date, which is not a number of anything.
    numeric_date = ("/" in lower or "-" in lower) and _NUMERIC_DATE.search(lower) is not None
    if numeric_date:
        lower = _NUMERIC_DATE.sub(" ", lower)
        tokens = _TOKEN.findall(lower)
    found = set(tokens)
    if not dated and not years and not numeric_date and not _mentions_date(text, tokens, found):
        out.append(_NO_DATE)
    if window and years and not dated and max(years) < this_year - window:
        out.append(
            Hint(
                "too_old",
                f"The latest year mentioned is {max(years)}, more than {window} years ago; add "
                "something recent.",
            )
        )
    if not _has_outcome(lower, found, {str(y) for y in years}):
        out.append(_NO_OUTCOME)
    if found & _WE and not found & _I:
        out.append(_ONLY_WE)
    words = len(text.split())
    if words < SHORT_NOTE_WORDS:
        out.append(
            Hint(
                "too_short",
                f"Only {words} word{'s' if words != 1 else ''}: say what you did, when, and what "
                "came of it.",
            )
        )
    return tuple(out)


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


def _mentions_date(text: str, tokens: list[str], found: set[str]) -> bool:
    """A month, "ago", "last year" and friends, or "May" with a number."""
    if found & _MONTHS or "ago" in found or ("may" in found and _MAY_DATE.search(text)):
        return True
    first, second = _RELATIVE
    if not (found & first and found & second):
        return False
    return any(a in first and b in second for a, b in pairwise(tokens))


def _has_outcome(lower: str, found: set[str], years: set[str]) -> bool:
    """A number (other than a year or a date) or a word or phrase that reports a result."""
    if found & _NUMBER_WORDS or found & _OUTCOME_WORDS:
        return True
    if any(t[0].isdigit() and t not in years for t in found):
        return True
    if any(t.startswith(_OUTCOME_STEMS) for t in found):
        return True
    if not found & _PHRASE_STARTS:
        return False
    flat = " ".join(lower.split())  # "led\nto" is "led to"
    return any(phrase in flat for phrase in _OUTCOME_PHRASES)
