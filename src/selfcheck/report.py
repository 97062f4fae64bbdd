"""Renderings of a session's readiness: the JSON contract and plain text.

Pure functions from loaded sessions to strings; nothing here touches the screen or the disk.
"""

from __future__ import annotations

from typing import Any

from selfcheck.model.readiness import Readiness, assess
from selfcheck.safetext import one_line, visible
from selfcheck.storage import LoadedSession

REPORT_SCHEMA = "selfcheck-report/1"


def json_report(loaded: LoadedSession, shown_path: str) -> dict[str, Any]:
    """One session's report as the `selfcheck-report/1` object (design.md contract)."""
    catalogue, session = loaded.catalogue, loaded.session
    readiness = assess(catalogue, session)
    highest = readiness.highest_ready
    return {
        "schema": REPORT_SCHEMA,
        "session": shown_path,
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


def _gap_json(gap: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": gap.kind}
    if gap.kind == "competencies":
        out.update(area=gap.area, have=gap.have, need=gap.need)
    else:
        out["requirement"] = gap.requirement
    out["message"] = gap.message
    return out


def verdict_lines(readiness: Readiness) -> list[str]:
    """Every designation's verdict with its gaps, as plain lines."""
    lines = []
    for result in readiness.results:
        d = result.designation
        mark = "READY" if result.ready else "not ready"
        lines.append(f"{one_line(d.id)} ({one_line(d.title)}): {mark}")
        lines.extend(f"  - {one_line(g.message)}" for g in result.gaps)
    return lines


def text_report(loaded: LoadedSession, shown_path: str) -> str:
    """A plain-text report: verdicts and gaps first, then every rated competency."""
    catalogue, session = loaded.catalogue, loaded.session
    readiness = assess(catalogue, session)
    highest = readiness.highest_ready
    lines = [
        f"{one_line(session.candidate) or '(no name)'}: {one_line(catalogue.title)}",
        f"Session: {one_line(shown_path)}",
        "Highest designation ready: "
        + (f"{one_line(highest.id)} ({one_line(highest.title)})" if highest else "none yet"),
        "",
    ]
    lines += verdict_lines(readiness)
    lines.append("")
    for area in catalogue.areas:
        done, applicable = readiness.area_progress(area.id)
        lines.append(f"{one_line(area.title)}: {done} of {applicable} demonstrated")
        for competency in area.competencies:
            status = readiness.statuses[competency.id]
            rating = status.rating
            if status.state == "unrated":
                continue
            level = "N/A" if status.state == "not_applicable" else str(rating.level)
            mark = "✓" if status.demonstrated else " "
            title = rating.title if competency.user_defined and rating.title else competency.title
            lines.append(f"  {mark} {competency.id} {one_line(title)} [{level}]")
            if rating.rationale.strip():
                lines.append(_indented("Why: " + rating.rationale))
            if rating.evidence.strip():
                lines.append(_indented(rating.evidence))
    if session.requirements:
        lines.append("")
        lines.append("Requirements:")
        for rid, answer in session.requirements.items():
            requirement = catalogue.requirement(rid)
            label = requirement.label if requirement else rid
            shown = ("yes" if answer else "no") if isinstance(answer, bool) else str(answer)
            if requirement and requirement.kind == "choice" and isinstance(answer, str):
                choice = requirement.choice(answer)
                shown = choice.label if choice else answer
            lines.append(f"  {one_line(label)}: {one_line(shown)}")
    return "\n".join(lines) + "\n"


def _indented(text: str) -> str:
    return "\n".join("      " + line for line in visible(text).strip().splitlines())
