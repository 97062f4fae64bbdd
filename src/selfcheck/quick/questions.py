"""Each quick-check question as it is asked: a competency (yes or no, then the note its
scale asks for), a portfolio rule (the evidence it needs, saved as dated items), or a
requirement (yes or no, a choice, a number read as the app reads it)."""

from __future__ import annotations

from dataclasses import replace

from selfcheck.model.catalogue import Catalogue, Competency, Requirement, Rule
from selfcheck.model.evidence import EvidenceItem
from selfcheck.model.numbers import NOT_A_NUMBER, parse_number, range_text
from selfcheck.model.readiness import evidence_name, rule_label
from selfcheck.model.session import MAX_NOTE, Answer, Rating, Session
from selfcheck.quick.asker import Asker, Choice, room, say
from selfcheck.quick.plan import (
    QuickCheck,
    Step,
    no_level,
    self_reported_note,
    yes_level,
)
from selfcheck.safetext import one_line


def ask_step(asker: Asker, check: QuickCheck, step: Step) -> Session:
    catalogue, session = check.catalogue, check.session
    if step.competency is not None:
        rating = _ask_competency(asker, catalogue, step.competency)
        # A portfolio answer may already have put an item under this competency: keep it.
        kept = session.rating(step.competency.id).items
        return session.with_rating(step.competency.id, replace(rating, items=kept))
    if step.evidence_rule is not None:
        return _ask_portfolio(asker, check, step.evidence_rule)
    assert step.requirement is not None
    return session.with_answer(step.requirement.id, _ask_requirement(asker, step.requirement))


def _ask_portfolio(asker: Asker, check: QuickCheck, rule: Rule) -> Session:
    """One portfolio rule as one question; a "yes" saves the items it needs, dated today, under
    the competency they back best, for the candidate to correct in the app."""
    catalogue, session = check.catalogue, check.session
    methods = [m for mid in rule.methods if (m := catalogue.evidence.method(mid))]
    need = rule.count or 1
    what = evidence_name(catalogue, rule)
    window = f" from the past {catalogue.recency_years} years" if catalogue.recency_years else ""
    amount = f"at least {need} of: {what}" if need > 1 else f"{_article(what)} {what}"
    question = f"Do you have {amount}{window}?"
    say()
    say(f"{rule_label(catalogue, rule)}: {what}", style="bold")
    for method in methods:
        if method.help:
            say(f"{method.id}: {method.help}", style="dim", indent="  ", hang="   ")
    if len(methods) == 1:
        method_id = methods[0].id if asker.confirm(question) else ""
    else:
        choices = [Choice(one_line(f"{m.id}  {m.label}", room(7)), m.id) for m in methods]
        method_id = asker.select(question, [*choices, Choice("No, none of these", "")])
    if not method_id:
        return session
    competencies = catalogue.designation_competencies(check.designation)
    competency_id = asker.select(
        "Which competency does it back best?",
        [Choice(one_line(f"{c.id}  {c.title}", room(7)), c.id) for c in competencies],
    )
    chosen = catalogue.evidence.method(method_id)
    label = chosen.label if chosen else method_id
    items = list(session.rating(competency_id).items)
    for n in range(1, need + 1):
        number = f" {n} of {need}" if need > 1 else ""
        title = f"{label}{number} (from the quick check: give its title and real date)"
        items.append(EvidenceItem(method=method_id, date=check.today, title=title))
    say(
        f"Saved under {competency_id}, dated today: correct the date and title in the app.",
        style="dim",
    )
    return session.with_items(competency_id, tuple(items))


def _article(phrase: str) -> str:
    return "an" if phrase[:1].lower() in "aeiou" else "a"


def _ask_competency(asker: Asker, catalogue: Catalogue, competency: Competency) -> Rating:
    scale = catalogue.scale
    say()
    say(f"{competency.id}  {competency.title}", style="bold")
    if competency.statement:
        say(competency.statement, style="dim", indent="  ")
    if competency.user_defined and competency.help:
        say(competency.help, style="dim", indent="  ")
    window = f" from the past {catalogue.recency_years} years" if catalogue.recency_years else ""
    question = f"Can you show evidence of it{window}?"
    if competency.not_applicable_allowed:
        answer = asker.select(
            question,
            [Choice("Yes", "yes"), Choice("No", "no"), Choice("Not applicable", "n/a")],
        )
        if answer == "n/a":
            return Rating(not_applicable=True)
        said_yes = answer == "yes"
    else:
        said_yes = asker.confirm(question)
    if not said_yes:
        return Rating(level=no_level(scale))
    title = rationale = evidence = ""
    if competency.user_defined:
        title = asker.text("Its title:", validate=_short)
        rationale = asker.text("Why it is relevant:", validate=_note)
    if scale.evidence_required:
        evidence = asker.text("Your evidence (what, when):", validate=_note)
        if not evidence.strip():
            say("Not counted without a note; you can add one in the app.", style="dim")
    if competency.user_defined and not (title.strip() and rationale.strip()):
        say("Not counted without a title and a reason; add them in the app.", style="dim")
    return Rating(
        level=yes_level(scale),
        evidence=evidence.strip(),
        title=title.strip(),
        rationale=rationale.strip(),
    )


def _ask_requirement(asker: Asker, requirement: Requirement) -> Answer:
    say()
    if requirement.help:
        say(requirement.help, style="dim")
    if requirement.computed:
        say(self_reported_note(requirement))
    prompt = one_line(requirement.prompt)
    if requirement.kind == "yes_no":
        return asker.confirm(prompt)
    if requirement.kind == "choice":
        choices = [Choice(one_line(c.label, room(7)), c.id) for c in requirement.choices]
        return asker.select(prompt, choices)
    low, high = requirement.minimum, requirement.maximum
    bounds = "" if (low == 0 and high is None) else range_text(low, high)  # 0: the natural floor
    unit = one_line(requirement.unit)
    hint = ", ".join(part for part in (unit, bounds) if part)
    instruction = f"({hint})" if hint else ""
    answer = asker.text(
        prompt,
        instruction=instruction,
        validate=lambda text: _number_problem(text, low, high),
    )
    value, _ = parse_number(answer, low, high)
    assert value is not None  # the validator let only a number through
    return value


def _number_problem(text: str, low: float | None, high: float | None) -> str | None:
    value, problem = parse_number(text, low, high)
    if value is None:
        return problem or NOT_A_NUMBER
    return None


def _short(text: str) -> str | None:
    return "At most 200 characters" if len(text) > 200 else None


def _note(text: str) -> str | None:
    return f"At most {MAX_NOTE:,} characters" if len(text) > MAX_NOTE else None
