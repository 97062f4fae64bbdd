"""Regenerate the example sessions in this folder: `python examples/make_examples.py`.

They are written through the same save path as the app, so their [summary] tables are real.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from selfcheck import paths
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import Activity, Goal, Plan
from selfcheck.model.evidence import EvidenceItem
from selfcheck.model.feedback import RaterAnswer, RaterForm
from selfcheck.model.session import Rating, Session, new_session
from selfcheck.storage.catalogues import load_catalogues
from selfcheck.storage.feedback import feedback_folder, save_form
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
    for cid, items in _alex_portfolio().items():
        s = s.with_items(cid, items)
    s = s.with_answer("experience_years", 4).with_position("1.7").touched(NOW)
    return replace(s, created=datetime(2026, 11, 2, 9, 0, tzinfo=UTC)), cm


def _alex_portfolio() -> dict[str, tuple[EvidenceItem, ...]]:
    """Dated evidence: one course, two presentations and a case study from the past five
    years, and a certification from 2019 that is now too old to count."""
    case_study = (
        "A 52-year-old machine operator came to me after the plant closed in March 2025. "
        "I used a narrative approach to help him retell thirty years of work as skills rather "
        "than a job title, then a trait-factor inventory to test the options he named. We "
        "agreed a plan in three steps: a short welding course, two informational interviews "
        "a week, and a weekly check-in with me. I referred him to the union's retraining fund "
        "for the course fees. Within four months he was hired as a maintenance welder at 92% "
        "of his old wage; at the six-month follow-up he was still there and mentoring an "
        "apprentice. What I would do differently: start the informational interviews in the "
        "first week, not the third."
    )
    return {
        "1.1": (
            EvidenceItem(
                "A", date(2025, 6, 13), "Career Development Facilitator course, 60 hours",
                hours=60, note="I learned to run structured intake interviews; I now use its "
                "needs checklist with every new client (about 40 in 2025).",
            ),
        ),
        "1.3": (
            EvidenceItem(
                "D", date(2025, 9, 30), "Case study: from plant closure to a new trade",
                link="portfolio/case-study-plant-closure.pdf", note=case_study,
            ),
        ),
        "1.5": (
            EvidenceItem(
                "A", date(2019, 3, 8), "Strong Interest Inventory certification", hours=16,
            ),
        ),
        "2.6": (
            EvidenceItem(
                "B", date(2025, 11, 15), "Transition workshops for laid-off plant workers",
                hours=36, note="I designed and led 12 sessions for 180 participants; 9 in 10 "
                "rated them useful and 64 found work within three months.",
            ),
            EvidenceItem(
                "G", date(2025, 10, 2), "Talk: career pivots after 50, regional HR forum",
                hours=1.5, link="portfolio/pivots-talk.pdf",
                note="We shared what the workshops taught us about older job seekers.",
            ),
        ),
    }  # fmt: skip


def sam(cats: dict[str, Catalogue]) -> tuple[Session, Catalogue]:
    icma = cats["icma"]
    s = new_session(icma, "Sam Lee", target="ICMA-CM")
    for cid, level in {"1": 4, "2": 3, "6": 3, "12": 4}.items():
        s = s.with_rating(cid, Rating(level=level, evidence=f"Annual report 2025, section {cid}."))
    # The two lowest ratings are this year's focus areas (the plan's first two goals).
    s = s.with_rating("7", Rating(level=1, evidence="Our last strategic plan was a consultant's."))
    s = s.with_rating("3", Rating(level=2, evidence="Started an equity review of parks spending."))
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
    s = s.with_plan(_sam_plan())
    for activity in _sam_activities():
        s = s.with_activity(activity)
    return s.touched(NOW), icma


# Sam's multi-rater assessment: the supervisor, three peers, four direct reports and two council
# members (too few to show: "others" need three). Levels per practice, one row per rater.
SAM_RATERS = [
    ("supervisor", "Jordan Reyes", "supervisor", "34423333322433"),
    ("peer", "", "peer-1", "34432333332334"),
    ("peer", "", "peer-2", "24333323332333"),
    ("peer", "", "peer-3", "34422333232234"),
    ("direct_report", "", "staff-1", "44443333322344"),
    ("direct_report", "", "staff-2", "34334332333333"),
    ("direct_report", "", "staff-3", "34433433222334"),
    ("direct_report", "", "staff-4", "44433333332243"),
    ("other", "", "council-1", "44333333333333"),
    ("other", "", "council-2", "33343333333333"),
]
SAM_COMMENTS = {
    "supervisor": {"12": "Budgets are on time; the capital plan needed a lot of my review."},
    "peer-1": {"2": "Residents trust Sam: the library consultation drew a record turnout."},
    "peer-3": {"12": "Good with the numbers, less so with explaining trade-offs to council."},
    "staff-1": {"4": "Gives us room to decide and backs us when it goes wrong."},
    "staff-3": {"5": "Could take more time off; the team notices the late emails."},
    "council-1": {"2": "Sam never mentions this, but town halls run well under Sam."},
}


def sam_feedback(cats: dict[str, Catalogue]) -> list[tuple[str, RaterForm]]:
    ids = [c.id for c in cats["icma"].competencies]
    forms = []
    for group, rater, name, levels in SAM_RATERS:
        comments = SAM_COMMENTS.get(name, {})
        answers = {
            cid: RaterAnswer(int(level), comments.get(cid, ""))
            for cid, level in zip(ids, levels, strict=True)
        }
        form = RaterForm("icma", "Sam Lee", group, rater, date(2026, 11, 16), answers)
        forms.append((name, form))
    return forms


def _sam_plan() -> Plan:
    """Two practices picked from the lowest ratings (7 and 12 is a strength to keep up)."""
    return Plan(
        period="December 2025 to November 2026",
        goals=(
            Goal(("7",), "Lead a five-year strategic plan from community input to adoption.",
                 "Strategic planning course; facilitate two council retreats; mentor call with a "
                 "city manager who led one."),
            Goal(("3",), "Build equity into how we set service levels.",
                 "GARE equity-in-budgeting webinar series; read two city equity plans."),
            Goal(("12",), "Keep budgeting current: new GASB rules.",
                 "State association budget track; GFOA update webinar."),
        ),
    )  # fmt: skip


def _sam_activities() -> tuple[Activity, ...]:
    """A year of activities: 48 hours in all, one still without its reflection."""
    return (
        Activity(date(2025, 12, 9), "GFOA webinar: new GASB statements for 2026", 2, ("12",),
                 "Compensated absences now accrue earlier than we book them; I asked finance "
                 "to estimate the change before the next audit."),
        Activity(date(2026, 1, 20), "Strategic planning for local government (online course)",
                 12, ("7", "6"),
                 "A plan needs a small number of measurable goals; ours had 23. I drafted five."),
        Activity(date(2026, 2, 26), "Equity in budgeting, webinar series (3 sessions)", 4.5,
                 ("3", "12"),
                 "An equity lens on capital projects: map spending by neighbourhood first."),
        Activity(date(2026, 3, 14), "State association conference: budgeting track", 6,
                 ("12",),
                 "Zero-based reviews work best on a few programmes a year, not all at once."),
        Activity(date(2026, 4, 22), "Reading: two cities' equity action plans", 3, ("3",),
                 "Both tied each action to an owner and a date; ours will too."),
        Activity(date(2026, 6, 5), "Mentor call: leading a strategic plan to adoption", 1.5,
                 ("7",),
                 "Council buys in when it sets the goals in a retreat, not when staff present "
                 "a draft."),
        Activity(date(2026, 9, 17), "ICMA annual conference", 16, ("6", "7", "14"),
                 "Scenario planning: three futures, one set of no-regret actions."),
        Activity(date(2026, 10, 28), "Facilitation skills workshop", 3, ("2", "7"), ""),
    )  # fmt: skip


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
    folder = feedback_folder(HERE / "sam-lee-icma.toml")
    for name, form in sam_feedback(cats):
        save_form(folder / f"{name}.toml", form)
    print(f"wrote {folder}/")


if __name__ == "__main__":
    main()
