"""The development record's forms: log an activity, write a plan goal, and a one-line form for
the plan's period or a milestone's date. Each dismisses with a value, "remove" or None; none
writes a file."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, SelectionList, Static

from selfcheck.model.catalogue import Catalogue
from selfcheck.model.development import MAX_ACTIVITY_TITLE, MAX_HOURS, Activity, Goal
from selfcheck.model.evidence import parse_day
from selfcheck.model.numbers import parse_number
from selfcheck.ui.text import line
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput

Remove = Literal["remove"]


def competency_picker(
    catalogue: Catalogue, chosen: Iterable[str], *, id: str
) -> SelectionList[str]:
    """Every competency of the catalogue, the chosen ones ticked (space ticks, ↑↓ move)."""
    ticked = set(chosen)
    return SelectionList[str](
        *(
            (line(f"{c.id}  {c.title}", limit=70), c.id, c.id in ticked)
            for c in catalogue.competencies
        ),
        id=id,
    )


class _Form(ModalScreen[object]):
    """What the record's forms share: Ctrl+S saves, Esc cancels, a problem line, buttons."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close the form; nothing is changed"),
        Binding("ctrl+s", "save", "Save", tooltip="Save what the form holds", priority=True),
    ]

    def buttons(self, *, removable: bool) -> ComposeResult:
        yield Static(classes="problem hidden", id="form-problem")
        with Horizontal(classes="buttons"):
            yield Button("Save", id="form-save", variant="primary")
            if removable:
                yield Button("Remove", id="form-remove", variant="error")
            yield Button("Cancel", id="form-cancel")
        yield Static("Ctrl+S saves, Esc cancels.", classes="muted")

    def problem(self, text: str, focus: str) -> None:
        shown = self.query_one("#form-problem", Static)
        shown.update(Content(text))
        shown.remove_class("hidden")
        self.query_one(focus).focus()

    def read(self) -> object | None:
        """The value filled in, or None after showing what is missing."""
        raise NotImplementedError

    def action_save(self) -> None:
        value = self.read()
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        elif event.button.id == "form-remove":
            self.dismiss("remove")
        else:
            self.dismiss(None)


class ActivityDialog(_Form):
    """Log an activity (`activity` None) or edit one. The date starts at today; the title
    has focus, so a new activity is: title, Tab, hours, Tab, space on its competencies,
    Tab, the reflection, Ctrl+S."""

    def __init__(self, catalogue: Catalogue, today: date, activity: Activity | None = None):
        super().__init__()
        self.catalogue = catalogue
        self.today = today
        self.activity = activity

    def compose(self) -> ComposeResult:
        a = self.activity
        with VerticalScroll(classes="dialog wide", id="activity-form"):
            verb = "Edit activity" if a else "Log an activity"
            yield Static(Content.styled(verb, "bold"), classes="dialog-title")
            yield Static("What (a course, conference, webinar, reading; not everyday work)")
            yield SafeInput(
                a.title if a else "", id="activity-title", max_length=MAX_ACTIVITY_TITLE,
                placeholder="State association conference: budgeting track",
            )  # fmt: skip
            with Horizontal(id="activity-row"):
                with Vertical(classes="half"):
                    yield Static("Hours", classes="field")
                    yield SafeInput(f"{a.hours:g}" if a else "", id="activity-hours",
                                    max_length=8, placeholder="6")  # fmt: skip
                with Vertical(classes="half"):
                    yield Static("Date (2026-03-14)", classes="field")
                    yield SafeInput((a.date if a else self.today).isoformat(),
                                    id="activity-date", max_length=10)  # fmt: skip
            yield Static("Competencies it develops (space ticks)", classes="field")
            yield competency_picker(self.catalogue, a.competencies if a else (),
                                    id="activity-competencies")  # fmt: skip
            yield Static("Reflection: one specific thing you learned", classes="field")
            yield NoteEditor(a.reflection if a else "", id="activity-reflection",
                             classes="short", noun="Reflections")  # fmt: skip
            yield from self.buttons(removable=a is not None)

    def on_mount(self) -> None:
        self.query_one("#activity-title").focus()

    def read(self) -> Activity | None:
        title = self.query_one("#activity-title", Input).value.strip()
        if not title:
            self.problem("Say what the activity was.", "#activity-title")
            return None
        hours, problem = parse_number(self.query_one("#activity-hours", Input).value, 0, MAX_HOURS)
        if problem or hours is None:
            self.problem(f"Hours: {problem or 'how many?'}", "#activity-hours")
            return None
        day = parse_day(self.query_one("#activity-date", Input).value)
        if day is None:
            self.problem("Type the date as 2026-03-14.", "#activity-date")
            return None
        picked = self.query_one("#activity-competencies", SelectionList).selected
        order = [c.id for c in self.catalogue.competencies]
        kept = [cid for cid in (self.activity.competencies if self.activity else ())
                if cid not in order]  # ids the catalogue lost stay  # fmt: skip
        return Activity(
            date=day,
            title=title,
            hours=hours,
            competencies=(*[cid for cid in order if cid in picked], *kept),
            reflection=self.query_one("#activity-reflection", NoteEditor).text.strip(),
            extra=self.activity.extra if self.activity else {},
        )


