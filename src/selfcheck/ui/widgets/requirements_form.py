"""The non-rated requirements, each with the right input: yes/no, a number, a choice."""

from __future__ import annotations

from collections.abc import Mapping

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Select, Static

from selfcheck.model.catalogue import Catalogue, Requirement
from selfcheck.model.numbers import number_text, parse_number, range_text
from selfcheck.model.readiness import Readiness
from selfcheck.model.session import Answer
from selfcheck.ui.messages import Answered
from selfcheck.ui.text import line, lit
from selfcheck.ui.widgets.editors import SafeInput


def _placeholder(requirement: Requirement) -> str:
    bounds = range_text(requirement.minimum, requirement.maximum)
    if not bounds:
        return "a number"
    return f"a number {bounds}" if bounds.startswith("from") else f"a number, {bounds}"


class RequirementsForm(VerticalScroll, can_focus=False):
    """One block per requirement; posts Answered. Never saves. The form itself takes no
    focus: Tab goes from answer to answer, each shown as it is reached."""

    def __init__(
        self, catalogue: Catalogue, answers: Mapping[str, Answer], *, read_only: bool,
        id: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(id=id)
        self.catalogue = catalogue
        self.answers = dict(answers)
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        if not self.catalogue.requirements:
            yield Static("This catalogue has no requirements besides the competencies.")
        for index, requirement in enumerate(self.catalogue.requirements):
            with Vertical(classes="requirement"):
                unit = f" ({requirement.unit})" if requirement.unit else ""
                yield Static(
                    Content.assemble(line(requirement.label, "bold"), line(unit, "$text-muted"))
                )
                yield Static(lit(requirement.prompt))
                if requirement.help:
                    yield Static(lit(requirement.help), classes="muted")
                if requirement.computed:
                    yield Static(id=f"computed-{index}", classes="computed")
                yield self._input(index, requirement)
                yield Static(id=f"problem-{index}", classes="problem hidden")

    def _input(self, index: int, requirement: Requirement) -> Input | Select[str] | Select[bool]:
        answer = self.answers.get(requirement.id)
        name = f"req-{index}"
        if requirement.kind == "number":
            value = (
                number_text(answer)
                if isinstance(answer, int | float) and not isinstance(answer, bool)
                else ""
            )
            return SafeInput(
                value=value,
                placeholder=_placeholder(requirement),
                id=name,
                disabled=self.read_only,
                max_length=20,
                classes="answer",
            )
        if requirement.kind == "yes_no":
            yes_no: Select[bool] = Select(
                [(Content("Yes"), True), (Content("No"), False)],
                prompt="Not answered",
                value=answer if type(answer) is bool else Select.NULL,
                id=name,
                disabled=self.read_only,
                classes="answer",
            )
            return yes_no
        choice: Select[str] = Select(
            [(line(c.label), c.id) for c in requirement.choices],
            prompt="Not answered",
            value=answer if isinstance(answer, str) and requirement.choice(answer) else Select.NULL,
            id=name,
            disabled=self.read_only,
            classes="answer",
        )
        return choice

    def show_computed(self, readiness: Readiness) -> None:
        """Say, under each requirement the catalogue computes, where its value comes from."""
        for index, requirement in enumerate(self.catalogue.requirements):
            if not requirement.computed or not self.is_mounted:
                continue
            found = readiness.computed.get(requirement.id)
            if found is not None:
                caveat = f"; {found.caveat}" if found.caveat else ""
                text = Content.assemble(
                    ("From your development record: ", "bold $text-accent"),
                    line(found.detail + caveat),
                    (". An answer typed below is not used.", "$text-muted"),
                )
            else:
                where = "plan" if requirement.from_plan else "activity log"
                text = Content.styled(
                    f"Self-reported. Start your {where} on the Development tab (F6) and this is "
                    "worked out from it.",
                    "$text-muted",
                )
            self.query_one(f"#computed-{index}", Static).update(text)

    def _requirement(self, widget_id: str | None) -> tuple[int, Requirement] | None:
        if not widget_id or not widget_id.startswith("req-"):
            return None
        index = int(widget_id.removeprefix("req-"))
        return index, self.catalogue.requirements[index]

    @on(Input.Changed)
    def _number_changed(self, event: Input.Changed) -> None:
        found = self._requirement(event.input.id)
        if found is None:
            return
        event.stop()
        index, requirement = found
        value, problem = parse_number(event.value, requirement.minimum, requirement.maximum)
        shown = self.query_one(f"#problem-{index}", Static)
        shown.update(Content.styled(problem, "$error"))
        shown.set_class(not problem, "hidden")
        if problem or self.read_only:
            return
        self._answer(requirement, value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        found = self._requirement(event.select.id)
        if found is None:
            return
        event.stop()
        _, requirement = found
        value = event.value
        if not self.read_only:
            self._answer(requirement, None if value is Select.NULL else value)  # type: ignore[arg-type]

    def _answer(self, requirement: Requirement, value: Answer | None) -> None:
        if self.answers.get(requirement.id) != value or (
            value is not None and type(self.answers.get(requirement.id)) is not type(value)
        ):
            if value is None:
                self.answers.pop(requirement.id, None)
            else:
                self.answers[requirement.id] = value
            self.post_message(Answered(requirement.id, value))
