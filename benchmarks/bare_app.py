"""The baseline: a bare Textual app with a Header, a Static and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Bare(App[None]):
    TITLE = "bare"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("READY-MARKER")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
