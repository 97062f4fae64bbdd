"""Evidence items: dated, typed accomplishments that back a rating; the catalogue's evidence
policy (its validation methods and how many years back evidence may come from); and whether an
item counts on a given day.

An item **counts** on a day when its method is one the catalogue defines, its date is not after
that day and not before the window's first day, and its note is within the method's word
limit. The day is always passed in (the caller asks `selfcheck.clock`); nothing here reads a
clock. The file format is in docs/catalogue-format.md and docs/evidence.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from selfcheck.model.problems import KeyPath, Reader, describe

#: Every hint the evidence coach knows (model/coach.py); a catalogue may switch any off.
COACH_HINTS = ("no_date", "too_old", "no_outcome", "only_we", "too_short", "over_limit")
MAX_ITEM_TITLE = 300
MAX_LINK = 2_000
_ITEM_KEYS = ("method", "date", "title", "hours", "link", "note")


@dataclass(frozen=True)
class EvidenceMethod:
    """A way the issuer accepts evidence ("D", "Case study")."""

    id: str
    label: str
    help: str = ""
    #: An item of this method whose note is longer does not count.
    max_words: int | None = None


@dataclass(frozen=True)
class EvidencePolicy:
    """What a catalogue says about evidence (its `[evidence]` table)."""

    #: Evidence must come from this many past years (None: any age).
    recency_years: int | None = None
    methods: tuple[EvidenceMethod, ...] = ()
    #: The evidence coach's hints are shown (all of them, less those in `coach_off`).
    coach: bool = True
    coach_off: frozenset[str] = frozenset()
    #: Where the catalogue's evidence rules come from, for people reading it.
    note: str = ""

    def method(self, method_id: str) -> EvidenceMethod | None:
        return next((m for m in self.methods if m.id == method_id), None)

    def hint_on(self, code: str) -> bool:
        return self.coach and code not in self.coach_off

    def window_start(self, today: date) -> date | None:
        """The first day evidence may come from (None when any age will do)."""
        return years_before(today, self.recency_years) if self.recency_years else None


@dataclass(frozen=True)
class EvidenceItem:
    """One dated accomplishment under a rating (`[[ratings."ID".items]]`)."""

    #: An id from the catalogue's `[[evidence.methods]]`.
    method: str
    #: When it happened, or ended.
    date: date
    title: str
    #: Optional; kept as written (a whole number stays whole).
    hours: int | float | None = None
    #: A path or address, shown as text; never opened or fetched.
    link: str = ""
    note: str = ""
    #: Keys this version does not know, kept for the round trip.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, "date": self.date, "title": self.title}
        if self.hours is not None:
            out["hours"] = self.hours
        if self.link:
            out["link"] = self.link
        if self.note:
            out["note"] = self.note
        out.update(self.extra)
        return out

    @property
    def words(self) -> int:
        return word_count(self.note)


def read_items(r: Reader, table: dict[str, Any], path: KeyPath) -> tuple[EvidenceItem, ...]:
    """The `items` of one rating table, every problem recorded against its key path."""
    out = []
    for i, raw in enumerate(r.tables(table, "items", path)):
        where: KeyPath = (*path, "items", i)
        # Problems in the order the keys are usually written, so `validate` reads top down.
        method = r.string(raw, "method", where, max_length=20)
        day = raw.get("date")
        if "date" not in raw:
            r.report((*where, "date"), "missing (a date such as 2025-10-02 is required)")
        elif type(day) is not date:  # a datetime is a date to isinstance
            r.report((*where, "date"), f"expected a date such as 2025-10-02, found {describe(day)}")
        title = r.string(raw, "title", where, max_length=MAX_ITEM_TITLE)
        hours = raw.get("hours")
        if hours is not None and type(hours) not in (int, float):
            r.report((*where, "hours"), f"expected a number of hours, found {describe(hours)}")
            hours = None
        elif hours is not None and not 0 <= hours < 1e6:  # also refuses nan
            r.report((*where, "hours"), f"must be a number from 0 up, found {hours}")
            hours = None
        item = EvidenceItem(
            method=method,
            date=day if type(day) is date else date.min,
            title=title,
            hours=hours,
            link=r.string(raw, "link", where, required=False, max_length=MAX_LINK),
            note=r.string(raw, "note", where, required=False, max_length=10**9),
            extra={k: v for k, v in raw.items() if k not in _ITEM_KEYS},
        )
        out.append(item)
    return tuple(out)


#: Reads a one-line text (an id or label) the way the catalogue parser does for its own.
LineReader = Callable[..., str]


def read_policy(r: Reader, data: dict[str, Any], line: LineReader) -> EvidencePolicy:
    """The catalogue's `[evidence]` table (and the older top-level `recency_years`); `line`
    reads method ids and labels, which must be plain one-line text like every catalogue
    label."""
    top = r.integer(data, "recency_years", (), required=False, default=0) or None
    raw = r.table(data.get("evidence", {}), ("evidence",)) or {}
    path: KeyPath = ("evidence",)
    r.unknown(raw, {"recency_years", "methods", "coach", "coach_off", "note"}, path)
    recency = r.integer(raw, "recency_years", path, required=False, default=0) or None
    if top and recency and top != recency:
        r.report((*path, "recency_years"), f"is {recency}, but the top-level one is {top}")
    if (recency or 0) < 0 or (top or 0) < 0:
        negative: KeyPath = (*path, "recency_years") if (recency or 0) < 0 else ("recency_years",)
        r.report(negative, "must not be negative")
    methods: list[EvidenceMethod] = []
    for i, m in enumerate(r.tables(raw, "methods", path)):
        where: KeyPath = (*path, "methods", i)
        r.unknown(m, {"id", "label", "help", "max_words"}, where)
        method_id = line(m, "id", where, max_length=20)
        if any(known.id == method_id for known in methods):
            r.report((*where, "id"), f"duplicate method id {method_id!r}")
        max_words = r.integer(m, "max_words", where, required=False, default=0)
        if max_words < 0:
            r.report((*where, "max_words"), "must not be negative")
        methods.append(
            EvidenceMethod(
                id=method_id,
                label=line(m, "label", where, max_length=120),
                help=r.string(m, "help", where, required=False, max_length=2_000),
                max_words=max_words or None,
            )
        )
    off = r.strings(raw, "coach_off", path)
    for code in off:
        if code not in COACH_HINTS:
            r.report((*path, "coach_off"), f"no hint {code!r} (known: {', '.join(COACH_HINTS)})")
    return EvidencePolicy(
        recency_years=recency or top,
        note=r.string(raw, "note", path, required=False, max_length=2_000),
        methods=tuple(methods),
        coach=r.boolean(raw, "coach", path, default=True),
        coach_off=frozenset(off),
    )


# --- whether an item counts -------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Whether an item counts on a day, and if not, why (a phrase after the item's name)."""

    counts: bool
    why_not: str = ""
    #: Dated before the window: shown greyed with its age.
    old: bool = False


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def word_count(text: str) -> int:
    return len(text.split())


