"""Recovery drafts: unsaved changes journalled beside the state folder, so a kill, a crash or a
closed terminal loses at most the keystroke in flight.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from selfcheck import paths
from selfcheck.model.session import DEVELOPMENT_KEYS, Session

RECOVERY_FORMAT = 1


RECOVERY_FOLDER = "recovery"


@dataclass(frozen=True)
class Draft:
    """Changes an earlier run made but did not save (found at open)."""

    path: Path
    session: Session
    written: datetime

    def age(self, now: datetime) -> timedelta:
        return max(now - self.written, timedelta(0))


def describe_age(age: timedelta) -> str:
    """'2 minutes ago', for the recovery prompt."""
    seconds = int(age.total_seconds())
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


def changed_ids(old: Session, new: Session) -> list[str]:
    """Competency and requirement ids whose content differs (for the recovery prompt)."""
    ids = sorted(set(old.ratings) | set(new.ratings))
    out = [cid for cid in ids if old.ratings.get(cid) != new.ratings.get(cid)]
    reqs = sorted(set(old.requirements) | set(new.requirements))
    out += [rid for rid in reqs if old.requirements.get(rid) != new.requirements.get(rid)]
    if old.candidate != new.candidate:
        out.insert(0, "name")
    return out


def recovery_dir(state_dir: Path | None = None) -> Path:
    return (state_dir or paths.state_dir()) / RECOVERY_FOLDER


def draft_path_for(session_path: Path, state_dir: Path | None = None) -> Path:
    """Where the recovery draft for one session file lives (one per file, 0600)."""
    import hashlib  # loads OpenSSL: only the app, which writes drafts, needs it

    resolved = str(session_path.expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = "".join(ch for ch in session_path.stem if ch.isalnum() or ch in "-_")[:40]
    return recovery_dir(state_dir) / f"{stem or 'session'}-{digest}.toml"


_FIELDS = ("candidate", "target", "position")


def changes_between(old: Session, new: Session) -> dict[str, Any]:
    """What a recovery draft stores: the parts of `new` that differ from `old`."""
    out: dict[str, Any] = {}
    for name in _FIELDS:
        value = getattr(new, name)
        if value != getattr(old, name):
            if value is None:
                out.setdefault("cleared", []).append(name)
            else:
                out[name] = value
    ratings = {cid: r.to_toml() for cid, r in new.ratings.items() if old.ratings.get(cid) != r}
    answers = {
        rid: answer
        for rid, answer in new.requirements.items()
        if rid not in old.requirements or not _same_answer(old.requirements[rid], answer)
    }
    if ratings:
        out["ratings"] = ratings
    if answers:
        out["requirements"] = answers
    if dropped := [cid for cid in old.ratings if cid not in new.ratings]:
        out["dropped_ratings"] = dropped
    if dropped := [rid for rid in old.requirements if rid not in new.requirements]:
        out["dropped_requirements"] = dropped
    # The development record is small: a changed part is stored whole.
    changed = [key for key in DEVELOPMENT_KEYS if getattr(old, key) != getattr(new, key)]
    if changed:
        document = new.to_toml()
        for key in changed:
            if key in document:
                out[key] = document[key]
            else:
                out.setdefault("cleared", []).append(key)
    return out


def _same_answer(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def with_changes(base: Session, changes: dict[str, Any]) -> Session:
    """`base` with a draft's changes made (they are checked like a session file's)."""
    parsed = Session.from_toml(
        {
            "catalogue": base.catalogue,
            "ratings": changes.get("ratings", {}),
            "requirements": changes.get("requirements", {}),
            **{key: changes[key] for key in DEVELOPMENT_KEYS if key in changes},
        }
    )
    ratings = {k: v for k, v in base.ratings.items() if k not in changes.get("dropped_ratings", [])}
    ratings.update(parsed.ratings)
    answers = {
        k: v
        for k, v in base.requirements.items()
        if k not in changes.get("dropped_requirements", [])
    }
    answers.update(parsed.requirements)
    fields: dict[str, Any] = {}
    for name in _FIELDS:
        if name in changes.get("cleared", []):
            fields[name] = None
        elif name in changes:
            if not isinstance(changes[name], str):
                raise ValueError(f"{name} is not text")
            fields[name] = changes[name]
    empty = Session(catalogue=base.catalogue, candidate="")
    for key in DEVELOPMENT_KEYS:
        if key in changes.get("cleared", []):
            fields[key] = getattr(empty, key)
        elif key in changes:
            fields[key] = getattr(parsed, key)
    return replace(base, ratings=ratings, requirements=answers, **fields)
