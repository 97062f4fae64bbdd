"""Catalogue text in our own words, with its sources (issue 12, item 13)."""

from __future__ import annotations

import re

from selfcheck.model.catalogue import Catalogue

#: The issuer's wording of the competencies our earlier text followed too closely, quoted only
#: to check that ours no longer does (the ICCI competency table, seed 000).
ISSUER_WORDING = {
    "1.5": "Possess broad knowledge of career assessment tools and processes. Demonstrate the "
    "effective use of at least one to assess a client's capabilities, needs and limits to "
    "create a foundation for career planning and implementation",
    "2.6": "Present career programs, facilitate groups or counsel on topics such as "
    "entrepreneurship, change management, planning for retirement, personal development and "
    "other career related topics",
    "2.7": "Teach managers and leaders the skills to coach, manage performance, and develop "
    "employees",
    "2.8": "Set up succession planning and employee monitoring systems to assist organizations "
    "in continuous renewal",
    "2.18": "Demonstrate knowledge of on-line, print and experiential career resources and the "
    "ability to guide clients in using them",
}
#: The longest run of words our text may share with the issuer's.
LONGEST_SHARED_RUN = 5


def words(text: str) -> list[str]:
    # British and American spellings count as the same word.
    return re.findall(r"[a-z0-9]+", text.lower().replace("programme", "program"))


def longest_shared_run(ours: str, theirs: str) -> int:
    a, b = words(ours), words(theirs)
    best = 0
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def test_the_run_counter_finds_shared_runs() -> None:
    assert (
        longest_shared_run(
            "we set up succession planning and employee monitoring", ISSUER_WORDING["2.8"]
        )
        == 7
    )
    assert longest_shared_run("nothing alike", ISSUER_WORDING["2.8"]) == 0


def test_reworded_competencies_share_no_long_run_with_the_issuer(career: Catalogue) -> None:
    for competency_id, theirs in ISSUER_WORDING.items():
        competency = career.competency(competency_id)
        assert competency is not None
        shared = longest_shared_run(competency.statement, theirs)
        assert shared <= LONGEST_SHARED_RUN, (competency_id, shared)


def test_experience_help_names_its_source(career: Catalogue) -> None:
    years = career.requirement("experience_years")
    assert years is not None
    assert "volunteer" not in years.help and "part-time" not in years.help
    assert "level descriptions" in years.help
    assert any("level" in s.note.lower() and "experience" in s.note.lower() for s in career.sources)


def test_icma_wording_is_labelled_and_half_credit_keeps_its_conditions(
    catalogues: dict[str, Catalogue],
) -> None:
    icma = catalogues["icma"]
    practices = icma.area("practices")
    assert practices is not None
    assert "this catalogue's own wording" in practices.description
    experience = icma.requirement("executive_experience_years")
    assert experience is not None
    help_text = experience.help
    assert "department head experience counts at half credit" in help_text
    assert "other sectors may count at half credit" in help_text
    assert "only chief administrative officer experience counts" in help_text


def test_pcm_role_rules_are_labelled_as_this_catalogues_own(
    catalogues: dict[str, Catalogue],
) -> None:
    pcm = catalogues["nscm-pcm"]
    roles = pcm.area("roles")
    assert roles is not None and "this catalogue's own wording" in roles.description
    role_rules = [r for r in pcm.designations[0].rules if r.kind == "list"]
    assert len(role_rules) == 3
    for rule in role_rules:
        assert "this self-check's rule" in rule.title and rule.verified is False
