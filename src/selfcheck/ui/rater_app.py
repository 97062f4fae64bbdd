"""The app in rater mode (`selfcheck FORM`): one screen, one feedback form, saved as it goes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from selfcheck.clock import today
from selfcheck.model.catalogue import Catalogue
from selfcheck.model.feedback import RaterForm
from selfcheck.model.feedback_groups import FeedbackGroup
from selfcheck.ui.screens.rater import RaterScreen


class RaterApp(App[None]):
    TITLE = "selfcheck"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit (saves first)"),
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
        self.rater_screen = RaterScreen(path, form, catalogue, group, clock)

    def on_mount(self) -> None:
        self.push_screen(self.rater_screen)
