"""The words every verdict is told in: counts with the right plural, a person's or an
organisation's vocabulary, how a designation is named, and how an unconfirmed rule is flagged.

Readiness builds its messages from these, and every front end and report shows those messages
as they are, so the same session reads the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from selfcheck.model.catalogue import Area, Catalogue, Competency, Designation, Requirement
from selfcheck.model.numbers import number_text

#: After a gap that rests on a rule no source confirms.
UNVERIFIED_MARK = "(rule not confirmed by a source)"
#: A competency title longer than this is shortened inside a gap message.
TITLE_IN_GAP = 40


def plural(count: float, one: str, many: str | None = None) -> str:
    """A count and its noun: "1 gap", "2 gaps", "1 competency", "3 competencies"."""
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{number_text(count)} {word}"


def amount(value: float, unit: str, unit_one: str = "") -> str:
    """A number with the catalogue's unit: "1 year" (with `unit_one`), "4 years", "12"."""
    if not unit:
        return number_text(value)
    return f"{number_text(value)} {unit_one if value == 1 and unit_one else unit}"


@dataclass(frozen=True)
class Vocabulary:
    """How verdicts speak of what is checked: a person's competencies and designations, or an
    organisation's checklist items and compliance."""

    item: str
    items: str
    #: What the verdicts are about, as a heading: "Designation", "Checklist".
    heading: str
    #: An item that counts: "demonstrated"; a checklist item answered Yes: "met".
    met: str
    #: The verdict words.
    ready: str
    not_ready: str
    #: The one-line result when nothing is ready, and the same in a few words for a list.
    nothing_ready: str
    not_yet: str
    #: A rule over the whole catalogue, named in gap messages.
    everything: str
    #: Why an item does not count yet: not rated (or not answered).
    unrated: str
    #: Every item a designation's rules cover is marked N/A: nothing shows it is met.
    all_not_applicable: str
    #: A checklist is answered (Yes / No); a person rates themselves on a scale.
    checklist: bool = False

    def tally(self, have: int, need: int) -> str:
        """How many count of how many are needed: "5 of 6 demonstrated", "22 of 23 items met"."""
        if self.checklist:
            return f"{have} of {plural(need, self.item, self.items)} {self.met}"
        return f"{have} of {need} {self.met}"

    def below_bar(self, shown: str, needed: str) -> str:
        """Why a rated item does not count: "is rated 2 (needs 3)", "is answered No"."""
        return f"is answered {shown}" if self.checklist else f"is rated {shown} (needs {needed})"


PERSON = Vocabulary(
    item="competency",
    items="competencies",
    heading="Designation",
    met="demonstrated",
    ready="ready",
    not_ready="not ready",
    nothing_ready="Not ready for any designation yet",
    not_yet="not ready yet",
    everything="All competencies",
    unrated="not rated yet",
    all_not_applicable=(
        "every competency it covers is marked N/A, so nothing shows it is met; "
        "mark N/A only what your work does not include"
    ),
)

ORGANISATION = Vocabulary(
    item="item",
    items="items",
    heading="Checklist",
    met="met",
    ready="compliant",
    not_ready="not compliant",
    nothing_ready="Not compliant yet",
    not_yet="not compliant yet",
    everything="Checklist",
    unrated="not answered yet",
    all_not_applicable=(
        "every item is marked N/A, so nothing shows the checklist is met; "
        "answer Yes or No where an item applies"
    ),
    checklist=True,
)


def vocabulary(catalogue: Catalogue) -> Vocabulary:
    return ORGANISATION if catalogue.subject == "organisation" else PERSON


def designation_name(catalogue: Catalogue, designation: Designation) -> str:
    """How a designation is named in a verdict: its title, and its official id where the id
    says something the title does not ("Career Management Practitioner (CMP)", but
    "Operations Manager", not "Operations Manager (operations-manager)"). An organisation's
    checklist result is named by its title alone."""
    title = designation.title
    if catalogue.subject == "organisation" or _spelled_out(designation.id, title):
        return title
    return f"{title} ({designation.id})"


def _spelled_out(designation_id: str, title: str) -> bool:
    """Every word of the id is a word of the title ("lmi-specialist" in "Career and LMI
    Specialist"): an abbreviation such as "CMP" is not."""

    def words(text: str) -> set[str]:
        return set(re.findall(r"[^\W_]+", text.casefold()))

    return words(designation_id) <= words(title)


def caveat_text(labels: Sequence[str], total: int) -> str:
    """What a verdict rests on that no source confirms ("" when everything is confirmed)."""
    if not labels:
        return ""
    if len(labels) <= 3:
        rules = "a rule" if len(labels) == 1 else f"{len(labels)} rules"
        return f"rests on {rules} no source confirms: {', '.join(labels)}"
    share = f"all {total}" if len(labels) == total else f"{len(labels)} of its {total}"
    return f"rests on {share} rules, which no source confirms"


def out_of_bounds(requirement: Requirement, value: float) -> str:
    """Why a number answer lies outside the catalogue's `min`/`max` ("" when it does not):
    such an answer is kept as written but not counted."""
    unit, one = requirement.unit, requirement.unit_one
    if requirement.minimum is not None and value < requirement.minimum:
        return f"below the lowest answer allowed, {amount(requirement.minimum, unit, one)}"
    if requirement.maximum is not None and value > requirement.maximum:
        return f"above the highest answer allowed, {amount(requirement.maximum, unit, one)}"
    return ""


#: Said of an area none of whose competencies any designation's rule counts, when the
#: catalogue gives no purpose.
NOT_COUNTED = "no designation here depends on it"


def not_counted_note(catalogue: Catalogue, competency: Competency) -> str:
    """For a competency no designation's rule counts: that nothing depends on its rating,
    and what the rating is for, where the catalogue says ("guides your development plan").
    "" for a competency that counts towards a verdict."""
    if competency.id in catalogue.counted_ids:
        return ""
    purpose = f"; your rating {competency.purpose}" if competency.purpose else ""
    return f"No designation here depends on it{purpose}."


def area_purpose(catalogue: Catalogue, area: Area) -> str:
    """The same for a whole area: "" as soon as one of its competencies counts."""
    if any(c.id in catalogue.counted_ids for c in area.competencies):
        return ""
    return area.purpose or NOT_COUNTED


def progress_text(catalogue: Catalogue, area: Area, done: int, applicable: int) -> str:
    """An area's progress in words: "5 of 12 demonstrated", "22 of 23 items met", "every
    item marked N/A", with what the area is for when no verdict counts it."""
    words = vocabulary(catalogue)
    text = words.tally(done, applicable) if applicable else f"every {words.item} marked N/A"
    purpose = area_purpose(catalogue, area)
    return f"{text} ({purpose})" if purpose else text
