"""A rater filling in a feedback form (`selfcheck FORM`): the rating screen without evidence,
requirements or readiness, and a comment per competency. Every change is saved at once
(typing: after a short pause), back into the form file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from selfcheck.clock import today
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.feedback import MAX_COMMENT, MAX_RATER_NAME, RaterAnswer, RaterForm
from selfcheck.model.feedback_groups import FeedbackGroup
from selfcheck.storage.feedback import save_form
from selfcheck.storage.toml_files import SaveError
from selfcheck.ui.text import home_short, line, lit
from selfcheck.ui.widgets.editors import NoteEditor, SafeInput
from selfcheck.ui.widgets.scale import ScalePicker, level_key

#: Seconds of quiet typing before the form is written.
SAVE_DELAY = 0.8


def answer_label(competency_id: str, title: str, answer: RaterAnswer) -> Content:
    mark = str(answer.level) if answer.level is not None else "·"
    note = "✎" if answer.comment.strip() else " "
    return Content.assemble((f"{mark:>2}", "bold"), note, " ", line(f"{competency_id} {title}"))


class RaterScreen(Screen[None]):
    CSS = """
    #rater-row { height: 1fr; }
    #rater-list { width: 40%; min-width: 28; }
    #rater-detail { padding: 0 1; }
    #r-statement { margin-bottom: 1; color: $text-muted; }
    #r-comment { height: 6; }
    #rater-name { width: 40; max-width: 100%; }
    .r-label { margin-top: 1; text-style: bold; }
    #r-scale { height: auto; }
    LevelRow { height: auto; }
    LevelRow .marker { width: 3; padding-left: 1; }
    LevelRow .meaning { width: 1fr; }
    LevelRow:hover { background: $boost; }
    LevelRow.-selected { background: $accent 25%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "comment", "Comment", tooltip="Write a comment on this competency"),
        Binding("x", "clear", "Cannot judge", tooltip="Leave this competency unrated"),
        Binding("escape", "back", "Back to the list", show=False),
    ]

    def __init__(
        self,
        path: Path,
        form: RaterForm,
        catalogue: Catalogue,
        group: FeedbackGroup,
        clock: Callable[[], date] = today,
    ) -> None:
        super().__init__()
        #: The day a change is stamped with (`submitted`); pinned in tests.
        self.clock = clock
        self.path = path
        self.form = form
        self.catalogue = catalogue
        self.group = group
        self._timer: Timer | None = None
        self._dirty = False
        self._current = next(iter(catalogue.competencies)).id

    def compose(self) -> ComposeResult:
        yield Header()
        privacy = (
            "Your name is never shown; your group appears only as an average."
            if self.group.anonymous
            else "Your name is shown with your comments."
        )
        yield Static(
            Content.assemble(
                ("Feedback on ", "bold"), line(self.form.candidate, "bold"), " · you answer as ",
                line(self.group.label, "bold"), f". {privacy} For development, not evaluation.",
            ),
            id="r-intro",
        )  # fmt: skip
        with Horizontal(id="rater-row"):
            yield OptionList(id="rater-list")
            with VerticalScroll(id="rater-detail"):
                yield Static(id="r-title")
                yield Static(id="r-statement")
                yield ScalePicker(self.catalogue.scale, id="r-scale", show_threshold=False)
                yield Static("Comment (optional; c to write, Esc to leave)", classes="r-label")
                yield NoteEditor(limit=MAX_COMMENT, noun="Comments", id="r-comment")
                yield Static("Your name (optional)", classes="r-label")
                yield SafeInput(self.form.rater, max_length=MAX_RATER_NAME, id="rater-name")
        yield Static(id="r-status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "selfcheck — feedback form"
        options = []
        for area in self.catalogue.areas:
            options.append(Option(line(area.title, "bold"), id=f"a:{area.id}", disabled=True))
            options += [
                Option(answer_label(c.id, c.title, self.form.answer(c.id)), id=f"c:{c.id}")
                for c in area.competencies
            ]
        listing = self.query_one("#rater-list", OptionList)
        listing.set_options(options)
        listing.highlighted = 1
        listing.focus()
        self._status(f"Saved in {home_short(self.path)}" if self.form.ratings else
                     f"Your answers are saved in {home_short(self.path)} as you go")  # fmt: skip

    # --- showing ---------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#rater-list")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if not option_id.startswith("c:"):
            return
        self._take_comment()
        self._current = option_id[2:]
        competency = self.catalogue.competency(self._current)
        assert competency is not None
        answer = self.form.answer(self._current)
        self.query_one("#r-title", Static).update(
            line(f"{competency.id} {competency.title}", "bold")
        )
        self.query_one("#r-statement", Static).update(lit(competency.statement))
        self.query_one(ScalePicker).show(answer.level)
        self.query_one("#r-comment", NoteEditor).load_text(answer.comment)

    def _status(self, text: str) -> None:
        self.query_one("#r-status", Static).update(line(text))

    # --- changing ----------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, TextArea | Input):
            return
        values = {level_key(lv.value): lv.value for lv in self.catalogue.scale.levels}
        if event.character in values:
            event.stop()
            self._rate(values[event.character])

    @on(ScalePicker.Picked)
    def _picked(self, event: ScalePicker.Picked) -> None:
        self._rate(event.value)

    def action_clear(self) -> None:
        self._rate(None)

    def _rate(self, level: int | None) -> None:
        answer = self.form.answer(self._current)
        self._change(RaterAnswer(level, answer.comment))
        self.query_one(ScalePicker).show(level)
        self._save()

    def _change(self, answer: RaterAnswer) -> None:
        self.form = self.form.with_answer(self._current, answer).submitted_on(self.clock())
        self._dirty = True
        competency = self.catalogue.competency(self._current)
        if competency is not None:
            self.query_one("#rater-list", OptionList).replace_option_prompt(
                f"c:{competency.id}", answer_label(competency.id, competency.title, answer)
            )

    def _take_comment(self) -> None:
        """The comment being written belongs to the competency it was written on."""
        text = self.query_one("#r-comment", NoteEditor).text
        answer = self.form.answer(self._current)
        if text != answer.comment:
            self._change(RaterAnswer(answer.level, text))

    @on(TextArea.Changed, "#r-comment")
    def _comment_typed(self) -> None:
        self._take_comment()
        self._save_later()

    @on(Input.Changed, "#rater-name")
    def _name_typed(self, event: Input.Changed) -> None:
        if event.value != self.form.rater:
            self.form = self.form.with_rater(event.value)
            self._dirty = True
            self._save_later()

    def action_comment(self) -> None:
        self.query_one("#r-comment").focus()

    def action_back(self) -> None:
        self._save()
        self.query_one("#rater-list").focus()

    # --- saving ------------------------------------------------------------------------------

    def _save_later(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._save)

    def _save(self) -> bool:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not self._dirty:
            return True
        try:
            save_form(self.path, self.form)
        except SaveError as exc:
            self._status(f"Not saved: {exc}")
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return False
        self._dirty = False
        rated = sum(a.level is not None for a in self.form.ratings.values())
        self._status(f"Saved in {home_short(self.path)} · {rated} rated")
        return True

    def on_unmount(self) -> None:
        self._save()
