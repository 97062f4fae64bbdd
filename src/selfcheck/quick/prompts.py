"""`selfcheck check` without a session: a quick readiness check, asked with questionary.

Asks only what one designation's rules and requirements use, stops once the verdict is
certain (the candidate may go on), prints the verdict with the app's own gap messages, and
offers to save the answers as a session the app can open.

Questions go through an `Asker` (quick/asker.py) so tests can script the answers; everything
printed passes through `safetext.one_line`.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from selfcheck.clock import today, utc_now
from selfcheck.exitcodes import EXIT_CANCELLED, EXIT_NOT_READY, EXIT_OK, EXIT_USAGE
from selfcheck.model.catalogue import Catalogue, Designation
from selfcheck.model.readiness import assess, rule_label, unconfirmed_rules
from selfcheck.model.session import MAX_NAME, Session, new_session
from selfcheck.model.verdicts import verdict_for
from selfcheck.model.wording import plural
from selfcheck.quick.asker import Asker, Choice, QuestionaryAsker, err, room, say
from selfcheck.quick.plan import (
    QuickCheck,
    no_level,
    rule_need_text,
    yes_level,
)
from selfcheck.quick.questions import ask_step
from selfcheck.safetext import one_line
from selfcheck.storage.catalogues import load_catalogues
from selfcheck.storage.sessions import create_session_file, new_session_path
from selfcheck.storage.toml_files import SaveError

CANCELLED = "Cancelled, nothing saved"
KEYS = "Answer y or n, then Enter (Enter alone is no)."
NO_TERMINAL = (
    "selfcheck: 'selfcheck check' asks questions and needs a terminal; "
    "without one, use 'selfcheck check SESSION --designation ID'"
)

# --- the command ------------------------------------------------------------------------------


class _Unknown(Exception):
    """A --catalogue or --designation that names nothing."""


class _Stopped(Exception):
    """Ctrl+C during the questions: what was answered until then."""

    def __init__(self, session: Session, answered: int) -> None:
        super().__init__()
        self.session = session
        self.answered = answered


def _keep_answers(
    asker: Asker, catalogue: Catalogue, stopped: _Stopped, sessions_folder: Path
) -> int:
    """Offer to save the answers given before Ctrl+C; a no (or a second Ctrl+C) saves
    nothing. Either way the check was cancelled: exit 130 unless saving fails."""
    n = stopped.answered
    if n == 0:
        raise KeyboardInterrupt  # nothing to keep
    say()
    answers = f"the {n} answer{'s' if n != 1 else ''}"
    if not asker.confirm(f"Stopped. Save {answers} so far as a session to finish in the app?"):
        raise KeyboardInterrupt
    name = asker.text(f"{_whose(catalogue)} name (saved in the file):", validate=_check_name)
    return _save(stopped.session.with_candidate(name.strip()), catalogue, sessions_folder,
                 EXIT_CANCELLED)  # fmt: skip


def _whose(catalogue: Catalogue) -> str:
    return "Organisation" if catalogue.subject == "organisation" else "Your"


def run_quick_check(
    args: argparse.Namespace,
    catalogues_folder: Path,
    sessions_folder: Path,
    asker: Asker | None = None,
) -> int:
    """`selfcheck check [--catalogue ID] [--designation ID]`: 0 ready, 1 not ready, 2 usage,
    130 cancelled."""
    found = load_catalogues(catalogues_folder)
    for problem in found.skipped:
        err(f"selfcheck: skipped {problem}")
    if not found.catalogues:
        err(f"selfcheck: no usable catalogue in {catalogues_folder}")
        return EXIT_USAGE
    try:
        options, designation_id = _resolve(
            list(found.catalogues.values()),
            getattr(args, "catalogue", None),
            getattr(args, "designation", None),
        )
    except _Unknown as exc:
        err(f"selfcheck: {exc}")
        return EXIT_USAGE
    if asker is None:
        if not sys.stdin.isatty():
            err(NO_TERMINAL)
            return EXIT_USAGE
        asker = QuestionaryAsker()
    try:
        catalogue = options[0] if len(options) == 1 else _choose_catalogue(asker, options)
        designation = (
            _designation(catalogue, designation_id)
            if designation_id
            else _choose_designation(asker, catalogue)
        )
        assert designation is not None  # _resolve checked the id
        try:
            session, unasked = _ask_all(asker, catalogue, designation)
        except _Stopped as stopped:
            return _keep_answers(asker, catalogue, stopped, sessions_folder)
        code = _verdict(catalogue, designation, session, unasked)
        if asker.confirm("Save these answers as a session you can open in the app?"):
            name = asker.text(f"{_whose(catalogue)} name (saved in the file):",
                              validate=_check_name)  # fmt: skip
            return _save(session.with_candidate(name.strip()), catalogue, sessions_folder, code)
        return code
    except (KeyboardInterrupt, EOFError):
        err(CANCELLED)
        return EXIT_CANCELLED


def _resolve(
    catalogues: list[Catalogue], catalogue_id: str | None, designation_id: str | None
) -> tuple[list[Catalogue], str | None]:
    """The catalogues to choose from (one when settled) and the designation id, if given."""
    if catalogue_id:
        catalogue = _by_id(catalogues, catalogue_id)
        if catalogue is None:
            known = ", ".join(c.id for c in catalogues)
            raise _Unknown(f"no catalogue {catalogue_id!r} (known: {known})")
        catalogues = [catalogue]
    if not designation_id:
        return catalogues, None
    having = [c for c in catalogues if _designation(c, designation_id)]
    if not having:
        if len(catalogues) == 1:
            known = ", ".join(d.id for d in catalogues[0].designations)
            raise _Unknown(f"no designation {designation_id!r} in {catalogues[0].id} ({known})")
        raise _Unknown(f"no designation {designation_id!r} in any catalogue")
    return having, designation_id


def _by_id(catalogues: list[Catalogue], wanted: str) -> Catalogue | None:
    exact = next((c for c in catalogues if c.id == wanted), None)
    if exact:
        return exact
    folded = [c for c in catalogues if c.id.casefold() == wanted.casefold()]
    return folded[0] if len(folded) == 1 else None


def _designation(catalogue: Catalogue, wanted: str) -> Designation | None:
    exact = catalogue.designation(wanted)
    if exact:
        return exact
    folded = [d for d in catalogue.designations if d.id.casefold() == wanted.casefold()]
    return folded[0] if len(folded) == 1 else None


def _choose_catalogue(asker: Asker, catalogues: list[Catalogue]) -> Catalogue:
    described = room(len("  Description: ") + 1)
    choices = [
        Choice(one_line(c.title, room(7)), c.id, one_line(c.issuer, described)) for c in catalogues
    ]
    chosen = asker.select("Which catalogue?", choices)
    return next(c for c in catalogues if c.id == chosen)


def _choose_designation(asker: Asker, catalogue: Catalogue) -> Designation:
    if len(catalogue.designations) == 1:
        return catalogue.designations[0]
    described = room(len("  Description: ") + 1)
    choices = [
        Choice(one_line(f"{d.id}  {d.title}", room(7)), d.id, one_line(d.description, described))
        for d in catalogue.designations
    ]
    chosen = asker.select("Which designation?", choices)
    designation = catalogue.designation(chosen)
    assert designation is not None
    return designation


# --- the questions ----------------------------------------------------------------------------


def _ask_all(asker: Asker, catalogue: Catalogue, designation: Designation) -> tuple[Session, int]:
    """Ask the designation's questions; return the answers and how many were not asked."""
    check = QuickCheck(catalogue, designation, new_session(catalogue, "", designation.id), today())
    _introduce(check)
    try:
        return _ask_each(asker, check)
    except KeyboardInterrupt:
        raise _Stopped(check.session, len(check.asked)) from None


