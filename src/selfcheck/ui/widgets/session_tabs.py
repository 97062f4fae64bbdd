"""The three tabs of a session (rate, requirements, readiness). Keys go straight to the tab
shown: focus moves to its first field at once (keys typed ahead follow it), and never stays
in a hidden tab, which Textual would switch back to."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import TabbedContent

#: Where focus goes in each tab: the first of these that can take it.
FIRST_FOCUS = {
    "rate": ["#competencies"],
    "requirements": ["#requirements-form .answer", "#requirements-form"],
    "readiness": ["#readiness-view"],
    "portfolio": ["#portfolio-view"],
    "feedback": ["#feedback-view"],
}


def tab_label(title: str, key: str) -> Content:
    """A tab's label with the key that shows it."""
    return Content.assemble(title, (f" {key}", "$text-muted"))


class SessionTabs(TabbedContent):
    def __init__(
        self, *, initial: str, id: str, first_focus: dict[str, list[str]] | None = None
    ) -> None:
        """`first_focus`: where focus goes in tabs this session adds (or orders its own way)."""
        super().__init__(initial=initial, id=id)
        self.first_focus = {**FIRST_FOCUS, **(first_focus or {})}

    def show_tab(self, tab: str) -> None:
        self.active = tab
        self.focus_first(tab)

    def focus_first(self, tab: str) -> None:
        """Focus the first field of a tab (nothing, when it has none yet)."""
        found = [
            w for s in self.first_focus.get(tab, []) for w in self.screen.query(s) if w.focusable
        ]
        self.screen.set_focus(found[0] if found else None)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        focused = self.screen.focused
        if focused is None or event.pane not in focused.ancestors:  # else: already there
            self.focus_first(event.pane.id or "")
        self.screen.refresh_bindings()  # the key for the tab shown goes from the footer
