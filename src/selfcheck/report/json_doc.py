"""The JSON report: the `selfcheck-report/1` object (a contract: keys are only ever added)."""

from __future__ import annotations

import json
from typing import Any

from selfcheck.model.readiness import Gap
from selfcheck.report.view import Subject
from selfcheck.safetext import json_escaped

REPORT_SCHEMA = "selfcheck-report/1"


def json_encoded(document: Any, *, indent: int | None = None) -> str:
    """A report as JSON text: readable Unicode, and no character a terminal would act on."""
    return json_escaped(json.dumps(document, ensure_ascii=False, indent=indent))


def json_report(subject: Subject) -> dict[str, Any]:
    """One session's report as the `selfcheck-report/1` object (design.md contract)."""
    catalogue, session = subject.loaded.catalogue, subject.loaded.session
    readiness = subject.readiness
    highest = readiness.highest_ready
    review = subject.review
    out: dict[str, Any] = {
        "schema": REPORT_SCHEMA,
        "session": subject.shown_path,
        "candidate": session.candidate,
        "catalogue": {"id": catalogue.id, "title": catalogue.title, "version": catalogue.version},
        "designations": [
            {
                "id": r.designation.id,
                "title": r.designation.title,
                "ready": r.ready,
                "gaps": [_gap_json(g) for g in r.gaps],
            }
            for r in readiness.results
        ],
        "ready_for": [d.id for d in readiness.ready_for],
        "highest_ready": highest.id if highest else None,
        "competencies": [
            {
                "id": s.competency.id,
                "level": s.rating.level,
                "demonstrated": s.demonstrated,
                "evidence": s.has_evidence,
            }
            for s in readiness.statuses.values()
        ],
        "requirements": dict(session.requirements),
        "updated": session.updated.isoformat() if session.updated else None,
    }
    if review is not None:
        out["review"] = {
            "mentor": review.mentor,
            "verdict": review.verdict or None,
            "overall": review.overall,
            "comments": dict(review.comments),
        }
    return out


def json_text(subject: Subject) -> str:
    """One session's report as `report --format json` prints it."""
    return json_encoded(json_report(subject), indent=2) + "\n"


def _gap_json(gap: Gap) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": gap.kind}
    if gap.kind == "competencies":
        out.update(area=gap.area, have=gap.have, need=gap.need)
    else:
        out["requirement"] = gap.requirement
    out["message"] = gap.message
    return out
