"""Regenerate the example sessions in this folder: `python examples/make_examples.py`.

They are written through the same save path as the app, so their [summary] tables are real.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.storage.catalogues import load_catalogues
from selfcheck.storage.sessions import save_session

HERE = Path(__file__).parent
NOW = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def alex(cats: dict[str, Catalogue]) -> tuple[Session, Catalogue]:
    cm = cats["career-management"]
    s = new_session(cm, "Alex Doe", target="CMP")
    notes = {
        "1.1": (4, "Completed the 2025 career-development facilitator course (A); "
                   "30 hours of webinars on labour-market trends in 2024-2026."),
        "1.2": (3, "Coached 40 mid-career clients in 2025; feedback summaries in client files."),
        "1.3": (3, "Used narrative and trait-factor approaches; case study D-1 shows the choice."),
        "1.4": (3, "Adapted workshops for newcomers to Canada and neurodivergent job seekers."),
        "1.5": (4, "Certified in the Strong Interest Inventory; used it with 60+ clients."),
        "1.6": (2, "Some analysis of client workplaces, not yet systematic."),
        "1.7": (3, ""),
        "1.10": (3, "Service agreement template I wrote in 2024; records kept in the CRM."),
        "2.5": (2, "Helped plan one career-fair project."),
        "2.6": (4, "Ran 12 transition workshops in 2025 (B) for 180 participants."),
        "2.10": (4, "Job-search bootcamp: CVs, networking, interviews; 3 cohorts a year."),
        "2.12": (3, "Mediation training 2024 (A); resolved team conflicts at two clients."),
        "2.18": (3, "Maintain a curated resource list used by our whole centre."),
    }  # fmt: skip
    for cid, (level, evidence) in notes.items():
        s = s.with_rating(cid, Rating(level=level, evidence=evidence))
    s = s.with_rating(
        "2.19",
        Rating(
            level=3,
            title="Career services for veterans",
            evidence="Designed a transition programme with the local veterans' association.",
        ),
    )
    s = s.with_answer("experience_years", 4).with_position("1.7").touched(NOW)
    return replace(s, created=datetime(2026, 11, 2, 9, 0, tzinfo=UTC)), cm


def sam(cats: dict[str, Catalogue]) -> tuple[Session, Catalogue]:
    icma = cats["icma"]
    s = new_session(icma, "Sam Lee", target="ICMA-CM")
    for cid, level in {"1": 4, "2": 3, "6": 3, "12": 4}.items():
        s = s.with_rating(cid, Rating(level=level, evidence=f"Annual report 2025, section {cid}."))
    answers = {
        "icma_member": True,
        "management_assessment": True,
        "professional_development_hours": 46,
        "development_plan": True,
        "education": "bachelors",
        "executive_experience_years": 8,
    }
    for rid, value in answers.items():
        s = s.with_answer(rid, value)
    return s.touched(NOW), icma


def riverside(cats: dict[str, Catalogue]) -> tuple[Session, Catalogue]:
    checklist = cats["lmi-service-guidelines"]
    s = new_session(checklist, "Riverside Career Centre")
    for c in checklist.competencies:
        if c.id == "2.3":
            rating = Rating(not_applicable=True, evidence="We receive no project funding.")
        elif c.id == "7.2":
            rating = Rating(level=0, evidence="Website not yet tested with screen readers.")
        else:
            rating = Rating(level=1)
        s = s.with_rating(c.id, rating)
    return s.touched(NOW), checklist


def main() -> None:
    cats = load_catalogues(paths.shipped_catalogues_dir()).catalogues
    for name, make in [
        ("alex-doe-career-management", alex),
        ("sam-lee-icma", sam),
        ("riverside-lmi-service-guidelines", riverside),
    ]:
        session, catalogue = make(cats)
        target = HERE / f"{name}.toml"
        target.unlink(missing_ok=True)
        save_session(target, session, catalogue, now=NOW)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
