"""A mentor's review of a session: comments per competency, an overall comment, a verdict.

Kept in its own file beside the session, so the mentor never writes the candidate's file and
the two authors' words stay apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from selfcheck.model.problems import InvalidDocument, Problem, Reader, describe
from selfcheck.model.session import clean_text

REVIEW_SCHEMA_VERSION = 1
REVIEW_KIND = "selfcheck-review"
#: The mentor's overall verdict, with how it reads in reports.
VERDICTS = {"agree": "Agree", "discuss": "Let's discuss", "not-yet": "Not yet"}


@dataclass(frozen=True)
class Stamp:
    """What a comment was written against: the candidate's level then (None: not rated),
    and when. A comment beside a rating that has changed since is stale, and says so."""

    level: int | None
    written: datetime

    def level_changed(self, level_now: int | None) -> bool:
        return self.level != level_now


@dataclass(frozen=True)
class Review:
    #: File name of the session this reviews (the review lives beside it).
    session: str
    mentor: str = ""
    #: One of VERDICTS, or "" while undecided.
    verdict: str = ""
    overall: str = ""
    #: Comments by competency id.
    comments: Mapping[str, str] = field(default_factory=dict)
    updated: datetime | None = None
    #: The rating and time each comment was written against (none for comments written
    #: before stamps were kept).
    stamps: Mapping[str, Stamp] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: The schema version the file was written with (a newer one is shown, never rewritten).
    schema_version: int = REVIEW_SCHEMA_VERSION

    @property
    def is_empty(self) -> bool:
        return not (self.verdict or self.overall.strip() or any(self.comments.values()))

    def with_comment(self, competency_id: str, text: str, stamp: Stamp | None = None) -> Review:
        """The comment on a competency, written against `stamp` (the rating it is about)."""
        comments, stamps = dict(self.comments), dict(self.stamps)
        if text.strip():
            comments[competency_id] = clean_text(text)
            if stamp is not None:
                stamps[competency_id] = stamp
        else:
            comments.pop(competency_id, None)
            stamps.pop(competency_id, None)
        return replace(self, comments=comments, stamps=stamps)

    def with_overall(self, text: str) -> Review:
        return replace(self, overall=clean_text(text))

    def with_verdict(self, verdict: str) -> Review:
        if verdict and verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        return replace(self, verdict=verdict)

    def with_mentor(self, name: str) -> Review:
        return replace(self, mentor=clean_text(name))

    def to_toml(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": max(self.schema_version, REVIEW_SCHEMA_VERSION),
            "kind": REVIEW_KIND,
            "session": self.session,
            "mentor": self.mentor,
            "verdict": self.verdict,
            "overall": self.overall,
        }
        if self.updated:
            out["updated"] = self.updated
        out.update(self.extra)
        out["comments"] = {
            cid: self._comment_toml(cid, text) for cid, text in self.comments.items()
        }
        return out

    def _comment_toml(self, competency_id: str, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {"text": text}
        stamp = self.stamps.get(competency_id)
        if stamp is not None:
            if stamp.level is not None:
                out["level"] = stamp.level
            out["written"] = stamp.written
        return out

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> Review:
        problems: list[Problem] = []
        r = Reader(problems)
        if data.get("kind") != REVIEW_KIND:
            r.report(("kind",), f'expected "{REVIEW_KIND}"')
        verdict = r.string(data, "verdict", (), required=False)
        if verdict and verdict not in VERDICTS:
            r.report(("verdict",), f"expected one of {', '.join(VERDICTS)}")
        comments: dict[str, str] = {}
        stamps: dict[str, Stamp] = {}
        raw = r.table(data.get("comments", {}), ("comments",)) or {}
        for cid, value in raw.items():
            path = ("comments", cid)
            table = r.table(value, path)
            if table is None:
                continue
            comments[cid] = r.string(table, "text", path, max_length=10**9)
            level, written = table.get("level"), table.get("written")
            if level is not None and type(level) is not int:
                r.report((*path, "level"), f"expected a whole number, found {describe(level)}")
            elif written is not None:
                if type(written) is not datetime or written.tzinfo is None:
                    message = (
                        f"expected a date and time with a UTC offset, found {describe(written)}"
                    )
                    r.report((*path, "written"), message)
                else:
                    stamps[cid] = Stamp(level, written)
        version = r.integer(data, "schema_version", (), required=False, default=0)
        updated = data.get("updated")
        known = {"schema_version", "kind", "session", "mentor", "verdict", "overall",
                 "updated", "comments"}  # fmt: skip
        review = cls(
            session=r.string(data, "session", (), max_length=1000),
            mentor=r.string(data, "mentor", (), required=False, max_length=10**6),
            verdict=verdict,
            overall=r.string(data, "overall", (), required=False, max_length=10**9),
            comments=comments,
            updated=updated if isinstance(updated, datetime) else None,
            stamps=stamps,
            extra={k: v for k, v in data.items() if k not in known},
            schema_version=version,
        )
        if problems:
            raise InvalidDocument(problems)
        return review
