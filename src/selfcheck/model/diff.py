"""What changed between two sessions of the same candidate against the same catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.readiness import assess
from selfcheck.model.session import Session

ChangeKind = Literal[
    "level_up", "level_down", "rated", "unrated", "evidence_added", "evidence_changed",
    "evidence_removed", "not_applicable", "answer", "newly_ready", "no_longer_ready",
]  # fmt: skip


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: str  # a competency, requirement or designation id
    message: str


def diff_sessions(catalogue: Catalogue, old: Session, new: Session) -> list[Change]:
    """Changes from `old` to `new`: designations first, then competencies, then answers."""
    changes: list[Change] = []
    before, after = assess(catalogue, old), assess(catalogue, new)
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
        changes.extend(_rating_changes(cid, old, new))
    for rid in sorted(set(old.requirements) | set(new.requirements)):
        a, b = old.requirements.get(rid), new.requirements.get(rid)
        if a != b:
            requirement = catalogue.requirement(rid)
            label = requirement.label if requirement else rid
            changes.append(Change("answer", rid, f"{label}: {_answer(a)} → {_answer(b)}"))
    return changes


def _rating_changes(cid: str, old: Session, new: Session) -> list[Change]:
    a, b = old.rating(cid), new.rating(cid)
    out: list[Change] = []
    if a.not_applicable != b.not_applicable:
        state = "marked not applicable" if b.not_applicable else "no longer not applicable"
        out.append(Change("not_applicable", cid, f"{cid}: {state}"))
    if a.level != b.level:
        if a.level is None:
            out.append(Change("rated", cid, f"{cid}: rated {b.level}"))
        elif b.level is None:
            out.append(Change("unrated", cid, f"{cid}: rating {a.level} removed"))
        else:
            kind: ChangeKind = "level_up" if b.level > a.level else "level_down"
            out.append(Change(kind, cid, f"{cid}: {a.level} → {b.level}"))
    for name in ("title", "rationale"):
        before, after = getattr(a, name).strip(), getattr(b, name).strip()
        if before != after:
            verb = "added" if not before else "removed" if not after else "changed"
            out.append(Change("evidence_changed", cid, f"{cid}: {name} {verb}"))
    old_note, new_note = a.evidence.strip(), b.evidence.strip()
    if not old_note and new_note:
        out.append(Change("evidence_added", cid, f"{cid}: evidence added"))
    elif old_note and not new_note:
        out.append(Change("evidence_removed", cid, f"{cid}: evidence removed"))
    elif old_note != new_note:
        out.append(Change("evidence_changed", cid, f"{cid}: evidence rewritten"))
    return out


def _answer(value: object) -> str:
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