class GoalDialog(_Form):
    """Write a learning goal (`goal` None: a new one, with `suggested` competencies ticked)."""

    def __init__(
        self, catalogue: Catalogue, goal: Goal | None = None, suggested: Iterable[str] = ()
    ):
        super().__init__()
        self.catalogue = catalogue
        self.goal = goal
        self.suggested = tuple(suggested)

    def compose(self) -> ComposeResult:
        g = self.goal
        with VerticalScroll(classes="dialog wide", id="goal-form"):
            verb = "Edit goal" if g else "Add a learning goal"
            yield Static(Content.styled(verb, "bold"), classes="dialog-title")
            yield Static("Goal: what you will be able to do")
            yield SafeInput(g.goal if g else "", id="goal-text", max_length=500,
                            placeholder="Lead next year's budget cycle end to end.")  # fmt: skip
            yield Static("Competencies it develops (space ticks)", classes="field")
            yield competency_picker(self.catalogue, g.competencies if g else self.suggested,
                                    id="goal-competencies")  # fmt: skip
            yield Static("Planned activities", classes="field")
            yield NoteEditor(g.actions if g else "", id="goal-actions", classes="short",
                             noun="Planned activities")  # fmt: skip
            yield from self.buttons(removable=g is not None)

    def on_mount(self) -> None:
        self.query_one("#goal-text").focus()

    def read(self) -> Goal | None:
        text = self.query_one("#goal-text", Input).value.strip()
        if not text:
            self.problem("Write the goal.", "#goal-text")
            return None
        picked = self.query_one("#goal-competencies", SelectionList).selected
        order = [c.id for c in self.catalogue.competencies]
        kept = [cid for cid in (self.goal.competencies if self.goal else ()) if cid not in order]
        return Goal(
            competencies=(*[cid for cid in order if cid in picked], *kept),
            goal=text,
            actions=self.query_one("#goal-actions", NoteEditor).text.strip(),
            extra=self.goal.extra if self.goal else {},
        )


class LineDialog(_Form):
    """One line of text (the plan's period, a milestone's date). `check` returns a problem
    or None; blank text is allowed and means "clear"."""

    def __init__(
        self,
        title: str,
        label: str,
        value: str,
        check: Callable[[str], str | None] = lambda _: None,
        *,
        help: str = "",
    ):
        super().__init__()
        self.heading, self.label, self.value, self.check, self.help = (
            title,
            label,
            value,
            check,
            help,
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="line-form"):
            yield Static(line(self.heading, "bold"), classes="dialog-title")
            if self.help:
                yield Static(line(self.help), classes="muted")
            yield Static(line(self.label), classes="field")
            yield SafeInput(self.value, id="line-value", max_length=100)
            yield from self.buttons(removable=False)

    def read(self) -> str | None:
        text = self.query_one("#line-value", Input).value.strip()
        problem = self.check(text) if text else None
        if problem:
            self.problem(problem, "#line-value")
            return None
        return text

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


def date_problem(text: str) -> str | None:
    return None if parse_day(text) else "Type the date as 2026-09-01 (blank clears it)."
