"""What changed between two sessions of the same candidate against the same catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Literal

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import hours_total, window_text
from selfcheck.model.numbers import number_text
from selfcheck.model.readiness import assess
from selfcheck.model.record import hours_requirement
from selfcheck.model.session import Session

ChangeKind = Literal[
    "level_up", "level_down", "rated", "unrated", "evidence_added", "evidence_changed",
    "evidence_removed", "not_applicable", "answer", "newly_ready", "no_longer_ready",
    "items_changed", "activities", "plan",
]  # fmt: skip


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: str  # a competency, requirement or designation id
    message: str


def diff_sessions(catalogue: Catalogue, old: Session, new: Session, today: date) -> list[Change]:
    """Changes from `old` to `new`: designations first, then competencies, then answers.
    Both are judged on `today`, so only what was written changes a verdict."""
    changes: list[Change] = []
    before, after = assess(catalogue, old, today), assess(catalogue, new, today)
    was = {d.id for d in before.ready_for}
    now = {d.id for d in after.ready_for}
    for d in catalogue.designations:
        if d.id in now - was:
            changes.append(Change("newly_ready", d.id, f"{d.id} ({d.title}): newly ready"))
        elif d.id in was - now:
            changes.append(Change("no_longer_ready", d.id, f"{d.id} ({d.title}): no longer ready"))
    ids = [c.id for c in catalogue.competencies]
    ids += sorted((set(old.ratings) | set(new.ratings)) - set(ids))
    for cid in ids:
        changes.extend(_rating_changes(_name(catalogue, cid, new), cid, old, new))
    for rid in sorted(set(old.requirements) | set(new.requirements)):
        a, b = old.requirements.get(rid), new.requirements.get(rid)
        if a != b:
            requirement = catalogue.requirement(rid)
            label = requirement.label if requirement else rid
            changes.append(Change("answer", rid, f"{label}: {_answer(a)} → {_answer(b)}"))
    changes.extend(_record_changes(catalogue, old, new, today))
    return changes


def _record_changes(catalogue: Catalogue, old: Session, new: Session, today: date) -> list[Change]:
    """The development log and plan: activities added or removed, and the hours that count."""
    out = []
    if old.activities != new.activities:
        added = [a for a in new.activities if a not in old.activities]
        removed = [a for a in old.activities if a not in new.activities]
        parts = [f"{len(found)} {'activity' if len(found) == 1 else 'activities'} {verb}"
                 for found, verb in ((added, "added"), (removed, "removed")) if found]  # fmt: skip
        text = ", ".join(parts) or "activities edited"
        requirement = hours_requirement(catalogue)
        if requirement is not None and requirement.from_activities is not None:
            spec = requirement.from_activities
            before = hours_total(old.activities, spec, today).hours
            after = hours_total(new.activities, spec, today).hours
            window = window_text(spec)
            text += f"; hours{' ' + window if window else ''}: "
            text += f"{number_text(before)} → {number_text(after)}"
        out.append(Change("activities", "activities", f"Development log: {text}"))
    goals_before = len(old.plan.goals) if old.plan else 0
    goals_after = len(new.plan.goals) if new.plan else 0
    if old.plan != new.plan:
        detail = (
            f"{goals_before} → {goals_after} goals" if goals_before != goals_after else "edited"
        )
        out.append(Change("plan", "plan", f"Development plan: {detail}"))
    return out


def _name(catalogue: Catalogue, cid: str, session: Session) -> str:
    """A competency as a change names it: its id and title (an "Other" by its own title)."""
    competency = catalogue.competency(cid)
    if competency is None:
        return cid
    title = session.rating(cid).title.strip() if competency.user_defined else ""
    return f"{cid} {title or competency.title}"


def _rating_changes(name: str, cid: str, old: Session, new: Session) -> list[Change]:
    a, b = old.rating(cid), new.rating(cid)
    out: list[Change] = []
    if a.not_applicable != b.not_applicable:
        state = "marked not applicable" if b.not_applicable else "no longer not applicable"
        out.append(Change("not_applicable", cid, f"{name}: {state}"))
    if a.level != b.level:
        if a.level is None:
            out.append(Change("rated", cid, f"{name}: rated {b.level}"))
        elif b.level is None:
            out.append(Change("unrated", cid, f"{name}: rating {a.level} removed"))
        else:
            kind: ChangeKind = "level_up" if b.level > a.level else "level_down"
            out.append(Change(kind, cid, f"{name}: {a.level} → {b.level}"))
    for field in ("title", "rationale"):
        before, after = getattr(a, field).strip(), getattr(b, field).strip()
        if before != after:
            verb = "added" if not before else "removed" if not after else "changed"
            out.append(Change("evidence_changed", cid, f"{name}: {field} {verb}"))
    old_note, new_note = a.evidence.strip(), b.evidence.strip()
    if not old_note and new_note:
        out.append(Change("evidence_added", cid, f"{name}: evidence added"))
    elif old_note and not new_note:
        out.append(Change("evidence_removed", cid, f"{name}: evidence removed"))
    elif old_note != new_note:
        detail = words_changed(old_note, new_note)
        out.append(Change("evidence_changed", cid, f"{name}: evidence rewritten ({detail})"))
    if a.items != b.items:
        added = len([i for i in b.items if i not in a.items])
        removed = len([i for i in a.items if i not in b.items])
        parts = [f"{n} evidence item{'s' if n != 1 else ''} {verb}"
                 for n, verb in ((added, "added"), (removed, "removed")) if n]  # fmt: skip
        out.append(Change("items_changed", cid, f"{name}: {', '.join(parts) or 'items reordered'}"))
    return out


#: Longest stretch of added or removed words quoted in a change, in characters.
QUOTE_LIMIT = 60


def words_changed(old: str, new: str) -> str:
    """What a rewrite changed, word by word: both lengths, then the words added and removed
    ('120 → 180 characters; added "three more workshops"; removed "some"')."""
    before, after = old.split(), new.split()
    added: list[str] = []
    removed: list[str] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete"):
            removed.append(" ".join(before[i1:i2]))
        if op in ("replace", "insert"):
            added.append(" ".join(after[j1:j2]))
    parts = [f"{len(old):,} → {len(new):,} characters"]
    if added:
        parts.append(f"added {_quoted(added)}")
    if removed:
        parts.append(f"removed {_quoted(removed)}")
    if not (added or removed):
        parts.append("spacing and line breaks only")
    return "; ".join(parts)


def _quoted(pieces: list[str]) -> str:
    shown = ", ".join(f"“{_cut(p)}”" for p in pieces[:3])
    return shown + (f" and {len(pieces) - 3} more" if len(pieces) > 3 else "")


def _cut(text: str) -> str:
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def _answer(value: object) -> str:
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
