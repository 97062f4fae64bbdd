"""Areas and their competencies in one navigable list, each with a mark for its state."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from selfcheck.model.catalogue import Area, Catalogue, Competency
from selfcheck.model.readiness import CompetencyState, CompetencyStatus
from selfcheck.model.session import display_title
from selfcheck.ui.messages import Moved
from selfcheck.ui.text import line

#: The mark and its style for each state; the legend in the help screen uses the same table.
MARKS: dict[CompetencyState, tuple[str, str, str]] = {
    "unrated": ("·", "$text-muted", "not rated yet"),
    "rated": ("○", "$warning", "rated below the level that counts"),
    "missing_evidence": ("!", "$warning", "rated high enough, evidence missing"),
    "incomplete": ("!", "$warning", "rated high enough, title or rationale missing"),
    "demonstrated": ("✓", "$success", "demonstrated"),
    "not_applicable": ("–", "$text-muted", "not applicable"),
}
AREA_PREFIX, COMPETENCY_PREFIX = "a:", "c:"
#: Shown after the mark when a mentor commented on the competency (one cell wide, readable
#: without colour). The column appears only when the session has a mentor's review.
COMMENT_MARK = ("✎", "the mentor left a comment")


def mark(status: CompetencyStatus) -> Content:
    symbol, style, _ = MARKS[status.state]
    level = status.rating.level
    shown = (
        str(level)
        if level is not None and 0 <= level <= 9 and status.state != "not_applicable"
        else " "
    )
    return Content.assemble((symbol, f"bold {style}"), (shown, style))


def competency_label(status: CompetencyStatus, commented: bool | None = None) -> Content:
    """The list line: mark, level, (comment mark,) id and title. `commented` is None when
    the session has no mentor's review, and the comment column is left out."""
    competency = status.competency
    title = display_title(competency, status.rating)
    note: Content | str = ""
    if commented is not None:
        note = Content.styled(COMMENT_MARK[0], "bold $accent") if commented else " "
    return Content.assemble(
        mark(status), " ", note, line(competency.id, "bold"), " ", line(title, limit=120)
    )


def area_label(area: Area, have: int, need: int) -> Content:
    return Content.assemble((f"{have}/{need} ", "$text-muted"), line(area.title, "bold $accent"))


class CompetencyList(OptionList):
    """The left-hand list of the rating tab; posts `Moved` when the highlight changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next competency", show=False),
        Binding("k", "cursor_up", "Previous competency", show=False),
    ]

    #: Competencies a mentor commented on; None when the session has no review.
    commented: frozenset[str] | None = None

    def _label(self, status: CompetencyStatus) -> Content:
        if self.commented is None:
            return competency_label(status)
        return competency_label(status, status.competency.id in self.commented)

    def fill(
        self,
        catalogue: Catalogue,
        statuses: Mapping[str, CompetencyStatus],
        only: set[str] | None,
        current: str | None,
    ) -> None:
        """Show every competency (or `only` these), highlighting `current` or the first."""
        options: list[Option] = []
        for area in catalogue.areas:
            shown = [c for c in area.competencies if only is None or c.id in only]
            if not shown:
                continue
            have, need = _progress(area.competencies, statuses)
            options.append(
                Option(area_label(area, have, need), id=AREA_PREFIX + area.id, disabled=True)
            )
            options.extend(
                Option(self._label(statuses[c.id]), id=COMPETENCY_PREFIX + c.id) for c in shown
            )
        self.set_options(options)
        if not (current and self.go_to(current)):
            self.go_first()

    def update_marks(
        self, catalogue: Catalogue, statuses: Mapping[str, CompetencyStatus], ids: Iterable[str]
    ) -> None:
        """Redraw the marks of these competencies and their areas' counts."""
        areas = set()
        for cid in ids:
            status = statuses.get(cid)
            if status is None or not self._has(COMPETENCY_PREFIX + cid):
                continue
            label = self._label(status)
            option = self.get_option(COMPETENCY_PREFIX + cid)
            if isinstance(option.prompt, Content) and option.prompt.is_same(label):
                continue  # redrawing a long list for nothing makes typing lag
            self.replace_option_prompt(COMPETENCY_PREFIX + cid, label)
            areas.add(status.competency.area)
        for area_id in areas:
            area = catalogue.area(area_id)
            if area and self._has(AREA_PREFIX + area_id):
                have, need = _progress(area.competencies, statuses)
                label = area_label(area, have, need)
                option = self.get_option(AREA_PREFIX + area_id)
                if not (isinstance(option.prompt, Content) and option.prompt.is_same(label)):
                    self.replace_option_prompt(AREA_PREFIX + area_id, label)

    @property
    def current(self) -> str | None:
        option = self.highlighted_option
        if option is None or not option.id or not option.id.startswith(COMPETENCY_PREFIX):
            return None
        return option.id.removeprefix(COMPETENCY_PREFIX)

    def go_to(self, competency_id: str) -> bool:
        if not self._has(COMPETENCY_PREFIX + competency_id):
            return False
        self.highlighted = self.get_option_index(COMPETENCY_PREFIX + competency_id)
        return True

    def go_first(self) -> None:
        ids = self.competency_ids()
        if ids:
            self.go_to(ids[0])

    def go_to_area(self, area_id: str) -> bool:
        if not self._has(AREA_PREFIX + area_id):
            return False
        index = self.get_option_index(AREA_PREFIX + area_id) + 1
        if index < self.option_count:
            self.highlighted = index
            self.scroll_to_highlight(top=True)
        return True

    def next_where(self, wanted: Callable[[str], bool]) -> bool:
        """Move to the next competency after the current one (wrapping) that is `wanted`."""
        ids = self.competency_ids()
        if not ids:
            return False
        start = ids.index(self.current) + 1 if self.current in ids else 0
        for cid in ids[start:] + ids[:start]:
            if wanted(cid):
                return self.go_to(cid)
        return False

    def competency_ids(self) -> list[str]:
        return [
            o.id.removeprefix(COMPETENCY_PREFIX)
            for o in self.options
            if o.id and o.id.startswith(COMPETENCY_PREFIX)
        ]

    def _has(self, option_id: str) -> bool:
        try:
            self.get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        current = self.current
        if current is not None:
            self.post_message(Moved(current))


def _progress(
    competencies: Iterable[Competency], statuses: Mapping[str, CompetencyStatus]
) -> tuple[int, int]:
    states = [statuses[c.id].state for c in competencies if c.id in statuses]
    applicable = [s for s in states if s != "not_applicable"]
    return sum(s == "demonstrated" for s in applicable), len(applicable)
