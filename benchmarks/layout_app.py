"""A reference, not a baseline: the widgets the session screen's first frame shows, with no
selfcheck code at all (no files read, no model, no stylesheet of ours).

Comparing it with the bare app says what Textual itself costs for this layout (a tab bar, a
list of COUNT lines, a detail column); comparing selfcheck with it says what our own code adds.

    python benchmarks/layout_app.py COUNT
"""

import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static, TabbedContent, TabPane


class Layout(App[None]):
    TITLE = "layout"

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="banner")
        with TabbedContent(initial="rate"):
            with TabPane("Rate", id="rate"), Horizontal():
                yield OptionList(*(f"  1.{n} Competency {n}" for n in range(self.count)))
                with Vertical(), VerticalScroll():
                    yield Static("Competency 0")
                    yield Static("Area 1 · not rated yet")
                    yield Static("READY-MARKER")
                    yield Static("Rate it with the number keys.")
                    yield Static("")
            yield TabPane("Requirements", id="requirements")
            yield TabPane("Readiness", id="readiness")
        yield Static(id="status")
        yield Footer(compact=True, show_command_palette=False)


if __name__ == "__main__":
    Layout(int(sys.argv[1]) if len(sys.argv) > 1 else 60).run()