def _ask_each(asker: Asker, check: QuickCheck) -> tuple[Session, int]:
    designation = check.designation
    everything = False
    last_area: str | None = None
    while True:
        outlook = check.outlook()
        if outlook.verdict != "open" and not everything:
            left = len(check.remaining)
            if left == 0:
                break
            say()
            if outlook.verdict == "ready":
                say(
                    f"You meet everything {designation.id} needs; the rest cannot change that.",
                    style="bold",
                )
            else:
                say("The verdict can no longer change:", style="bold")
                say(outlook.reason, indent="  ")
            other = "the last question" if left == 1 else f"the other {left} questions"
            if not asker.confirm(f"Answer {other} anyway?"):
                break
            everything = True
        step = check.next_step(everything)
        if step is None:
            break
        if step.competency is not None and step.competency.area != last_area:
            last_area = step.competency.area
            _area_heading(check, last_area)
        met_before = {i for i, p in enumerate(check.rules()) if p.state == "met"}
        check.mark_asked(step, ask_step(asker, check, step))
        if not everything:
            _note_met_rules(check, met_before)
    return check.session, len(check.remaining)


def _introduce(check: QuickCheck) -> None:
    catalogue, designation = check.catalogue, check.designation
    scale = catalogue.scale
    say()
    say(f"Quick check for {designation.id}, {designation.title}", style="bold")
    needs = [
        f"{rule_label(catalogue, r)}, {rule_need_text(catalogue, r)}" for r in designation.rules
    ]
    needs += [
        req.label
        for c in designation.conditions
        if (req := catalogue.requirement(c.requirement)) is not None
    ]
    if needs:
        say(f"It needs: {'; '.join(needs)}.")
    say(
        f"Up to {plural(len(check.steps), 'question')}, fewer once the verdict is "
        "certain. Ctrl+C stops (and offers to keep what you answered)."
    )
    if any(s.competency for s in check.steps):
        yes, no = scale.level(yes_level(scale)), scale.level(no_level(scale) or 0)
        evidence = (
            " and asks for a one-line note of your evidence (no note, no count)"
            if scale.evidence_required
            else ""
        )
        if len(scale.levels) > 2 and yes and no:
            say(
                f"{KEYS} A yes is saved as level {yes.value} ({yes.label}){evidence}; a no as "
                f"level {no.value} ({no.label})."
            )
        else:
            say(f"{KEYS} A yes counts{evidence}.")
    if unconfirmed_rules(catalogue, designation):
        say(
            "Some of these thresholds are not confirmed by the issuer; check its current "
            "rules before you apply.",
            style="dim",
        )


