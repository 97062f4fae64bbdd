"""`selfcheck feedback rate FORM`: a rater fills in a feedback form with prompts.

The form is saved after every answer (atomically), so a closed terminal loses at most the
question in flight. Questions go through the quick check's `Asker`, so tests script them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from selfcheck.clock import today
from selfcheck.exitcodes import EXIT_CANCELLED, EXIT_OK, EXIT_USAGE
from selfcheck.model.catalogue import Catalogue, Competency
from selfcheck.model.feedback import MAX_COMMENT, MAX_RATER_NAME, RaterAnswer, RaterForm
from selfcheck.model.feedback_groups import FeedbackGroup
from selfcheck.quick.asker import Asker, Choice, QuestionaryAsker, Validator, err, say
from selfcheck.storage.catalogues import CatalogueLibrary
from selfcheck.storage.feedback import open_form, save_form
from selfcheck.storage.toml_files import LoadError, SaveError

SKIP = "skip"


def run_rate_form(path: Path, catalogues_folder: Path, asker: Asker | None = None) -> int:
    """Fill in one form: 0 done, 2 unusable form, 130 cancelled (answers so far are saved)."""
    try:
        form, catalogue, group = open_form(path, CatalogueLibrary(catalogues_folder))
    except LoadError as exc:
        for problem in exc.problems:
            err(f"selfcheck: {problem}")
        return EXIT_USAGE
    if asker is None:
        if not sys.stdin.isatty():
            err("selfcheck: 'feedback rate' asks questions and needs a terminal")
            return EXIT_USAGE
        asker = QuestionaryAsker()
    try:
        form = _rate(asker, catalogue, group, form, path)
    except (KeyboardInterrupt, EOFError):
        err(f"Stopped; your answers so far are saved in {path}")
        return EXIT_CANCELLED
    except SaveError as exc:
        err(f"selfcheck: {exc}")
        return EXIT_USAGE
    rated = sum(a.level is not None for a in form.ratings.values())
    say(f"Saved {path}: {rated} of {catalogue.competency_count} competencies rated.", wrap=False)
    say("Send the file back to the person who asked for your feedback.", wrap=False)
    return EXIT_OK


def _rate(
    asker: Asker, catalogue: Catalogue, group: FeedbackGroup, form: RaterForm, path: Path
) -> RaterForm:
    say(f"Feedback on {form.candidate or 'the candidate'}: {catalogue.title}", wrap=False)
    say(
        f"You answer as: {group.label}. "
        + (
            "Your name is never shown; your group appears only as an average."
            if group.anonymous
            else "Your name is shown with your comments."
        ),
        wrap=False,
    )
    name = asker.text(
        "Your name (optional):", instruction=form.rater, validate=_length(MAX_RATER_NAME)
    )
    if name.strip():
        form = form.with_rater(name.strip())
    for competency in catalogue.competencies:
        answer = _ask(asker, catalogue, competency, form.answer(competency.id))
        form = form.with_answer(competency.id, answer).submitted_on(today())
        save_form(path, form)
    return form


def _ask(
    asker: Asker, catalogue: Catalogue, competency: Competency, current: RaterAnswer
) -> RaterAnswer:
    say()
    say(f"{competency.id}  {competency.title}", wrap=False)
    if competency.statement:
        say(f"  {competency.statement}", wrap=False)
    choices = [
        Choice(f"{lv.label} ({lv.value})", str(lv.value), lv.meaning)
        for lv in catalogue.scale.levels
    ]
    choices.append(Choice("Cannot judge (skip)", SKIP))
    picked = asker.select(
        "Your rating:",
        choices,
        default=str(current.level) if current.level is not None else None,
    )
    level = None if picked == SKIP else int(picked)
    comment = asker.text("Comment (optional):", validate=_length(MAX_COMMENT))
    return RaterAnswer(level, comment.strip() or current.comment)


def _length(limit: int) -> Validator:
    def check(text: str) -> str | None:
        return f"at most {limit:,} characters" if len(text) > limit else None

    return check
