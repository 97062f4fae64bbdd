"""The JSON report: the `selfcheck-report/1` object (a contract: keys are only ever added).

It carries everything the HTML report shows (titles, levels with their labels, evidence
text, an "Other"'s own title and rationale, areas, answers as read), so a program can render
a full report from it."""

from __future__ import annotations

import json
from typing import Any

from selfcheck.model.evidence import EvidenceItem, Standing
from selfcheck.model.portfolio import Portfolio
from selfcheck.model.readiness import CompetencyStatus, Gap
from selfcheck.report.view import Subject, answer_text, level_text
from selfcheck.safetext import json_escaped

REPORT_SCHEMA = "selfcheck-report/1"


def json_encoded(document: Any, *, indent: int | None = None) -> str:
    """A report as JSON text: readable Unicode, and no character a terminal would act on."""
    return json_escaped(json.dumps(document, ensure_ascii=False, indent=indent))


def json_report(subject: Subject) -> dict[str, Any]:
    """One session's report as the `selfcheck-report/1` object (a contract, see
    docs/architecture.md: keys are only ever added)."""
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
                # Added keys: only where the verdict rests on a rule no source confirms.
                **({"verified": False, "note": r.unconfirmed} if r.unconfirmed else {}),
            }
            for r in readiness.results
        ],
        "ready_for": [d.id for d in readiness.ready_for],
        "highest_ready": highest.id if highest else None,
        "competencies": [_competency_json(subject, s) for s in readiness.statuses.values()],
        "portfolio": _portfolio_json(subject.portfolio, catalogue.recency_years),
        "coach": [
            {
                "competency": p.competency,
                "item": p.item,
                "hint": p.hint.code,
                "message": p.hint.message,
            }
            for p in subject.portfolio.hints
        ],
        "requirements": dict(session.requirements),
        "computed": {
            rid: {"value": c.value, "detail": c.detail, "caveat": c.caveat or None}
            for rid, c in readiness.computed.items()
        },
        "self_reported": list(readiness.self_reported),
        "development": _development_json(subject),
        "updated": session.updated.isoformat() if session.updated else None,
        # Added after the first version of the schema, which stays valid:
        "created": session.created.isoformat() if session.created else None,
        "target": session.target,
        "areas": [
            {"id": area.id, "title": area.title, "demonstrated": done, "applicable": applicable}
            for area in catalogue.areas
            for done, applicable in [readiness.area_progress(area.id)]
        ],
        "answers": [
            {"id": rid, "label": label, "value": value, "text": text}
            for rid, value in session.requirements.items()
            for label, text in [answer_text(subject, rid, value)]
        ],
    }
    out["catalogue"]["issuer"] = catalogue.issuer
    if review is not None:
        out["review"] = {
            "mentor": review.mentor,
            "verdict": review.verdict or None,
            "overall": review.overall,
            "comments": dict(review.comments),
            # Added after the first version of the schema:
            "updated": review.updated.isoformat() if review.updated else None,
            "comment_details": {
                cid: _comment_json(subject, cid, text) for cid, text in review.comments.items()
            },
        }
    return out


def json_text(subject: Subject) -> str:
    """One session's report as `report --format json` prints it."""
    return json_encoded(json_report(subject), indent=2) + "\n"


def _competency_json(subject: Subject, status: CompetencyStatus) -> dict[str, Any]:
    competency, rating = status.competency, status.rating
    level = subject.loaded.catalogue.scale.level(rating.level) if rating.level is not None else None
    out: dict[str, Any] = {
        "id": competency.id,
        "level": rating.level,
        "demonstrated": status.demonstrated,
        "evidence": status.has_evidence,
        # Added after the first version of the schema:
        "title": competency.title,
        "area": competency.area,
        "level_label": level.label if level else None,
        "state": status.state,
        "shown_as": level_text(subject, competency.id),
        "not_applicable": rating.not_applicable,
        "evidence_text": rating.evidence,
        "undated": status.undated,
        "items": [_item_json(i, st) for i, st in subject.standings(competency.id)],
    }
    if competency.user_defined:
        out["user_title"] = rating.title
        out["rationale"] = rating.rationale
    return out


def _comment_json(subject: Subject, competency_id: str, text: str) -> dict[str, Any]:
    """A comment with the rating it was written against and when (null for older files)."""
    stamp = subject.review.stamps.get(competency_id) if subject.review else None
    return {
        "text": text,
        "level_then": stamp.level if stamp else None,
        "written": stamp.written.isoformat() if stamp else None,
        "level_now": subject.loaded.session.rating(competency_id).level,
    }


def _gap_json(gap: Gap) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": gap.kind}
    if gap.kind == "competencies":
        out.update(area=gap.area, have=gap.have, need=gap.need)
    elif gap.kind == "evidence":
        out.update(methods=list(gap.methods), have=gap.have, need=gap.need)
    else:
        out["requirement"] = gap.requirement
    out["message"] = gap.message
    if not gap.verified:
        out["verified"] = False
        out["note"] = gap.note or "No source confirms this rule."
    return out


def _item_json(item: EvidenceItem, standing: Standing) -> dict[str, Any]:
    """One evidence item: what the file holds, and whether it counts on the report's day."""
    return {
        "method": item.method,
        "date": item.date.isoformat(),
        "title": item.title,
        "hours": item.hours,
        "link": item.link or None,
        "note": item.note,
        "counts": standing.counts,
        "why_not": standing.why_not or None,
    }


def _portfolio_json(portfolio: Portfolio, recency_years: int | None) -> dict[str, Any]:
    return {
        "recency_years": recency_years,
        "methods": [
            {"id": m.method.id, "label": m.method.label, "counting": m.counting, "old": m.old,
             "other": m.other}
            for m in portfolio.methods
        ],
        "needs": [
            {"designations": list(n.designations), "methods": list(n.methods),
             "have": n.count.have, "need": n.count.need, "met": n.met,
             "message": n.message or None}
            for n in portfolio.needs
        ],
        "undated": list(portfolio.undated),
    }  # fmt: skip


def _development_json(subject: Subject) -> dict[str, Any]:
    """The record as the report's day sees it: hours that count, the plan, the milestones."""
    record, session = subject.record, subject.loaded.session
    hours = record.hours
    return {
        "hours": None
        if hours is None
        else {
            "requirement": hours.requirement.id,
            "counted": hours.total.hours,
            "need": hours.need,
            "within_months": hours.spec.within_months,
            "activities_counted": hours.total.counted,
            "without_reflection": hours.total.unreflected,
            "outside_window": hours.total.outside,
        },
        "hours_by_competency": record.by_competency,
        "plan": None
        if session.plan is None
        else {
            "period": session.plan.period,
            "goals": [
                {"competencies": list(g.goal.competencies), "goal": g.goal.goal,
                 "actions": g.goal.actions, "activities": len(g.activities)}
                for g in record.goals
            ],
        },
        "activities": [
            {"date": a.date.isoformat(), "title": a.title, "hours": a.hours,
             "competencies": list(a.competencies), "reflection": a.reflection}
            for a in session.activities
        ],
        "milestones": [
            {"id": m.milestone.id, "recorded": m.recorded.isoformat() if m.recorded else None,
             "due": m.due.isoformat() if m.due else None, "late": m.late}
            for m in record.milestones
        ],
    }  # fmt: skip