def standing(item: EvidenceItem, policy: EvidencePolicy, today: date) -> Standing:
    """Whether `item` counts on `today` under the catalogue's policy."""
    method = policy.method(item.method)
    if method is None:
        known = ", ".join(m.id for m in policy.methods) or "none"
        return Standing(False, f"has method {item.method!r}, which this catalogue does not know "
                               f"(known: {known})")  # fmt: skip
    if item.date > today:
        return Standing(False, f"is dated {item.date.isoformat()}, after today")
    start = policy.window_start(today)
    if start is not None and item.date < start:
        return Standing(
            False,
            f"is from {item.date.isoformat()}, older than {policy.recency_years} years",
            old=True,
        )
    if method.max_words is not None and item.words > method.max_words:
        return Standing(
            False, f"is {item.words:,} words; at most {method.max_words:,} for {method.id}"
        )
    return Standing(True)


def age_text(day: date, today: date) -> str:
    """How long ago a day was, in the largest whole unit ("6 years", "8 months")."""
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if months >= 12:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    if months >= 1:
        return f"{months} month{'s' if months != 1 else ''}"
    return "under a month"


def item_name(item: EvidenceItem) -> str:
    """How an item is named in messages ("D “Back to work at 50”"); a `Standing`'s reason
    follows it and gives the date where it matters."""
    return f"{item.method} “{item.title}”"


# --- a portfolio rule ("at least one case study") ---------------------------------------------


@dataclass(frozen=True)
class RuleCount:
    """How far a portfolio rule is met: distinct counting items, and the near misses."""

    have: int
    need: int
    #: Items of the rule's methods that do not count, each with why ("D “X” is …").
    misses: tuple[str, ...]


def count_for_rule(
    methods: Iterable[str],
    need: int,
    items: Iterable[EvidenceItem],
    policy: EvidencePolicy,
    today: date,
) -> RuleCount:
    """Count the portfolio's items of these methods that count today.

    One accomplishment listed under several competencies (same method, date and title) is
    counted once: the issuer sees one case study, however many competencies it backs.
    """
    wanted = set(methods)
    counted: set[tuple[str, date, str]] = set()
    misses: dict[tuple[str, date, str], str] = {}
    for item in items:
        if item.method not in wanted:
            continue
        key = (item.method, item.date, " ".join(item.title.split()).casefold())
        found = standing(item, policy, today)
        if found.counts:
            counted.add(key)
        else:
            misses.setdefault(key, f"{item_name(item)} {found.why_not}")
    left = tuple(why for key, why in misses.items() if key not in counted)
    return RuleCount(len(counted), need, left)


def methods_text(method_ids: Iterable[str]) -> str:
    """("B", "G") as people write it: "B or G"."""
    ids = list(method_ids)
    return ", ".join(ids[:-1]) + f" or {ids[-1]}" if len(ids) > 1 else "".join(ids)


# --- reading a date as typed -------------------------------------------------------------------

_DAY = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


def parse_day(text: str) -> date | None:
    """A date typed as 2025-10-02, or as 2025-10 (the month's first day: an item is never
    taken as more recent than it may be). None when it is not a real date."""
    found = _DAY.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day = int(found[1]), int(found[2]), int(found[3] or 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None
