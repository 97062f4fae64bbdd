"""Rater groups for multi-rater feedback: who a rater is to the candidate, and how many raters a
group needs before its ratings are shown. Read from a catalogue's `[[feedback.groups]]`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from selfcheck.model.problems import KeyPath, Reader


@dataclass(frozen=True)
class FeedbackGroup:
    """Who a rater is to the candidate (their supervisor, a peer...), and how many raters the
    group needs before its ratings are shown on their own."""

    id: str
    label: str
    min_raters: int
    #: Raters' names are never shown, and the group is withheld below `min_raters`.
    anonymous: bool


#: Without a `[[feedback.groups]]` table: the thresholds the Center for Creative Leadership
#: uses (boss named, peers and direct reports at least 3).
DEFAULT_GROUPS = (
    FeedbackGroup("supervisor", "Supervisor", 1, anonymous=False),
    FeedbackGroup("peer", "Peers", 3, anonymous=True),
    FeedbackGroup("direct_report", "Direct reports", 3, anonymous=True),
    FeedbackGroup("other", "Others", 3, anonymous=True),
)
#: All other raters together (self never among them) are averaged from this many raters.
ALL_OTHERS_AT_LEAST = 4


#: Reads one plain one-line text (an id or a label), reporting control characters.
LineReader = Callable[..., str]


def parse_groups(r: Reader, data: dict[str, Any], text: LineReader) -> tuple[FeedbackGroup, ...]:
    """The `[[feedback.groups]]` of a catalogue document (empty when it has none). Ids and
    labels are read with `text`, the catalogue's reader of plain one-line texts."""
    if "feedback" not in data:
        return ()
    table = r.table(data["feedback"], ("feedback",)) or {}
    r.unknown(table, {"groups"}, ("feedback",))
    out: list[FeedbackGroup] = []
    for i, g in enumerate(r.tables(table, "groups", ("feedback",))):
        path: KeyPath = ("feedback", "groups", i)
        r.unknown(g, {"id", "label", "min_raters", "anonymous"}, path)
        group_id = text(g, "id", path, max_length=40)
        if any(o.id == group_id for o in out):
            r.report((*path, "id"), f"duplicate group id {group_id!r}")
        minimum = r.integer(g, "min_raters", path, required=False, default=1)
        if not 1 <= minimum <= 100:
            r.report((*path, "min_raters"), "must be between 1 and 100")
        anonymous = r.boolean(g, "anonymous", path, default=True)
        out.append(
            FeedbackGroup(group_id, text(g, "label", path, max_length=60), minimum, anonymous)
        )
    if not out:
        r.report(("feedback", "groups"), "name at least one group (or leave [feedback] out)")
    return tuple(out)