def _area_heading(check: QuickCheck, area_id: str) -> None:
    area = check.catalogue.area(area_id)
    if area is None:
        return
    needs = [
        rule_need_text(check.catalogue, r) for r in check.designation.rules if r.area == area_id
    ]
    suffix = f": {check.designation.id} needs {' and '.join(needs)}" if needs else ""
    say()
    say(f"{area.title}{suffix}", style="bold")


def _note_met_rules(check: QuickCheck, met_before: set[int]) -> None:
    """Say why questions are about to be skipped: a rule just met, the verdict still open."""
    if check.outlook().verdict != "open":
        return  # the verdict message says it all
    for i, progress in enumerate(check.rules()):
        if progress.state != "met" or i in met_before:
            continue
        skipped = check.skippable_in(progress.rule)
        if skipped:
            label = rule_label(check.catalogue, progress.rule)
            say(
                f"✓ {label}: {progress.have} demonstrated, enough for {check.designation.id}; "
                f"skipping the other {skipped}.",
                style="dim",
            )


def _check_name(text: str) -> str | None:
    if not text.strip():
        return "Type a name"
    if len(text) > MAX_NAME:
        return f"At most {MAX_NAME} characters"
    return None


# --- verdict and saving -------------------------------------------------------------------------


def _verdict(catalogue: Catalogue, designation: Designation, session: Session, unasked: int) -> int:
    readiness = assess(catalogue, session, today())
    verdict = verdict_for(readiness, designation.id)
    assert verdict is not None
    used = {c.requirement for c in designation.conditions}
    said = [q.label for q in catalogue.requirements
            if q.id in readiness.self_reported and q.id in used]  # fmt: skip
    say()
    sentence = verdict.sentence[0].upper() + verdict.sentence[1:]
    say(f"{sentence}.", style="bold")
    if said:
        say(f"Self-reported: {', '.join(said)}.", style="dim")
    if verdict.ready:
        return EXIT_OK
    say("What is missing:")
    for gap in verdict.gaps:
        say(f"- {gap}", indent="  ", hang="  ")
    if unasked:
        say(
            f"({plural(unasked, 'question was', 'questions were')} not asked: "
            "they show as not rated or not answered yet.)",
            style="dim",
        )
    say()
    return EXIT_NOT_READY


def _save(session: Session, catalogue: Catalogue, sessions_folder: Path, code: int) -> int:
    path: Path | None = None
    try:
        path = new_session_path(sessions_folder, session.candidate, catalogue.id)
        create_session_file(path, session, catalogue, utc_now())
    except SaveError as exc:
        err(f"selfcheck: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        # The save is atomic: either the whole file is there or nothing is.
        if path is None or not path.exists():
            raise
        code = EXIT_CANCELLED
    say(f"Saved to {path.resolve()}", wrap=False)
    say(f"Open it in the app with: selfcheck {shlex.quote(str(path.resolve()))}", wrap=False)
    return code
