"""What widgets tell their screen, in the past tense. The screen owns the session and decides."""

from __future__ import annotations

from dataclasses import replace

from textual.message import Message

from selfcheck.model.session import Answer, Session


class Rated(Message):
    """A level was chosen for a competency (None clears it)."""

    def __init__(self, competency_id: str, level: int | None) -> None:
        super().__init__()
        self.competency_id = competency_id
        self.level = level


class NotApplicableMarked(Message):
    def __init__(self, competency_id: str, value: bool) -> None:
        super().__init__()
        self.competency_id = competency_id
        self.value = value


class TextEdited(Message):
    """Some text about one competency changed (each kind of text has its own message)."""

    def __init__(self, competency_id: str, text: str) -> None:
        super().__init__()
        self.competency_id = competency_id
        self.text = text


class EvidenceEdited(TextEdited):
    """The candidate's evidence note changed."""


class TitleEdited(TextEdited):
    """The title of a user-defined ("Other") competency changed."""


class RationaleEdited(TextEdited):
    """Why a user-defined ("Other") competency matters changed."""


class ItemWanted(Message):
    """The candidate asked to add an evidence item (`index` None) or to open one to edit.
    The screen opens the form and applies what it returns."""

    def __init__(self, competency_id: str, index: int | None = None) -> None:
        super().__init__()
        self.competency_id = competency_id
        self.index = index


class FieldLeft(Message):
    """Focus left a text field: a good moment to save what was typed."""


class Moved(Message):
    """The candidate moved to another competency."""

    def __init__(self, competency_id: str) -> None:
        super().__init__()
        self.competency_id = competency_id


class AreaJumpAsked(Message):
    """The candidate asked to jump to an area (the screen asks which)."""


class Answered(Message):
    """A requirement was answered (None clears the answer)."""

    def __init__(self, requirement_id: str, answer: Answer | None) -> None:
        super().__init__()
        self.requirement_id = requirement_id
        self.answer = answer


# --- a mentor's review ----------------------------------------------------------------------


class CommentEdited(TextEdited):
    """The mentor's comment on a competency changed ("" removes it)."""


class OverallEdited(Message):
    """The mentor's overall comment changed."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class VerdictChosen(Message):
    """The mentor chose a verdict ("" while undecided)."""

    def __init__(self, verdict: str) -> None:
        super().__init__()
        self.verdict = verdict


class MentorNamed(Message):
    """The mentor's name, as they sign the review, changed."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ActivityWanted(Message):
    """The candidate asked to log an activity (`index` None) or to open one of the log's
    (its place in the session's list). The screen opens the form and applies what it returns."""

    def __init__(self, index: int | None = None) -> None:
        super().__init__()
        self.index = index


class GoalWanted(Message):
    """The candidate asked to add a plan goal (`index` None, with `suggested` competencies
    ticked) or to open one."""

    def __init__(self, index: int | None = None, suggested: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.index = index
        self.suggested = suggested


class PeriodWanted(Message):
    """The candidate asked to name the plan's period."""


class MilestoneWanted(Message):
    """The candidate asked to record (or clear) a milestone's date."""

    def __init__(self, milestone_id: str) -> None:
        super().__init__()
        self.milestone_id = milestone_id


#: What a candidate's edit can be: each changes the session in one way (`applied`).
Edit = Rated | NotApplicableMarked | EvidenceEdited | TitleEdited | RationaleEdited | Answered


def applied(session: Session, edit: Edit) -> Session:
    """The session with one edit made (pure: the model does the work)."""
    if isinstance(edit, Rated):
        return session.with_level(edit.competency_id, edit.level)
    if isinstance(edit, Answered):
        return session.with_answer(edit.requirement_id, edit.answer)
    rating = session.rating(edit.competency_id)
    if isinstance(edit, NotApplicableMarked):
        rating = replace(rating, not_applicable=edit.value)
    elif isinstance(edit, EvidenceEdited):
        rating = replace(rating, evidence=edit.text)
    elif isinstance(edit, TitleEdited):
        rating = replace(rating, title=edit.text)
    else:
        rating = replace(rating, rationale=edit.text)
    return session.with_rating(edit.competency_id, rating)
